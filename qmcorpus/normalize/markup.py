"""qmcorpus.normalize.markup: one file's bytes → decoded text, by kind: plain text (any encoding),
HTML (a linear walk of the markup) and .docx (size-capped unzip); the first step of normalising."""
from __future__ import annotations

import io
import re
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UnsupportedFileError
from ..sources import (DEFAULT_MAX_BYTES, DOCX_MAX_MEMBERS, DOCX_UNPACK_RATIO, _unsupported_reason, display_path,
                       kind_of, read_limited)
from .decode import decode_bytes, declared_charset, not_text_reason, utf16_chinese, utf32_without_bom
from .page_chrome import chrome_elements

@dataclass(frozen=True)
class RawText:
    """A file's text before normalisation, with the encoding it was read in."""

    text: object  # str, or for plain-text files the Decoded bytes (normalize records its repairs)
    encoding: str | None
    kind: str  # 'text', 'html', 'docx'
    decoded: object = None  # the Decoded record of the file's bytes (txt, html): repairs made on reading



def read_source(path: str | os.PathLike, data: bytes | None = None, *,
                max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read one supported file (or decode ``data``, its bytes already read). Raises InputError
    (naming the file) when it cannot be read; UnsupportedFileError when it is not a document."""
    p = Path(path)
    if data is None:
        data = read_limited(p, max_bytes)
    if not data.strip():
        raise UnsupportedFileError(display_path(p), "empty file")
    kind = kind_of(p)
    if kind == "docx":
        return RawText(docx_text(data, p, max_unpacked=DOCX_UNPACK_RATIO * max_bytes), "docx", "docx")
    if kind == "html":
        dec = decode_bytes(data, declared=declared_charset(data))
        return RawText(html_text(dec.text), dec.encoding, "html", dec)
    if kind == "text":
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
    # few control bytes (the usual text): binary by no test below, so the costlier ones (a UTF-16 or
    # UTF-32 reading) are skipped
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if ctrl <= 0.1 * len(head):
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf32_without_bom(head) or utf16_chinese(head):
        return False
    nul = head.count(0)
    if nul and (head[0::2].count(0) > 0.3 * len(head) / 2 or head[1::2].count(0) > 0.3 * len(head) / 2):
        return False  # UTF-16 without BOM
    return True



_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "hr", "center", "form", "title",
)
_PREFORMATTED = frozenset(("pre", "textarea", "plaintext", "xmp", "listing"))
_DROP_TAGS = ("script", "style", "nav", "noscript", "template", "iframe", "svg", "head", "object", "embed")


def _edges_inline(text: str) -> str:
    """A text node's line breaks at its edges as spaces: a break between elements is a space on screen
    (a browser collapses it: "<span>原创</span>⏎<span>⏎某某发布⏎</span>" is one line); one inside a run of
    text is kept (a page typed without <br> breaks its lines so; a sentence wrapped in the source is
    joined again by the unwrapping of lines)."""
    if "\n" not in text:
        return text
    head, tail = len(text) - len(text.lstrip()), len(text.rstrip())  # (all white space: tail 0, head all)
    if tail <= head:
        return text.replace("\n", " ")
    return text[:head].replace("\n", " ") + text[head:tail] + text[tail:].replace("\n", " ")


def html_text(html: str) -> str:
    """Visible text of an HTML page with its line structure (script, style, nav and the page's other
    chrome dropped: page_chrome.chrome_elements).

    Uses Python's own html.parser backend: no network access, no external entities, no scripts.
    One walk over the parsed tree, linear in the page size (a line break before and after each
    block element, ``<br>`` as a line break; comments and ruby annotations are not text).

    >>> html_text("<p>质量月</p><script>x()</script><p>活动<br>通知</p>")
    '质量月\\n活动\\n通知'
    """
    soup, text_types = _parsed(html)
    drop, block = frozenset(_DROP_TAGS), frozenset(_BLOCK_TAGS)
    chrome = chrome_elements(soup, text_types)
    out: list[str] = []
    stack: list = [(iter(soup.contents), "", False)]  # iterative: no recursion limit on deeply nested pages
    while stack:
        children, close, preformatted = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            out.append(close)
        elif type(node) in text_types:
            out.append(node if preformatted else _edges_inline(node))
        elif getattr(node, "contents", None) is not None:  # a Tag
            name = node.name
            if name in drop:
                continue
            if id(node) in chrome:
                if name in block and chrome[id(node)]:  # what stood either side of a shown block stays apart
                    out.append("\n")
                continue
            if name == "br":
                out.append("\n")
            elif name in block:
                out.append("\n")
                stack.append((iter(node.contents), "\n", preformatted or name in _PREFORMATTED))
            else:
                stack.append((iter(node.contents), "", preformatted or name in _PREFORMATTED))
    # (runs of spaces squeezed in the whole text at once: a run never crosses a line break)
    lines = [ln.strip() for ln in _SPACES.sub(" ", "".join(out)).split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()  # one line per block


_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def _parsed(html: str):
    """The page's tree and the kinds of its strings that are text (what get_text() keeps: no
    comments, doctype, <rt> …). The tree is BeautifulSoup's html.parser tree built as plain objects
    (html_tree: the same tree at less than half the cost); markup its tokeniser rejects goes to
    BeautifulSoup itself, which then fails or reads it as before."""
    from bs4 import BeautifulSoup, CData, NavigableString
    from bs4.builder import ParserRejectedMarkup

    from . import html_tree  # (here: BeautifulSoup is imported by the first page of HTML, as before)

    try:
        return html_tree.parse(html), html_tree.TEXT_TYPES
    # (only these: a time limit's error, raised inside, must end the page as before, not restart it)
    except (ParserRejectedMarkup, AssertionError, html_tree.UncheckedRelease):
        # (no source line numbers and class values as written: nothing reads the one, and the chrome
        # test splits the other on white space as BeautifulSoup would)
        soup = BeautifulSoup(html, "html.parser", store_line_numbers=False, multi_valued_attributes=None)
        return soup, (NavigableString, CData)


def _html_text_reference(html: str) -> str:
    """The former quadratic implementation (tree edits per block tag), kept for equivalence tests."""
    from bs4 import BeautifulSoup, CData, Comment, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    chrome = chrome_elements(soup, (NavigableString, CData))
    for tag in [t for t in soup.find_all(True) if id(t) in chrome]:
        if tag.name in _BLOCK_TAGS and chrome[id(tag)]:
            tag.replace_with("\n")
        else:
            tag.decompose()
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for t in soup.find_all(string=lambda s: type(s) in (NavigableString, CData) and "\n" in s):
        if not any(p.name in _PREFORMATTED for p in t.parents):
            t.replace_with(type(t)(_edges_inline(t)))
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
    import zipfile  # (here: a page of text never needs it, and the fork server need not import it)

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
    import zipfile

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
