"""qmcorpus.normalize.unwrap: join the lines of a text broken at a fixed width (a PDF or a scan turned
into text: "…活动时间为2005年9月1日至9月3⏎0日。").

Such a text has many lines of one width, which end in the middle of a sentence; running text broken
into paragraphs has lines of every length, which end in punctuation. A line of the wrapping width
that ends without a sentence's end is joined with the next, unless the next one opens an item of
its own ("（二）", "三、", "2.", "附件"). The width is measured in characters, or in columns (a
full-width character takes two) when characters show no wrapping.
"""
from __future__ import annotations

import bisect
import re

from .. import resources

WRAPPED_MIN = 4  # lines of the wrapping width a text must have …
WRAPPED_SHARE = 0.5  # … and at least this share of its lines that are as long
LINE_MIN = 12  # characters: shorter lines never set the width
LONGER_SHARE = 0.1  # lines longer than the width a wrapped text may have (left unwrapped)
# (measure, tolerance): lines this much shorter than the width still fill it (a column-wrapped line
# ends early when its next character is wide)
_MEASURES = (("chars", 1), ("columns", 3))
_SENTENCE_END = tuple("。！？!?；;：:")
_ITEM_START = resources.pattern("patterns.toml", "normalize.unwrap.item_start")
_ADDRESSEE = resources.pattern("patterns.toml", "normalize.unwrap.addressee")
_ROW = re.compile(r"\S(?:\s{2,}|\t)\S.*\S(?:\s{2,}|\t)\S")  # cells apart by wide gaps: a flattened table's row


def _table_row(line: str) -> bool:
    """A row of a table flattened to a line (three cells or more, apart by wide gaps): never wrapped text."""
    return _ROW.search(line.strip()) is not None


def _title_over_addressees(prev: str, line: str) -> bool:
    """A title (ending on a document's genre word) over the addressee line: two lines, whatever their width."""
    return prev.endswith(tuple(resources.furniture()["repeat"]["doc_types"])) and _ADDRESSEE.match(line) is not None


def _columns(s: str) -> int:
    # a Chinese character (or a full-width mark) takes two columns, an ASCII one one: as many as
    # the GB18030 bytes that write them (at C speed)
    return len(s.encode("gb18030", "replace"))


def _measure(s: str, how: str) -> int:
    return len(s) if how == "chars" else _columns(s)


def _wrapped(lines: list[str]) -> tuple[str, int, int] | None:
    """(measure, width, tolerance) of the wrapping, or None for a text not broken at a width."""
    long_lines = [ln.rstrip() for ln in lines if len(ln) >= LINE_MIN and len(ln.strip()) >= LINE_MIN]
    open_lines = [ln for ln in long_lines if not ln.endswith(_SENTENCE_END)]
    if len(open_lines) < WRAPPED_MIN:
        return None  # the usual text: its long lines end their sentences
    for how, tol in _MEASURES:  # characters first: columns are read only when they show nothing
        opens = sorted(_measure(ln, how) for ln in open_lines)
        every = None  # the measures of all long lines, taken when a width has enough open lines (few texts)
        best = None
        for width in set(opens):
            n_open = bisect.bisect_right(opens, width) - bisect.bisect_left(opens, width - tol)
            if n_open < WRAPPED_MIN or (best is not None and n_open <= best[0]):
                continue
            if every is None:
                every = sorted(_measure(ln, how) for ln in long_lines)
            n_full = bisect.bisect_right(every, width) - bisect.bisect_left(every, width - tol)
            as_long = len(every) - bisect.bisect_left(every, width - tol)
            longer = len(every) - bisect.bisect_right(every, width)
            # most lines as long are of the width, and it is the text's widest: a wrapped text has
            # (almost) no longer line
            if n_full >= WRAPPED_SHARE * as_long and longer <= LONGER_SHARE * len(every):
                best = (n_open, width)
        if best is not None:
            return how, best[1], tol
    return None


def unwrap(text: str) -> tuple[str, int]:
    """The text with its fixed-width line breaks removed, and how many were removed.

    >>> unwrap("一、活动时间为2005年9月1日至9月3\\n0日。\\n二、各县要在9月上旬集中开展一次宣\\n传咨询活动，利用广播电视宣传质量法\\n律法规。\\n三、各单位要在9月下旬报送活动总结材\\n料。")[1]
    4
    """
    lines = text.split("\n")
    found = _wrapped(lines)
    if found is None:
        return text, 0
    how, width, tol = found
    out = [lines[0]]
    joined = 0
    for prev, line in zip(lines, lines[1:]):
        p = prev.rstrip()
        if line.strip() and len(p.strip()) >= LINE_MIN and width - tol <= _measure(p, how) <= width \
                and not p.endswith(_SENTENCE_END) and not _ITEM_START.match(line) \
                and not _title_over_addressees(p, line) and not _table_row(p):
            out[-1] = out[-1].rstrip() + line.lstrip()
            joined += 1
        else:
            out.append(line)
    return "\n".join(out), joined
