"""qmcorpus.extract.dates: the date grammar of Quality Month documents, with offsets.

Arabic and fullwidth digits, Chinese numerals (二〇〇八 / 二OO八 / 二零零八年八月十八日), ISO-like
stamps (2015-09-15, 2015/8/24), ranges (9月1日至30日, 9月1日-30日, and "2017年9月1日9月30日"
whose connector was lost), a year that lost its 年 ("20159月"), and deadlines (9月25日前).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .. import resources
from ..literals import AnchoredPattern
from .structure import to_ascii_digits

# (a page may write the zeros of 二〇〇八 as the digit 0, ASCII or full width: 二000年)
_CN_DIGIT = {"〇": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "○": 0, "0": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}


class DateSpan(NamedTuple):  # (made many times a document: a named tuple is made ~4x faster than a frozen dataclass)
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    deadline: bool = False  # followed by 前/以前/之前

    def iso(self, year: int | None = None) -> str | None:
        """YYYY-MM-DD, or YYYY-MM when the day is not given; None without a year (or a month)."""
        y = self.year or year
        if not y or not self.month:
            return None
        return f"{y:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


@functools.lru_cache(maxsize=4)
def ascii_digits(text: str) -> str:
    """:func:`.structure.to_ascii_digits`, memoised for the last few texts: the dates and the year
    of a document both read its whole text with ASCII digits (one pass over it, not two)."""
    return to_ascii_digits(text)


def cn_number(s: str) -> int | None:
    """十八 → 18, 二十六 → 26, 三十 → 30, 八 → 8; digit strings too."""
    if s.isdigit():
        return int(s)
    if not s:
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGIT.get(a, 1) if a else 1
        ones = _CN_DIGIT.get(b, 0) if b else 0
        if (a and a not in _CN_DIGIT) or (b and b not in _CN_DIGIT):
            return None
        return tens * 10 + ones
    if all(c in _CN_DIGIT for c in s):
        n = 0
        for c in s:
            n = n * 10 + _CN_DIGIT[c]
        return n
    return None


_CN_YEAR = resources.pattern("patterns.toml", "extract.dates.cn_year")


def cn_years_to_ascii(text: str) -> str:
    """A year written in four Chinese numerals before 年 (一九九二年) → ASCII digits (1992年); the same
    length, so offsets stay valid. Only 1900–2099: other runs of numerals are not years."""
    def repl(m: re.Match) -> str:
        n = cn_number(m.group(0))
        return str(n) if n is not None and 1900 <= n <= 2099 else m.group(0)

    return _CN_YEAR.sub(repl, text) if _numeral_before_year(text) else text


_CN_DIGITS = frozenset(resources.piece("patterns.toml", "extract.dates.pieces.cn_digit"))
# a run of _CN_YEAR holds one of these: its zeros may be ASCII digits, not all four of them
_CN_NOT_ASCII = _CN_DIGITS - frozenset("0123456789")


def _numeral_before_year(text: str) -> bool:
    """Whether a Chinese numeral (of _CN_YEAR's class) stands right before a 年, spaces between
    allowed: every match of _CN_YEAR ends so, and most texts have none (a scan of the few 年
    instead of a pattern tried at every numeral)."""
    k = text.find("年")
    while k >= 0:
        e = k
        while e > 0 and text[e - 1].isspace():  # (the \s* of the pattern: the same characters)
            e -= 1
        if e > 0 and text[e - 1] in _CN_DIGITS and any(c in _CN_NOT_ASCII for c in text[max(0, e - 4):e]):
            return True
        k = text.find("年", k + 1)
    return False


# a year that lost its 年 ("20159月") too; the pattern starts with a lookahead (see the data file)
_FULL = resources.pattern("patterns.toml", "extract.dates.full")
# tried only around each 月 (every date holds one): same matches as _FULL.finditer
_FULL_NEAR = AnchoredPattern(_FULL)
_ISO = re.compile(r"(?=[12])(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")
_YEAR_ONLY = resources.pattern("patterns.toml", "extract.dates.year_only")
_DEADLINE = resources.pattern("patterns.toml", "extract.dates.deadline")  # used with .match(text, pos): anchored at pos
_GAP = resources.pattern("patterns.toml", "extract.dates.gap")
_DAY_ONLY_END = resources.pattern("patterns.toml", "extract.dates.day_only_end")
# what every date stating its day holds: a day mark ("18日", "18号": the pieces of _FULL) or the
# separator of an ISO-like stamp (_ISO): a text without one holds no range (a range starts on a day)
DAY_MARKS = resources.piece("patterns.toml", "extract.dates.pieces.day_mark")
_ISO_SEPARATORS = "-/."
_STATES_DAY = re.compile("[" + re.escape(DAY_MARKS + _ISO_SEPARATORS) + "]")
_SENTENCE = re.compile(r"[^。；;\n]+")
_SENTENCE_BREAKS = ("。", "；", ";", "\n")  # (the characters _SENTENCE excludes)


def may_state_day(text: str) -> bool:
    """Whether ``text`` holds a day mark or a stamp's separator: without one, none of its dates
    has a day, and it holds no range (:func:`find_ranges`)."""
    return _STATES_DAY.search(text) is not None


def day_sentences(text: str):
    """(start, sentence) of each sentence of ``text`` (a run without 。；; or a line break) that
    :func:`may_state_day`, in order: the sentences a range or a start date can be read from.

    Exact: ``[(m.start(), m.group()) for m in _SENTENCE.finditer(text) if may_state_day(m.group())]``,
    found by jumping from one mark to the next instead of cutting every sentence."""
    pos, marks, sentence, rfind = 0, _STATES_DAY.search, _SENTENCE.match, text.rfind
    b1, b2, b3, b4 = _SENTENCE_BREAKS
    while (m := marks(text, pos)) is not None:
        k = m.start()
        # the sentence holding the mark starts after the last break before it (pos is 0 or a break)
        start = max(rfind(b1, pos, k), rfind(b2, pos, k), rfind(b3, pos, k), rfind(b4, pos, k)) + 1
        s = sentence(text, start)
        if s is None:  # (never: the sentence holds the mark, no break)
            return
        yield start, s.group()
        pos = s.end()


def find_dates(text: str) -> list[DateSpan]:
    """Every date expression in ``text`` with its span (year/month/day may be None)."""
    return list(_dates_of(text))


@functools.lru_cache(maxsize=1024)
def _dates_of(text: str) -> tuple[DateSpan, ...]:
    """:func:`find_dates`, memoised: the finders of one document ask about the same lines and
    passages several times (a tuple of frozen spans: no caller can change what is kept)."""
    t = ascii_digits(text)
    out: list[DateSpan] = []
    iso_spans: list[tuple[int, int]] = []
    # an ISO-like stamp has a separator: most texts have none and skip the scan (same matches)
    for m in (_ISO.finditer(t) if "-" in t or "/" in t or "." in t else ()):  # (_ISO_SEPARATORS)
        month, day = int(m.group("m")), int(m.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(DateSpan(m.start(), m.end(), int(m.group("y")), month, day, bool(_DEADLINE.match(t, m.end()))))
            iso_spans.append((m.start(), m.end()))
    for m in (_FULL_NEAR.finditer(t) if "月" in t else ()):
        if iso_spans and any(a <= m.start() < b for a, b in iso_spans):
            continue
        ytxt = m.group("y") or m.group("yg")
        y = cn_number(ytxt) if ytxt else None
        mo = cn_number(m.group("m"))
        d = cn_number(m.group("d")) if m.group("d") else None
        if not mo or not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
            continue
        if y is not None and not 1949 <= y <= 2100:
            y = None
        out.append(DateSpan(m.start(), m.end(), y, mo, d, bool(_DEADLINE.match(t, m.end()))))
    out.sort(key=lambda s: s.start)
    return tuple(out)


def find_ranges(text: str, dates: list[DateSpan] | None = None) -> list[tuple[DateSpan, DateSpan]]:
    """Date ranges: "9月1日至30日", "9月1日-9月30日", "2017年9月1日9月30日" (connector lost)."""
    if dates is None:  # (a range starts on a day: a text that states none is not searched)
        return list(_ranges_of(text)) if may_state_day(text) else []
    return _ranges(text, dates)


@functools.lru_cache(maxsize=1024)
def _ranges_of(text: str) -> tuple[tuple[DateSpan, DateSpan], ...]:
    """:func:`find_ranges` of the text's own dates, memoised (a document's sentences are asked
    about more than once)."""
    return tuple(_ranges(text, find_dates(text)))


def _ranges(text: str, dates: list[DateSpan]) -> list[tuple[DateSpan, DateSpan]]:
    t = to_ascii_digits(text)
    out = []
    for a, b in zip(dates, dates[1:]):
        gap = t[a.end:b.start]
        if a.day and b.month and _GAP.fullmatch(gap) and not a.deadline:
            out.append((a, b))
    # "9月1日至30日": the end has only a day
    for a in dates:
        if not a.day or a.deadline:
            continue
        m = _DAY_ONLY_END.match(t, a.end)
        if m:
            d = cn_number(m.group("d"))
            if d and 1 <= d <= 31:
                end = DateSpan(m.start("d"), m.end(), a.year, a.month, d)
                out.append((a, end))
    out.sort(key=lambda r: r[0].start)
    return out


def find_years(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of bare years "2016年" (not followed by a month)."""
    t = to_ascii_digits(text)
    out = []
    for m in _YEAR_ONLY.finditer(t):
        y = cn_number(m.group("y"))
        if y and 1949 <= y <= 2100:
            out.append((m.start(), m.end(), y))
    return out
