"""Session-10 speed shortcut of the furniture pass: line tests kept per distinct line = the tests."""
import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize import furniture
from qmcorpus.normalize.furniture import _LineMemo, is_link_bar, is_spam_line, parse_meta

PIECES = ["时间:", "2016-09-02", " ", "来源:", "质量科", "点击:0", "|", "首页", "联系我们", "。", "，", "日韩", "彩票",
          "下载", "网", "【打印】", "发布日期：", "2017年9月1日", "——", "质量月", "活动", "a", "1"]
LINES = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINES, min_size=1, max_size=8))
def test_a_line_test_kept_per_line_is_the_test(lines):
    for plain, kept in ((is_spam_line, furniture._spam_line), (parse_meta, furniture._meta_of),
                        (is_link_bar, furniture._link_bar)):
        for s in lines + lines:  # (each line twice: computed, then kept)
            assert kept(s) == plain(s)


def test_a_kept_list_is_handed_out_as_a_copy():
    memo = _LineMemo(parse_meta)
    line = "时间:2016-09-02 15:41 来源:质量科"
    first = memo(line)
    first.append(("x", "y"))  # a caller changing what it got changes nothing kept
    assert memo(line) == parse_meta(line) and memo(line) is not memo(line)


def test_long_lines_are_not_kept_and_new_rules_start_a_new_memo(monkeypatch):
    calls = []

    def test(s):
        calls.append(s)
        return len(s)

    memo = _LineMemo(test)
    long_line = "质" * (furniture.LINE_MEMO_CHARS + 1)
    assert memo(long_line) == memo(long_line) == len(long_line) and calls.count(long_line) == 2
    assert memo("首页") == memo("首页") == 2 and calls.count("首页") == 1
    other = dataclasses.replace(furniture.rules())  # another rules object: what was kept is not used
    monkeypatch.setattr(furniture, "rules", lambda: other)
    assert memo("首页") == 2 and calls.count("首页") == 2


def test_the_memo_stops_growing_at_its_bound(monkeypatch):
    monkeypatch.setattr(furniture, "LINE_MEMO_MAX", 3)
    memo = _LineMemo(len)
    for s in ["a", "bb", "ccc", "dddd", "eeeee"]:
        assert memo(s) == len(s)
    assert len(memo.memo) == 3
