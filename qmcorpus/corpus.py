"""qmcorpus.corpus: Corpus, an immutable table-first collection of Documents."""
from __future__ import annotations

import errno
from typing import Callable, Iterable, Iterator

from .io import missing_paths
from .batch import run
from .batch import run as iter_results  # noqa: F401 (the name it had here)
from .types import Document, Failure, Skipped, Summary  # noqa: F401 (Summary: also read from here)

from .schema import (EXTRA_FIELDS, FIELDS, LIST_FIELDS, ACTIVITY_COLUMNS, CONTRACT_COLUMNS, EVIDENCE_COLUMNS, EXTRA_COLUMNS,  # noqa: F401
                     REPAIR_COLUMNS, activity_rows, document_row, documents_schema, documents_table,
                     evidence_rows, repair_rows)


def documents_frame(docs: Iterable[Document], *, with_text: bool = True) -> pd.DataFrame:
    """The documents table: contract columns, extras, and (optionally) the clean text."""
    rows = []
    for d in docs:
        row = document_row(d)
        if with_text:
            row["text"] = d.text
        rows.append(row)
    return documents_table(rows, with_text=with_text)


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
        import pandas as pd

        if isinstance(predicate, pd.Series):
            keep = set(self._frame.loc[predicate.values, "doc_id"])
            docs = [d for d in self._docs if d.doc_id in keep]
        else:
            docs = [d for d in self._docs if predicate(d)]
        return Corpus(docs, skipped=self.skipped, failed=self.failed)

    def activities_frame(self) -> pd.DataFrame:
        """One row per activity item: doc_id, index, heading, text, categories, start, end."""
        import pandas as pd

        return pd.DataFrame([r for d in self._docs for r in activity_rows(d)], columns=list(ACTIVITY_COLUMNS))

    def evidence_frame(self) -> pd.DataFrame:
        """One row per extracted value: doc_id, field, value, start, end, rule, confidence."""
        import pandas as pd

        return pd.DataFrame([r for d in self._docs for r in evidence_rows(d)], columns=list(EVIDENCE_COLUMNS))

    def review(self, *, fields=None, limit: int | None = None) -> pd.DataFrame:
        """Values to check first, lowest confidence first, with their sentence (see qmcorpus.review)."""
        from .review import review_frame

        return review_frame(self.evidence_frame(), {d.doc_id: d.text for d in self._docs}, fields=fields, limit=limit)

    def repairs_frame(self) -> pd.DataFrame:
        """One row per normalisation step of each document: doc_id, action, count, detail."""
        import pandas as pd

        return pd.DataFrame([r for d in self._docs for r in repair_rows(d)], columns=list(REPAIR_COLUMNS))

    def write(self, out_dir, *, xlsx: bool = False):
        """Write the output folder of docs/OUTPUT.md (the tables, clean/<doc_id>.txt,
        skipped.csv; with ``xlsx`` documents.xlsx) with the function the ingest CLI writes with."""
        from .io.write import write_outputs

        return write_outputs(self, out_dir, xlsx=xlsx)

    def to_excel(self, path, *, text: bool = False):
        """Write the documents table as an .xlsx (as ``ingest --xlsx`` writes documents.xlsx):
        column widths, frozen header, filter, Chinese category labels beside the keys and a
        data-dictionary sheet. ``text`` adds the clean text (cut at Excel's cell limit, flagged)."""
        from .io.xlsx import write_xlsx

        frame = self._frame if text else self._frame.drop(columns="text")
        return write_xlsx(frame, path, sheet="documents")

    def summary(self) -> dict:
        """Counts for the end-of-run report: documents, by encoding, by script, repairs by kind."""
        s = Summary()
        for d in self._docs:
            s.add(d)
        s.skipped += self.skipped
        s.failed += self.failed
        return s.as_dict()


def read_outputs(out_dir) -> Corpus:
    """The Corpus an ingest run wrote into ``out_dir`` (documents.parquet, clean/<doc_id>.txt,
    activities.csv, evidence.csv, repairs.csv), read back: its tables compare equal."""
    from .io.outputs import read_documents

    return Corpus(read_documents(out_dir))


def load(paths=("data/raw",), *, progress: bool | None = None, jobs: int = 1, segmenter: str | None = None,
         cache_dir=None, engine: str = "local", scheduler: str | None = None) -> Corpus:
    """Read every supported document under ``paths`` (files or folders, recursively).

    Unsupported files are listed in ``corpus.skipped`` and unreadable ones in ``corpus.failed``
    (each with the reason); neither stops the run. ``jobs`` processes in parallel (results keep
    input order), ``segmenter`` is ``"jieba"`` or ``"rjieba"`` (default: rjieba where installed,
    see :func:`qmcorpus.extract.segment.default_segmenter`), ``cache_dir`` reuses earlier
    results for unchanged files. ``progress`` shows a tqdm bar (default: on a terminal).
    ``engine="dask"`` maps the same per-document work over a Dask cluster (``scheduler``: its
    address; none starts a local cluster of ``jobs`` workers); see :mod:`qmcorpus.batch.dask`.
    A path that does not exist raises FileNotFoundError (a typo must not read as an empty corpus).
    """
    missing = missing_paths(paths)
    if missing:
        raise FileNotFoundError(errno.ENOENT, "no such file or folder", missing[0])
    if segmenter is None:
        from .extract.segment import default_segmenter

        segmenter = default_segmenter()
    docs: list[Document] = []
    skipped: list[Skipped] = []
    failed: list[Failure] = []
    for item in run(paths, progress=progress, jobs=jobs, segmenter=segmenter, cache_dir=cache_dir,
                             skipped=skipped, engine=engine, scheduler=scheduler):
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, Skipped):
            skipped.append(item)
        else:
            failed.append(item)
    return Corpus(docs, skipped=skipped, failed=failed)
