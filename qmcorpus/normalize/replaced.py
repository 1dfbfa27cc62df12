"""qmcorpus.normalize.replaced: fill a lone U+FFFD inside a word whose other characters fix it.

A page that lost one character to U+FFFD (市场监督�理局, 特种�备, 质量�信承诺) still spells the word
around it. The character is restored only where the evidence names one: the same page writes the word
whole with the same neighbours (its own words first: 质量诚信承诺 earlier on the page; a spelling sharing one
side only yields to a clear reading of the words: 开展质量?关 is 攻关, not 开展质量诊断's 诊), else of
the characters that make dictionary words with its neighbours one reads clearly better than the
others in the best segmentation of its window (监督管理局; 专?抽检 could be 专项, 专业, 专家: no fill).
A U+FFFD that nothing fixes stays, as does a run of three or more (several lost characters); a pair
of marks beside running text is read as one character whose middle byte was damaged, and filled (one
character for the two) on the same evidence.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .. import resources
from .byteshift import MIN_WORD_FREQ
from .byteshift import segment_top  # the candidates whose window segments best, as ranking them all
from .byteshift import fill_chars  # the long fills of the blanked-word table as sets
from .byteshift import fills_not_han  # the characters of those fills outside running text

MARK = "\ufffd"
BOX = "\u25a1"  # □: the mark an OCR or a transcriber prints for a glyph it could not read (质□管理)
MARKS = MARK + BOX
CONTEXT = 3  # neighbours on each side read with a candidate
OWN_MIN = 3  # neighbours (both sides together) the page's own spelling must share with the spot
# natural-log units by which the best candidate must read better than the next (else no fill)
MARGIN = 2.0
MAX_SPOTS = 32  # spots tried on one page
_HAN = re.compile(r"[\u3400-\u9fff]")
_QUOTES = re.compile("[\u201c\u201d\u2018\u2019\"]")  # quotation marks around a word (“质量月”)
# a lone mark beside a character of running text, on one side at least (“�量月”, 进校�”; a run of marks is
# no one character)
_SPOT = re.compile(r"(?<=[\u3400-\u9fff])\ufffd(?!\ufffd)|(?<!\ufffd)\ufffd(?=[\u3400-\u9fff])")
# … a pair of marks beside running text: one character of three bytes whose middle byte was damaged decodes as two
# marks (“��量开放日”); it is read as one slot, filled by the same evidence as a lone mark (a run of three or more
# marks stays: several characters lost)
_PAIR = re.compile(r"(?<=[\u3400-\u9fff])\ufffd\ufffd(?!\ufffd)|(?<![\ufffd])\ufffd\ufffd(?=[\u3400-\u9fff])")
# … a lone box after a character of running text (某□、, 质□管理); a box opening a word is a form's
# check box (□同意), a run of boxes lost characters nothing fixes
_BOX_SPOT = re.compile(r"(?<=[\u3400-\u9fff])\u25a1(?!\u25a1)")


def _unquoted(text: str) -> str | None:
    """The page without its quotation marks (None when it has none)."""
    return _QUOTES.sub("", text) if _QUOTES.search(text) else None


def _running_reach(text: str, q: int) -> tuple[int, int]:
    """The running-text characters next to the spot at ``q`` on each side (at most CONTEXT): a
    context is read only within them (a mark is no running text, nor is a place past either end)."""
    n_left = 0
    while n_left < CONTEXT and q - n_left > 0 and "\u3400" <= text[q - n_left - 1] <= "\u9fff":  # (as _HAN)
        n_left += 1
    n_right = 0
    while n_right < CONTEXT and q + 1 + n_right < len(text) and "\u3400" <= text[q + 1 + n_right] <= "\u9fff":
        n_right += 1
    return n_left, n_right


def _own(text: str, q: int, sides: int, unquoted: str | None, pages: _Pages | None = None) -> str | None:
    """The character the page itself writes between the spot's neighbours (the widest shared
    context first, at least OWN_MIN characters), when it writes only one; ``sides=2``: from a
    context holding neighbours on both sides only. The page's words are read with and without their
    quotation marks (质量?活动 is spelled by “质量月”活动): ``unquoted`` is :func:`_unquoted` of the
    page (found once for all its spots); ``pages``: :func:`_pages` of the two, when known."""
    page, bare = pages or _pages(text, unquoted)
    n_left, n_right = _running_reach(text, q)
    for width in range(2 * CONTEXT, OWN_MIN - 1, -1):
        found: set[str] = set()
        for i in range(0, width + 1):
            j = width - i
            if i > n_left or j > n_right or (sides == 2 and not (i and j)):
                continue
            left, right = text[q - i:q], text[q + 1:q + 1 + j]
            found.update(page.between(left, right))
            if bare is not None:
                found.update(bare.between(left, right))
        if len(found) == 1:
            return found.pop()
        if found:
            return None  # the page spells that context several ways: no evidence
    return None


def _own_both(text: str, q: int, unquoted: str | None, pages: _Pages | None = None) -> tuple[str | None, bool]:
    """``(_own(text, q, 1, unquoted), _own(text, q, 2, unquoted) == it)`` (the second False when the
    first is None), each context looked up once: a context with neighbours on both sides is one of
    those the first reads, so at the widths the first reads the second finds a part of what it finds
    (nothing where it found nothing; the one character it found, or nothing), and reads on alone
    only below the width the first stopped at. (``pages``: :func:`_pages` of the page, when known.)"""
    page, bare = pages or _pages(text, unquoted)
    n_left, n_right = _running_reach(text, q)
    sides = 1
    ch: str | None = None
    for width in range(2 * CONTEXT, OWN_MIN - 1, -1):
        found: set[str] = set()
        both: set[str] = set()  # found from contexts with neighbours on both sides
        for i in range(0, width + 1):
            j = width - i
            if i > n_left or j > n_right or (sides == 2 and not (i and j)):
                continue
            left, right = text[q - i:q], text[q + 1:q + 1 + j]
            got = page.between(left, right)
            if bare is not None:
                got += bare.between(left, right)
            if i and j:
                both.update(got)
            if sides == 1:
                found.update(got)
        if sides == 1:
            if len(found) != 1:
                if found:
                    return None, False  # the page spells that context several ways: no evidence
                continue
            ch = found.pop()
            if both:
                return ch, True  # (both is a part of found: the same one character)
            sides = 2  # read on for the second: contexts with neighbours on both sides only
        elif both:
            return ch, len(both) == 1 and ch in both
    return ch, False


class _Spelling:
    """A page with the places of the pairs of characters its spots' contexts hold, each found once
    (with ``str.find``) for all the contexts and spots that hold it: :meth:`between` reads a context
    at those places instead of scanning the page for it again."""

    __slots__ = ("text", "_places")

    def __init__(self, text: str) -> None:
        self.text = text
        self._places: dict[str, list[int]] = {}

    def _at(self, pair: str) -> list[int]:
        got = self._places.get(pair)
        if got is None:
            got = self._places[pair] = _marks_at(self.text, pair)  # (every place: they may overlap)
        return got

    def between(self, left: str, right: str) -> list[str]:
        """``between(self.text, left, right)``: every match of the context holds the last two
        characters of ``left`` or the first two of ``right`` (a context of OWN_MIN characters or
        more has two on one side), at one of their places; a match is taken, as the scan takes it,
        when it starts at or after the end of the last taken."""
        i, j = len(left), len(right)
        if i < 2 and j < 2:
            return between(self.text, left, right)
        if i >= 2 and j >= 2:
            by_left, by_right = self._at(left[-2:]), self._at(right[:2])
            places, shift = (by_left, i - 2) if len(by_left) <= len(by_right) else (by_right, i + 1)
        elif i >= 2:
            places, shift = self._at(left[-2:]), i - 2
        else:
            places, shift = self._at(right[:2]), i + 1
        text = self.text
        end = len(text) - i - 1 - j  # the last start of a whole match
        out: list[str] = []
        resume = 0
        for p in places:
            s = p - shift
            if s < resume:
                continue
            if s > end:
                break
            ch = text[s + i]
            if "\u3400" <= ch <= "\u9fff" and text.startswith(left, s) and text.startswith(right, s + i + 1):
                out.append(ch)
                resume = s + i + 1 + j
        return out


class _Pages(NamedTuple):
    """A page and the page without its quotation marks (None when it has none), as :class:`_Spelling`."""

    page: _Spelling
    bare: _Spelling | None


def _pages(text: str, unquoted: str | None) -> _Pages:
    """The :class:`_Pages` of ``text`` and its :func:`_unquoted` form (found once for all the spots of a page)."""
    return _Pages(_Spelling(text), None if unquoted is None else _Spelling(unquoted))


def between(text: str, left: str, right: str) -> list[str]:
    """The characters of running text the page writes between ``left`` and ``right``: the groups of
    ``re.finditer(escape(left) + "([\\u3400-\\u9fff])" + escape(right), text)``, found with
    ``str.find`` (a page's spots would otherwise compile a pattern of that wide class each, a
    millisecond apiece). Same scan: each start tried in order, the next try after a match's end.
    When ``right`` is the longer side (the rarer on a page: one character of ``left`` may stand
    hundreds of times), its places are the ones searched."""
    i, j, n = len(left), len(right), len(text)
    out: list[str] = []
    if j > i:
        # every match, in order, from the places of ``right``; one is taken when it starts at or
        # after the end of the last taken (as the scan resumes there)
        resume = 0
        r = text.find(right, i + 1)
        while r != -1:
            ch = text[r - 1]
            if r - 1 - i >= resume and "\u3400" <= ch <= "\u9fff" and text.startswith(left, r - 1 - i):
                out.append(ch)
                resume = r + j
            r = text.find(right, r + 1)
        return out
    s = 0
    while True:
        # the next start where the literal part can stand (left, else right one character on)
        if left:
            s = text.find(left, s)
        else:
            r = text.find(right, s + 1)
            s = -1 if r < 0 else r - 1
        if s < 0 or s + i >= n:
            return out
        ch = text[s + i]
        if "\u3400" <= ch <= "\u9fff" and text.startswith(right, s + i + 1):
            out.append(ch)
            s += i + 1 + j
        else:
            s += 1


def _from_words(text: str, q: int) -> str | None:
    """Of the characters that make a dictionary word with a neighbour or more, the one that reads
    best in its window by a margin (the best segmentation); None when nothing clearly does."""
    return _window_pick(text[max(0, q - CONTEXT):q], text[q + 1:q + 1 + CONTEXT])


@functools.lru_cache(maxsize=4096)  # (a spot left open is read again after each round of fills)
def _window_pick(before: str, after: str) -> str | None:
    """:func:`_from_words` of the window ``before`` + slot + ``after`` (all it reads)."""
    slots = resources.word_slots(MIN_WORD_FREQ, 2 * CONTEXT + 1)
    cands: set[str] = set()
    for i in range(0, len(before) + 1):
        for j in range(0, len(after) + 1):
            if i + j:
                key = f"{before[len(before) - i:]}\0{after[:j]}"
                fill = slots.get(key, "")
                if fill:
                    cands.update(fill_chars(key, fill))
    cands -= fills_not_han()  # running text only (as _HAN, on single characters)
    if not cands:
        return None
    if len(cands) == 1:
        return next(iter(cands))
    ranked = segment_top(before, after, cands)  # (the best two of sorted(zip(scores, cands)))
    if ranked[0][0] - ranked[1][0] >= MARGIN:
        return ranked[0][1]
    return None


LONG_WORD = 5  # characters of a dictionary word through the slot that name its character alone (质量技术监?局)


def _from_long_words(text: str, q: int) -> str | None:
    """Where the words of the window do not decide: the one character that makes a long dictionary word
    (LONG_WORD characters or more) with the neighbours on both sides, when only one does."""
    width = 2 * CONTEXT  # the neighbours a word of the table holds around its blank
    slots = resources.word_slots(MIN_WORD_FREQ, width + 1)
    before = text[max(0, q - width):q]
    after = text[q + 1:q + 1 + width]
    cands: set[str] = set()
    for i in range(1, len(before) + 1):
        for j in range(1, min(len(after), width - i) + 1):
            if i + j + 1 >= LONG_WORD:
                cands.update([c for c in slots.get(f"{before[len(before) - i:]}\0{after[:j]}", "")
                              if "\u3400" <= c <= "\u9fff"])  # (as _HAN)
    return next(iter(cands)) if len(cands) == 1 else None


def _read_slot(text: str, q: int, unquoted: str | None | bool = False, pages: _Pages | None = None) -> str | None:
    """The character the evidence names for the lost one at ``q``: the page's own spelling, unless it shares
    one side only and the words read another clearly (开展质量诊断 for 开展质量?关), else the words.
    (``unquoted``: :func:`_unquoted` of the page, when known; ``pages``: :func:`_pages` of the two, when known.)"""
    if isinstance(unquoted, bool):  # (not known: False)
        unquoted = _unquoted(text)
    ch, both_sides = _own_both(text, q, unquoted, pages)
    if ch is not None and not both_sides and (w := _from_words(text, q)) is not None:
        return w
    return ch or _from_words(text, q) or _from_long_words(text, q)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"  # (as _HAN; False for "", past either end of the text)


def _marks_at(text: str, mark: str) -> list[int]:
    """Offsets of every ``mark`` in ``text``, found with ``str.find`` (the patterns below start
    with a look-behind: they would try every position of the page)."""
    out = []
    q = text.find(mark)
    while q != -1:
        out.append(q)
        q = text.find(mark, q + 1)
    return out


def _spots(text: str) -> list[int]:
    """The starts of :data:`_SPOT`'s and :data:`_BOX_SPOT`'s matches, in order: a lone mark with a
    character of running text on one side (a box: before it)."""
    spots = []
    for q in _marks_at(text, MARK):
        before, after = text[q - 1 : q] if q else "", text[q + 1 : q + 2]
        if (_is_han(before) and after != MARK) or (before != MARK and _is_han(after)):
            spots.append(q)
    for q in _marks_at(text, BOX):
        if q and _is_han(text[q - 1]) and text[q + 1 : q + 2] != BOX:
            spots.append(q)
    return sorted(spots)


def _pair_spots(text: str) -> list[int]:
    """The starts of :data:`_PAIR`'s matches: two marks (no third on either side) with a character of
    running text on one side. (Two such pairs cannot overlap: the first would have a third mark.)"""
    out = []
    for q in _marks_at(text, MARK + MARK):
        before, after = text[q - 1 : q] if q else "", text[q + 2 : q + 3]
        if (_is_han(before) and after != MARK) or (before != MARK and _is_han(after)):
            out.append(q)
    return out


def fill_replaced(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with each lone U+FFFD (or pair of them) that its words fix restored; (offset, character) of
    each fill, offsets in ``text``."""
    if MARK not in text and BOX not in text:
        return text, []
    spots = _spots(text)[:MAX_SPOTS]
    fills: list[tuple[int, str]] = []
    unquoted = _unquoted(text) if spots else None
    pages = _pages(text, unquoted)  # (the places of a context's pairs, found once for all the spots)
    for q in spots:
        if (ch := _read_slot(text, q, unquoted, pages)) is not None:
            fills.append((q, ch))
    pairs: list[tuple[int, str]] = []
    for q in _pair_spots(text)[:MAX_SPOTS]:
        if (ch := _read_slot(text[:q] + MARK + text[q + 2:], q)) is not None:  # the pair read as one lost character
            pairs.append((q, ch))
    if not fills and not pairs:
        return text, []
    out = list(text)
    for q, ch in fills:
        out[q] = ch
    for q, ch in pairs:
        out[q], out[q + 1] = ch, ""
    return "".join(out), sorted(fills + pairs)


# a '?' between two characters of running text (a GBK page that lost a whole character shows it so: 活?时间)
_CLAUSE_START = re.compile(r"[。！？!?；;，,：:\n]")


def _asks(text: str, q: int) -> bool:
    """Whether the clause ending at the '?' at ``q`` holds a question word: then the '?' is its mark."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text, max(0, q - 40), q)]
    clause = text[starts[-1] if starts else max(0, q - 40):q]
    return any(w in clause for w in resources.toml("byteshift.toml")["question_words"])


def _qmark_spots(text: str) -> list[int]:
    """Offsets of each '?' between two Chinese characters (found with ``str.find``, as :func:`_spots`
    finds the marks: a look-behind pattern would try every position of the page)."""
    return [q for q in _marks_at(text, "?") if q and _is_han(text[q - 1]) and _is_han(text[q + 1 : q + 2])]


def fill_lost_qmarks(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with each ASCII '?' between two Chinese characters that stands for one lost character
    restored on the same evidence as a U+FFFD (the page's own spelling, else words read clearly better);
    a '?' after a question word in its clause, or one nothing fixes, stays. (offset, character) of each fill."""
    if "?" not in text:
        return text, []
    fills: list[tuple[int, str]] = []
    spots = _qmark_spots(text)[:MAX_SPOTS]
    dead: set[int] = set()  # spots read in the text as it is that found nothing
    while spots:
        unquoted = _unquoted(text)  # (once for the page, as fill_replaced does)
        pages = _pages(text, unquoted)
        found = []
        for q in spots:
            if q in dead or _asks(text, q):
                continue
            if (ch := _read_slot(text, q, unquoted, pages)) is not None:
                found.append((q, ch))
            else:
                dead.add(q)
        if not found:
            break
        out = list(text)
        for q, ch in found:
            out[q] = ch
        text = "".join(out)
        fills += found
        # a fill is new evidence for the spots left open (the page's own spelling now holds the
        # word it completes): read them again, or a second normalisation would fill them
        done = {q for q, _ in found}
        spots = [q for q in spots if q not in done]
        # ... those only whose reading it can change: every context a spot reads holds one of its
        # two neighbours, so a spot whose neighbours are not near a fill reads what it read
        touched = _near_fills(text, done)
        dead = {q for q in dead if text[q - 1] not in touched and text[q + 1] not in touched}
    return text, sorted(fills)


_QUOTE_CHARS = frozenset("\u201c\u201d\u2018\u2019\"")  # (as _QUOTES)


def _near_fills(text: str, filled: set[int]) -> set[str]:
    """The characters a reading of the page can meet together with a fill at one of ``filled``:
    each fill and the characters within ``2 * CONTEXT`` of it, quotation marks not counted (a
    context of :func:`_own` and a match of it span at most ``2 * CONTEXT + 1`` characters, in the
    page or in the page without its quotation marks; the windows of :func:`_from_words` and
    :func:`_from_long_words` are narrower)."""
    out: set[str] = set()
    for f in filled:
        out.add(text[f])
        for step in (-1, 1):
            i, n = f + step, 0
            while 0 <= i < len(text) and n < 2 * CONTEXT:
                out.add(text[i])
                n += text[i] not in _QUOTE_CHARS
                i += step
    return out
