"""qmcorpus.normalize.pinyin: remove pinyin glosses a mirror site put after characters (質(zhì) → 質).

A parenthesis is a gloss only when its content is a reading of the character before it
(pypinyin, all heteronyms, with or without tone marks); real parentheses stay: (北京), (试行), (PDF).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from .script import simplified_char

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# A CJK character followed by a parenthesised lowercase syllable; the closing paren may be lost
# when the page was cut off (end of text).
GLOSS = re.compile(
    rf"(?P<ch>[\u3400-\u9fff\uf900-\ufaff])"
    rf"(?P<open>[(（])(?P<py>[a-z{_TONED}\u0300-\u036f]{{0,8}}[1-5]?)(?P<close>[)）]|\Z)"
)


# the characters GLOSS can gloss; their readings are kept as one table between runs
_GLOSSED = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))


@functools.lru_cache(maxsize=65536)
def readings(ch: str) -> frozenset[str]:
    """All readings of a character: toned (zhì), numbered (zhi4) and toneless (zhi)."""
    if any(lo <= ord(ch) <= hi for lo, hi in _GLOSSED) and len(ch) == 1:
        # the kept table holds exactly what pypinyin_readings() gives (importing pypinyin and
        # loading its tables costs every process half a second; the table loads in 30 ms)
        joined = _reading_table().get(ch)
        return frozenset(joined.split(",")) if joined else frozenset()
    return pypinyin_readings(ch)


def pypinyin_readings(ch: str) -> frozenset[str]:
    """:func:`readings` as pypinyin gives them (all heteronyms, three styles)."""
    from pypinyin import Style, pinyin  # imported on first use: loading its tables takes 0.5 s

    out: set[str] = set()
    for style in (Style.TONE, Style.TONE3, Style.NORMAL):
        for group in pinyin(ch, style=style, heteronym=True, errors="ignore"):
            for r in group:
                out.add(r.replace("v", "ü"))
    out.discard(ch)
    return frozenset(out)


def _build_reading_table() -> dict[str, str]:
    table = {}
    for lo, hi in _GLOSSED:
        for cp in range(lo, hi + 1):
            rs = pypinyin_readings(chr(cp))
            if rs:
                table[chr(cp)] = ",".join(sorted(rs))
    return table


@functools.cache
def _reading_table() -> dict[str, str]:
    """Character → its readings joined by commas, for every glossable character pypinyin reads
    (built once, ~2 s, then kept between runs; the key covers pypinyin's version and this file)."""
    from .. import resources

    return resources.derived_table("pinyin_readings", _build_reading_table, sources=(Path(__file__),))


def _norm(gloss: str) -> str:
    return unicodedata.normalize("NFC", gloss.lower().replace("v", "ü"))


def is_reading(ch: str, gloss: str, *, truncated: bool = False) -> bool:
    """Whether ``gloss`` is a reading of ``ch`` (a prefix of one if the gloss was cut off).

    >>> is_reading("質", "zhì"), is_reading("京", "pdf")
    (True, False)
    """
    return _is_reading(ch, gloss, truncated)


@functools.lru_cache(maxsize=65536)  # a page glosses the same few hundred characters again and again
def _is_reading(ch: str, gloss: str, truncated: bool) -> bool:
    g = _norm(gloss)
    # a traditional character reads as its simplified form does: pypinyin's data for the
    # traditional form sometimes lacks a reading it gives the simplified one
    rs = readings(ch) | readings(simplified_char(ch))
    if truncated:
        return any(r.startswith(g) for r in rs) or any(
            unicodedata.normalize("NFD", r).startswith(unicodedata.normalize("NFD", g)) for r in rs
        )
    if g in rs:
        return True
    # neutral-tone glosses (的(de), 们(men)) may be missing from pypinyin's heteronyms
    bare = "".join(c for c in unicodedata.normalize("NFD", g) if not unicodedata.combining(c))
    return bare in rs and bare == g


def strip_glosses(text: str, *, examples: int = 0):
    """Remove pinyin glosses; returns (text, number removed), plus up to ``examples`` removed
    glosses as a third item when asked.

    >>> strip_glosses("質(zhì)量的(de)中国(北京)大会 質(")
    ('質量的中国(北京)大会 質', 3)
    """
    seen: list[str] = []
    if "(" not in text and "（" not in text:
        return (text, 0, seen) if examples else (text, 0)
    count = 0

    def fix(m: re.Match) -> str:  # called for every gloss of a page: one groups() call, no wrapper
        nonlocal count
        ch, _, py, close = m.groups()
        truncated = close == ""
        if not py and not truncated:
            return m.group(0)
        if truncated and m.end() != len(text):
            return m.group(0)
        if (not py and truncated) or _is_reading(ch, py, truncated):
            count += 1
            if len(seen) < examples:
                seen.append(m.group(0))
            return ch
        return m.group(0)

    out = GLOSS.sub(fix, text)
    before = -1
    while count != before:  # a doubled gloss 的(de)(de) is exposed only once the first goes
        before = count  # (terminates: every substitution shortens the text)
        out = GLOSS.sub(fix, out)
    return (out, count, seen) if examples else (out, count)
