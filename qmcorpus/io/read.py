"""qmcorpus.io.read: find input files and turn one into decoded text (txt, html, docx)."""
from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UnsupportedFileError
from ..types import Skipped
from ..normalize.decode import decode_bytes, declared_charset, not_text_reason, utf16_chinese, utf32_without_bom

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


@dataclass(frozen=True)
class RawText:
    """A file's text before normalisation, with the encoding it was read in."""

    text: object  # str, or for plain-text files the Decoded bytes (normalize records its repairs)
    encoding: str | None
    kind: str  # 'text', 'html', 'docx'
    decoded: object = None  # the Decoded record of the file's bytes (txt, html): repairs made on reading


def discover(paths, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively, symlink loops safe) into supported files, sorted.

    Returns (files, skipped): unsupported or missing paths, special files (FIFOs, devices,
    sockets) and files larger than ``max_bytes`` are listed with their reason, never silently
    dropped, and never opened.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
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
    return files, skipped


def _admit(p: Path, files: list, skipped: list, max_bytes: int) -> None:
    """Add a supported file unless it is not a regular file or too large (a dangling link is
    kept: reading it reports the failure)."""
    try:
        st = os.stat(p)
    except OSError:
        files.append(p)
        return
    reason = not_readable_reason(st, max_bytes)
    if reason:
        skipped.append(Skipped(display_path(p), reason))
    else:
        files.append(p)


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


def _walk(root: Path, files: list[Path], skipped: list[Skipped], seen: set, max_bytes: int) -> None:
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
        for e in entries:
            p = Path(e.path)
            if e.name.startswith("."):
                continue  # hidden files and folders (.git, .ipynb_checkpoints)
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(p)
            elif p.suffix.lower() in SUPPORTED_SUFFIXES:
                _admit(p, files, skipped, max_bytes)
            else:
                skipped.append(Skipped(display_path(p), _unsupported_reason(p)))
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
    raw = os.fsencode(Path(p).stem)
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


def _unsupported_reason(p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix in _BINARY_REASONS:
        return _BINARY_REASONS[suffix]
    if not suffix:
        return "no file extension (rename to .txt, .html or .docx)"
    return f"unsupported file type {suffix!r} (supported: .txt, .html/.htm, .docx)"


def read_source(path: str | os.PathLike, data: bytes | None = None, *,
                max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read one supported file (or decode ``data``, its bytes already read). Raises InputError
    (naming the file) when it cannot be read; UnsupportedFileError when it is not a document."""
    p = Path(path)
    if data is None:
        data = read_limited(p, max_bytes)
    if not data.strip():
        raise UnsupportedFileError(display_path(p), "empty file")
    suffix = p.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return RawText(docx_text(data, p, max_unpacked=DOCX_UNPACK_RATIO * max_bytes), "docx", "docx")
    if suffix in HTML_SUFFIXES:
        dec = decode_bytes(data, declared=declared_charset(data))
        return RawText(html_text(dec.text), dec.encoding, "html", dec)
    if suffix in TEXT_SUFFIXES:
        if looks_binary(data):
            raise UnsupportedFileError(display_path(p), "binary content in a text file (not a text document)")
        dec = decode_bytes(data)
        reason = not_text_reason(dec)
        if reason:
            raise UnsupportedFileError(display_path(p), reason)
        return RawText(dec, dec.encoding, "text", dec)
    raise UnsupportedFileError(display_path(p), _unsupported_reason(p))


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def looks_binary(data: bytes) -> bool:
    """Heuristic: known magic numbers or many control bytes in the first 4 KB (UTF-16 excluded)."""
    head = data[:4096]
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf32_without_bom(head) or utf16_chinese(head):
        return False
    if not head:
        return False
    nul = head.count(0)
    if nul and (head[0::2].count(0) > 0.3 * len(head) / 2 or head[1::2].count(0) > 0.3 * len(head) / 2):
        return False  # UTF-16 without BOM
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return ctrl > 0.1 * len(head)


_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "hr", "center", "form", "title",
)
_DROP_TAGS = ("script", "style", "nav", "noscript", "template", "iframe", "svg", "head", "object", "embed")


def html_text(html: str) -> str:
    """Visible text of an HTML page with its line structure (script, style, nav dropped).

    Uses Python's own html.parser backend: no network access, no external entities, no scripts.
    One walk over the parsed tree, linear in the page size (a line break before and after each
    block element, ``<br>`` as a line break; comments and ruby annotations are not text).

    >>> html_text("<p>质量月</p><script>x()</script><p>活动<br>通知</p>")
    '质量月\\n活动\\n通知'
    """
    from bs4 import BeautifulSoup, CData, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    text_types = (NavigableString, CData)  # what get_text() keeps: no comments, doctype, <rt> …
    drop, block = frozenset(_DROP_TAGS), frozenset(_BLOCK_TAGS)
    out: list[str] = []
    stack: list = [(iter(soup.contents), "")]  # iterative: no recursion limit on deeply nested pages
    while stack:
        children, close = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            out.append(close)
        elif type(node) in text_types:
            out.append(node)
        elif getattr(node, "contents", None) is not None:  # a Tag
            name = node.name
            if name in drop:
                continue
            if name == "br":
                out.append("\n")
            elif name in block:
                out.append("\n")
                stack.append((iter(node.contents), "\n"))
            else:
                stack.append((iter(node.contents), ""))
    text = "".join(out)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()  # one line per block


def _html_text_reference(html: str) -> str:
    """The former quadratic implementation (tree edits per block tag), kept for equivalence tests."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(list(_BLOCK_TAGS)):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()


def docx_text(data: bytes, path: Path, *, max_unpacked: int = DOCX_UNPACK_RATIO * DEFAULT_MAX_BYTES) -> str:
    """Paragraphs and table rows of a .docx file, in document order.

    The archive's declared sizes are checked before anything is unpacked (Python's zipfile never
    inflates a member beyond its declared size), so a zip bomb is refused, not inflated."""
    _check_docx_archive(data, path, max_unpacked)
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(display_path(path), f"not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    out: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                out.append("\t".join(cells))
    return "\n".join(out)


def _check_docx_archive(data: bytes, path: Path, max_unpacked: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(display_path(path), f"not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    if len(members) > DOCX_MAX_MEMBERS:
        raise InputError(display_path(path), f"not a readable .docx file: {len(members)} parts in the archive")
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked:
        raise InputError(display_path(path), f".docx unpacks to {unpacked / 2**20:.0f} MB, over the limit of "
                                             f"{max_unpacked / 2**20:g} MB (a zip bomb?)")


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
