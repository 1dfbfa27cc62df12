"""qmcorpus.normalize.pinyin: remove pinyin glosses a mirror site put after characters (質(zhì) → 質).

A parenthesis is a gloss only when its content is a reading of the character before it
(pypinyin, all heteronyms, with or without tone marks); real parentheses stay: (北京), (试行), (PDF).
"""
from __future__ import annotations

import functools
import re
import unicodedata

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# A CJK character followed by a parenthesised lowercase syllable; the closing paren may be lost
# when the page was cut off (end of text).
GLOSS = re.compile(
    rf"(?P<ch>[\u3400-\u9fff\uf900-\ufaff])"
    rf"(?P<open>[(（])(?P<py>[a-z{_TONED}\u0300-\u036f]{{0,8}}[1-5]?)(?P<close>[)）]|\Z)"
)


@functools.lru_cache(maxsize=65536)
def readings(ch: str) -> frozenset[str]:
    """All readings of a character: toned (zhì), numbered (zhi4) and toneless (zhi)."""
    from pypinyin import Style, pinyin  # imported on first use: loading its tables takes 0.2 s

    out: set[str] = set()
    for style in (Style.TONE, Style.TONE3, Style.NORMAL):
        for group in pinyin(ch, style=style, heteronym=True, errors="ignore"):
            for r in group:
                out.add(r.replace("v", "ü"))
    out.discard(ch)
    return frozenset(out)


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
    rs = readings(ch)
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
