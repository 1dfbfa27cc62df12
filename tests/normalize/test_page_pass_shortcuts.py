"""The speed shortcuts of the page passes around furniture removal (previews, unwrap; #16) give
exactly what their plain definitions give, on generated pages built from the passes' own cues."""
import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize import previews as V
from qmcorpus.normalize import unwrap as U

SETTINGS = settings(max_examples=300, deadline=None)

_PREVIEW_PIECES = st.one_of(
    st.sampled_from(["展开全文", "阅读全文∨", "【查看全文】", "摘要：", "【内容提要】", "导读:", "核心提示：", "提要",
                     "\n", "\n ", " ", "\t", "今天，我们召开大会。", "质量月", "∨", "…"]),
    st.text(alphabet="质量月活动全文摘要 \n：", max_size=8),
)
_PREVIEW_TEXTS = st.lists(_PREVIEW_PIECES, max_size=12).map("".join)


@SETTINGS
@given(_PREVIEW_TEXTS)
def test_one_scan_for_toggle_or_summary_finds_what_the_two_find(text):
    assert (V._EITHER.search(text) is None) == (V._TOGGLE.search(text) is None and V._SUMMARY.search(text) is None)


def _wrapped_plain(lines):
    """unwrap._wrapped as it was: every long line measured before the widths are tried."""
    long_lines = [ln.rstrip() for ln in lines if len(ln) >= U.LINE_MIN and len(ln.strip()) >= U.LINE_MIN]
    open_lines = [ln for ln in long_lines if not ln.endswith(U._SENTENCE_END)]
    if len(open_lines) < U.WRAPPED_MIN:
        return None
    for how, tol in U._MEASURES:
        every = sorted(U._measure(ln, how) for ln in long_lines)
        opens = sorted(U._measure(ln, how) for ln in open_lines)
        best = None
        for width in set(opens):
            n_open = bisect.bisect_right(opens, width) - bisect.bisect_left(opens, width - tol)
            if n_open < U.WRAPPED_MIN or (best is not None and n_open <= best[0]):
                continue
            n_full = bisect.bisect_right(every, width) - bisect.bisect_left(every, width - tol)
            as_long = len(every) - bisect.bisect_left(every, width - tol)
            longer = len(every) - bisect.bisect_right(every, width)
            if n_full >= U.WRAPPED_SHARE * as_long and longer <= U.LONGER_SHARE * len(every):
                best = (n_open, width)
        if best is not None:
            return how, best[1], tol
    return None


# lines of a few widths (in characters and in columns: ASCII takes one), some closing a sentence
_WRAP_LINES = st.lists(st.builds(lambda body, width, end: (body * 30)[:width] + end,
                                 st.sampled_from(["质量月活动", "ab质量12", "开展 宣传", "a"]),
                                 st.sampled_from([8, 12, 13, 14, 14, 15, 24]), st.sampled_from(["", "", "。", "：", " "])),
                       max_size=14)


@SETTINGS
@given(_WRAP_LINES)
def test_wrapping_found_measuring_long_lines_only_when_needed_equals_measuring_all(lines):
    assert U._wrapped(lines) == _wrapped_plain(lines)
