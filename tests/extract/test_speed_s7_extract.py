"""Speed shortcuts of session 7 in the extraction of level, issuers, places and activities give
exactly what their plain definitions give (hypothesis, on text built from the pieces the patterns
look for).
"""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import regions

SETTINGS = settings(max_examples=300, deadline=None)


# ── regions: a match starts no earlier than back_over(its first needed text, nonspace_width) ─────
_WS_PATTERNS = [r"(?:^|[，。])\s*(?:ab|cd)x{0,2}?(?:ef|g)", r"a\s+b\s*c", r"^\s*\d{2}ab", r"(?<!x)ab|c\s{0,3}d",
                r"[，,]\s*[^，]{1,3}?\s*cd"]


def _needed_first(text: str, start: int, end: int, needs) -> int | None:
    hits = [text.find(t, start) for t in needs]
    hits = [q for q, t in zip(hits, needs) if q >= 0 and q + len(t) <= end]
    return min(hits, default=None)


@SETTINGS
@given(st.text(alphabet="abcdefgx12，。, \u3000\n\t", max_size=50), st.sampled_from(_WS_PATTERNS))
@example("，  \n ab x ef", _WS_PATTERNS[0])
@example("a \u3000 b\tc", _WS_PATTERNS[1])
def test_a_match_starts_no_earlier_than_back_over(text, pattern):
    from qmcorpus.normalize.cuelines import needs

    pat = re.compile(pattern)
    width, texts = regions.nonspace_width(pat), needs(pat)
    assert width is not None and texts
    for m in pat.finditer(text):
        q = _needed_first(text, m.start(), m.end(), texts)
        assert q is not None and m.start() >= regions.back_over(text, q, width)


@SETTINGS
@given(st.text(alphabet="ab \u3000\n", max_size=30), st.integers(0, 30), st.integers(0, 6))
def test_back_over_is_the_first_start_with_at_most_width_non_spaces(text, q, width):
    q = min(q, len(text))
    plain = next(p for p in range(q + 1) if sum(not c.isspace() for c in text[p:q]) <= width)
    assert regions.back_over(text, q, width) == plain


def test_nonspace_width_of_unbounded_patterns_is_unknown():
    assert regions.nonspace_width(re.compile(r"a.*b")) is None
    assert regions.nonspace_width(re.compile(r"a(?:bc)+")) is None
    assert regions.nonspace_width(re.compile(r"a\s*b(?:c|de){0,2}")) == 6


_SCOPE_WS_PIECES = ["公司", "集团", "党委", "启动", "，", "。", "\n", " ", "\u3000", "  ", "全国", "质量月", "活动", "由",
                    "2017年", "二〇一七年", "“", "”", "本公司", "员工", "某某", "开展", "全县", "县委"]


@SETTINGS
@given(st.lists(st.sampled_from(_SCOPE_WS_PIECES), max_size=40).map("".join), st.booleans())
@example("某某。 \u3000 公司党委开展", True)
@example(" \n 2017年全国“质量月”活动由", False)
def test_scope_rules_searched_from_their_start_find_every_match_across_spaces(head, one_pass):
    starts = regions._scope_starts(head, one_pass)
    for (_, pat, _, _), pos in zip(regions._scope_rules(), starts):
        plain = [m.span() for m in pat.finditer(head)]
        assert (pos is None and plain == []) or (pos is not None and [m.span() for m in pat.finditer(head, pos)] == plain)
