"""Windows-1252 quote bytes typed into GBK text (qmcorpus.normalize.cp1252_quotes)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize.cp1252_quotes import restore_quotes as _restore
from qmcorpus.normalize.decode import plausibility
from qmcorpus.normalize.pipeline import normalize

COMMON = "质量月活动开展全国市场监督管理局关于通知企业产品标准计量检验检测安全服务工作要求组织各单位诚信班组"


def restore_quotes(raw: bytes):
    return _restore(raw, plausibility)


words = st.text(alphabet=COMMON, min_size=3, max_size=12)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=COMMON + "，。、：（）“”0123456789", min_size=1, max_size=60))
def test_gbk_text_without_quote_bytes_is_unchanged(text):
    raw = text.encode("gbk")
    assert restore_quotes(raw) == (raw, 0)


@settings(max_examples=100, deadline=None)
@given(words, words, words)
def test_quote_bytes_around_words_read_as_quotes(a, b, c):
    """The bytes a Western editor saved for “ ” inside GBK read back as the quotes (the text after
    each reads far better so), and the GBK text then decodes whole."""
    raw = a.encode("gbk") + b"\x93" + b.encode("gbk") + b"\x94" + c.encode("gbk")
    fixed, n = restore_quotes(raw)
    assert fixed.decode("gbk") == f"{a}“{b}”{c}" and n == 2


def test_utf8_line_keeps_its_continuation_bytes():
    raw = "开展“质量月”活动".encode("utf-8")  # “ is E2 80 9C: 0x80-0x9C continuation bytes
    assert restore_quotes(raw) == (raw, 0)


def test_misread_utf8_block_in_gbk_page_is_not_taken_for_quotes():
    # a UTF-8 clause misread as GBK and saved as GB18030: its bytes hold 0x93/0x94 inside pairs
    block = "组织质量专家深入汽车及零部件企业，开展质量对标和质量攻关".encode("utf-8").decode("gb18030")
    raw = ("各单位要认真组织。" + block).encode("gb18030")
    assert restore_quotes(raw)[1] == 0


def test_page_with_quote_bytes_is_read_and_logged():
    raw = ("关于开展".encode("gbk") + b"\x93" + "质量月".encode("gbk") + b"\x94" + "活动的通知\n各单位：".encode("gbk")
           + b"\x93" + "质量信得过班组".encode("gbk") + b"\x94" + "创建活动在全市开展。".encode("gbk"))
    n = normalize(raw)
    assert "关于开展“质量月”活动的通知" in n.text and "“质量信得过班组”创建活动" in n.text
    assert any(s.action == "cp1252_quotes" and s.count == 4 for s in n.steps)
