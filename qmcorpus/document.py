"""qmcorpus.document: one source file → Document (read + normalise + extract)."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, QmcorpusError
from .extract import extract
from .sources import DEFAULT_MAX_BYTES, display_path, safe_stem
from .normalize.markup import read_source
from .normalize import normalize
from .normalize.decode import text_warnings
from .types import Document


def process(source: str | os.PathLike, *, doc_id: str | None = None, data: bytes | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read, normalise and extract one file (``data``: its bytes, already read; ``max_bytes``: the
    size limit, which also bounds what a .docx may unpack to). Raises QmcorpusError naming the
    file on failure."""
    p = Path(source)
    raw = read_source(p, data, max_bytes=max_bytes)
    try:
        norm = normalize(raw.text, decoded=raw.decoded)
    except QmcorpusError:
        raise
    except Exception as exc:  # a bug must not hide which file triggered it
        raise InputError(display_path(p), f"normalisation failed: {type(exc).__name__}: {exc}") from exc
    encoding = raw.encoding or norm.encoding
    return document_from_text(norm, doc_id=doc_id or safe_stem(p), source=display_path(source), encoding=encoding,
                              warnings=text_warnings(norm.text))


def document_from_text(norm, *, doc_id: str, source: str, encoding: str, warnings: tuple = ()) -> Document:
    """Build a Document from a normalisation result (runs extraction)."""
    try:
        ext = extract(norm.text, page_meta=norm.page_meta)
    except Exception as exc:
        raise InputError(source, f"extraction failed: {type(exc).__name__}: {exc}") from exc
    return Document(
        doc_id=doc_id,
        source=source,
        encoding=encoding,
        script=norm.script,
        text=norm.text,
        steps=norm.steps,
        page_meta=norm.page_meta,
        fields=dict(ext.fields),
        evidence=ext.evidence,
        activities=ext.activities,
        warnings=tuple(warnings),
    )
