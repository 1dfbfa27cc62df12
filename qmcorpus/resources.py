"""qmcorpus.resources: the one module that knows where package data lives; loads, validates, caches."""
from __future__ import annotations

import csv
import functools
import hashlib
import math
import os
import pickle
import re
from pathlib import Path

from .errors import ResourceError
from .literals import words_re

try:  # Python ≥ 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

_DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = (
    "furniture.toml",
    "t2s_corrections.tsv",
    "national_themes.csv",
    "userdict.txt",
    "regions.csv",
    "region_former_names.csv",
    "categories.toml",
    "extract.toml",
    "bodies.csv",
    "byteshift.toml",
)


def path(name: str) -> Path:
    """Path of a package data file (``qmcorpus/data/<name>``); raises ResourceError if missing."""
    p = _DATA_DIR / name
    if not p.is_file():
        raise ResourceError(f"package data file missing: {p}")
    return p


@functools.cache
def toml(name: str) -> dict:
    """Parsed TOML data file (cached)."""
    p = path(name)
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{p}: invalid TOML: {exc}") from exc


@functools.cache
def furniture() -> dict:
    """Page-furniture patterns (navigation, metadata keys, UI labels, spam cues, footers)."""
    data = toml("furniture.toml")
    for section in ("nav", "meta", "ui", "spam", "footer", "tail_block", "inline", "link_list"):
        if section not in data:
            raise ResourceError(f"{path('furniture.toml')}: missing section [{section}]")
    return data


@functools.cache
def t2s_corrections() -> tuple[tuple[str, str], ...]:
    """(wrong, right) pairs fixing OpenCC t2s output in this domain, longest first."""
    p = path("t2s_corrections.tsv")
    pairs = []
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != len(parts[1]):
            raise ResourceError(f"{p}:{lineno}: expected 'wrong<TAB>right' of equal length, got {line!r}")
        pairs.append((parts[0], parts[1]))
    return tuple(sorted(pairs, key=lambda kv: -len(kv[0])))


@functools.cache
def t2s_corrections_re() -> re.Pattern | None:
    pairs = t2s_corrections()
    if not pairs:
        return None
    return words_re(w for w, _ in pairs)


@functools.cache
def _jieba_dict_path() -> Path:
    """jieba's bundled frequency dictionary (located without importing jieba, which is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ResourceError("jieba is not installed (pip install jieba)")
    return Path(spec.origin).parent / "dict.txt"


def _read_freq_file(p: Path, freq: dict[str, int]) -> None:
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                try:
                    freq[parts[0]] = max(freq.get(parts[0], 0), int(parts[1]))
                except ValueError:
                    continue


_PICKLE_FORMAT = 4  # part of the cache key: a change of format rebuilds the tables


def user_cache_dir() -> Path | None:
    """Where derived tables are kept between runs: ``$QMCORPUS_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/qmcorpus`` (``~/.cache/qmcorpus``); None when there is no home folder."""
    if os.environ.get("QMCORPUS_CACHE_DIR"):
        return Path(os.environ["QMCORPUS_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "qmcorpus"
    try:
        return Path.home() / ".cache" / "qmcorpus"
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry (some containers)
        return None


def _derived(name: str, sources: tuple[Path, ...], build):
    """``build()``, kept in :func:`user_cache_dir` under a key of the sources' paths, sizes and
    modification times: every worker process would otherwise rebuild it (seconds per run).
    A cache that cannot be read or written only costs the time to build."""
    h = hashlib.sha256(f"{name}|{_PICKLE_FORMAT}".encode())
    for src in sources:
        st = src.stat()
        h.update(f"|{src}|{st.st_size}|{st.st_mtime_ns}".encode())
    folder = user_cache_dir()
    if folder is None:
        return build()
    target = folder / f"{name}-{h.hexdigest()[:20]}.pickle"
    value = load_pickle(target)
    if value is None:
        value = build()
        store_pickle(target, value, protocol=_PICKLE_FORMAT)
    return value


def load_pickle(target: Path):
    """The object a cache file holds, or None when it is missing, unreadable or damaged."""
    try:
        with open(target, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None


def store_pickle(target: Path, value, *, protocol: int = pickle.HIGHEST_PROTOCOL) -> None:
    """Write a cache file atomically (a temporary file, then a rename: readers never see half of
    one); a cache that cannot be written only costs time."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=protocol)
        os.replace(tmp, target)
    except OSError:
        pass


def _build_word_freq() -> dict[str, int]:
    freq: dict[str, int] = {}
    _read_freq_file(_jieba_dict_path(), freq)
    _read_freq_file(path("userdict.txt"), freq)
    return freq


@functools.cache
def word_freq() -> dict[str, int]:
    """Word → frequency: jieba's bundled dictionary plus the domain lexicon (``userdict.txt``)."""
    return _derived("word_freq", (_jieba_dict_path(), path("userdict.txt")), _build_word_freq)


def _build_char_logfreq() -> dict[str, float]:
    counts: dict[str, int] = {}
    for word, f in word_freq().items():
        for ch in word:
            counts[ch] = counts.get(ch, 0) + f
    return {ch: math.log(c + 1) for ch, c in counts.items()}


@functools.cache
def char_logfreq() -> dict[str, float]:
    """Character → log of its summed word frequency in jieba's dictionary (plausibility scores)."""
    return _derived("char_logfreq", (_jieba_dict_path(), path("userdict.txt")), _build_char_logfreq)


def derived_table(name: str, build, *, sources: tuple[Path, ...] = ()):
    """A table computed from the word dictionaries by ``build()``, kept between runs like
    :func:`word_freq`; the key covers jieba's dictionary, the domain lexicon and ``sources``
    (list the module that builds the table, so that a change of its code rebuilds it)."""
    return _derived(name, (_jieba_dict_path(), path("userdict.txt"), *sources), build)


def _build_word_slots(min_freq: int, max_len: int) -> dict[str, str]:
    slots: dict[str, list[str]] = {}
    for word, f in word_freq().items():
        if f < min_freq or not 2 <= len(word) <= max_len:
            continue
        for i, ch in enumerate(word):
            slots.setdefault(f"{word[:i]}\0{word[i + 1:]}", []).append(ch)
    return {key: "".join(chars) for key, chars in slots.items()}


@functools.cache
def word_slots(min_freq: int, max_len: int) -> dict[str, str]:
    """Dictionary words with one character blanked → the characters that fill the blank.

    The key is the word with ``"\\0"`` in place of one character (``"质\\0月"`` for 质量月), the
    value every character that makes a word of at least ``min_freq`` there (words of 2 to
    ``max_len`` characters): what fills a slot between given neighbours, in one look-up per
    neighbour span instead of one per candidate character.
    """
    return _derived(f"word_slots_{min_freq}_{max_len}", (_jieba_dict_path(), path("userdict.txt")),
                    lambda: _build_word_slots(min_freq, max_len))


@functools.cache
def national_themes() -> tuple[dict, ...]:
    """National Quality Month facts by year (theme, lead issuer, document number, source)."""
    with open(path("national_themes.csv"), encoding="utf-8", newline="") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


@functools.cache
def body_aliases() -> dict[str, str]:
    """Short or former names of bodies → their canonical full name (data/bodies.csv)."""
    with open(path("bodies.csv"), encoding="utf-8", newline="") as fh:
        return {row["alias"]: row["canonical"] for row in csv.DictReader(fh)}


@functools.cache
def data_hash() -> str:
    """A hash of all package data files (cache keys change when a lexicon changes)."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        h.update(path(name).read_bytes())
    return h.hexdigest()[:16]
