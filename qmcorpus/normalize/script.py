"""qmcorpus.normalize.script: detect the script of a text and convert traditional → simplified."""
from __future__ import annotations

import array
import functools
import itertools
import re
import sys
from pathlib import Path

from .. import resources
from ..literals import LiteralMatcher, words_re
from ..regex_facts import remembered

SIMPLIFIED, TRADITIONAL, TRADITIONAL_PINYIN, MIXED = "simplified", "traditional", "traditional_pinyin", "mixed"


@functools.cache
def _converter(config: str):
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """OpenCC t2s conversion (no domain corrections; see :func:`convert`).

    Same output as ``opencc.OpenCC("t2s").convert``, faster: OpenCC splits the text at
    punctuation and converts each piece by its phrase and character dictionaries; a piece in
    which none of OpenCC's few t2s phrases (瞭解 → 了解 …) occurs converts character by character
    (a translate table, which leaves the punctuation alone), so only pieces holding a phrase go
    through OpenCC's slow parse tree.

    >>> to_simplified("據瞭解,質量月活動")
    '据了解,质量月活动'
    """
    if not text:
        return text
    starts = _phrase_starts(text)
    if not starts:
        return simplify_chars(text)  # OpenCC itself is loaded only for a text holding a phrase
    conv = _converter("t2s")
    try:
        phrase_convert = conv._convert
        chain = conv._dict_chain_data
    except AttributeError:  # pragma: no cover - another opencc version: use its public API
        return conv.convert(text)
    # the pieces (between OpenCC's separators) that hold a phrase; phrases hold no separator, so
    # a phrase's piece runs from the last separator character before it (found in the reversed
    # text) to the next one
    sep = _separator_char()
    n = len(text)
    backwards = text[::-1]
    out = []
    done = 0
    for start in starts:
        m = sep.search(backwards, n - start)  # backwards[n - start] is text[start - 1]
        lo = n - m.start() if m else 0
        if lo < done:
            continue  # a second phrase in the same piece
        m = sep.search(text, start)
        hi = m.start() if m else n
        out.append(simplify_chars(text[done:lo]))
        out.append(phrase_convert(text[lo:hi], chain))
        done = hi
    out.append(simplify_chars(text[done:]))
    return "".join(out)


def _opencc_keys(name: str) -> list[str]:
    """The keys of one of OpenCC's dictionary files (loaded by OpenCC itself first)."""
    import os

    import opencc

    _converter("t2s").convert("")  # loads OpenCC's dictionaries
    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", name)
    with open(path, encoding="utf-8") as fh:
        return [k for k in (line.split("\t", 1)[0].strip() for line in fh) if k]


def _build_tables() -> dict:
    """The character tables of this module, from OpenCC's dictionaries (see :func:`_tables`)."""
    conv = _converter("t2s")
    # a key with a separator in it never matches inside one of OpenCC's pieces: leave it out
    phrases = [k for k in _opencc_keys("TSPhrases.txt") if not conv.split_chars_re.search(k)]
    chars = {}
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for k in _opencc_keys(name):
            out = conv.convert(k) if len(k) == 1 else k
            if len(out) == 1 and out != k:
                chars[k] = out

    def keys(*names: str) -> set[str]:
        # every single character OpenCC can convert is a key of one of these tables
        return {k for name in names for k in _opencc_keys(name) if len(k) == 1 and "\u3400" <= k <= "\u9fff"}

    trad = {c for c in keys("TSCharacters.txt", "TSPhrases.txt") if _char_kind(c) == "t"}
    simp = {c for c in keys("STCharacters.txt", "STPhrases.txt") if _char_kind(c) == "s"}
    # the characters OpenCC's split_chars_re matches alone (see _separator_char)
    separators = "".join(c for c in map(chr, range(0x10000)) if conv.split_chars_re.fullmatch(c))
    return {"phrases": phrases, "chars": chars, "trad": "".join(sorted(trad)), "simp": "".join(sorted(simp)),
            "separators": separators}


@functools.cache
def _tables() -> dict:
    """OpenCC's t2s phrase keys, its single-character conversions, and the traditional-only and
    simplified-only characters: computed from OpenCC once (a second per process: it converts
    every character of its tables) and kept between runs (the key covers OpenCC's version)."""
    return resources.derived_table("script_tables", _build_tables, sources=(Path(__file__),))


@functools.cache
def _phrase_re() -> re.Pattern:
    """Any of OpenCC's t2s phrase keys (a few hundred)."""
    return words_re(_tables()["phrases"])


@functools.cache
def _separator_char() -> re.Pattern:
    """One character of OpenCC's separators: its split_chars_re matches runs of whitespace or
    single characters, so the matches in a text cover exactly the characters that match alone
    (none beyond the BMP). The characters are found once, with the tables (a pass over the BMP)."""
    return re.compile("[" + "".join(map(re.escape, _tables()["separators"])) + "]")


@functools.cache
def _phrase_matcher() -> LiteralMatcher:
    """The matches of :func:`_phrase_re` (leftmost, longest, non-overlapping), found by an
    automaton instead of trying every phrase at every position (a DFA: a few hundred phrases make a
    small one, about twice as fast)."""
    return LiteralMatcher(_tables()["phrases"], dfa=True)  # (the kept keys: OpenCC itself is not loaded)


def _phrase_starts(text: str) -> list[int]:
    """Where the matches of :func:`_phrase_matcher` start, in text order."""
    return [start for start, _, _ in _phrase_matcher().find(text)]


@functools.cache
def _char_table() -> dict[int, str]:
    """str.translate table of OpenCC's t2s for single characters: every single-character key of
    its t2s dictionaries that converts to one other character (any other character stays)."""
    return {ord(k): v for k, v in _tables()["chars"].items()}


def simplified_char(ch: str) -> str:
    """OpenCC t2s of one character: enough for scoring, where phrases do not matter."""
    return _char_table().get(ord(ch), ch)


def simplify_chars(text: str) -> str:
    """Character-by-character t2s (same length as ``text``)."""
    return text.translate(_char_sequence())


@functools.cache
def _char_sequence() -> str:
    """_char_table as a string indexed by code point, up to its last key (each character itself
    unless converted; characters past the end stay, as for a dict): str.translate reads a sequence
    faster than it misses in a dict. (A list of the characters translates faster in a loop over
    one text, but slower in a run: its tens of thousands of objects leave the CPU caches between
    pages, where the string is one compact block.)"""
    return _sequence_of(_char_table())


def _sequence_of(table: dict[int, str]) -> str:
    """The string of every code point from 0 to the last key of ``table``, each one replaced by
    its value where it is a key: the runs of unchanged code points are slices of one string of
    them all (decoded from their UTF-32 form: no object per character), the values spliced in."""
    size = max(table, default=-1) + 1
    column = array.array("I", range(size))
    if column.itemsize != 4:  # pragma: no cover - a platform whose C int is not 32 bits
        return "".join(table.get(code, chr(code)) for code in range(size))
    every = column.tobytes().decode(f"utf-32-{sys.byteorder[0]}e", "surrogatepass")
    parts, at = [], 0
    for code in sorted(table):
        parts += (every[at:code], table[code])
        at = code + 1
    parts.append(every[at:])
    return "".join(parts)


@functools.lru_cache(maxsize=65536)
def _char_kind(ch: str) -> str:
    """'t' for a traditional-only character, 's' for simplified-only, '' otherwise."""
    if _converter("t2s").convert(ch) != ch:
        return "t"
    if _converter("s2t").convert(ch) != ch:
        return "s"
    return ""


def _char_class(chars: str) -> re.Pattern:
    """A character class of ``chars`` (sorted), written as ranges of consecutive code points:
    the same set, compiled many times faster than thousands of single characters."""
    return re.compile(_class_text(chars))


@remembered
def _class_text(chars: str) -> str:
    """:func:`_char_class`'s pattern text (kept between runs with the regex cache: the same
    tables give the same text, and finding the ranges is a loop over thousands of characters)."""
    parts, i = [], 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        parts.append(re.escape(chars[i]) if i == j else f"{re.escape(chars[i])}-{re.escape(chars[j])}")
        i = j + 1
    return "[" + "".join(parts) + "]"


@functools.cache
def _script_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Character classes of traditional-only and simplified-only characters (OpenCC's tables)."""
    tables = _tables()
    return _char_class(tables["trad"]), _char_class(tables["simp"])


def count_script_chars(text: str) -> tuple[int, int]:
    """(traditional-only, simplified-only) CJK character counts."""
    trad, simp = _script_patterns()
    return len(trad.findall(text)), len(simp.findall(text))


def _at_least(matches, n: int) -> bool:
    """Whether an iterator of matches yields ``n`` of them (it stops at the n-th)."""
    return sum(1 for _ in itertools.islice(matches, n)) >= n


_LAST_FIRST: tuple = (None, None)  # (text, its first traditional-only match) last searched


def _first_traditional(text: str) -> re.Match | None:
    """The first traditional-only character of ``text`` (its match), searched once for a text:
    normalisation asks :func:`detect_script` and then :func:`convert_traditional_lines` about the
    same text, and a simplified page is read to its end by each search (the same text object
    gives the same answer)."""
    global _LAST_FIRST
    last_text, last_match = _LAST_FIRST
    if last_text is text:
        return last_match
    match = _script_patterns()[0].search(text)
    _LAST_FIRST = (text, match)
    return match


MIXED_LINES = 3  # lines of each script alone (two of its own characters, none of the other) that make a page mixed


def _both_scripts_by_line(text: str, trad: re.Pattern, simp: re.Pattern) -> bool:
    """Whether at least MIXED_LINES lines hold only traditional characters and as many only simplified
    ones (each at least two of its script's own): a page converted in part, not one script with strays."""
    counts = [0, 0]
    for line in text.split("\n"):
        a = len(trad.findall(line))
        b = len(simp.findall(line)) if a < 2 else (1 if simp.search(line) else 0)
        if a >= 2 and b == 0:
            counts[0] += 1
        elif b >= 2 and a == 0:
            counts[1] += 1
        if min(counts) >= MIXED_LINES:
            return True
    return False


def detect_script(text: str, *, pinyin_glosses: int = 0) -> str:
    """Classify raw text as simplified / traditional / traditional_pinyin / mixed.

    Traditional pages converted by machines keep a few simplified-only characters (关于, 并),
    so the decision is by share, not by presence.

    >>> detect_script("质量月活动")
    'simplified'
    >>> detect_script("質量月活動", pinyin_glosses=2)
    'traditional_pinyin'
    """
    trad, simp = _script_patterns()
    first = _first_traditional(text)
    if first is None:
        return SIMPLIFIED  # the simplified-only characters need no counting
    if pinyin_glosses:
        # glosses come with a mirror's traditional conversion: however few its traditional
        # characters (the glossed ones, in an otherwise simplified page), the page is that damage
        return TRADITIONAL_PINYIN  # (one traditional character decides: none are counted)
    t = len(trad.findall(text, first.start()))
    if t < 3 and _at_least(simp.finditer(text), 20 * t):
        # t < 0.05 * (s + 1) holds as soon as s >= 20 t (integers): a page with a stray traditional
        # character stops counting its thousands of simplified ones there
        return SIMPLIFIED
    s = len(simp.findall(text))  # (t, s) = count_script_chars(text)
    if t < 3 and t < 0.05 * (s + 1):
        return SIMPLIFIED
    share = t / (t + s)
    if share >= 0.7:
        # a converter that stopped part-way: lines wholly traditional, then lines wholly simplified
        # (MIXED_LINES lines of two simplified-only characters each need that many in the text: a
        # traditional page with a few strays is not read line by line)
        return MIXED if s >= 2 * MIXED_LINES and _both_scripts_by_line(text, trad, simp) else TRADITIONAL
    if share <= 0.1:
        return SIMPLIFIED
    return MIXED


def apply_corrections(text: str) -> tuple[str, int]:
    """Fix OpenCC t2s output with the domain corrections file (著力 → 着力 …); returns (text, count)."""
    pattern = resources.t2s_corrections_re()
    if pattern is None:
        return text, 0
    required = _correction_required_char()
    if required and required not in text:
        return text, 0  # exact: every correction holds this character (most texts lack it)
    matches = _correction_matches(text, pattern, required)
    if not matches:
        return text, 0
    table = _correction_table()
    out, at = [], 0
    for m in matches:  # (what pattern.sub gives with the table: the same non-overlapping matches)
        out += (text[at:m.start()], table[m.group(0)])
        at = m.end()
    out.append(text[at:])
    return "".join(out), len(matches)


def _correction_matches(text: str, pattern: re.Pattern, required: str) -> list[re.Match]:
    """The matches of ``pattern.finditer(text)``, tried only where one can start: a match holds
    ``required`` (every correction does) and is at most as long as the longest correction, so it
    starts at most that length less one before an occurrence of it. In order, as the scan goes:
    a position inside the match before is passed over."""
    if not required:
        return list(pattern.finditer(text))
    longest = _correction_longest()
    starts = set()
    i = text.find(required)
    while i >= 0:
        starts.update(range(max(0, i - longest + 1), i + 1))
        i = text.find(required, i + 1)
    out, end = [], 0
    for start in sorted(starts):
        if start >= end:
            m = pattern.match(text, start)
            if m:
                out.append(m)
                end = m.end()
    return out


@functools.cache
def _correction_table() -> dict[str, str]:
    return dict(resources.t2s_corrections())


@functools.cache
def _correction_longest() -> int:
    return max((len(wrong) for wrong, _ in resources.t2s_corrections()), default=0)


@functools.cache
def _correction_required_char() -> str:
    """A character that every wrong form of the t2s corrections holds ("" when none does)."""
    common = None
    for wrong, _ in resources.t2s_corrections():
        common = set(wrong) if common is None else common & set(wrong)
    return min(common) if common else ""


LINE_MIN_TRADITIONAL = 2  # traditional-only characters that make one line of a simplified page traditional


def convert_traditional_lines(text: str) -> tuple[str, int]:
    """(text, lines converted): in a page that reads as simplified, each line holding at least
    LINE_MIN_TRADITIONAL traditional-only characters converted (a page converted to traditional only
    in part, or a traditional paragraph pasted into a simplified page); the other lines untouched.

    >>> convert_traditional_lines("一、开展质量宣传。\\n二、開展森林食品質量提升行動。")
    ('一、开展质量宣传。\\n二、开展森林食品质量提升行动。', 1)
    """
    trad, _ = _script_patterns()
    if _first_traditional(text) is None:
        return text, 0
    lines = text.split("\n")
    n = 0
    for i, line in enumerate(lines):
        if _at_least(trad.finditer(line), LINE_MIN_TRADITIONAL):
            lines[i] = convert(line)[0]
            n += 1
    return ("\n".join(lines), n) if n else (text, 0)


def convert(text: str) -> tuple[str, int]:
    """Traditional → simplified with OpenCC plus domain corrections; returns (text, corrections)."""
    return apply_corrections(to_simplified(text))
