"""qmcorpus.io.outputs: rebuild a Corpus from what ``python -m qmcorpus.ingest`` wrote."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..extract import EXTRA_FIELDS, FIELDS, LIST_FIELDS
from ..types import Activity, Document


def _split(v) -> tuple[str, ...]:
    if isinstance(v, str):
        return tuple(x for x in v.split(" | ") if x)
    return ()


def _as_list(v) -> list:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return []
    return list(v)


def _scalar(field: str, v):
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return int(v) if field in ("year", "year_from_theme") else v


def read_outputs(out_dir) -> "Corpus":  # noqa: F821
    """Read documents.parquet, clean/<doc_id>.txt and activities.csv of an output folder."""
    from ..corpus import Corpus

    d = Path(out_dir)
    if not (d / "documents.parquet").is_file():
        raise InputError(d, "no documents.parquet here (run python -m qmcorpus.ingest first)")
    frame = pd.read_parquet(d / "documents.parquet")
    acts = pd.read_csv(d / "activities.csv", encoding="utf-8-sig") if (d / "activities.csv").is_file() else None
    by_doc = dict(tuple(acts.groupby("doc_id"))) if acts is not None and len(acts) else {}
    docs = []
    for _, r in frame.iterrows():
        clean = d / "clean" / f"{r['doc_id']}.txt"
        if not clean.is_file():
            raise InputError(clean, "clean text missing for a document of documents.parquet")
        fields = {f: (_as_list(r.get(f)) if f in LIST_FIELDS else _scalar(f, r.get(f))) for f in FIELDS + EXTRA_FIELDS}
        activities = tuple(
            Activity(int(a["index"]), a["heading"] if isinstance(a["heading"], str) else "", str(a["text"]),
                     int(a["start"]), int(a["end"]), _split(a["categories"]))
            for _, a in by_doc.get(r["doc_id"], pd.DataFrame()).iterrows()
        )
        docs.append(Document(doc_id=r["doc_id"], source=r["source"], encoding=r["encoding"], script=r["script"],
                             text=clean.read_text(encoding="utf-8"), fields=fields, activities=activities))
    return Corpus(docs)
