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
from .cuelines import cue_regex

_MARK = resources.pattern("patterns.toml", "normalize.page_marks.mark", flags=re.M)
RUNNING_MIN = 2  # pages a line must stand beside to be a running header or footer
HEADER_MIN, HEADER_MAX = 4, 40  # a running header at a page's top: an issuer's name or a short title
BYLINE_AFTER = 3  # lines under page 1's top line that may hold the title and its byline
OPENING_LINES = 4  # lines opening page 1 (letterhead, number, title) a later page's header may print again
_KEY_NOISE = re.compile(r"[\s\u3000]+")
_CLAUSE = re.compile(r"[。，；：,;:！？!?]")  # a header names; it states nothing
_LETTERHEAD = resources.pattern("patterns.toml", "normalize.page_marks.letterhead")


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
    layout prints the title over each page after the first): that copy is a running header too.
    Only a copy under the mark heads a page: one over it ends the page (a signature repeating the
    issuer named at the top)."""
    if len(line) < TITLE_MIN or not any(j > i for i, j in copies):
        return False
    first = min(j for _, j in copies)
    top = [ln.strip() for ln in lines[:first] if ln.strip()][:TOP_LINES]
    return line in top


_CAPTION = resources.pattern("patterns.toml", "normalize.page_marks.scan_caption", flags=re.M)
_SEAL = resources.pattern("patterns.toml", "normalize.page_marks.seal_caption", flags=re.M)
# their cue texts: a page holding none (most) has no caption, found without trying the patterns,
# which start with a line's start and a class, at every line
_CAPTION_CUES = cue_regex(_CAPTION)
_SEAL_CUES = cue_regex(_SEAL)


def drop_scan_captions(text: str) -> tuple[str, list[str]]:
    """``text`` without the caption lines a scanner or an archive printed on a scanned page
    (``[normalize.page_marks] scan_caption``) and the seal's caption closing it (``seal_caption``;
    called after the page marks went), and the lines dropped.

    >>> drop_scan_captions("某县质量技术监督局\\n二〇〇五年八月三十日\\n扫描件仅供参考 某县质监局档案室\\n")
    ('某县质量技术监督局\\n二〇〇五年八月三十日\\n', ['扫描件仅供参考 某县质监局档案室'])
    """
    if (_CAPTION_CUES.search(text) is None or _CAPTION.search(text) is None) \
            and (_SEAL_CUES.search(text) is None or _SEAL.search(text) is None):
        return text, []
    lines = text.split("\n")
    drop = {i for i, ln in enumerate(lines) if _CAPTION.match(ln)
            or (_SEAL.match(ln) and _neighbour(lines, i, 1) is None)}  # a seal's caption at the page's foot
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop), [lines[i].strip() for i in sorted(drop)]


def _key(line: str) -> str:
    return _KEY_NOISE.sub("", line)


def _set_off(lines: list[str], j: int) -> bool:
    """A page's top line standing alone: short, no sentence or clause mark, a blank line under it."""
    s = lines[j].strip()
    return (HEADER_MIN <= len(s) <= HEADER_MAX and _CLAUSE.search(s) is None
            and j + 1 < len(lines) and not lines[j + 1].strip())


def _page_top_headers(lines: list[str], marks: list[int]) -> set[int]:
    """The running headers at the tops of pages of a paged text (indices of ``lines``).

    A page's top line set off by a blank line (``_set_off``) is the layout's header, not the text,
    when the layout prints it again: at the top of another page; at a later page's top as one of the
    lines opening page 1 (its title, its number) or as its letterhead less 文件; or on page 1 just under
    the title as the title's byline (a letterhead is not printed again as a byline). A page-1
    letterhead "…文件" is the document's own.
    """
    marked = set(marks)
    first = _neighbour(lines, -1, 1)
    tops = [j for j in {first, *(_neighbour(lines, i, 1) for i in marks)} if j is not None and j not in marked]
    heads = [j for j in tops if _set_off(lines, j)]
    if not heads:
        return set()
    keys = {j: _key(lines[j]) for j in heads}
    # the lines opening page 1 (its letterhead, number, title): a later page's top line printing one again
    # is the layout's header
    opening, at = set(), first
    while at is not None and len(opening) < OPENING_LINES and at not in marked:
        opening.add(_key(lines[at]))
        at = _neighbour(lines, at, 1)
    drop = set()
    for j in heads:
        k = keys[j]
        if j == first:
            if _LETTERHEAD.search(lines[j]):
                continue
            following, at = [], j
            while len(following) < BYLINE_AFTER and (at := _neighbour(lines, at, 1)) is not None:
                following.append(_key(lines[at]))
            if any(keys[h] == k for h in heads if h != j) or k in following[1:]:
                drop.add(j)
        elif any(keys[h] == k for h in heads if h != j) or k in opening or (
                first is not None and first != j and _key(lines[first]).startswith(k)
                and _LETTERHEAD.search(lines[first]) and len(k) >= HEADER_MIN):
            drop.add(j)
    return drop


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
        # (copies on as many pages: one line alone on a page stands beside the marks on either side of it)
        if (len({i for i, _ in copies}) >= RUNNING_MIN and len({j for _, j in copies}) >= RUNNING_MIN) \
                or _heads_document(lines, line, copies):
            drop.update(j for _, j in copies)
    drop.update(_page_top_headers(lines, marks))
    # a page break's blank lines go with its mark: the text on either side meets on one line break
    for i in sorted(drop):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].strip() and j not in drop:
                drop.add(j)
                j += step
    dropped = [lines[i].strip() for i in sorted(drop) if lines[i].strip()]
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop), dropped
