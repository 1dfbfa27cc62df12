"""qmcorpus.regex_facts: what the toolkit reads off its regular expressions, kept between runs.

Several shortcuts read facts off a pattern's parse — the cue texts every match holds
(:func:`qmcorpus.normalize.cuelines.needs`), whether it is anchored, the characters a match starts
with, what follows a lazy group (:mod:`qmcorpus.extract.lookahead`) — and every process did so
again before its first document: some seven hundred parses of Python's ``re`` parser, a sixth of
the fork server's warm-up (and a few build a pattern's text from a table's characters, a loop
over thousands of them). Each such reader is a pure function of the pattern's text (or another
text), its flags and a few plain arguments, and its value is plain immutable data (None, a bool,
an int, a text, a tuple or a frozenset of those). :func:`remembered` wraps it: a value is computed once per process,
and :mod:`qmcorpus.regex_cache` keeps the values of a run in its pack (keyed by the Python build
and :func:`qmcorpus.resources.code_hash`: a change of the readers' code or of the parser is
another file), so that the next process of the same kind reads them instead of parsing.

Exact: a value is used only for the very arguments it was computed from, by the same code and
the same Python; a file whose facts are not exactly the plain data described here is ignored
whole (everything is computed as usual).
"""
from __future__ import annotations

import functools
import json
import re

_facts: dict[tuple, object] = {}  # (reader, pattern text, flags, args) → value
_fresh: list[int] = [0]  # how many values this process computed (not read from a file)
_PLAIN = (type(None), bool, int, str)


def _key(name: str, pattern, args: tuple) -> tuple | None:
    """The memo key of a call, or None when the call is not remembered (a bytes pattern, an
    argument that is not plain)."""
    if isinstance(pattern, re.Pattern):
        text, flags = pattern.pattern, pattern.flags
    else:
        text, flags = pattern, None
    if type(text) is not str or not all(type(a) in _PLAIN for a in args):
        return None
    return name, text, flags, args


def remembered(fn):
    """``fn(pattern, *args)`` (pattern: a compiled pattern or a pattern text) computed once per
    arguments and kept with the regex cache; ``fn.plain`` is the function itself. ``fn`` must be
    pure (its value depends only on the pattern's text and flags and on ``args``) and give plain
    immutable data; a value that is not (a list, a set) is simply not remembered."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(pattern, *args):
        key = _key(name, pattern, args)
        if key is None:
            return fn(pattern, *args)
        try:
            return _facts[key]
        except KeyError:
            pass
        value = fn(pattern, *args)
        if _encodable(value):
            _facts[key] = value
            _fresh[0] += 1
        return value

    wrapper.plain = fn
    return wrapper


# ── a value as JSON and back: tuples and frozensets tagged, every other kind refused ───────────────
def _encodable(value) -> bool:
    if type(value) in _PLAIN:
        return True
    if type(value) in (tuple, frozenset):
        return all(_encodable(v) for v in value)
    return False


def encode(value):
    """``value`` (plain immutable data) as JSON data: a tuple as ``{"t": [...]}``, a frozenset as
    ``{"f": [...]}``."""
    if type(value) in _PLAIN:
        return value
    if type(value) is tuple:
        return {"t": [encode(v) for v in value]}
    if type(value) is frozenset:
        return {"f": [encode(v) for v in value]}
    raise TypeError(f"not plain immutable data: {type(value).__name__}")


def decode(data):
    """The value :func:`encode` gave ``data`` for; ValueError for anything else."""
    if type(data) in _PLAIN:
        return data
    if type(data) is dict and len(data) == 1:
        (tag, items), = data.items()
        if type(items) is list:
            if tag == "t":
                return tuple(decode(v) for v in items)
            if tag == "f":
                return frozenset(decode(v) for v in items)
    raise ValueError("not an encoded value")


def export() -> bytes:
    """Every value known to this process, as ASCII JSON (a pattern may hold a lone surrogate,
    which UTF-8 cannot)."""
    rows = [[name, text, flags, list(args), encode(value)] for (name, text, flags, args), value in _facts.items()]
    return json.dumps(rows, separators=(",", ":")).encode("ascii")


def fresh() -> bool:
    """Whether this process computed a value that :func:`load` did not give it."""
    return _fresh[0] > 0


def kept() -> None:
    """Note that every value known was written (:func:`fresh` is False until one more is computed)."""
    _fresh[0] = 0


def load(data: bytes) -> int:
    """Add the values :func:`export` wrote (of this code and this Python: the caller's key says
    so) to those known; returns how many. Data that is not exactly such rows adds none."""
    try:
        rows = json.loads(data)
        found = {}
        for name, text, flags, args, value in rows:
            if (type(name) is not str or type(text) is not str or (flags is not None and type(flags) is not int)
                    or type(args) is not list or not all(type(a) in _PLAIN for a in args)):
                raise ValueError("not a fact")
            found[name, text, flags, tuple(args)] = decode(value)
    except (ValueError, TypeError, RecursionError, MemoryError):  # damaged: computed as usual
        return 0
    for key, value in found.items():
        _facts.setdefault(key, value)
    return len(found)


def forget() -> None:
    """Drop every value (tests)."""
    _facts.clear()
    _fresh[0] = 0
