"""qmcorpus.sources: the inputs of a run — find the files (recursive, symlink-loop safe, regular
files under the size limit), give each a unique doc_id, read each file's bytes once within the
limit into a :class:`~qmcorpus.types.Source` (bytes, kind and digest: the cache key and the
manifest are computed from them, never by reading the file again). Decoding the bytes into text
is :mod:`qmcorpus.normalize.markup`'s work."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePath

from typing import Iterator

from .errors import InputError, UnsupportedFileError
from .resources import content_digest
from .types import Failure, Skipped, Source

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".php", ".jsp"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES



# Known binary formats get a specific reason in the skipped list.
_BINARY_REASONS = {
    ".pdf": "PDF is not supported (extract its text first)",
    ".doc": "legacy .doc is not supported (save as .docx)",
    ".xls": "spreadsheets are not documents", ".xlsx": "spreadsheets are not documents",
    ".jpg": "image file", ".jpeg": "image file", ".png": "image file", ".gif": "image file", ".webp": "image file",
    ".zip": "archive (unpack it first)", ".rar": "archive (unpack it first)", ".7z": "archive (unpack it first)",
    ".gz": "archive (unpack it first)",
}
DEFAULT_MAX_BYTES = 50 * 2**20  # larger files are skipped with a reason (--max-size raises it)
DOCX_UNPACK_RATIO = 4  # a .docx's parts may unpack to this many times the size limit (a zip bomb is refused)
DOCX_MAX_MEMBERS = 10_000



def discover(paths, *, max_bytes: int = DEFAULT_MAX_BYTES, text: bool = False) -> tuple[list, list[Skipped]]:
    """Expand files and folders (recursively, symlink loops safe) into supported files, sorted
    (Paths, or with ``text`` their str: a Path costs about three times its text, for every
    input a run keeps).

    Returns (files, skipped): unsupported or missing paths, special files (FIFOs, devices,
    sockets) and files larger than ``max_bytes`` are listed with their reason, never silently
    dropped, and never opened.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str] = []
    skipped: list[Skipped] = []
    seen_dirs: set[tuple[int, int]] = set()
    for p in map(Path, paths):
        if not p.exists():
            skipped.append(Skipped(display_path(p), "no such file or folder"))
        elif p.is_dir():
            _walk(p, files, skipped, seen_dirs, max_bytes)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            _admit(p, files, skipped, max_bytes)
        else:
            skipped.append(Skipped(display_path(p), _unsupported_reason(p)))
    return (files if text else [Path(f) for f in files]), skipped



def _stem_suffix(path) -> tuple[str, str]:
    """A path's stem and suffix as :class:`~pathlib.PurePath` gives them, from a str without
    building one: a PurePath interns the file name, and the interpreter's table of interned
    names then grows with every file of a run."""
    if isinstance(path, PurePath):
        return path.stem, path.suffix
    path = os.fspath(path)
    if os.altsep:
        path = path.replace(os.altsep, os.sep)
    name = next((c for c in reversed(path.split(os.sep)) if c not in ("", ".")), "")
    i = name.rfind(".")
    return (name[:i], name[i:]) if 0 < i < len(name) - 1 else (name, "")



def _admit(p, files: list, skipped: list, max_bytes: int) -> None:
    """Add a supported file (as its str) unless it is not a regular file or too large (a
    dangling link is kept: reading it reports the failure)."""
    try:
        st = os.stat(p)
    except OSError:
        files.append(os.fspath(p))
        return
    reason = not_readable_reason(st, max_bytes)
    if reason:
        skipped.append(Skipped(display_path(p), reason))
    else:
        files.append(os.fspath(p))



def not_readable_reason(st: os.stat_result, max_bytes: int) -> str | None:
    """Why a file with this status is not read (special file, too large), or None."""
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
                else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "not a regular file")
        return f"not a regular file: {kind}"
    if st.st_size > max_bytes:
        return (f"file too large: {st.st_size / 2**20:.1f} MB, limit {max_bytes / 2**20:g} MB "
                "(raise it with --max-size)")
    return None



def read_limited(path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``. Never blocks on a FIFO and never
    reads a device: such files, and larger ones (also a file that grew since it was found),
    raise UnsupportedFileError with the reason; an unreadable file raises InputError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(display_path(path), f"cannot read file: {exc.strerror or exc}") from exc
    try:
        reason = not_readable_reason(os.fstat(fd), max_bytes)
        if reason:
            raise UnsupportedFileError(display_path(path), reason)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise UnsupportedFileError(display_path(path), f"file too large: grew beyond the limit of "
                                                               f"{max_bytes / 2**20:g} MB while being read")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(display_path(path), f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)



def kind_of(path) -> str | None:
    """The kind of document a file name says it holds: ``'text'``, ``'html'``, ``'docx'`` (None:
    not one qmcorpus reads)."""
    # a Path's own suffix, or the same from the text (a Path per file costs a run of cache hits)
    suffix = _stem_suffix(path)[1].lower()
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None



def read(doc_id: str, path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """The :class:`Source` of one file: its bytes read once (:func:`read_limited`, which raises
    on a file that cannot or must not be read), its kind and the digest of those bytes."""
    data = read_limited(path, max_bytes)
    return Source(doc_id, str(path), data, kind_of(path) or "", content_digest(data))



def read_all(pairs, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source | Skipped | Failure]:
    """A :class:`Source` per (doc_id, path) pair, in order, each file read when its turn comes
    (memory holds one file at a time); a file that must not be read is a Skipped, one that
    cannot be read a Failure, each with its reason (as processing it would have reported)."""
    for doc_id, path in pairs:
        try:
            yield read(doc_id, path, max_bytes)
        except UnsupportedFileError as exc:
            yield Skipped(display_path(path), exc.problem)
        except InputError as exc:
            yield Failure(display_path(path), exc.problem)



class SourceStream:
    """The inputs of a run as :func:`read_all` yields them, each file read when its turn comes;
    sized (``len``: the number of inputs), so that a run can count them without reading them.
    ``observe`` sees each item as it is read (the manifest's signature is built so)."""

    def __init__(self, pairs, max_bytes: int = DEFAULT_MAX_BYTES, observe=None):
        self.pairs, self.max_bytes, self.observe = pairs, max_bytes, observe

    def __len__(self) -> int:
        return len(self.pairs)

    def __iter__(self):
        for item in read_all(self.pairs, self.max_bytes):
            if self.observe is not None:
                self.observe(item)
            yield item



def _walk(root: Path, files: list[str], skipped: list[Skipped], seen: set, max_bytes: int) -> None:
    """Iterative walk (no recursion limit on deep trees); each real folder is visited once."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            skipped.append(Skipped(display_path(folder), f"cannot read folder: {exc.strerror or exc}"))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            skipped.append(Skipped(display_path(folder), "folder already visited (symlink loop)"))
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(display_path(folder), f"cannot list folder: {exc.strerror or exc}"))
            continue
        subdirs = []
        for e in entries:  # names as text: a Path per file interns its name for the whole run
            if e.name.startswith("."):
                continue  # hidden files and folders (.git, .ipynb_checkpoints)
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(Path(e.path))
            elif _stem_suffix(e.name)[1].lower() in SUPPORTED_SUFFIXES:
                _admit(e.path, files, skipped, max_bytes)
            else:
                skipped.append(Skipped(display_path(e.path), _unsupported_reason(e.path)))
        stack.extend(reversed(subdirs))  # keep sorted order



_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f]")



def display_path(p) -> str:
    """A path as text that can always be written out: undecodable name bytes and control
    characters (a CR or LF in a file name would start a new line in any report) become \\xNN.

    >>> display_path("a\\rb.txt") == "a" + chr(92) + "x0db.txt"
    True
    """
    raw = os.fsencode(p)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="backslashreplace")
    return _CONTROL_IN_NAME.sub(lambda m: f"\\x{ord(m.group()):02x}", text)



def safe_stem(p) -> str:
    """A file's stem as a usable doc_id: non-UTF-8 names (often GBK from Windows archives) decoded."""
    raw = os.fsencode(_stem_suffix(p)[0])
    for enc in ("utf-8", "gb18030"):
        try:
            name = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        name = raw.decode("utf-8", errors="replace")
    name = "".join("_" if (c in '/\\:*?"<>|' or ord(c) < 32) else c for c in name).strip()
    return name or "document"



def _unsupported_reason(p) -> str:
    suffix = _stem_suffix(p)[1].lower()
    if suffix in _BINARY_REASONS:
        return _BINARY_REASONS[suffix]
    if not suffix:
        return "no file extension (rename to .txt, .html or .docx)"
    return f"unsupported file type {suffix!r} (supported: .txt, .html/.htm, .docx)"



def assign_doc_ids(files: list) -> list[tuple[str, object]]:
    """doc_id = file stem; a clash gets the first free ``~2``, ``~3`` … suffix (in sorted path
    order), never overwrites. Unique by construction: a suffixed id never takes the stem of
    another file (``a.html``, ``a.txt``, ``a~2.txt`` → ``a``, ``a~3``, ``a~2``), and ids differing
    only in letter case are kept apart too (they name the same clean text file on Windows and macOS).

    >>> [i for i, _ in assign_doc_ids(["a.html", "a.txt", "a~2.txt", "A.txt"])]
    ['a', 'a~3', 'a~2', 'A~4']
    """
    stems = [safe_stem(f) for f in files]
    taken: set[str] = set()
    first = {}
    for stem in stems:  # each distinct stem (case-folded) is reserved for its first file
        first.setdefault(stem.casefold(), stem)
    reserved = set(first)
    out = []
    for stem, f in zip(stems, files):
        key = stem.casefold()
        if key not in taken and first.get(key) == stem:
            doc_id = stem
        else:
            n = 2
            while f"{stem}~{n}".casefold() in reserved or f"{stem}~{n}".casefold() in taken:
                n += 1
            doc_id = f"{stem}~{n}"
        taken.add(doc_id.casefold())
        out.append((doc_id, f))
    return out
