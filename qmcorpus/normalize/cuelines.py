"""qmcorpus.normalize.cuelines: the lines of a page a line rule may match, found by one scan of the page.

A rule tested on each line of a page (one regex or several) can only match a line that holds one
of its cue texts: literal texts one of which every match of the rule contains (the ``位置`` of a
breadcrumb, the ``|`` of a menu bar). One scan of the whole page for the cue texts gives the lines
worth testing; the other lines are known not to match without a test of their own.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable

from ..literals import LiteralMatcher, required_any, words_re
from ..regex_facts import remembered

LIMIT = 16  # at most this many cue texts for one part of a pattern (a class of literals multiplies them)


@remembered
def needs(pattern: re.Pattern) -> tuple[str, ...]:
    """Literal texts one of which every match of ``pattern`` contains (() when none is known).

    As :func:`qmcorpus.literals.required_any`, and also inside a group or a repeat that must
    match at least once ("(\\s*[|｜]\\s*…){2,}" needs a bar): every match of a sequence holds a
    match of each of its parts that cannot match empty.

    >>> needs(re.compile(r"^[^,]{2,20}(\\s*[|/]\\s*\\w{2,10}){2,}$"))
    ('/', '|')
    >>> needs(re.compile(r"a*|b"))
    ()
    """
    best = required_any(pattern, LIMIT)
    if pattern.flags & re.IGNORECASE:
        return ()
    parser = _sre_parser()
    try:
        items = list(parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover - a parser of another Python version: what is known
        return best
    deeper = _in_sequence(items, parser)
    return best if _better(best, deeper) else deeper


def _sre_parser():
    try:
        from re import _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser  # type: ignore[no-redef]
    return parser


def cue_regex(pattern: re.Pattern) -> re.Pattern:
    """A regex finding a cue text of ``pattern`` (:func:`needs`): where it finds none, ``pattern``
    matches nowhere. Without a known cue it matches everywhere (nothing is turned away).

    >>> [cue_regex(re.compile("^(ab|cd)x?")).search(s) is not None for s in ("zcdz", "acbd")]
    [True, False]
    >>> cue_regex(re.compile("a*")).search("z") is not None
    True
    """
    texts = needs(pattern)
    return words_re(texts) if texts else re.compile("")


@remembered
def anchored(pattern: str) -> bool:
    """``pattern`` starts with a "^" that anchors all of it (not only a first alternative): without
    the multi-line flag it can match only at the start of a string.

    >>> anchored("^ab|c"), anchored("^(ab|c)"), anchored("a^")
    (False, True, False)
    """
    parser = _sre_parser()
    items = list(parser.parse(pattern))
    return pattern.startswith("^") and bool(items) and items[0] == (parser.AT, parser.AT_BEGINNING)


def _better(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """``a`` is the rarer set of cues: longer shortest text, then fewer texts."""
    if not b:
        return True
    if not a:
        return False
    return (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b))


def _in_sequence(items: list, parser) -> tuple[str, ...]:
    """Texts one of which every match of a parsed sequence contains: the best of its parts' (a run
    of literal characters counting as one text)."""
    best: tuple[str, ...] = ()
    run = ""
    for op, arg in items + [(None, None)]:
        if op is parser.LITERAL:
            run += chr(arg)
            continue
        found = _in_item(op, arg, parser) if op is not None else ()
        for texts in ((run,) if run else (), found):
            if texts and _better(texts, best):
                best = texts
        run = ""
    return best


def _in_item(op, arg, parser) -> tuple[str, ...]:
    """Texts one of which every match of one parsed item contains (() when none is known)."""
    if op is parser.LITERAL:
        return (chr(arg),)
    if op is parser.IN and arg and all(o is parser.LITERAL for o, _ in arg) and len(arg) <= LIMIT:
        return tuple(sorted({chr(a) for _, a in arg}))
    if op is parser.SUBPATTERN:
        _, add_flags, del_flags, inner = arg
        return () if add_flags & re.IGNORECASE else _in_sequence(list(inner), parser)
    if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
        low, _, body = arg
        return _in_sequence(list(body), parser) if low >= 1 else ()
    if op is parser.BRANCH:
        out: set[str] = set()
        for alt in arg[1]:
            found = _in_sequence(list(alt), parser)
            if not found:
                return ()  # an alternative with no known text
            out.update(found)
        return tuple(sorted(out)) if len(out) <= LIMIT else ()
    return ()


class CueLines:
    """The lines of a page that may match any of ``patterns`` (each tested on one line).

    ``lines(text, starts)`` gives the indices of the lines (``text.split("\\n")``, line ``i``
    starting at ``starts[i]``) holding one of the patterns' cue texts, or None when a pattern
    has no known cue (every line may match). Exact: a line that matches holds a cue, and a line
    holding a cue is found by the search from its start (a cue holds no line break)."""

    def __init__(self, patterns: Iterable[re.Pattern], texts: Iterable[str] = ()):
        texts = set(texts)  # more texts whose lines are wanted (a line holding one is marked)
        self.scan: re.Pattern | None = None
        self.texts: frozenset[str] | None = None  # the cue texts (None: every line may match)
        for p in patterns:
            found = needs(p)
            if not found:
                return  # a pattern without cue: no line can be skipped
            texts.update(found)
        if any("\n" in t for t in texts):
            return  # pragma: no cover - a cue across lines would mark the wrong line
        self.scan = words_re(texts)
        self.texts = frozenset(texts)

    def lines(self, text: str, starts: list[int], first: int = 0) -> set[int] | None:
        """Indices of the lines that hold a cue, from line ``first`` on (the lines before it are
        not asked about), None when every line must be tested."""
        if self.scan is None:
            return None
        return set(lines_holding(self.scan, text, starts, first))


def lines_holding(pattern: re.Pattern, text: str, starts: list[int], first: int = 0) -> list[int]:
    """Indices of the lines of ``text`` in which ``pattern`` (a pattern that matches within one
    line, no anchor or lookaround) matches, in order, from line ``first`` on; line ``i`` starts at
    ``starts[i]``. After a hit the search goes on from the next line (the rest of a marked line is
    not scanned).

    >>> lines_holding(re.compile("a|b"), "xa\\nyy\\nbab\\n", [0, 3, 6, 10])
    [0, 2]
    """
    out: list[int] = []
    search = pattern.search
    pos = starts[first] if first < len(starts) else len(text) + 1
    while (m := search(text, pos)) is not None:
        i = bisect.bisect_right(starts, m.start()) - 1
        out.append(i)
        if i + 1 >= len(starts):
            break
        pos = starts[i + 1]
    return out


@remembered
def first_chars(pattern: re.Pattern) -> tuple[frozenset[str], bool] | None:
    """(characters, whether any decimal digit) a match of ``pattern`` may start with; None when
    not known (a negated class, ``.``, a wide range …) or when it may match the empty string.

    >>> sorted(first_chars(re.compile(r"^(ab|c)?[,;]?d"))[0])
    [',', ';', 'a', 'c', 'd']
    >>> first_chars(re.compile(r"\\d+x"))[1], first_chars(re.compile(r"[^a]")), first_chars(re.compile("a*"))
    (True, None, None)
    """
    if pattern.flags & re.IGNORECASE:
        return None
    parser = _sre_parser()
    chars: set[str] = set()
    digits = False

    def sequence(items) -> bool | None:  # may the sequence match empty? (None: unknown)
        for op, arg in items:
            empty = item(op, arg)
            if empty is None or not empty:
                return empty
        return True

    def item(op, arg) -> bool | None:  # adds the item's first characters; may it match empty?
        nonlocal digits
        if op is parser.LITERAL:
            chars.add(chr(arg))
            return False
        if op is parser.IN:
            for o, a in arg:
                if o is parser.LITERAL:
                    chars.add(chr(a))
                elif o is parser.RANGE and a[1] - a[0] <= 256:
                    chars.update(map(chr, range(a[0], a[1] + 1)))
                elif o is parser.CATEGORY and a is parser.CATEGORY_DIGIT:
                    digits = True
                else:
                    return None
            return False
        if op is parser.SUBPATTERN:
            return None if arg[1] & re.IGNORECASE else sequence(arg[3])
        if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
            empty = sequence(arg[2])
            return None if empty is None else (arg[0] == 0 or empty)
        if op is parser.BRANCH:
            empties = [sequence(alt) for alt in arg[1]]
            return None if None in empties else any(empties)
        if op in (parser.AT, parser.ASSERT, parser.ASSERT_NOT):
            return True  # no character of its own (a lookahead only narrows what follows)
        return None

    try:
        empty = sequence(list(parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # pragma: no cover - a parser of another Python version
        return None
    return None if empty is None or empty else (frozenset(chars), digits)


class EveryChar(frozenset):
    """Stands for the set of every character: what a match may start with when :func:`first_chars`
    does not know (``c in EVERY_CHAR`` is always true). (A subclass of a builtin type: kept in a
    module that is not compiled, see :mod:`qmcorpus.compiled`.)"""

    def __contains__(self, c: object) -> bool:
        return True


EVERY_CHAR = EveryChar()


class SharedScan:
    """Several cue sets of one page answered by one scan: the matches of all their cue texts (one
    scan of the page instead of one per set), each telling the sets its text holds a cue of.

    ``parts``: name → the cue texts of one set. ``lines(text, starts, lines)`` gives name → the
    indices of the lines holding one of its texts, as ``lines_holding(words_re(texts), …)`` would.
    Exact: a line holding a cue of a set holds a match of the union (a scan of it from its start
    finds one at or before it, and no cue holds a line break). The union's matches in a line
    (longest first, not overlapping) tell the sets: a cue starting where a match starts is a prefix
    of it (the longest wins), one starting inside a match ends inside it too unless it starts with
    the rest of that match and runs past it; a line holding a match some cue of another set may so
    run past (known here, and rare: "doc" before "copyright") is searched for each set instead."""

    def __init__(self, parts: dict[str, Iterable[str]]):
        parts = {name: frozenset(texts) for name, texts in parts.items()}
        self.parts = {name: words_re(texts) for name, texts in parts.items()}
        every = {t for texts in parts.values() for t in texts}
        assert not any("\n" in t for t in every)
        self.scan = words_re(every)
        # the same matches found by an automaton (a DFA of a hundred-odd texts: some five times
        # faster than the alternation), where the compiled one is installed
        matcher = LiteralMatcher(every, dfa=True)
        self.matcher = matcher if matcher.compiled else None
        # each union text → the sets one of whose cues it contains
        self.owners = {w: frozenset(name for name, texts in parts.items() if any(t in w for t in texts))
                       for w in every}
        # … and the texts a cue of a set they do not name may start in and run past
        self.risky = _risky(every, self.owners)

    def lines(self, text: str, starts: list[int], lines: list[str], first: dict[str, int] | None = None
              ) -> dict[str, set[int]]:
        """name → the lines holding one of its cues (from line ``first[name]`` on, if given)."""
        first = first or {}
        out: dict[str, set[int]] = {name: set() for name in self.parts}
        owners, risky, lines_at = self.owners, self.risky, bisect.bisect_right
        # (the matches in the whole text are the matches in each line: none spans a line break)
        for start, _, w in self.matches(text):
            i = lines_at(starts, start) - 1
            if w in risky:
                names = [name for name, part in self.parts.items() if part.search(lines[i])]
            else:
                names = owners[w]
            for name in names:
                out[name].add(i)
        for name, line in first.items():
            if name in out:  # (a set not scanned for is left out)
                out[name] = {i for i in out[name] if i >= line}
        return out

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, text) of each match of ``self.scan`` in ``text``, in order: leftmost,
        longest, not overlapping (what the longest-first alternation gives, and the automaton)."""
        if self.matcher is None:
            return [(m.start(), m.end(), m.group()) for m in self.scan.finditer(text)]
        return self.matcher.find(text)


def _risky(every: set[str], owners: dict[str, frozenset[str]]) -> frozenset[str]:
    """The texts ``w`` of ``every`` such that some text ``c`` of it starts inside ``w`` (at
    ``w[j:]``, j >= 1), runs past its end and names a set ``w`` does not (``owners``). Each text's
    proper prefixes are indexed once: a suffix of ``w`` is then looked up, not compared with
    every text (``c.startswith(w[j:]) and len(c) > len(w) - j`` is ``w[j:]`` being a proper
    prefix of ``c``)."""
    longer: dict[str, list[str]] = {}  # a proper prefix → the texts it is a proper prefix of
    for c in every:
        for k in range(1, len(c)):
            longer.setdefault(c[:k], []).append(c)
    return frozenset(w for w in every for j in range(1, len(w))
                     if any(not owners[c] <= owners[w] for c in longer.get(w[j:], ())))
