"""Session-10 speed shortcuts of extraction, each against its plain definition."""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import issuers
from qmcorpus.extract.lookahead import FirstCharSearch, first_chars, scan_class, searcher

from ..batch.regex_strategies import valid_patterns

SETTINGS = settings(max_examples=300, deadline=None)
TEXT = st.text(alphabet="质量月ab1 共同联合设立现场部门3个。\n", max_size=40)


def _span(m):
    return None if m is None else (m.span(), m.groups())


@SETTINGS
@given(pattern=valid_patterns(), text=TEXT, pos=st.integers(0, 45), endpos=st.integers(0, 45))
@example(pattern=r"(?:现场)?设立|联合", text="共同现场设立", pos=0, endpos=45)
@example(pattern=r"(?<!第)月", text="第月月", pos=2, endpos=45)
def test_first_char_search_is_the_search(pattern, text, pos, endpos):
    p = re.compile(pattern)
    chars = first_chars(p)
    if chars is None:
        return  # no class to scan for: searcher() keeps the pattern itself
    fast = FirstCharSearch(p, "[" + "".join(sorted(chars)) + "]")
    assert _span(fast.search(text, pos, endpos)) == _span(p.search(text, pos, endpos))
    assert _span(fast.search(text)) == _span(p.search(text))


def test_a_pattern_the_engine_scans_for_is_searched_as_it_is():
    for p in (re.compile("联合|会同"), re.compile("[共联]同"), re.compile("由.*主办")):
        assert scan_class(p) is None and searcher(p) is p


def test_a_pattern_opening_with_an_optional_group_is_started_at_its_first_characters():
    p = re.compile("(?:现场)?(?:设立|设置)|联合")
    assert scan_class(p) == "[现联设]"
    assert isinstance(searcher(p), FirstCharSearch) and searcher(p) is searcher(p)
    assert scan_class(re.compile("(?:现场)?.设")) is None  # "." starts with anything: no class


@SETTINGS
@given(text=st.lists(st.sampled_from(["联合", "共同", "现场", "设立", "设置", "咨询台", "3个部门", "。", "\n", "发布",
                                      "局", "，"]), max_size=40).map("".join), pos=st.integers(0, 60))
def test_the_anchors_searched_from_their_first_characters(text, pos):
    for p in (issuers._JOINT_ALL_WITNESS, issuers._JOINT_ALL_ANCHOR, issuers._BY_ANCHOR, issuers._WITH_ANCHOR):
        assert _span(searcher(p).search(text, pos)) == _span(p.search(text, pos))
