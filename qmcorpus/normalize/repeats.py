"""qmcorpus.normalize.repeats: find lines a page prints again (list of lines → which to drop).

Pages repeat their headline as image alt-text under each photo (``【标题】``), print the title
again in two halves under the metadata, print the whole body twice, or open with a "摘要:" line
that repeats the lead. The first copy is kept; later exact or near-exact copies are dropped, and
two consecutive short lines that together copy an earlier line. A short line counts as a copy only
of a line of the page's heading block (before its first paragraph). Kept are: cells of a flattened
table (a unit named in several rows),
signatures and dates at the foot of a page (they may repeat a name from its head), and the title
of a formal document (通知, 函, 方案 …) that a page prints as its heading and again as the first
line of the document itself: the second copy belongs to the document.
"""
from __future__ import annotations

import bisect
import functools
import re

from rapidfuzz import fuzz

from .. import resources
from .cuelines import cue_regex

_NOISE = re.compile(r"[\s\u3000【】\[\]「」『』<>《》“”\"'()（）\-—_=*#|｜•·:：,，.。!！?？;；、]+")
# what \s matches (str.isspace), written out: a class of plain characters is a table lookup per
# character, one with a category is a list of tests
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# a key is the line less every _NOISE character: removed one at a time, as runs are (faster: most
# runs are one mark long)
_NOISE_CHAR = re.compile("[" + _SPACES + _NOISE.pattern[len("[\\s"):-len("]+")] + "]")
_SUMMARY = resources.pattern("patterns.toml", "normalize.repeats.summary_label")
_SUMMARY_CUES = cue_regex(_SUMMARY)  # a summary label holds one of these: a page without any has none
MIN_KEY = 6  # shorter lines ("活动现场", "一是") repeat legitimately
NEAR = 92  # rapidfuzz ratio of two lines that are the same line with small differences
SHORT = 60  # a title-like line is at most this long (no sentence end)
FOOT = 3  # the last lines of a page (signature, date) may repeat a name from its head
FOOT_MAX = 16  # … when they are this short (an organ's name, a date; a repeated headline is longer)
CELL = 12  # a table cell flattened to a line is at most this long
SIGNATURE_LINES = 4  # lines of bodies a 落款 may take above its date (a joint notice's signers)
_DATE_LINE = resources.pattern("patterns.toml", "extract.structure.date_line")
_DATE_LINE_CUES = cue_regex(_DATE_LINE)


@functools.cache
def _formal_title() -> re.Pattern:
    """A formal document's title: ends with a document-type word (``[repeat] doc_types``)."""
    words = sorted(resources.furniture()["repeat"]["doc_types"], key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, words)) + ")$")


def _key(line: str) -> str:
    return _NOISE_CHAR.sub("", line)


_JOIN = "\x00"  # no noise character: it survives the substitution and splits the keys apart again


def _keys(lines: list[str], text: str | None = None) -> list[str]:
    """``[_key(ln) for ln in lines]`` by one substitution over the lines joined (one call instead of
    one per line) when the joining character is in no line (``text``: the lines joined, if known)."""
    text = _JOIN.join(lines) if text is None else text
    if text.count(_JOIN) != len(lines) - 1:
        return [_key(ln) for ln in lines]
    return _NOISE_CHAR.sub("", text).split(_JOIN) if lines else []


def _short(line: str, key: str) -> bool:
    return len(key) <= SHORT and "。" not in line


def find_repeats(lines: list[str]) -> dict[int, str]:
    """Indices of ``lines`` (non-empty lines of one page, in order) that repeat an earlier line,
    mapped to the kind of repeat ("repeat" or "summary").

    >>> find_repeats(["质量月活动启动仪式举行", "正文第一段。", "【质量月活动启动仪式举行】", "正文第二段。", "第三段。", "第四段。"])
    {2: 'repeat'}
    >>> find_repeats(["某某市市场监督管理局", "正文。", "正文继续。", "某某市市场监督管理局", "2023年9月1日"])
    {}
    >>> find_repeats(["凝心聚力 提升品质 ——我局开展质量月活动", "凝心聚力 提升品质", "——我局开展质量月活动", "正文。"])
    {1: 'repeat', 2: 'repeat'}
    """
    joined = _JOIN.join(lines)
    keys = _keys(lines, joined)
    sizes = [len(k) for k in keys]
    short = [size <= SHORT and "。" not in ln for ln, size in zip(lines, sizes)]  # _short of each line
    out: dict[int, str] = {}
    kept = _Kept()
    n = len(lines)
    body_start = short.index(False) if False in short else n
    heading = 0  # kept lines of the heading block (before body_start): a prefix of the kept lines
    signature = _foot_signature(lines)
    # (one search of the page: most hold no summary label's cue, and no line is matched)
    summary = _SUMMARY.match if _SUMMARY_CUES.search(joined) else _no_match
    copy_of = kept.copy_of
    i = 0
    while i < n:
        line, key, size = lines[i], keys[i], sizes[i]
        if (m := summary(line)) and _repeats_lead(line[m.end():], lines[i + 1 : i + 6]):
            out[i] = "summary"
            i += 1
            continue
        # a short line copies the page's heading block (headline as alt-text, title halves); short
        # lines repeating inside the body ("责任单位:市市场监管局" under each item) are the text's own
        earlier = heading if short[i] else kept.size
        # a title printed again in two halves on consecutive lines
        if i in signature:  # a joint notice signs with the names its head line listed
            i += 1
            continue
        if short[i] and i + 1 < n and short[i + 1] and min(size, sizes[i + 1]) >= MIN_KEY \
                and copy_of(key + keys[i + 1], earlier):
            out[i] = out[i + 1] = "repeat"
            i += 2
            continue
        if size >= MIN_KEY:
            foot = i >= n - FOOT and size <= FOOT_MAX
            # (no earlier line: no copy, and the table test is not needed; both tests are pure,
            # the cheap index lookup goes first)
            if not foot and earlier and copy_of(key, earlier) and not _in_table(lines, i):
                out[i] = "repeat"
            else:
                kept.add(key, short[i])
                if i < body_start:
                    heading = kept.size
        i += 1
    return out


def _no_match(line: str) -> None:
    return None


class _Kept:
    """The kept lines of a page, indexed for the question whether a line copies one of their
    first ``limit`` lines: an exact or near-exact copy, never of a short formal document title.

    Same answer as comparing the key with each of them in turn: an exact copy has the same key
    (a dict lookup instead of a comparison with every line), a near copy a key length within the
    slack (the kept lines sorted by key length: only those lengths are compared); whether a kept
    line is a short formal title is asked only of a copy. Positions under a key grow, so that scan
    stops at ``limit``."""

    __slots__ = ("by_key", "lens", "at", "keys", "short", "size")

    def __init__(self) -> None:
        self.by_key: dict[str, list[int]] = {}
        # the key lengths sorted, and the position of each (bisected as plain integers)
        self.lens: list[int] = []
        self.at: list[int] = []
        self.keys: list[str] = []
        self.short: list[bool] = []  # short (a short formal document title is copied by nothing)
        self.size = 0

    def add(self, key: str, short: bool) -> None:
        pos = self.size
        if key in self.by_key:
            self.by_key[key].append(pos)
        else:
            self.by_key[key] = [pos]
        # after the equal lengths: positions under one length stay in order, as (length, position)
        # pairs sorted would have them
        k = bisect.bisect_right(self.lens, len(key))
        self.lens.insert(k, len(key))
        self.at.insert(k, pos)
        self.keys.append(key)
        self.short.append(short)
        self.size = pos + 1

    def _formal(self, pos: int) -> bool:
        # asked only of a line that is copied (seldom): not worth a regex search per kept line
        return self.short[pos] and _formal_title().search(self.keys[pos]) is not None

    def copy_of(self, key: str, limit: int) -> bool:
        """Whether ``key`` copies one of the first ``limit`` kept lines."""
        same = self.by_key.get(key)
        if same:
            for pos in same:
                if pos >= limit:
                    break
                if not self._formal(pos):
                    return True
        n = len(key)
        if n < 10:
            return False
        slack = max(2, n // 10)
        lens = self.lens
        lo = bisect.bisect_left(lens, n - slack)
        hi = bisect.bisect_right(lens, n + slack, lo)
        if lo == hi:
            return False
        keys = self.keys
        for pos in self.at[lo:hi]:
            if pos < limit and _near(keys[pos], key) and not self._formal(pos):
                return True
        return False


def _near(a: str, b: str) -> bool:
    """``fuzz.ratio(a, b) >= NEAR``. A ratio asked with a cutoff one point lower is cheaper (a bound
    on the distance lets the library stop early) and is 0 for every pair under it: only the pairs
    it passes (few) are scored in full; the point of margin covers any rounding of the cutoff."""
    return bool(fuzz.ratio(a, b, score_cutoff=NEAR - 1)) and fuzz.ratio(a, b) >= NEAR


def _foot_signature(lines: list[str]) -> set[int]:
    """Lines of a 落款: lines naming only short names (bodies, separated by spaces) right above a
    date alone on a line. A joint notice's signers may fill several lines and repeat its head
    line, so they are longer than a single foot name. Above the foot, only names that end like a
    body's (a cover note signs above the plan it issues, repeating the name it opened with)."""
    out: set[int] = set()
    n = len(lines)
    for j in range(n):
        # (a date line holds one of its cue texts: most lines are turned away by that alone)
        if not _DATE_LINE_CUES.search(lines[j]) or not _DATE_LINE.match(lines[j].strip()):
            continue
        foot = j >= n - FOOT - 1
        k = j - 1
        while k >= 0 and j - k <= SIGNATURE_LINES and _names_only(lines[k]) and (foot or _bodies_only(lines[k])):
            out.add(k)
            k -= 1
    return out


_SEAL = resources.pattern("patterns.toml", "extract.structure.seal")
_QUOTES = re.compile("[“”\"]")


def _signer(part: str) -> str:
    """A signer's name as a foot line writes it, less its seal mark ("某局（印）") and the quotes of a
    campaign's name inside it ("某县“质量月”活动领导小组办公室")."""
    return _QUOTES.sub("", _SEAL.sub("", part))


def _bodies_only(line: str) -> bool:
    return all(_signer(p).endswith(resources.body_suffixes()) for p in line.split())


def _names_only(line: str) -> bool:
    parts = [_signer(p) for p in line.split()]
    return bool(parts) and all(2 <= len(p) <= FOOT_MAX + 4 and not _NOISE.search(p) for p in parts)


def _in_table(lines: list[str], i: int) -> bool:
    """A short line between two very short ones is a cell of a table flattened one cell per line:
    cells repeat (the same unit responsible for several rows)."""
    if not 0 < i < len(lines) - 1:
        return False  # a cell has a line on each side
    above, below = lines[i - 1].strip(), lines[i + 1].strip()
    return len(above) <= CELL and len(below) <= CELL and not above.endswith("。") and not below.endswith("。") \
        and _short(lines[i], _key(lines[i]))


def _repeats_lead(summary: str, following: list[str]) -> bool:
    """A "摘要:" line whose text is (nearly) contained in the lines after it."""
    key = _key(summary)
    if len(key) < MIN_KEY:
        return False
    body = _key("".join(following))
    return fuzz.partial_ratio(key, body) >= 90 if len(body) >= len(key) else False
