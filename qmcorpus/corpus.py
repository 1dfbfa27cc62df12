"""qmcorpus.corpus: Corpus, an immutable table-first collection of Documents."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import pandas as pd

from .document import process
from .errors import QmcorpusError, UnsupportedFileError
from .extract import EXTRA_FIELDS, FIELDS, LIST_FIELDS
from .io.read import Skipped, discover, display_path, safe_stem
from .types import Document

# documents.csv columns fixed by shared/spec/OUTPUT.md: never rename or drop these.
CONTRACT_COLUMNS = ("doc_id", "source", "encoding", "script", "repairs", *FIELDS, "n_chars")
# extra columns: the page metadata captured before it was dropped, and what was repaired
EXTRA_COLUMNS = (*EXTRA_FIELDS, "page_posted", "page_source", "page_author", "repair_kinds")


def document_row(doc: Document) -> dict:
    """One documents-table row (lists stay lists; None for unknown)."""
    row = {"doc_id": doc.doc_id, "source": doc.source, "encoding": doc.encoding, "script": doc.script,
           "repairs": doc.repairs}
    for f in FIELDS:
        v = doc.fields.get(f)
        row[f] = list(v) if f in LIST_FIELDS else v
    row["n_chars"] = len(doc.text)
    for f in EXTRA_FIELDS:
        v = doc.fields.get(f)
        row[f] = list(v or []) if f in LIST_FIELDS else v
    meta = dict(doc.page_meta)
    row["page_posted"] = meta.get("posted")
    row["page_source"] = meta.get("source")
    row["page_author"] = meta.get("author")
    row["repair_kinds"] = [f"{s.action}:{s.count}" for s in doc.steps]
    return row


def documents_frame(docs: Iterable[Document], *, with_text: bool = True) -> pd.DataFrame:
    """The documents table: contract columns, extras, and (optionally) the clean text."""
    rows = []
    for d in docs:
        row = document_row(d)
        if with_text:
            row["text"] = d.text
        rows.append(row)
    cols = list(CONTRACT_COLUMNS) + list(EXTRA_COLUMNS) + (["text"] if with_text else [])
    frame = pd.DataFrame(rows, columns=cols)
    frame["year"] = frame["year"].astype("Int64")
    frame["year_from_theme"] = frame["year_from_theme"].astype("Int64")
    frame["repairs"] = frame["repairs"].astype("int64")
    frame["n_chars"] = frame["n_chars"].astype("int64")
    return frame


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


class Corpus:
    """Documents plus their table. Immutable: filtering returns a new Corpus.

    ``corpus.frame`` is a copy of the documents table (one row per document), ``corpus.skipped``
    lists unsupported inputs and ``corpus.failed`` inputs that could not be processed.
    """

    def __init__(self, documents: Iterable[Document], *, skipped=(), failed=()):
        self._docs: tuple[Document, ...] = tuple(documents)
        self._by_id = {d.doc_id: d for d in self._docs}
        self.skipped: tuple[Skipped, ...] = tuple(skipped)
        self.failed: tuple[Failure, ...] = tuple(failed)
        self._frame = documents_frame(self._docs)

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame.copy()

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._docs)

    def __getitem__(self, doc_id: str) -> Document:
        return self._by_id[doc_id]

    def __repr__(self) -> str:
        return f"Corpus({len(self)} documents, {len(self.skipped)} skipped, {len(self.failed)} failed)"

    def filter(self, predicate: Callable[[Document], bool] | pd.Series) -> "Corpus":
        """A new Corpus of the documents for which ``predicate`` holds (a function or a boolean mask)."""
        if isinstance(predicate, pd.Series):
            keep = set(self._frame.loc[predicate.values, "doc_id"])
            docs = [d for d in self._docs if d.doc_id in keep]
        else:
            docs = [d for d in self._docs if predicate(d)]
        return Corpus(docs, skipped=self.skipped, failed=self.failed)

    def activities_frame(self) -> pd.DataFrame:
        """One row per activity item: doc_id, index, heading, text, categories, start, end."""
        rows = [
            {"doc_id": d.doc_id, "index": a.index, "heading": a.heading, "text": a.text,
             "categories": list(a.categories), "start": a.start, "end": a.end}
            for d in self._docs for a in d.activities
        ]
        return pd.DataFrame(rows, columns=["doc_id", "index", "heading", "text", "categories", "start", "end"])

    def evidence_frame(self) -> pd.DataFrame:
        """One row per extracted value: doc_id, field, value, start, end, rule."""
        rows = [
            {"doc_id": d.doc_id, "field": e.field, "value": e.value, "start": e.start, "end": e.end, "rule": e.rule}
            for d in self._docs for e in d.evidence
        ]
        return pd.DataFrame(rows, columns=["doc_id", "field", "value", "start", "end", "rule"])

    def repairs_frame(self) -> pd.DataFrame:
        """One row per normalisation step of each document: doc_id, action, count, detail."""
        rows = [
            {"doc_id": d.doc_id, "action": s.action, "count": s.count, "detail": s.detail}
            for d in self._docs for s in d.steps
        ]
        return pd.DataFrame(rows, columns=["doc_id", "action", "count", "detail"])

    def summary(self) -> dict:
        """Counts for the end-of-run report: documents, by encoding, by script, repairs by kind."""
        repairs: Counter = Counter()
        for d in self._docs:
            for s in d.steps:
                repairs[s.action] += s.count
        return {
            "documents": len(self._docs),
            "by_encoding": Counter(d.encoding for d in self._docs),
            "by_script": Counter(d.script for d in self._docs),
            "steps": repairs,
            "skipped": list(self.skipped),
            "failed": list(self.failed),
        }


def assign_doc_ids(files: list) -> list[tuple[str, object]]:
    """doc_id = file stem; a clash gets a ``~2``, ``~3`` … suffix (in sorted path order), never overwrites."""
    counts: Counter = Counter()
    out = []
    for f in files:
        stem = safe_stem(f)
        counts[stem] += 1
        out.append((stem if counts[stem] == 1 else f"{stem}~{counts[stem]}", f))
    return out


def load(paths=("data/raw",), *, progress: bool | None = None) -> Corpus:
    """Read every supported document under ``paths`` (files or folders, recursively).

    Unsupported files are listed in ``corpus.skipped`` and unreadable ones in ``corpus.failed``
    (each with the reason); neither stops the run. ``progress`` shows a tqdm bar (default: on a
    terminal).
    """
    from tqdm.auto import tqdm

    files, skipped = discover(paths)
    docs: list[Document] = []
    failed: list[Failure] = []
    disable = (not _isatty()) if progress is None else not progress
    for doc_id, f in tqdm(assign_doc_ids(files), desc="ingest", unit="doc", disable=disable):
        try:
            docs.append(process(f, doc_id=doc_id))
        except UnsupportedFileError as exc:
            skipped.append(Skipped(display_path(f), exc.problem))
        except QmcorpusError as exc:
            failed.append(Failure(display_path(f), str(getattr(exc, "problem", exc))))
        except Exception as exc:  # never let one document take the batch down
            failed.append(Failure(display_path(f), f"unexpected error: {type(exc).__name__}: {exc}"))
    return Corpus(docs, skipped=skipped, failed=failed)


def _isatty() -> bool:
    import sys

    return sys.stderr.isatty()
