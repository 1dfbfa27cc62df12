"""qmcorpus.io.read: find input files and turn one into decoded text (txt, html, docx)."""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UnsupportedFileError
from ..types import Skipped
from ..normalize.decode import decode_bytes, declared_charset

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


@dataclass(frozen=True)
class RawText:
    """A file's text before normalisation, with the encoding it was read in."""

    text: str | bytes  # bytes for plain-text files (encoding detected by normalize)
    encoding: str | None
    kind: str  # 'text', 'html', 'docx'


def discover(paths) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively, symlink loops safe) into supported files, sorted.

    Returns (files, skipped): unsupported or missing paths are listed with their reason,
    never silently dropped.
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
            _walk(p, files, skipped, seen_dirs)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(p)
        else:
            skipped.append(Skipped(display_path(p), _unsupported_reason(p)))
    return files, skipped


def _walk(root: Path, files: list[Path], skipped: list[Skipped], seen: set) -> None:
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
                files.append(p)
            else:
                skipped.append(Skipped(display_path(p), _unsupported_reason(p)))
        stack.extend(reversed(subdirs))  # keep sorted order


def display_path(p) -> str:
    """A path as text that can always be written out: undecodable name bytes become \\xNN."""
    raw = os.fsencode(p)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="backslashreplace")


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


def read_source(path: str | os.PathLike) -> RawText:
    """Read one supported file. Raises InputError (naming the file) when it cannot be read."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(display_path(p), f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnsupportedFileError(display_path(p), "empty file")
    suffix = p.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return RawText(docx_text(data, p), "docx", "docx")
    if suffix in HTML_SUFFIXES:
        dec = decode_bytes(data, declared=declared_charset(data))
        return RawText(html_text(dec.text), dec.encoding, "html")
    if suffix in TEXT_SUFFIXES:
        if looks_binary(data):
            raise UnsupportedFileError(display_path(p), "binary content in a text file (not a text document)")
        return RawText(data, None, "text")
    raise UnsupportedFileError(display_path(p), _unsupported_reason(p))


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def looks_binary(data: bytes) -> bool:
    """Heuristic: known magic numbers or many control bytes in the first 4 KB (UTF-16 excluded)."""
    head = data[:4096]
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
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

    >>> html_text("<p>质量月</p><script>x()</script><p>活动<br>通知</p>")
    '质量月\\n活动\\n通知'
    """
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
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()  # one line per block


def docx_text(data: bytes, path: Path) -> str:
    """Paragraphs and table rows of a .docx file, in document order."""
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


def assign_doc_ids(files: list) -> list[tuple[str, object]]:
    """doc_id = file stem; a clash gets a ``~2``, ``~3`` … suffix (in sorted path order), never overwrites."""
    counts: dict[str, int] = {}
    out = []
    for f in files:
        stem = safe_stem(f)
        counts[stem] = counts.get(stem, 0) + 1
        out.append((stem if counts[stem] == 1 else f"{stem}~{counts[stem]}", f))
    return out
