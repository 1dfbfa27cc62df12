"""qmcorpus.normalize.page_marks: drop the page numbers of a document printed page by page, and the
running header or footer printed beside them.

A PDF or a print layout turned into text keeps each page's number as a line of its own ("第 3 页 共
8 页", "— 3 —", "Page 3 of 8"), often with a line the layout repeats on every page (the issuer's
letterhead, the document's short title). The numbers are never prose; a line is a running header
only when it stands next to the page numbers of at least two pages, and only those copies go (the
same line at the top of the document, its real letterhead, stays). The blank lines around a page
break go too, so that a paragraph broken across pages reads as one wrapped paragraph.
"""
from __future__ import annotations

import re

from .. import resources

_MARK = resources.pattern("patterns.toml", "normalize.page_marks.mark", flags=re.M)
RUNNING_MIN = 2  # pages a line must stand beside to be a running header or footer


def _neighbour(lines: list[str], i: int, step: int) -> int | None:
    """The index of the nearest non-blank line from ``i`` in direction ``step`` (None: none)."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return j
        j += step
    return None


TOP_LINES = 5  # non-blank lines at the top of a document where its title stands
TITLE_MIN = 8  # characters: a shorter line beside a mark may be a heading the document repeats


def _heads_document(lines: list[str], line: str, copies: list[tuple[int, int]]) -> bool:
    """Whether a line beside one page mark repeats the document's title from its top lines (the
    layout prints the title over each page after the first): that copy is a running header too."""
    if len(line) < TITLE_MIN:
        return False
    first = min(j for _, j in copies)
    top = [ln.strip() for ln in lines[:first] if ln.strip()][:TOP_LINES]
    return line in top


def drop_page_marks(text: str) -> tuple[str, list[str]]:
    """``text`` without its page-number lines and the running headers/footers beside them, and the
    lines dropped (in order).

    >>> drop_page_marks("一、活动时间\\n\\n第 1 页 共 2 页\\n\\n某局文件\\n二、活动内容\\n\\n第 2 页 共 2 页")[1]
    ['第 1 页 共 2 页', '第 2 页 共 2 页']
    """
    if _MARK.search(text) is None:
        return text, []
    lines = text.split("\n")
    marks = [i for i, ln in enumerate(lines) if _MARK.match(ln)]
    drop = set(marks)
    beside: dict[str, list[tuple[int, int]]] = {}  # a line's text → (mark, line) of each copy next to a mark
    for i in marks:
        for step in (-1, 1):
            j = _neighbour(lines, i, step)
            if j is not None and j not in drop:
                beside.setdefault(lines[j].strip(), []).append((i, j))
    for line, copies in beside.items():
        if len({i for i, _ in copies}) >= RUNNING_MIN or _heads_document(lines, line, copies):
            drop.update(j for _, j in copies)
    # a page break's blank lines go with its mark: the text on either side meets on one line break
    for i in sorted(drop):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].strip() and j not in drop:
                drop.add(j)
                j += step
    dropped = [lines[i].strip() for i in sorted(drop) if lines[i].strip()]
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop), dropped
