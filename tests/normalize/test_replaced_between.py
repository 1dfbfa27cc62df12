"""replaced.between (the page's own spelling of a spot's context, found with str.find) is the
regex scan it replaces: the same characters, in the same order, on any text."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize.replaced import _Spelling, between

_CHARS = st.sampled_from(list("质量月量质a?，\ufffd"))
_TEXT = st.lists(_CHARS, max_size=30).map("".join)
_SIDE = st.lists(_CHARS, max_size=3).map("".join)


def _plain(text, left, right):
    pat = re.compile(re.escape(left) + r"([\u3400-\u9fff])" + re.escape(right))
    return [m.group(1) for m in pat.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(_TEXT, _SIDE, _SIDE)
def test_between_is_the_regex_scan(text, left, right):
    if left or right:  # (a spot always has a neighbour on one side at least)
        assert between(text, left, right) == _plain(text, left, right)


def test_between_resumes_after_a_match_as_the_scan_does():
    # overlapping candidates: the scan takes the first and goes on after its end
    assert between("质量质量质", "质", "质") == _plain("质量质量质", "质", "质") == ["量"]
    assert between("a质量月", "", "月") == ["量"]


@settings(max_examples=500, deadline=None)
@given(_TEXT, _SIDE, _SIDE)
def test_a_page_read_at_the_places_of_its_pairs_finds_what_the_scan_finds(text, left, right):
    # (contexts as the page's own spelling reads them: left + right of three characters or more)
    if len(left) + len(right) >= 3:
        page = _Spelling(text)
        assert page.between(left, right) == _plain(text, left, right)
        assert page.between(left, right) == _plain(text, left, right)  # (places found once, read again)


def test_a_page_read_at_its_pairs_resumes_after_a_match_as_the_scan_does():
    for text, left, right in [("质量质量质量质", "质量", "质"), ("质量质量质量质", "质", "质量"), ("量质量质量质量", "量质", "量质")]:
        assert _Spelling(text).between(left, right) == _plain(text, left, right)
