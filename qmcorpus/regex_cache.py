"""qmcorpus.regex_cache: the regular expressions a process compiles, kept compiled between runs.

Before its first document a process compiles some four hundred regular expressions (the fork
server does it for every worker): a fifth of its warm-up, most of it Python's ``re`` parsing each
pattern and turning it into the engine's code (every wide class such as ``[\\u4e00-\\u9fff]`` one
character at a time). That code depends only on the pattern, its flags and the Python that
compiles it. So :func:`save` keeps, in the user cache dir (:func:`qmcorpus.resources.user_cache_dir`),
the code of every expression in ``re``'s own cache; in the next process of the same kind,
:func:`preload` hands each one back to the engine (``_sre.compile``, the call that ends
``re.compile``; it checks the code it is given) and puts the pattern object in ``re``'s cache,
where every later ``re.compile`` of that pattern finds it: the same object, without the parsing.
The pack also holds the facts the toolkit read off its patterns (:mod:`qmcorpus.regex_facts`),
which would otherwise take as many parses again.

The file is keyed by the Python build, its regex engine's version and the toolkit's code and data
(:func:`qmcorpus.resources.code_hash`), checksummed and written atomically like the derived
tables, and holds data only (JSON and an array of numbers). It relies on private parts of CPython's
``re`` (the same from 3.10 to 3.13): anything unexpected — another Python, a damaged file, an
internal that changed — only means compiling as usual.
"""
from __future__ import annotations

import json
import re
import sys

# ``re`` keeps 512 expressions and then drops the oldest: the toolkit compiles more than that (and
# grows), so its processes keep up to this many; without the room neither would the kept ones
# stay in ``re``'s cache nor would :func:`save` keep any (it refuses a cache that overflowed)
CAPACITY = 2048

_kind: list[str] = []  # the kind of process preload() was asked for (a forked worker inherits it)
_loaded: set[tuple] = set()  # keys of re's cache ((str, pattern, flags)) the file held


def _internals():
    """(_sre, the parser, the compiler) of this Python's ``re``; None where they are not CPython's
    as known here (the cache is then not used)."""
    if sys.implementation.name != "cpython" or not isinstance(getattr(re, "_cache", None), dict):
        return None
    import _sre

    try:
        from re import _compiler, _parser  # Python >= 3.11
    except ImportError:  # Python 3.10
        import sre_compile as _compiler  # type: ignore[no-redef]
        import sre_parse as _parser  # type: ignore[no-redef]
    if not hasattr(_compiler, "_code") or getattr(_sre, "CODESIZE", 0) != 4:
        return None
    return _sre, _parser, _compiler


def _target(kind: str):
    """The cache file of this Python, this toolkit and this ``kind`` of process (a fork server
    compiles more than a process of its own), or None (no cache folder)."""
    import hashlib

    from . import resources

    folder = resources.user_cache_dir()
    internals = _internals()
    if folder is None or internals is None:
        return None
    key = "|".join([sys.version, sys.implementation.cache_tag, str(internals[0].MAGIC), sys.byteorder,
                    resources.code_hash(), kind])
    return folder / f"regex-{kind}-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pack"


def compiled_form(pattern: str, flags: int) -> tuple:
    """(pattern, flags, flags with the pattern's own, groups, group index, index group, code):
    what ``re.compile(pattern, flags)`` hands to ``_sre.compile``, computed as ``re`` does."""
    _, parser, compiler = _internals()
    p = parser.parse(pattern, flags)
    code = compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return pattern, flags, flags | p.state.flags, p.state.groups - 1, groupindex, indexgroup, code


def preload(kind: str) -> int:
    """Put the expressions :func:`save` kept for this ``kind`` of process into ``re``'s cache (as
    many as it has room for); returns how many. Never raises: an expression not put there is
    compiled as usual when asked for."""
    if _kind:  # done already, here or in the fork server this process was forked from
        return 0
    _kind.append(kind)
    try:
        from . import regex_facts, resources

        make_room()

        target = _target(kind)
        parts = None if target is None else resources.load_pack(target)
        if parts is None or len(parts) != 3:
            return 0
        regex_facts.load(parts[2])  # (all or nothing, on its own: the expressions below do not need it)
        entries = json.loads(parts[0])
        codes = _codes(parts[1])
        _sre = _internals()[0]
        room = re._MAXCACHE - len(re._cache)
        at = count = 0
        for pattern, flags, final, groups, groupindex, indexgroup, size in entries:
            key = (str, pattern, flags)
            if key not in re._cache and count < room:  # (else compiled already, by a module imported before)
                re._cache[key] = _sre.compile(pattern, final, codes[at:at + size], groups, groupindex,
                                              tuple(indexgroup))
                count += 1
            _loaded.add(key)
            at += size
        return count
    except Exception:  # a damaged or foreign file, a changed internal: compiled as usual
        return 0


def make_room() -> None:
    """Let ``re``'s cache hold :data:`CAPACITY` expressions (where its internals are the known
    ones): it never drops the toolkit's own, nor a kept one the preload handed over."""
    if _internals() is not None and re._MAXCACHE < CAPACITY:
        re._MAXCACHE = CAPACITY


def _codes(data: bytes) -> list[int]:
    import array

    column = array.array("I")
    column.frombytes(data)
    if sys.byteorder == "big":
        column.byteswap()
    return column.tolist()


def save(kind: str) -> None:
    """Keep, for the next process of this ``kind``, the code of every text pattern in ``re``'s
    cache and the facts read off patterns (:mod:`qmcorpus.regex_facts`), when some of them did
    not come from :func:`preload` (a first run, or expressions new since); only in the process
    that preloaded this kind (not in a worker forked from a fork server, whose expressions are
    the server's); never raises."""
    from . import regex_facts, resources

    if _kind != [kind]:
        return
    try:
        target = _target(kind)
        keys = [k for k in list(re._cache) if k[0] is str and type(k[2]) is int]
        # nothing new; or a run that built derived tables, whose builders' expressions a later run
        # does not compile (they would crowd its own out of re's cache: kept next time)
        if (target is None or (all(k in _loaded for k in keys) and not regex_facts.fresh()) or resources.BUILT
                or len(keys) > re._MAXCACHE - 32):
            return
        import array

        forms = [compiled_form(k[1], k[2]) for k in keys]
        # ASCII JSON: a pattern may hold a lone surrogate (of undecodable bytes), which UTF-8 cannot
        head = json.dumps([[*form[:6], len(form[6])] for form in forms]).encode("ascii")
        column = array.array("I", [c for form in forms for c in form[6]])
        if sys.byteorder == "big":
            column.byteswap()
        resources.store_pack(target, [head, column.tobytes(), regex_facts.export()])
        resources.prune_cache(target.parent, f"regex-{kind}-", keep=(target.name,))
        _loaded.update(keys)
        regex_facts.kept()
    except Exception:  # only costs the compiling next time
        return
