"""qmcorpus.extract.lookahead: a lazy group told what must follow it, so that the engine stops early.

A pattern such as ``(?P<list>[^。]{2,400}?)\\s*(?:牵头|主办|…)`` tries, at every length of the lazy
group, each alternative of what follows. :func:`gated` inserts after the group a lookahead of the
characters that can start what follows (``(?=[\\s牵主…])``): one character test per length instead
of one per alternative. The lookahead holds at every position where what follows can match (it is
read off the pattern itself), so the matches, their spans and groups are the same.
"""
from __future__ import annotations

import re
import sys

from ..regex_facts import remembered

try:  # Python >= 3.11
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT)
_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s"}


class _Unknown(Exception):
    """What follows the group may start with characters not read here (a negated class, ``.``, ``$`` …)."""


def _first(seq) -> tuple[set[str], bool]:
    """(the characters — or ``\\d``/``\\s`` — a match of a parsed sequence can start with, whether
    the sequence can match the empty string)."""
    out: set[str] = set()
    for op, arg in seq:
        chars, nullable = _first_item(op, arg)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_item(op, arg) -> tuple[set[str], bool]:
    if op is _sre.LITERAL:
        return {re.escape(chr(arg))}, False
    if op is _sre.IN:
        out = set()
        for o, a in arg:
            if o is _sre.LITERAL:
                out.add(re.escape(chr(a)))
            elif o is _sre.RANGE:
                out.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
            elif o is _sre.CATEGORY and a in _CATEGORIES:
                out.add(_CATEGORIES[a])
            else:
                raise _Unknown  # a negated class, \w …
        return out, False
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        lo, _, body = arg
        chars, nullable = _first(body)
        return chars, nullable or lo == 0
    if op is _sre.SUBPATTERN:
        return _first(arg[-1])
    if op is _sre.BRANCH:
        out, nullable = set(), False
        for alt in arg[1]:
            chars, n = _first(alt)
            out |= chars
            nullable = nullable or n
        return out, nullable
    if op in _ZERO_WIDTH:
        return set(), True  # it consumes nothing; the characters after it decide
    raise _Unknown  # ANY, AT ($, ^), a back reference …


def _group_end(pattern: str, name: str) -> int:
    """The offset after the closing parenthesis of ``(?P<name>…)`` in the pattern text."""
    i = pattern.index(f"(?P<{name}>")
    depth, k = 0, i
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":  # a class: skip to its closing bracket
            k += 1
            if pattern[k:k + 1] == "^":
                k += 1
            if pattern[k:k + 1] == "]":
                k += 1
            while pattern[k] != "]":
                k += 2 if pattern[k] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    raise ValueError(f"unclosed group {name!r}")


@remembered
def follow_class(pattern: re.Pattern, name: str) -> str | None:
    """The character class (``[…]``) of what can start the part of ``pattern`` after its top-level
    group ``name``; None when unknown, or when that part can match the empty string."""
    items = list(_sre.parse(pattern.pattern, pattern.flags))
    at = next((k for k, (op, arg) in enumerate(items) if op is _sre.SUBPATTERN
               and pattern.groupindex.get(name) == arg[0]), None)
    if at is None:
        return None
    try:
        chars, nullable = _first(items[at + 1:])
    except _Unknown:
        return None
    return None if nullable or not chars else "[" + "".join(sorted(chars)) + "]"


def gated(pattern: re.Pattern, *names: str) -> re.Pattern:
    """``pattern`` with a lookahead after each named top-level group, of what can follow it (see the
    module's docstring); a group whose follower is unknown is left as it is. Same matches."""
    text = pattern.pattern
    for name in names:
        cls = follow_class(pattern, name)
        if cls is None:
            continue
        end = _group_end(text, name)
        text = text[:end] + f"(?={cls})" + text[end:]
    return re.compile(text, pattern.flags)


# ── several patterns that start alike: the places where any can match, found in one scan ─────────
@remembered
def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters (or ``\\d``/``\\s``) a match of ``pattern`` starts with; None when unknown or
    when a match may be empty."""
    try:
        chars, nullable = _first(list(_sre.parse(pattern.pattern, pattern.flags)))
    except _Unknown:
        return None
    return None if nullable or not chars else frozenset(chars)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def any_start(patterns) -> re.Pattern:
    """A pattern matching (empty) at every offset where one of ``patterns`` matches: a lookahead of
    their alternation (group names dropped; none may refer back to a group)."""
    parts = []
    for p in patterns:
        if "(?P=" in p.pattern or p.flags & ~re.UNICODE:
            raise ValueError("a back reference or flags: not combined")
        parts.append("(?:" + _NAMED_GROUP.sub("(?:", p.pattern) + ")")
    return re.compile("(?=" + "|".join(parts) + ")")


def matches_at(pattern: re.Pattern, starts: list[int], text: str):
    """``pattern.finditer(text)`` when ``starts`` (ascending) holds every offset where the pattern
    matches and no match is empty: ``match`` at each start in turn (what the scan tries there),
    from the end of the last match."""
    pos = 0
    for s in starts:
        if s >= pos and (m := pattern.match(text, s)):
            yield m
            pos = m.end()


# ── a pattern that ends with one of a few words: no match ends after the last of them ──────────
@remembered
def closing_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The words one of which every match of ``pattern`` ends with: its last top-level item is a
    literal word or a group of alternative literal words; None when it is anything else."""
    items = list(_sre.parse(pattern.pattern, pattern.flags))
    if not items:
        return None
    op, arg = items[-1]
    if op is _sre.SUBPATTERN:  # a named or numbered group: its content
        body = list(arg[-1])
        op, arg = body[0] if len(body) == 1 else (None, body)
    if op is _sre.BRANCH:  # (a non-capturing group of alternatives is parsed as a branch alone)
        seqs = [list(alt) for alt in arg[1]]
    elif op is _sre.LITERAL:
        seqs = [[(op, arg)]]
    elif op is None:  # a group holding a sequence
        seqs = [arg]
    else:
        return None
    words = []
    for seq in seqs:
        if not seq or any(o is not _sre.LITERAL for o, _ in seq):
            return None
        words.append("".join(chr(a) for _, a in seq))
    return tuple(words)


def last_end(text: str, words: tuple[str, ...]) -> int:
    """The end of the last occurrence in ``text`` of any of ``words`` (occurrences that overlap
    counted too), or -1 when none occurs: no match of a pattern whose :func:`closing_words` these
    are ends after it, so a search may stop there (``endpos``) and find the same matches."""
    end = -1
    for w in words:
        k = text.rfind(w)
        if k >= 0 and k + len(w) > end:
            end = k + len(w)
    return end


# ── a search that the engine cannot start by a scan: started at the characters a match starts with ─
@remembered
def scan_class(pattern: re.Pattern) -> str | None:
    """The class (``[…]``) of the characters a match of ``pattern`` starts with, when the engine's
    own search has no first character, prefix or class to scan for (a pattern opening with an
    optional group: it then tries the whole pattern at every offset); None when it has one, or when
    the first characters are unknown."""
    try:
        from re import _compiler
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler  # type: ignore[no-redef]
    try:
        code = _compiler._code(_sre.parse(pattern.pattern, pattern.flags), pattern.flags)
        scanned = code[0] == _compiler.INFO and code[2] & (_compiler.SRE_INFO_PREFIX | _compiler.SRE_INFO_CHARSET)
    except Exception:  # pragma: no cover - the internals of another Python: search as usual
        return None
    if scanned or pattern.flags & re.IGNORECASE:
        return None
    chars = first_chars(pattern)
    return None if chars is None else "[" + "".join(sorted(chars)) + "]"


class FirstCharSearch:
    """``pattern.search`` started at the characters a match can start with (:func:`scan_class`):
    the next such character is found by a class scan, and the pattern is matched there; the first
    offset where it matches is where the search finds its match, and a match there is the one the
    search makes (``match`` and ``search`` read ``^``, ``\\b`` and lookbehinds from the string's
    real start alike). Same matches, without trying the pattern at every offset in between."""

    __slots__ = ("pattern", "_first", "_match")

    def __init__(self, pattern: re.Pattern, cls: str):
        self.pattern = pattern
        self._first = re.compile(cls).search
        self._match = pattern.match

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        first, match = self._first, self._match
        at = first(text, pos, endpos)
        while at is not None:
            m = match(text, at.start(), endpos)
            if m is not None:
                return m
            at = first(text, at.start() + 1, endpos)
        return None


_SEARCHERS: dict = {}  # pattern → what searches it (itself, or a FirstCharSearch)


def searcher(pattern: re.Pattern):
    """An object whose ``search`` is ``pattern.search``: the pattern itself when the engine scans
    for its start on its own, else a :class:`FirstCharSearch` (made once per pattern)."""
    got = _SEARCHERS.get(pattern)
    if got is None:
        cls = scan_class(pattern)
        got = _SEARCHERS[pattern] = pattern if cls is None else FirstCharSearch(pattern, cls)
    return got


# ── the widest match of a pattern, its white-space repeats left out ────────────────────────────
@remembered
def nonspace_width(pattern: re.Pattern) -> int | None:
    """The most characters a match of ``pattern`` holds besides those its ``\\s`` repeats
    (``\\s*``, ``\\s+``, ``\\s{a,b}``) take; None when unbounded otherwise or not read here. A
    scope rule opening a clause with white space and a word is unbounded only through the space."""
    return _seq_width(list(_sre.parse(pattern.pattern, pattern.flags)), _sre)


def _seq_width(items, parser) -> int | None:
    total = 0
    for op, arg in items:
        if op in (parser.LITERAL, parser.NOT_LITERAL, parser.ANY, parser.IN):
            total += 1
        elif op in (parser.AT, parser.ASSERT, parser.ASSERT_NOT):
            continue  # matches no character of its own
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None)):
            _, hi, body = arg
            body = list(body)
            if body == [(parser.IN, [(parser.CATEGORY, parser.CATEGORY_SPACE)])]:
                continue  # white space only: not counted
            w = _seq_width(body, parser)
            if w is None or (hi >= parser.MAXREPEAT and w):
                return None
            total += w * (hi if hi < parser.MAXREPEAT else 0)
        elif op is parser.SUBPATTERN:
            w = _seq_width(list(arg[3]), parser)
            if w is None:
                return None
            total += w
        elif op is parser.BRANCH:
            ws = [_seq_width(list(alt), parser) for alt in arg[1]]
            if None in ws:
                return None
            total += max(ws, default=0)
        else:
            return None  # a back reference, a conditional …
    return total
