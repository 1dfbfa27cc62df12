"""qmcorpus.literals: find many strings or patterns in a text at once (gazetteer names, rule lists).

A regex alternation of thousands of words tries every word at every position (slow in ``re``).
Here the words are indexed by their first character: positions are found by one character-class
scan, and only there are the few possible lengths looked up. Same matches as ``re.finditer`` over
the longest-first alternation: leftmost, then longest, non-overlapping. Where the ``ahocorasick_rs``
package is installed (a compiled Aho-Corasick automaton with the same leftmost-longest semantics),
it does the scan, some five times faster; the pure-Python scan stays as the fallback.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

from .regex_facts import remembered

try:  # a compiled automaton; optional (the pure-Python scan below gives the same matches)
    import ahocorasick_rs as _ac
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    _ac = None


@functools.lru_cache(maxsize=256)
def any_of(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """One regex matching where any of ``patterns`` matches: one scan instead of one per pattern
    (a never-matching regex for none).

    >>> bool(any_of(("^首页", "正文$")).search("返回正文"))
    True
    """
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", flags)


def words_re(words: Iterable[str]) -> re.Pattern:
    """A regex of literal ``words``, the longest one winning at each position (never matches for none).

    >>> words_re(["质量", "质量月"]).findall("质量月的质量")
    ['质量月', '质量']
    """
    # longest first; words of one length in their own order (they cannot both match at one place,
    # so any order matches the same): the same pattern text in every process, whatever the hash
    # seed, so that its compiled form can be kept between runs (qmcorpus.regex_cache)
    return any_of(tuple(map(re.escape, sorted(set(filter(None, words)), key=lambda w: (-len(w), w)))))


def automaton(order, dfa: bool, kind: str = "LeftmostLongest"):
    """An Aho-Corasick automaton of ``order`` with match kind ``kind`` (ahocorasick_rs's
    ``MatchKind``), as a DFA when asked and the installed ahocorasick_rs builds one, else its
    default. Requires ahocorasick_rs (callers test for it)."""
    if dfa:
        try:
            return _ac.AhoCorasick(order, matchkind=getattr(_ac.MatchKind, kind),
                                   implementation=_ac.Implementation.DFA)
        except (AttributeError, ValueError):  # a version without DFAs
            pass
    return _ac.AhoCorasick(order, matchkind=getattr(_ac.MatchKind, kind))


class LiteralMatcher:
    """Leftmost-longest, non-overlapping occurrences of any of ``words``.

    >>> LiteralMatcher(["天水", "天水市", "市"]).find("甘肃天水市人民")
    [(2, 5, '天水市')]
    """

    def __init__(self, words: Iterable[str], *, dfa: bool = False):
        """``dfa``: build the automaton as a DFA (the same matches, found about twice as fast; worth
        it for a few hundred words, too large for tens of thousands)."""
        self.words = frozenset(w for w in words if w)
        self._order = tuple(sorted(self.words))
        self._automaton = None
        if _ac is not None and self._order:
            self._automaton = automaton(self._order, dfa)

    @property
    def compiled(self) -> bool:
        """Whether the compiled automaton finds the words (else the pure-Python :meth:`scan`)."""
        return self._automaton is not None

    @functools.cached_property
    def _scan_tables(self) -> tuple[re.Pattern, dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
        """(the words' first characters as one class, the lengths to try after a word's first two
        characters, single-character words): :meth:`scan`'s index, built at its first call (with
        the automaton it is seldom needed)."""
        # the lengths to try after the first two characters of a word (most starts end there:
        # a character that begins some name seldom begins one at a given position)
        heads: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) >= 2:
                heads.setdefault(w[:2], set()).add(len(w))
        singles = {w for w in self.words if len(w) == 1}
        chars = "".join(sorted(re.escape(c) for c in {w[0] for w in self.words}))
        return (re.compile(f"[{chars}]") if chars else re.compile(r"(?!x)x"),
                {h: tuple(sorted(v, reverse=True)) + ((1,) if h[0] in singles else ()) for h, v in heads.items()},
                {c: (1,) for c in singles})

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each occurrence, in text order."""
        if self._automaton is None:
            return self.scan(text)
        order = self._order
        return [(a, b, order[i]) for i, a, b in self._automaton.find_matches_as_indexes(text)]

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """:meth:`find` in pure Python (the fallback, and the plain definition tests compare with)."""
        out = []
        pos = 0
        size = len(text)
        words = self.words
        starts, heads, singles = self._scan_tables
        for m in starts.finditer(text):
            i = m.start()
            if i < pos:
                continue  # inside the previous occurrence
            lengths = heads.get(text[i:i + 2]) or singles.get(text[i])
            if not lengths:
                continue
            for n in lengths:
                if i + n <= size and text[i:i + n] in words:
                    out.append((i, i + n, text[i:i + n]))
                    pos = i + n
                    break
        return out


def _parsed(pattern: re.Pattern):
    """(top-level items, the parser module) of a pattern, or None when no literal can be read
    off it (case-insensitive, or a parser of another Python version)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        from re import _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser  # type: ignore[no-redef]
    try:
        return list(parser.parse(pattern.pattern, pattern.flags)), parser
    except Exception:  # pragma: no cover - a parser of another Python version: no shortcut
        return None


@remembered
def required_text(pattern: re.Pattern) -> str:
    """The longest run of literal characters every match of ``pattern`` contains ("" when none is
    known): ``required_text(p) in text`` is a cheap test that lets most texts skip a costly
    search (a pattern that starts with a character class is tried at every position).

    >>> required_text(re.compile(r"[a-z]{2,8}\\s*[(（]中国[)）]")), required_text(re.compile("a|b"))
    ('中国', '')
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return ""
    items, parser = parsed
    best, run = "", []
    for op, arg in items + [(None, None)]:  # top level only: a literal there is in every match
        if op is parser.LITERAL:
            run.append(chr(arg))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best


@remembered
def required_texts(pattern: re.Pattern, limit: int = 16) -> tuple[str, ...]:
    """Literal texts one of which every match of ``pattern`` contains (() when none is known):
    like :func:`required_text`, but a small character class of literals in a run multiplies the
    run's readings, so a run such as ``[(（]中国[)）]`` gives four texts of four characters, rarer
    than its two-character literal. The set whose shortest text is longest is returned.

    >>> sorted(required_texts(re.compile(r"[a-z]{2,8}\\s*[(（]中国[)）]")))
    ['(中国)', '(中国）', '（中国)', '（中国）']
    >>> required_texts(re.compile("a|b")), required_texts(re.compile("a+|bc"))
    (('a', 'b'), ())
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return ()
    items, parser = parsed
    best: tuple[str, ...] = ()
    run = [""]
    for op, arg in items + [(None, None)]:  # top level only: what is there is in every match
        chars = None
        if op is parser.LITERAL:
            chars = [chr(arg)]
        elif op is parser.IN and all(o is parser.LITERAL for o, _ in arg):
            chars = [chr(a) for _, a in arg]
        if chars is not None and len(run) * len(chars) <= limit:
            run = [r + c for r in run for c in chars]
            continue
        if run[0] and (not best or min(map(len, run)) > min(map(len, best))):
            best = tuple(sorted(set(run)))
        run = chars if chars is not None and len(chars) <= limit else [""]
    return best


@remembered
def required_any(pattern: re.Pattern, limit: int = 16) -> tuple[str, ...]:
    """Literal texts one of which every match of ``pattern`` contains (() when none is known), for
    a pattern that is an alternation too: each alternative gives its own texts (as
    :func:`required_texts` reads a sequence, a group of plain words counting as a character class
    of words), and the pattern needs one of them all. ``any(t in text for t in ...)`` false means
    no match: a cheap test before a search that would try every position.

    >>> required_any(re.compile(r"((?<!x)ab|[cd]e|(?:^|,)\\s*(?:fg|hi)j?)"))
    ('ab', 'ce', 'de', 'fg', 'hi')
    >>> required_any(re.compile("ab|c*"))
    ()
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return ()
    items, parser = parsed
    texts = _texts_in(items, parser, limit)
    # a text that holds another one of the set adds nothing to the test
    return tuple(t for t in texts if not any(o != t and o in t for o in texts))


def _texts_in(items: list, parser, limit: int) -> tuple[str, ...]:
    """:func:`required_any` of a parsed sequence."""
    if len(items) == 1 and items[0][0] is parser.SUBPATTERN:
        _, add_flags, _, inner = items[0][1]
        return () if add_flags & re.IGNORECASE else _texts_in(list(inner), parser, limit)
    if len(items) == 1 and items[0][0] is parser.BRANCH:
        out: set[str] = set()
        for alt in items[0][1][1]:
            texts = _texts_in(list(alt), parser, limit)
            if not texts:
                return ()  # an alternative with no known text: any text may match
            out.update(texts)
        return tuple(sorted(out))
    best: tuple[str, ...] = ()
    run = [""]
    for op, arg in items + [(None, None)]:  # what stands in the sequence is in every match
        words = _words_of(op, arg, parser)
        if words is not None and len(run) * len(words) <= limit:
            run = [r + w for r in run for w in words]
            continue
        if run[0] and (not best or min(map(len, run)) > min(map(len, best))):
            best = tuple(sorted(set(run)))
        run = words if words is not None and len(words) <= limit else [""]
    return best


def _words_of(op, arg, parser) -> list[str] | None:
    """The plain words one of which a parsed item matches: a literal, a class of literals, a group
    of plain words ("(?:ab|cd)"); None for anything else."""
    if op is parser.LITERAL:
        return [chr(arg)]
    if op is parser.IN and all(o is parser.LITERAL for o, _ in arg):
        return [chr(a) for _, a in arg]
    if op is parser.SUBPATTERN and not arg[1] & re.IGNORECASE:  # a capturing group
        inner = list(arg[3])
        if len(inner) == 1:
            return _words_of(*inner[0], parser)
        if inner and all(o is parser.LITERAL for o, _ in inner):
            return ["".join(chr(a) for _, a in inner)]
    if op is parser.BRANCH:  # the parser inlines a non-capturing group "(?:ab|cd)"
        alts = arg[1]
        if all(alt and all(o is parser.LITERAL for o, _ in alt) for alt in alts):
            return ["".join(chr(a) for _, a in alt) for alt in alts]
    return None


class AnchoredPattern:
    """``pattern.finditer`` tried only near a character every match holds (its anchor, such as
    the 月 of a date): most texts have many places where the pattern's first characters stand
    (any digit) and few anchors.

    Exact: the part of a match before its first anchor is made of characters of the pattern's
    alphabet other than the anchor, so a match can only start inside the run of such characters
    that ends right before the next anchor; each start there is tried in order (``match`` at a
    position behaves as ``search`` does there: lookbehinds and ``^`` still see the whole text).
    A pattern without a known anchor or alphabet is searched as usual.

    >>> [m.group(0) for m in AnchoredPattern(re.compile(r"\\d+\\s*x\\d*")).finditer("1 2x3 x 45 x")]
    ['2x3', '45 x']
    """

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        anchor = required_text(pattern)[:1]
        alphabet = _alphabet(pattern)
        self._anchor = anchor if alphabet is not None else ""
        chars, self._digits, self._spaces = alphabet or (frozenset(), False, False)
        self._chars = chars - {anchor}
        # whether a match may start at the anchor itself (else an anchor right after a character
        # outside the alphabet, as the 月 of a word, is skipped untried)
        self._at_anchor = 1 if not self._anchor or _may_start_with(pattern, self._anchor) else 0

    def finditer(self, text: str, pos: int = 0):
        """The matches ``pattern.finditer(text, pos)`` gives, in order."""
        anchor = self._anchor
        if not anchor:
            yield from self.pattern.finditer(text, pos)
            return
        match, chars, digits, spaces, extra = self.pattern.match, self._chars, self._digits, self._spaces, self._at_anchor
        while True:
            k = text.find(anchor, pos)
            if k < 0:
                return
            j = k  # back over the characters that may stand before the anchor in a match
            while j > pos and (text[j - 1] in chars or (digits and text[j - 1].isdecimal())
                               or (spaces and text[j - 1].isspace())):
                j -= 1
            for s in range(j, k + extra):  # a match may also start at the anchor itself (extra 1)
                m = match(text, s)
                if m:
                    yield m
                    pos = m.end()
                    break
            else:
                pos = k + 1


@remembered
def _may_start_with(pattern: re.Pattern, ch: str) -> bool:
    """False when no match of ``pattern`` can begin with ``ch``: the pattern opens with a literal,
    a class of literals and ranges, or a lookahead on one, that ``ch`` is not; True otherwise."""
    parsed = _parsed(pattern)
    if parsed is None or not parsed[0]:
        return True
    (op, arg), parser = parsed[0][0], parsed[1]
    if op is parser.ASSERT and arg[0] == 1 and len(arg[1]):  # a lookahead: its first item
        op, arg = list(arg[1])[0]
    if op is parser.LITERAL:
        return chr(arg) == ch
    if op is parser.IN:
        for o, a in arg:
            if o is parser.LITERAL and chr(a) == ch or o is parser.RANGE and a[0] <= ord(ch) <= a[1]:
                return True
            if o not in (parser.LITERAL, parser.RANGE):
                return True  # a category, a negation …: not read here
        return False
    return True


@remembered
def _alphabet(pattern: re.Pattern) -> tuple[frozenset[str], bool, bool] | None:
    """(characters, any decimal digit, any space) that a match of ``pattern`` may hold, or None
    when it is not a small set (``.``, a negated class, a wide range, \\w, a case-insensitive flag)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    items, parser = parsed
    chars: set[str] = set()
    flags = {"digits": False, "spaces": False}

    def walk(seq) -> bool:
        for op, arg in seq:
            if op is parser.LITERAL:
                chars.add(chr(arg))
            elif op is parser.IN:
                for o, a in arg:
                    if o is parser.LITERAL:
                        chars.add(chr(a))
                    elif o is parser.RANGE and a[1] - a[0] <= 256:
                        chars.update(chr(c) for c in range(a[0], a[1] + 1))
                    elif o is parser.CATEGORY and a is parser.CATEGORY_DIGIT:
                        flags["digits"] = True
                    elif o is parser.CATEGORY and a is parser.CATEGORY_SPACE:
                        flags["spaces"] = True
                    else:
                        return False  # a negated class, a wide range, \w …
            elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None)):
                if not walk(arg[2]):
                    return False
            elif op is parser.SUBPATTERN:
                if arg[1] & re.IGNORECASE or not walk(arg[3]):
                    return False
            elif op is parser.BRANCH:
                if not all(walk(alt) for alt in arg[1]):
                    return False
            elif op in (parser.ASSERT, parser.ASSERT_NOT, parser.AT):
                continue  # matches no character of its own
            else:
                return False  # ANY, a back reference, a conditional …
        return True

    if not walk(items):
        return None
    return frozenset(chars), flags["digits"], flags["spaces"]


class WordsPresent:
    """Which of some words are substrings of a text: every occurrence, overlapping ones included,
    reported by one pass of an Aho-Corasick automaton (where ``ahocorasick_rs`` is installed)
    instead of one scan of the text per word; :meth:`plain` is the definition (and fallback)."""

    def __init__(self, words: Iterable[str]):
        self.words = tuple(sorted(set(filter(None, words))))
        # (as a DFA: the same matches, found faster; a few hundred words: small, built in ms)
        self._automaton = automaton(self.words, dfa=True, kind="Standard") \
            if _ac is not None and self.words else None

    def plain(self, text: str) -> frozenset[str]:
        """The words that are substrings of ``text``."""
        return frozenset(w for w in self.words if w in text)

    def present(self, text: str) -> frozenset[str]:
        """:meth:`plain`, by the automaton."""
        if self._automaton is None:
            return self.plain(text)
        return frozenset(self._automaton.find_matches_as_strings(text, overlapping=True))

    __call__ = present
