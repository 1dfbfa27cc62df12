"""Random regular expressions of the shapes the toolkit writes (literals, wide classes, lookarounds,
lazy and counted groups, named groups), for the property tests of the regex cache and its facts."""
import re

from hypothesis import strategies as st

PIECE = st.one_of(
    st.sampled_from(["质量", "月", "a", "\\d", "\\s", ".", "[\\u4e00-\\u9fff]", "[^，。]", "[a-z0-9]", "[月日]", "\\b",
                     "^", "$", "(?=月)", "(?<!第)", "(?:年|月)", "、", "\\s*", "[(（]"]),
    st.text(alphabet="质量月ab1 ", min_size=1, max_size=3).map(re.escape),
)


@st.composite
def patterns(draw, depth=2):
    items = draw(st.lists(PIECE if depth == 0 else st.one_of(PIECE, patterns(depth=depth - 1)),
                          min_size=1, max_size=4))
    body = "".join(items)
    shape = draw(st.sampled_from(["{}", "(?:{})", "({})", "(?:{})*", "(?:{})+?", "(?:{}){{1,3}}", "{}|月",
                                  "(?P<g>{})", "(?P<g>{}?)a", "(?P<g>[^。]{{1,4}}?){}"]))
    return shape.format(body)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:  # (a repeated empty group, a group name twice: not a pattern anyone writes)
        return False
    return True


def valid_patterns():
    """:func:`patterns` that compile."""
    return patterns().filter(_compiles)
