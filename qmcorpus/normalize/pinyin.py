"""qmcorpus.normalize.pinyin: remove pinyin glosses a mirror site put after characters (質(zhì) → 質).

A parenthesis is a gloss only when its content is a reading of the character before it
(pypinyin, all heteronyms, with or without tone marks); real parentheses stay: (北京), (试行), (PDF).
"""
from __future__ import annotations

import functools
import re
from operator import itemgetter
import unicodedata

from .script import simplified_char

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# A CJK character followed by a parenthesised lowercase syllable; the closing paren may be lost
# when the page was cut off (end of text).
_CH = r"[\u3400-\u9fff\uf900-\ufaff]"
_GLOSSED = rf"(?P<py>[a-z{_TONED}\u0300-\u036f]{{0,8}}[1-5]?)(?P<close>[)）]|\Z)"
GLOSS = re.compile(rf"(?P<ch>{_CH})(?P<open>[(（]){_GLOSSED}")
# the same matches less their character, which is checked behind the parenthesis: the search
# scans for a parenthesis, where GLOSS is tried at every CJK character
_GLOSS_AFTER_CH = re.compile(rf"(?P<open>[(（])(?<={_CH}.){_GLOSSED}")


_OPEN = frozenset("(（")
# what follows the opening parenthesis of every GLOSS match: a cheap scan for the parenthesis
# first, where GLOSS is tried at every CJK character
_GLOSS_OPENING = re.compile(rf"[(（](?:[a-z{_TONED}\u0300-\u036f1-5)）]|\Z)")


def _is_gloss(ch: str, _open: str, py: str, close: str) -> bool:
    """strip_glosses' judgement of a match (its groups) in the first pass, where a truncated
    match (no closing parenthesis) ends the text."""
    truncated = close == ""
    if not py:
        return truncated
    return _is_reading(ch, py, truncated)


@functools.lru_cache(maxsize=65536)
def readings(ch: str) -> frozenset[str]:
    """All readings of a character: toned (zhì), numbered (zhi4) and toneless (zhi).

    A character GLOSS can gloss is looked up in a table of them all, built once with pypinyin and
    kept on disk (importing pypinyin takes 0.3 s in every process); others ask pypinyin."""
    table = _reading_table()
    if table is not None and _GLOSSABLE.fullmatch(ch):
        return frozenset(table.get(ch, ()))
    return _pypinyin_readings(ch)


_GLOSSABLE = re.compile(_CH)  # the characters of the reading table


@functools.cache
def _reading_table() -> dict[str, list[str]] | None:
    """Character → its readings (none: not in it) for every character GLOSS can gloss, or None
    without pypinyin or a cache folder. The table is rebuilt when a file of pypinyin (or of this toolkit) changes."""
    import importlib.util
    from pathlib import Path

    from .. import resources

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.origin or resources.user_cache_dir() is None:
        return None  # (without a cache folder every process would build it: slower than pypinyin)
    package = Path(spec.origin).parent
    sources = tuple(sorted(package.rglob("*.py"))) + tuple(sorted(package.glob("*.json")))
    return resources.derived_table("pinyin_readings", _build_reading_table, sources=sources)


def _build_reading_table() -> dict[str, list[str]]:
    out = {}
    for code in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00)):
        ch = chr(code)
        if _GLOSSABLE.fullmatch(ch):
            found = _pypinyin_readings(ch)
            if found:
                out[ch] = sorted(found)
    return out


def _pypinyin_readings(ch: str) -> frozenset[str]:
    """readings(ch) asked of pypinyin."""
    from pypinyin import Style, pinyin  # imported on first use: loading its tables takes 0.3 s

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
    if ("(" not in text and "（" not in text) or not _GLOSS_OPENING.search(text):
        return (text, 0, seen) if examples else (text, 0)
    count = 0
    out, first = text, True
    while True:  # a doubled gloss 的(de)(de) is exposed only once the first goes
        out, removed, some, exposed = _strip_pass(out, first, examples - len(seen))
        count += removed
        seen.extend(some)
        if not exposed:
            break
        first = False
    return (out, count, seen) if examples else (out, count)


# _is_gloss of the matches met (whole, as their text), kept across pages: a page's few hundred
# glosses are of the same few dozen characters, and pages of a site gloss the same ones (one
# look-up instead of two calls)
_VERDICTS: dict[str, bool] = {}
_VERDICTS_MAX = 16384
_CLOSE = frozenset(")）")
# the GLOSS matches whole, as one group (split gives the text between them and each match's text)
_GLOSS_WHOLE = re.compile("(" + re.sub(r"\(\?P<\w+>", "(?:", GLOSS.pattern) + ")")


def _groups(match: str) -> tuple[str, str, str, str]:
    """The groups of GLOSS (ch, open, py, close) of a match's text: one character, one
    parenthesis, letters, digits or combining marks (no parenthesis among them), then the closing
    parenthesis or nothing (a truncated gloss ends the text)."""
    close = match[-1] if len(match) > 2 and match[-1] in _CLOSE else ""
    return match[0], match[1], match[2:len(match) - len(close)], close


def _truncated(match: str) -> bool:
    """Whether a match's gloss is cut off (no closing parenthesis): only a match that ends the text."""
    return len(match) == 2 or match[-1] not in _CLOSE


def _verdicts(distinct: set[str]) -> dict[str, bool]:
    """match → _is_gloss of its groups, for (at least) every match of ``distinct``: the verdicts
    kept across pages, the missing ones judged and kept (the first pass's verdicts)."""
    missing = distinct.difference(_VERDICTS)
    if not missing:
        return _VERDICTS
    new = {m: _is_gloss(*_groups(m)) for m in missing}
    if len(_VERDICTS) + len(new) <= _VERDICTS_MAX:
        _VERDICTS.update(new)
        return _VERDICTS
    return {m: new[m] if m in new else _VERDICTS[m] for m in distinct}  # (the store is full)


def _strip_pass(text: str, first: bool, want: int) -> tuple[str, int, list[str], bool]:
    """One pass over ``text``: (text less the glosses, how many were removed, the first ``want``
    of them, whether another pass may find more).

    Matches never overlap (each holds one CJK character, its first) and each is judged on its own
    groups, so each distinct match is judged once, and the text is rebuilt from ``split`` without a
    call per match. A truncated gloss (its parenthesis not closed) is one only when it ends the
    original text: in the first pass. A later pass can only find a match at the character of a
    removed gloss joined to a parenthesis; when no removed gloss was followed by one, it finds none
    (the plain definition repeats whole passes until one removes nothing).
    """
    parts = _GLOSS_WHOLE.split(text)  # text, then each match and the text after it
    n = len(parts) // 2
    if not n:
        return text, 0, [], False
    matches = parts[1::2]
    distinct = set(matches)
    judged = _verdicts(distinct)
    # a truncated gloss ends the original text only: not in a later pass (a truncated match ends
    # the text, so it can only be the last one, and its text is no other match's)
    cut = not first and _truncated(matches[-1])
    if not cut and all(map(judged.__getitem__, distinct)):  # the usual page: every match goes, by slices
        some = matches[:max(0, want)]
        parts[1::2] = map(itemgetter(0), matches)  # each match becomes its character
        # does some text after a match start with a parenthesis? (a NUL of the text may raise a
        # false alarm: one more pass, which finds nothing)
        after = "\0".join(parts[2::2])
        exposed = after.startswith(("(", "（")) or "\0(" in after or "\0（" in after
        return "".join(parts), n, some, exposed
    hits = [k for k, m in enumerate(matches) if judged[m]]
    if cut and hits and hits[-1] == n - 1:
        hits.pop()
    if not hits:
        return text, 0, [], False
    some = [matches[k] for k in hits[:max(0, want)]]
    for k in hits:
        parts[2 * k + 1] = matches[k][0]
    exposed = any(parts[2 * k + 2][:1] in _OPEN for k in hits)
    return "".join(parts), len(hits), some, exposed
