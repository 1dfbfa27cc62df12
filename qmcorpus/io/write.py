"""qmcorpus.io.write: Corpus → OUT_DIR files per shared/spec/OUTPUT.md, written atomically."""
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


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with ' | ', None as empty, text cells made spreadsheet-safe and cut to Excel's limit."""
    out = frame.copy()
    truncated = pd.Series(False, index=out.index)
    for col in out.columns:
        if not (pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col])):
            continue  # numbers stay numbers
        out[col] = out[col].astype(object)

        def cell(v):
            if isinstance(v, (list, tuple)):
                v = LIST_SEP.join(map(str, v))
            return v

        out[col] = out[col].map(cell)
        long = out[col].map(lambda v: isinstance(v, str) and len(v) > EXCEL_CELL_MAX)
        if long.any():
            truncated |= long
            out[col] = out[col].map(lambda v: v[:EXCEL_CELL_MAX] if isinstance(v, str) else v)
        out[col] = out[col].map(spreadsheet_safe)
    if truncated.any():
        out["truncated"] = truncated
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel and WPS open Chinese correctly."""
    csv_ready(frame).to_csv(path, encoding="utf-8-sig", index=False)


def column_docs() -> dict[str, str]:
    """Descriptions of the columns qmcorpus writes (data/columns.csv), for data dictionaries."""
    from .. import resources

    return dict(pd.read_csv(resources.path("columns.csv"), encoding="utf-8")[["column", "description"]].values)


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write an analysis table for spreadsheets: ``.csv`` (UTF-8 with BOM) or ``.xlsx`` with a
    second sheet describing every column. Lists are joined, formulas neutralised."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if p.suffix.lower() == ".xlsx":
        docs = column_docs()
        dictionary = pd.DataFrame({"column": frame.columns, "description": [docs.get(c, "") for c in frame.columns]})
        with pd.ExcelWriter(p, engine="openpyxl") as xl:
            csv_ready(frame).to_excel(xl, sheet_name="data", index=False)
            dictionary.to_excel(xl, sheet_name="dictionary", index=False)
    else:
        write_csv(frame, p)
    return p


def write_outputs(corpus, out_dir: str | os.PathLike) -> Path:
    """Write documents.csv/.parquet, clean/<doc_id>.txt, activities.csv, evidence.csv,
    repairs.csv and skipped.csv into ``out_dir``.

    Everything is first written to a temporary folder next to ``out_dir`` and then moved into
    place, so an interrupted run leaves the previous outputs intact.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    try:
        docs = corpus.frame.drop(columns=["text"])
        write_csv(docs, tmp / "documents.csv")
        docs.to_parquet(tmp / "documents.parquet", index=False)
        clean = tmp / "clean"
        clean.mkdir()
        for d in corpus:
            (clean / f"{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
        write_csv(corpus.activities_frame(), tmp / "activities.csv")
        write_csv(corpus.evidence_frame(), tmp / "evidence.csv")
        write_csv(corpus.repairs_frame(), tmp / "repairs.csv")
        skipped = [(s.path, s.reason) for s in corpus.skipped] + [(f.path, f.reason) for f in corpus.failed]
        write_csv(pd.DataFrame(skipped, columns=["path", "reason"]), tmp / "skipped.csv")
        _move_into_place(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


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
