"""A clause of a UTF-8 snippet read as GBK inside a page read right (normalize.mojibake_runs)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import normalize
from qmcorpus.normalize.mojibake_runs import repair_mojibake_runs

# clauses whose UTF-8 bytes pair up as GB18030 without a loss (others lose a byte to U+FFFD when misread:
# only the characters around the loss can be read back)
CLAUSES = ["也是高校人才培养的生命线", "各单位要高度重视质量工作"]


def _garbled(s: str) -> str:
    return s.encode("utf-8").decode("gb18030", errors="replace")


def test_a_misread_clause_is_read_back():
    for c in CLAUSES:
        text = f"刘某指出，质量是企业的生命，{_garbled(c)}。学院开展“质量月”活动。"
        assert repair_mojibake_runs(text)[0] == f"刘某指出，质量是企业的生命，{c}。学院开展“质量月”活动。"


def test_in_a_gbk_page():
    page = ("某学院启动“质量月”活动\n院长指出，质量是企业的生命，").encode("gb18030") + CLAUSES[0].encode("utf-8") \
        + "。学院开展“质量月”活动，组织学生走进企业。".encode("gb18030")
    assert "也是高校人才培养的生命线" in normalize(page).text


def test_negative_traditional_and_rare_real_text_stay():
    for text in ["積極參與質量月活動，黨組書記出席啟動儀式。", "鄂尔多斯市伊金霍洛旗开展质量月活动。",
                 "饕餮盛宴与魑魅魍魉不相干。"]:
        assert repair_mojibake_runs(text) == (text, 0, "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=40))
def test_property_text_that_is_not_misread_utf8_is_never_changed_unless_its_bytes_are_utf8(s):
    out, n, _ = repair_mojibake_runs(s)
    if n == 0:
        assert out == s
    else:  # a repair reads some span's GB18030 bytes as valid UTF-8
        assert out != s and len(out) < len(s)
