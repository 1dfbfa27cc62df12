"""qmcorpus.io.outputs: rebuild a Corpus from what ``python -m qmcorpus.ingest`` wrote, losslessly:
fields (whatever extra columns the table has), repairs, page metadata, evidence and activities."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..types import Activity, Document, Evidence, Step
from ..schema import _FORMULA_START, EXTRA_FIELDS, FIELDS, LIST_FIELDS, split_list

# documents-table columns that hold the page metadata captured from dropped lines → page_meta keys
PAGE_META_COLUMNS = (("page_posted", "posted"), ("page_source", "source"), ("page_author", "author"))


def _split(v) -> tuple[str, ...]:
    return tuple(split_list(v))


def unquote(v: str) -> str:
    """Undo the apostrophe the CSV writer puts before text a spreadsheet would run as a formula.

    >>> unquote("'=SUM(1)"), unquote("'quoted'"), unquote("质量")
    ('=SUM(1)', "'quoted'", '质量')
    """
    return v[1:] if v[:1] == "'" and v[1:2] and v[1] in _FORMULA_START else v


def _read_rows(path: Path, text_columns: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """doc_id → rows of one of the row-per-item CSVs (text exactly as written, numbers as numbers)."""
    if not path.is_file():
        return {}
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={c: str for c in ("doc_id", *text_columns)},
                        keep_default_na=False)
    for c in text_columns:
        frame[c] = frame[c].map(unquote)
    return dict(tuple(frame.groupby("doc_id", sort=False))) if len(frame) else {}


def _as_list(v) -> list:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return []
    return list(v)


def _scalar(field: str, v):
    """A cell as a Document holds it: None when empty (None, NA, NaN, and for a number column an
    empty CSV cell), an int for a year, a float for a confidence (a field's or an evidence's)."""
    number = field in ("year", "year_from_theme") or field.endswith("confidence")
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) or (number and v == ""):
        return None
    if field in ("year", "year_from_theme"):
        return int(v)
    return float(v) if number else v


def read_documents(out_dir) -> list[Document]:
    """Read documents.parquet, clean/<doc_id>.txt, repairs.csv, evidence.csv and activities.csv of
    an output folder: the Documents that were written (a Corpus of them has equal tables)."""
    d = Path(out_dir)
    if not (d / "documents.parquet").is_file():
        raise InputError(d, "no documents.parquet here (run python -m qmcorpus.ingest first)")
    frame = pd.read_parquet(d / "documents.parquet")
    acts = _read_rows(d / "activities.csv", ("heading", "text", "categories"))
    steps = _read_rows(d / "repairs.csv", ("action", "detail"))
    evidence = _read_rows(d / "evidence.csv", ("field", "value", "rule"))
    empty = pd.DataFrame()
    docs = []
    for _, r in frame.iterrows():
        doc_id = r["doc_id"]
        clean = d / "clean" / f"{doc_id}.txt"
        if not clean.is_file():
            raise InputError(clean, "clean text missing for a document of documents.parquet")
        fields = {f: (_as_list(r.get(f)) if f in LIST_FIELDS else _scalar(f, r.get(f))) for f in FIELDS + EXTRA_FIELDS}
        activities = tuple(
            Activity(int(a["index"]), a["heading"], a["text"], int(a["start"]), int(a["end"]), _split(a["categories"]))
            for _, a in acts.get(doc_id, empty).iterrows()
        )
        meta = tuple((key, r[col]) for col, key in PAGE_META_COLUMNS if _scalar(col, r.get(col)) is not None)
        docs.append(Document(
            doc_id=doc_id, source=r["source"], encoding=r["encoding"], script=r["script"],
            text=clean.read_text(encoding="utf-8"), fields=fields, activities=activities, page_meta=meta,
            steps=tuple(Step(s["action"], int(s["count"]), s["detail"]) for _, s in steps.get(doc_id, empty).iterrows()),
            evidence=tuple(Evidence(e["field"], e["value"], int(e["start"]), int(e["end"]), e["rule"],
                                    _scalar("confidence", e.get("confidence")))
                           for _, e in evidence.get(doc_id, empty).iterrows()),
        ))
    return docs
