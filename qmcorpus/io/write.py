"""qmcorpus.io.write: Corpus → OUT_DIR files per docs/OUTPUT.md, written atomically."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

LIST_SEP = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_MAX = 32767


def spreadsheet_safe(value):
    """Neutralise a text cell a spreadsheet would run as a formula (OWASP CSV injection).

    Numbers stay numbers; text starting with = + - @ TAB CR gets a leading apostrophe.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe(-5), spreadsheet_safe("-5")
    ("'=HYPERLINK(1)", -5, '-5')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
            return value  # a number written as text stays readable as a number
        except ValueError:
            return "'" + value
    return value


def _cell(v) -> tuple[object, bool]:
    """One spreadsheet cell: lists joined, text cut to Excel's limit (flagged), formulas neutralised."""
    t = type(v)
    if t is int or t is float or v is None:
        return v, False
    if t is str and len(v) <= EXCEL_CELL_MAX and not v.startswith(_FORMULA_START):
        return v, False  # the common case, decided without further work
    if isinstance(v, (list, tuple)) or (hasattr(v, "tolist") and not isinstance(v, str) and getattr(v, "ndim", 0) == 1):
        v = LIST_SEP.join(map(str, list(v)))
    cut = isinstance(v, str) and len(v) > EXCEL_CELL_MAX
    if cut:
        v = v[:EXCEL_CELL_MAX]
    return spreadsheet_safe(v), cut


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with ' | ', text cells made spreadsheet-safe and cut to Excel's limit; a
    ``truncated`` column says which rows were cut. Numbers stay numbers."""
    out = frame.copy()
    truncated = pd.Series(False, index=out.index)
    for col in out.columns:
        if not (pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col])):
            continue  # numbers stay numbers
        cells = out[col].astype(object).map(_cell)
        out[col] = cells.map(lambda c: c[0])
        truncated |= cells.map(lambda c: c[1]).astype(bool)
    out["truncated"] = truncated
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel and WPS open Chinese correctly."""
    csv_ready(frame).to_csv(path, encoding="utf-8-sig", index=False)


class _RowFile:
    """A CSV written row by row (UTF-8 with BOM, spreadsheet-safe cells, ``truncated`` column)."""

    def __init__(self, path: Path, columns: list[str]):
        import csv

        # the BOM written by hand: the utf-8-sig codec encodes every row in Python code, slowly
        self._fh = open(path, "w", encoding="utf-8", newline="")
        self._fh.write("\ufeff")
        self._w = csv.writer(self._fh)
        self._w.writerow(list(columns) + ["truncated"])

    def write(self, values) -> None:
        row = []
        truncated = False
        for v in values:
            if v is None:
                row.append("")
            elif type(v) is int or (type(v) is str and len(v) <= EXCEL_CELL_MAX and not v.startswith(_FORMULA_START)):
                row.append(v)  # most cells: nothing to do (a short call-free test, millions of times a run)
            else:
                c, cut = _cell(v)
                row.append("" if c is None else c)
                truncated = truncated or cut
        row.append(truncated)
        self._w.writerow(row)

    def close(self) -> None:
        self._fh.close()


class OutputWriter:
    """The one write funnel: documents are added one at a time (memory stays flat: only the
    documents table is kept), everything is staged in a temporary folder next to OUT_DIR and
    moved into place on :meth:`close`. ``xlsx`` adds documents.xlsx. Used as a context manager, an error discards the stage
    and leaves the previous outputs as they were."""

    def __init__(self, out_dir: str | os.PathLike, *, xlsx: bool = False):
        self.xlsx = xlsx  # also write documents.xlsx
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(self.out)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-{os.getpid()}-", dir=self.out.parent))
        (self.tmp / "clean").mkdir()
        from ..corpus import ACTIVITY_COLUMNS, EVIDENCE_COLUMNS, REPAIR_COLUMNS

        self._acts = _RowFile(self.tmp / "activities.csv", ACTIVITY_COLUMNS)
        self._ev = _RowFile(self.tmp / "evidence.csv", EVIDENCE_COLUMNS)
        self._rep = _RowFile(self.tmp / "repairs.csv", REPAIR_COLUMNS)
        self.rows: list[dict] = []
        self.skipped: list[tuple[str, str]] = []

    def add(self, doc) -> None:
        from ..corpus import activity_rows, document_row, evidence_rows, repair_rows

        (self.tmp / "clean" / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
        for rows, out in ((activity_rows(doc), self._acts), (evidence_rows(doc), self._ev), (repair_rows(doc), self._rep)):
            for row in rows:
                out.write(row)
        self.rows.append(document_row(doc))

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append((path, reason))

    def close(self) -> Path:
        from ..corpus import documents_table

        for f in (self._acts, self._ev, self._rep):
            f.close()
        docs = documents_table(self.rows)
        write_csv(docs, self.tmp / "documents.csv")
        docs.to_parquet(self.tmp / "documents.parquet", index=False)
        if self.xlsx:
            from .xlsx import write_xlsx

            write_xlsx(docs, self.tmp / "documents.xlsx", sheet="documents")
        write_csv(pd.DataFrame(self.skipped, columns=["path", "reason"]), self.tmp / "skipped.csv")
        try:
            _move_into_place(self.tmp, self.out)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return self.out

    def abort(self) -> None:
        for f in (self._acts, self._ev, self._rep):
            f.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.abort()
        return False


def column_docs() -> dict[str, str]:
    """Descriptions of the columns qmcorpus writes (data/columns.csv), for data dictionaries."""
    from .. import resources

    return dict(pd.read_csv(resources.path("columns.csv"), encoding="utf-8")[["column", "description"]].values)


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write an analysis table for spreadsheets: ``.csv`` (UTF-8 with BOM) or ``.xlsx`` (see
    :func:`qmcorpus.io.xlsx.write_xlsx`: widths, frozen header, filter, Chinese category labels,
    a sheet describing every column). Lists are joined, formulas neutralised."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(frame, p)
    p.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, p)
    return p


def write_outputs(corpus, out_dir: str | os.PathLike) -> Path:
    """Write documents.csv/.parquet, clean/<doc_id>.txt, activities.csv, evidence.csv,
    repairs.csv and skipped.csv of a Corpus into ``out_dir`` (staged, then moved into place)."""
    with OutputWriter(out_dir) as w:
        for d in corpus:
            w.add(d)
        for s in corpus.skipped:
            w.skip(s.path, s.reason)
        for f in corpus.failed:
            w.skip(f.path, f.reason)
        return w.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temporaries(out: Path) -> None:
    """Remove what an interrupted run (kill -9) left behind: its staging and swap folders."""
    for d in list(out.parent.glob(f".{out.name}.tmp-*")) + list(out.glob(".*.old-*")):
        m = re.search(r"(?:tmp|old)-(\d+)", d.name)
        if m and not _alive(int(m.group(1))):
            shutil.rmtree(d, ignore_errors=True)


def _move_into_place(tmp: Path, out: Path) -> None:
    for item in sorted(tmp.iterdir()):
        target = out / item.name
        if item.is_dir():
            old = None
            if target.exists():
                old = out / f".{item.name}.old-{os.getpid()}"
                os.replace(target, old)
            os.replace(item, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(item, target)
