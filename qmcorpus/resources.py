"""qmcorpus.resources: the one module that knows where package data lives; loads, validates, caches."""
from __future__ import annotations

import csv
import functools
import hashlib
import math
import operator
import json
import os
import re
import stat
import sys
import zlib
from pathlib import Path

from .errors import ResourceError
from .version import __version__

try:  # Python ≥ 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

_DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = (
    "furniture.toml",
    "chrome.toml",
    "t2s_corrections.tsv",
    "national_themes.csv",
    "userdict.txt",
    "regions.csv",
    "region_former_names.csv",
    "categories.toml",
    "extract.toml",
    "bodies.csv",
    "byteshift.toml",
    "patterns.toml",
    "warmup.toml",
)
# files that hold nothing but regular expressions: every entry is checked when the file is first used
PATTERN_FILES = ("patterns.toml",)


def path(name: str) -> Path:
    """Path of a package data file (``qmcorpus/data/<name>``); raises ResourceError if missing."""
    p = _DATA_DIR / name
    if not p.is_file():
        raise ResourceError(f"package data file missing: {p}")
    return p


@functools.cache
def toml(name: str) -> dict:
    """Parsed TOML data file (cached; and kept between runs as JSON, which reads some ten times
    faster than TOML parses: the data files are read by every process before its first page)."""
    p = path(name)
    return _derived(f"toml_{p.stem}", (p,), lambda: _parsed_toml(p))


def _parsed_toml(p: Path) -> dict:
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{p}: invalid TOML: {exc}") from exc


def _key_line(p: Path, dotted: str) -> int:
    """The line of ``p`` where the key ``dotted`` is assigned: under its ``[table]`` header if
    there is one, else the first line assigning its last part (0: not found)."""
    key = dotted.rsplit(".", 1)[-1]
    lines = p.read_text(encoding="utf-8").splitlines()
    table, first = "", 0
    for lineno, line in enumerate(lines, 1):
        header = re.match(r"\s*\[([^\[\]]+)\]\s*(?:#.*)?$", line)
        if header:
            table = header.group(1).strip()
            continue
        m = re.match(r"\s*\"?([\w.-]+)\"?\s*=", line)
        if m:
            if f"{table}.{m.group(1)}".lstrip(".") == dotted:
                return lineno
            if not first and m.group(1).rsplit(".", 1)[-1] == key:
                first = lineno
    return first


def _where(name: str, dotted: str) -> str:
    """``file:line: key`` of an entry, for error messages (reads the file: only on errors)."""
    return f"{path(name)}:{_key_line(path(name), dotted)}: {dotted}"


def _entry(name: str, dotted: str):
    """The value under the dotted key of a TOML data file; a ResourceError names a missing one."""
    value = toml(name)
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ResourceError(f"{path(name)}: missing key {dotted!r}")
        value = value[part]
    return value


@functools.cache
def word_list(name: str, dotted: str) -> tuple[str, ...]:
    """A list of words of a TOML data file, validated: non-empty strings without spaces around
    them, no repeats (the order is kept: it can decide between overlapping words)."""
    value = _entry(name, dotted)
    if not isinstance(value, list) or not value:
        raise ResourceError(f"{_where(name, dotted)}: expected a non-empty list of words")
    for w in value:
        if not isinstance(w, str) or not w or w != w.strip():
            raise ResourceError(f"{_where(name, dotted)}: not a word: {w!r}")
    if len(set(value)) != len(value):
        raise ResourceError(f"{_where(name, dotted)}: a word is listed twice: {sorted(w for w in set(value) if value.count(w) > 1)}")
    return tuple(value)


_PIECE_REF = re.compile(r"\$\{(\w+)\}")


def _expanded(name: str, dotted: str, value, seen: tuple = ()) -> str:
    """The regular expression text of an entry, each ``${piece}`` replaced by the entry of that
    name in the ``pieces`` table beside it (``fields.theme`` → ``fields.pieces.<piece>``; a piece
    may use other pieces). Errors name the file, the line and the key."""
    if not isinstance(value, str) or not value:
        raise ResourceError(f"{_where(name, dotted)}: expected a regular expression (a non-empty string)")
    parent = dotted.rsplit(".", 1)[0] if "." in dotted else ""
    if parent.endswith(".pieces") or parent == "pieces":
        parent = parent.rsplit(".", 1)[0] if "." in parent else ""
    prefix = f"{parent}.pieces." if parent else "pieces."

    def piece(m: re.Match) -> str:
        key = prefix + m.group(1)
        if key in seen:
            raise ResourceError(f"{_where(name, dotted)}: piece ${{{m.group(1)}}} uses itself")
        try:
            sub = _entry(name, key)
        except ResourceError:
            raise ResourceError(f"{_where(name, dotted)}: unknown piece ${{{m.group(1)}}} (no key {key!r})") from None
        return _expanded(name, key, sub, seen + (key,))

    return _PIECE_REF.sub(piece, value)


@functools.cache
def pattern(name: str, dotted: str, flags: int = 0) -> re.Pattern:
    """A regular expression of a TOML data file, compiled once (with ``flags``); its ``${piece}``
    references expanded (see :func:`_expanded`). An invalid one raises a ResourceError naming the
    file, the line and the key."""
    if name in PATTERN_FILES:
        checked(name)
    value = _entry(name, dotted)
    try:
        return re.compile(_expanded(name, dotted, value), flags)
    except re.error as exc:
        raise ResourceError(f"{_where(name, dotted)}: invalid regular expression: {exc}") from None


@functools.cache
def piece(name: str, dotted: str) -> str:
    """The text of a pattern piece (its own pieces expanded), for code that uses it as a string
    (a set of characters, say) besides the patterns built from it."""
    return _expanded(name, dotted, _entry(name, dotted))


@functools.cache
def checked(name: str) -> str:
    """Check every entry of a patterns-only data file (:data:`PATTERN_FILES`) once: each is a
    string, its pieces exist, and, outside ``pieces`` tables (fragments, not patterns), it
    compiles. Returns the name; raises a ResourceError naming the file, the line and the key."""

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, dotted + ".")
                continue
            text = _expanded(name, dotted, value)
            if dotted.split(".")[-2:-1] == ["pieces"]:
                continue
            try:
                re.compile(text)
            except re.error as exc:
                raise ResourceError(f"{_where(name, dotted)}: invalid regular expression: {exc}") from None

    walk(toml(name), "")
    return name


@functools.cache
def body_suffixes() -> tuple[str, ...]:
    """The endings of a body's name (data/extract.toml [issuers] suffixes: 局, 委员会, 公司 …), for
    ``name.endswith(body_suffixes())``."""
    return tuple(toml("extract.toml")["issuers"]["suffixes"])


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
    from .literals import words_re  # imported here: a run of cache hits needs none of the text tables

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


_CACHE_FORMAT = 1  # part of every cache key: a change of format rebuilds the tables
_CACHE_MAGIC = b"qmcorpus-cache/1\n"
CACHE_MAX_BYTES = 256 * 2**20  # a cache file larger than this is not read (a crafted one could be huge)


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


BUILT: list[str] = []  # the derived tables this process built (not read from the cache)


def _derived(name: str, sources: tuple[Path, ...], build):
    """``build()``, kept in :func:`user_cache_dir` under a key of the sources' bytes and the
    toolkit's own code and data (:func:`code_hash`): every worker process would otherwise rebuild
    it (seconds per run). The value must be plain data (JSON). A cache that cannot be read or
    written only costs the time to build."""
    h = hashlib.sha256(f"{name}|{_CACHE_FORMAT}|{code_hash()}".encode())
    for src in sources:
        h.update(f"|{src.name}|".encode())
        h.update(_file_digest(src))
    folder = user_cache_dir()
    if folder is None:
        BUILT.append(name)
        return build()
    stem = folder / f"{name}-{h.hexdigest()[:24]}"
    value = load_columns(f"{stem}.cols")
    if value is None:
        value = load_record(stem.with_suffix(".json"))
    if not isinstance(value, dict):
        BUILT.append(name)
        value = build()
        if not store_columns(f"{stem}.cols", value):
            store_record(stem.with_suffix(".json"), value)
        prune_cache(folder, f"{name}-", keep=(f"{stem.name}.cols", f"{stem.name}.json"))
    return value


def prune_cache(folder: Path, prefix: str, keep: tuple[str, ...]) -> None:
    """Delete the files of ``folder`` named ``prefix…`` other than ``keep``: a table kept for an
    earlier version of the code or the data is never read again (each upgrade would otherwise
    leave its tables behind). A file another process still reads only costs it a rebuild."""
    try:
        stale = [p for p in folder.iterdir() if p.name.startswith(prefix) and p.name not in keep]
    except OSError:
        return
    for p in stale:
        try:
            p.unlink()
        except OSError:
            pass


# a flat table in columns (see store_columns): its values' kind → the array type holding them
_COLUMN_ARRAYS = {b"int": "q", b"float": "d"}


def store_columns(target, table: dict) -> bool:
    """Write a flat table — text keys and values all int, all float or all text (no line break
    in any text) — as a cache file of columns, atomically and checksummed like
    :func:`store_pack`: its keys as lines, its values as lines or a little-endian array. Reading
    it back builds the dict straight from the columns, in a third of the time JSON takes (the
    word dictionaries are a third of a million entries, read by every run). False, writing
    nothing, for another table (it is then kept as JSON)."""
    import array

    keys, values = list(table), list(table.values())
    if not all(type(k) is str and "\n" not in k for k in keys):
        return False
    kinds = {type(v) for v in values}
    try:
        if kinds <= {int}:
            kind, column = b"int", array.array("q", values)
        elif kinds == {float}:
            kind, column = b"float", array.array("d", values)
        elif kinds == {str} and not any("\n" in v for v in values):
            kind, column = b"str", None
        else:
            return False
    except OverflowError:  # an int beyond 64 bits
        return False
    if column is not None:
        if sys.byteorder == "big":
            column.byteswap()
        data = column.tobytes()
    else:
        data = "\n".join(values).encode("utf-8")
    store_pack(target, [kind, b"%d" % len(keys), "\n".join(keys).encode("utf-8"), data])
    return True


def load_columns(target) -> dict | None:
    """The table a file written by :func:`store_columns` holds (in its order), or None when it is
    missing, damaged or fails its checksum (data only, like :func:`load_record`)."""
    import array

    parts = load_pack(target)
    if parts is None or len(parts) != 4:
        return None
    kind, count, keys, data = parts
    try:
        n = int(count)
        keys = keys.decode("utf-8").split("\n") if n else []
        if kind in _COLUMN_ARRAYS:
            column = array.array(_COLUMN_ARRAYS[kind])
            column.frombytes(data)
            if sys.byteorder == "big":
                column.byteswap()
        elif kind == b"str":
            column = data.decode("utf-8").split("\n") if n else []
        else:
            return None
    except ValueError:  # not a number, not UTF-8, not a whole number of array items
        return None
    if len(keys) != n or len(column) != n:
        return None
    return dict(zip(keys, column))


def _file_digest(p: Path) -> bytes:
    """The SHA-256 of a file's bytes, taken once per process while the file is unchanged (same
    inode, size and modification time): jieba's dictionary (5 MB) is a source of every derived
    table, and each one's key would hash it again."""
    st = os.stat(p)
    return _digest_of(os.fspath(p), st.st_ino, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _digest_of(p: str, ino: int, size: int, mtime_ns: int) -> bytes:
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.digest()


def load_record(target: Path):
    """The plain record (JSON: dicts, lists, strings, numbers) a cache file holds, or None when it
    is missing, unreadable, too large, damaged or fails its checksum. Cache files are data only:
    nothing in them is ever executed or imported, whoever wrote them."""
    body = _load_body(target, _CACHE_MAGIC)
    if body is None:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError, MemoryError):
        return None


_PARTS_MAGIC = b"qmcorpus-cache/2\n"


def store_parts(target, head: dict, parts: list[bytes]) -> None:
    """Write a cache file of a small JSON ``head`` and raw byte ``parts`` (texts kept as they are,
    not as JSON strings: a reader takes only the parts it needs, without parsing the rest), with
    a checksum of all of it, atomically like :func:`store_record`."""
    try:
        meta = json.dumps({**head, "sizes": [len(b) for b in parts]}, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return
    body = b"".join([meta, b"\n", *parts])
    _store_body(Path(target), _PARTS_MAGIC, body)


def load_parts(target) -> tuple[dict, list[bytes]] | None:
    """(head, parts) of a file written by :func:`store_parts`, or None when it is missing,
    unreadable, too large, damaged or fails its checksum (data only, like :func:`load_record`)."""
    body = _load_body(target, _PARTS_MAGIC)
    if body is None:
        return None
    meta, sep, rest = body.partition(b"\n")
    try:
        head = json.loads(meta)
        sizes = head.pop("sizes")
    except (ValueError, RecursionError, MemoryError, AttributeError, KeyError, TypeError):
        return None
    if type(sizes) is not list or not all(type(n) is int and n >= 0 for n in sizes) or sum(sizes) != len(rest):
        return None
    parts, at = [], 0
    for n in sizes:
        parts.append(rest[at:at + n])
        at += n
    return head, parts


_PACK_MAGIC = b"qmcorpus-cache/3 "
_PACK_HEAD = len(_PACK_MAGIC)
# never blocking (a FIFO in a crafted cache), binary on Windows
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def store_pack(target, parts: list[bytes], tail: int = 0) -> None:
    """Write a cache file of raw byte ``parts`` in two sections, the last ``tail`` parts the
    second, each with its own CRC-32, atomically like :func:`store_record`: one header line
    (``magic crc1 crc2 layout``, the layout being the first section's number of parts and every
    part's size) and the parts as they are. A reader takes the first section without checking or
    parsing the second (an ingest's cache hit needs only its rendered rows). ``crc1`` covers the
    layout and the first section, ``crc2`` the second: a damaged or truncated file is found as
    the SHA-256 of the other formats finds it (neither defends against a crafted file: anyone
    can compute either), at a third of the cost."""
    try:
        cut = len(parts) - tail
        layout = b" ".join([b"%d" % cut, *(b"%d" % len(b) for b in parts)])
        crc1, crc2 = zlib.crc32(layout), 0
        for b in parts[:cut]:
            crc1 = zlib.crc32(b, crc1)
        for b in parts[cut:]:
            crc2 = zlib.crc32(b, crc2)
    except TypeError:  # not bytes: nothing stored
        return
    _write_atomic(os.fspath(target), [_PACK_MAGIC, b"%d %d " % (crc1, crc2), layout, b"\n", *parts])


def load_pack(target, whole: bool = False) -> list[bytes] | None:
    """The parts of a file written by :func:`store_pack`: those of its first section, checked,
    or with ``whole`` all of them, both sections checked; None when the file is missing,
    unreadable, too large, damaged or fails a check (data only, like :func:`load_record`)."""
    raw = _read_regular(target)
    if raw is None or not raw.startswith(_PACK_MAGIC):
        return None
    end = raw.find(b"\n", 0, 65536)
    if end < 0:
        return None
    try:
        crc1, crc2, layout = raw[_PACK_HEAD:end].split(b" ", 2)
        cut, *sizes = map(int, layout.split(b" "))
        crc1, crc2 = int(crc1), int(crc2)
    except ValueError:  # no header line, or not one of numbers
        return None
    at = end + 1
    if sum(sizes) != len(raw) - at or not 0 <= cut <= len(sizes) or min(sizes, default=0) < 0:
        return None
    parts = []
    for n in sizes[:cut]:
        parts.append(raw[at:at + n])
        at += n
    view = memoryview(raw)
    if zlib.crc32(view[end + 1:at], zlib.crc32(layout)) != crc1:
        return None
    if whole:
        if zlib.crc32(view[at:]) != crc2:
            return None
        for n in sizes[cut:]:
            parts.append(raw[at:at + n])
            at += n
    return parts


def _read_regular(target) -> bytes | None:
    """The bytes of a regular file of at most CACHE_MAX_BYTES, or None (never blocking: a FIFO
    in a crafted cache must not stall the run)."""
    try:  # os-level calls: a file object costs a run of cache hits about 10 µs an entry
        fd = os.open(target, READ_FLAGS)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > CACHE_MAX_BYTES:
                return None
            # its size, and a byte more to see it grew (one read; a short one: the rest follows,
            # and a file that grew is longer than its layout says)
            want = st.st_size + 1
            raw = os.read(fd, want)
            while len(raw) < st.st_size:
                more = os.read(fd, want - len(raw))
                if not more:
                    break
                raw += more
            return raw
        finally:
            os.close(fd)
    except OSError:
        return None


def _write_atomic(target: str, chunks: list[bytes]) -> None:
    """Write ``chunks`` as ``target``: a temporary file renamed into place (readers never see half
    of one); its folder made when missing; a cache that cannot be written only costs time."""
    tmp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp")
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            data = b"".join(chunks)
            view, at = memoryview(data), 0
            while at < len(data):
                at += os.write(fd, view[at:])
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _load_body(target, magic: bytes) -> bytes | None:
    try:  # os-level calls: a file object costs a run of cache hits about 10 µs an entry
        # never blocking (a FIFO in a crafted cache), and only a regular file is read
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > CACHE_MAX_BYTES:
                return None
            # its size, and a byte more to see it grew (a short read: the rest follows)
            want = min(st.st_size, CACHE_MAX_BYTES) + 1
            raw = os.read(fd, want)
            while len(raw) < want:
                more = os.read(fd, want - len(raw))
                if not more:
                    break
                raw += more
            if len(raw) > CACHE_MAX_BYTES:
                return None
        finally:
            os.close(fd)
    except OSError:
        return None
    if not raw.startswith(magic):
        return None
    head, sep, body = raw[len(magic):].partition(b"\n")
    if not sep or hashlib.sha256(body).hexdigest().encode() != head:
        return None
    return body


def _store_body(target: Path, magic: bytes, body: bytes) -> None:
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(magic + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, target)
    except OSError:
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass


def store_record(target: Path, value) -> None:
    """Write a plain record as a cache file with its checksum, atomically (a temporary file, then
    a rename: readers never see half of one); a cache that cannot be written only costs time."""
    try:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return
    _store_body(Path(target), _CACHE_MAGIC, body)


_PACKAGE_DIR = Path(__file__).resolve().parent
_FONTS_DIR = _DATA_DIR / "fonts"
# libraries whose output ends up in ours: their versions are part of every cache key
OUTPUT_LIBRARIES = ("jieba", "opencc-python-reimplemented", "pypinyin", "beautifulsoup4", "python-docx", "ftfy",
                    "rjieba")


@functools.cache
def code_hash() -> str:
    """A hash of everything a result depends on besides its input: every file of the installed
    package (code and data) and the versions of the libraries that shape the output. A change of
    any of them invalidates cached documents and derived tables."""
    from .version import _installed

    h = hashlib.sha256()
    # every file but compiled code and the plots' fonts (no cached result depends on them; at
    # 5 MB they would be most of the bytes hashed at every start)
    files = sorted(p for p in _PACKAGE_DIR.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
                   and p.parent != _FONTS_DIR)
    for p in files:
        h.update(p.relative_to(_PACKAGE_DIR).as_posix().encode() + b"\0")
        h.update(_file_digest(p))
    for lib in OUTPUT_LIBRARIES:
        try:
            version = _installed(lib)
        except ModuleNotFoundError:
            version = "-"
        h.update(f"|{lib}={version}".encode())
    return h.hexdigest()[:32]


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
    slots: dict[str, list[tuple[int, str]]] = {}
    for word, f in word_freq().items():
        if f < min_freq or not 2 <= len(word) <= max_len:
            continue
        for i, ch in enumerate(word):
            slots.setdefault(f"{word[:i]}\0{word[i + 1:]}", []).append((-f, ch))
    # each fill most frequent word first (a stable sort: equals in the dictionary's order), so that
    # a search for the best words through a slot can stop early
    return {key: "".join([ch for _, ch in sorted(chars, key=operator.itemgetter(0))]) for key, chars in slots.items()}


@functools.cache
def word_slots(min_freq: int, max_len: int) -> dict[str, str]:
    """Dictionary words with one character blanked → the characters that fill the blank.

    The key is the word with ``"\\0"`` in place of one character (``"质\\0月"`` for 质量月), the
    value every character that makes a word of at least ``min_freq`` there (words of 2 to
    ``max_len`` characters), the most frequent word's first: what fills a slot between given
    neighbours, in one look-up per neighbour span instead of one per candidate character.
    """
    return _derived(f"word_slots_{min_freq}_{max_len}", (_jieba_dict_path(), path("userdict.txt")),
                    lambda: _build_word_slots(min_freq, max_len))


def warm_up_pages() -> list[dict]:
    """The synthetic pages processed before the first document (data/warmup.toml): each a dict
    of ``text``, ``encoding`` (the bytes it is given as) and ``all`` (loaded by the fork server
    only)."""
    pages = toml("warmup.toml").get("page")
    if not isinstance(pages, list) or not pages:
        raise ResourceError(f"{path('warmup.toml')}: expected [[page]] tables")
    for page in pages:
        if not (isinstance(page, dict) and isinstance(page.get("text"), str) and isinstance(page.get("all"), bool)
                and isinstance(page.get("encoding"), str)):
            raise ResourceError(f"{path('warmup.toml')}: a [[page]] needs text, encoding and all")
    return pages


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


def content_digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes (hex): what :func:`digest_key` turns into a cache key."""
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=256)  # a run asks twice for each input (its manifest, its cache look-up)
def digest_key(digest: str, segmenter: str) -> str:
    """The cache key of a file whose bytes have the :func:`content_digest` ``digest``: the bytes,
    the toolkit's code and data, the libraries' versions and the segmenter."""
    return hashlib.sha256(f"{digest}|{__version__}|{code_hash()}|{segmenter}".encode()).hexdigest()


def cache_key(data: bytes, segmenter: str) -> str:
    """The cache key of a file's bytes (:func:`digest_key` of their digest)."""
    return digest_key(content_digest(data), segmenter)
