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
# a GLOSS match and the parenthesised syllables right after it (a doubled gloss 的(de)(de)), as
# one group: split gives the text between these runs and each run's text
_GLOSS_TAIL = "[(（]" + re.sub(r"\(\?P<\w+>", "(?:", _GLOSSED)
_GLOSS_RUN = re.compile(f"({_CH}{_GLOSS_TAIL}(?:{_GLOSS_TAIL})*+)")  # (possessive: nothing follows)
_TAILS = re.compile(_GLOSS_TAIL)


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
    kept on disk (importing pypinyin takes 0.3 s in every process); others ask pypinyin, but for
    an ASCII character, which pypinyin reads as none (byte-shift repair asks for the letter
    before a swallowed gloss: pypinyin would be imported for nothing)."""
    if ch.isascii():
        return frozenset()
    table = _reading_table()
    if table is not None and _GLOSSABLE.fullmatch(ch):
        found = table.get(ch)
        return frozenset(found.split(" ")) if found else frozenset()
    return _pypinyin_readings(ch)


_GLOSSABLE = re.compile(_CH)  # the characters of the reading table


@functools.cache
def _reading_table() -> dict[str, str] | None:
    """Character → its readings, joined by spaces (none: not in it) for every character GLOSS can
    gloss (a flat table of texts: read back from columns, a third of the time JSON takes), or None
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


def _build_reading_table() -> dict[str, str]:
    out = {}
    for code in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00)):
        ch = chr(code)
        if _GLOSSABLE.fullmatch(ch):
            found = _pypinyin_readings(ch)
            if found:
                out[ch] = " ".join(sorted(found))  # (a reading is letters and a tone mark or digit: no space)
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
    if ("(" not in text and "（" not in text) or not _GLOSS_OPENING.search(text):
        return (text, 0, []) if examples else (text, 0)
    parts = _GLOSS_RUN.split(text)  # text, then each run and the text after it
    runs = parts[1::2]
    if not runs:
        return (text, 0, []) if examples else (text, 0)
    distinct = set(runs)
    judged = _runs_judged(distinct)
    if distinct <= _ALL_GO:  # the usual page: every gloss goes, each run becomes its character
        parts[1::2] = map(itemgetter(0), runs)
        glosses = "".join(runs)  # (each gloss opens with the only parenthesis it holds)
        count = glosses.count("(") + glosses.count("（")
    else:
        parts[1::2] = [judged[r][0] for r in runs]
        count = sum([len(judged[r][1]) for r in runs])
    out = "".join(parts) if count else text
    if not examples:
        return out, count
    return out, count, _examples(runs, judged, examples)


def _examples(runs: list[str], judged: dict, want: int) -> list[str]:
    """The first ``want`` glosses removed in the order of the plain definition's passes: the first
    gloss of each run in text order, then the second of each, and so on."""
    out: list[str] = []
    level = 0
    while len(out) < want:
        found = False
        for r in runs:
            removed = judged[r][1]
            if len(removed) > level:
                found = True
                out.append(removed[level])
                if len(out) == want:
                    return out
        if not found:
            break
        level += 1
    return out


# each run met: (its text once its glosses are gone, the glosses removed), kept across pages: a
# page's few hundred glosses are of the same few dozen characters, and pages of a site gloss the
# same ones (one look-up per distinct run instead of a judgement per gloss)
_RUNS: dict[str, tuple[str, tuple[str, ...]]] = {}
_ALL_GO: set[str] = set()  # the runs of _RUNS that lose all their glosses
_RUNS_MAX = 16384
_CLOSE = frozenset(")）")


def _runs_judged(distinct: set[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """run → (kept text, removed glosses) for (at least) every run of ``distinct``."""
    missing = distinct.difference(_RUNS)
    if not missing:
        return _RUNS
    new = {r: _judge_run(r) for r in missing}
    if len(_RUNS) + len(new) <= _RUNS_MAX:
        _RUNS.update(new)
        _ALL_GO.update(r for r, (kept, _) in new.items() if len(kept) == 1)
        return _RUNS
    return {r: new[r] if r in new else _RUNS[r] for r in distinct}  # (the store is full)


def _judge_run(run: str) -> tuple[str, tuple[str, ...]]:
    """A run's text once its glosses are gone, and the glosses removed (each with its character).

    The plain definition removes the GLOSS matches that are glosses, pass after pass, until a pass
    removes none. Its first pass finds each run's first match (GLOSS parses each syllable of a
    run as the run does: nothing follows it in either pattern); a later pass can only find a
    match where a removed gloss joined its character to the next syllable of its run, and a
    truncated gloss (no closing parenthesis: it ends the text) is one only in the first pass. So
    a run loses its leading glosses, up to the first one that is not."""
    ch = run[0]
    removed = []
    tails = _TAILS.findall(run, 1)
    for j, tail in enumerate(tails):
        close = tail[-1] if len(tail) > 1 and tail[-1] in _CLOSE else ""
        if j and not close:
            break  # a truncated gloss is no gloss in a later pass
        if not _is_gloss(ch, tail[0], tail[1:len(tail) - len(close)], close):
            break
        removed.append(ch + tail)
    return ch + "".join(tails[len(removed):]), tuple(removed)
