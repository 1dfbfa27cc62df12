"""qmcorpus.analyze.groups: grouping documents (missing values included), document-bootstrap
intervals, and the labels every table and plot shares (Chinese category names, short titles).

A document whose grouping value is unknown (a quarter of real pages state no year) is never a
crash: ``missing="unknown"`` keeps it as its own group labelled ``UNKNOWN``; ``missing="drop"``
leaves it out and the table says how many were left out in ``frame.attrs["left_out"]``
({column: documents}). The default, ``"auto"``, drops for numeric columns (a year axis has no
place for "unknown") and keeps an ``UNKNOWN`` group for text columns (level, province …).
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

UNKNOWN = "unknown"
MISSING = ("auto", "drop", "unknown")


def by_list(by) -> list[str]:
    """``by`` as a list of column names (None → [])."""
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def group_frame(corpus, by, *, missing: str = "auto", columns=()) -> tuple[pd.DataFrame, dict[str, int]]:
    """(documents table with ``doc_id``, the ``by`` columns and ``columns``; {column: documents left out}).

    Missing ``by`` values become ``UNKNOWN`` or drop the document, per ``missing``.
    """
    if missing not in MISSING:
        raise ValueError(f"missing must be one of {', '.join(MISSING)}, not {missing!r}")
    cols = by_list(by)
    frame = corpus.frame
    absent = [c for c in cols if c not in frame.columns]
    if absent:
        raise ValueError(f"no column {absent[0]!r} in the documents table; choose from {', '.join(frame.columns)}")
    frame = frame[["doc_id", *dict.fromkeys(cols + [c for c in columns if c not in cols and c != "doc_id"])]].copy()
    left_out: dict[str, int] = {}
    for c in cols:
        na = frame[c].isna()
        if not na.any():
            continue
        drop = missing == "drop" or (missing == "auto" and pd.api.types.is_numeric_dtype(frame[c]))
        if drop:
            left_out[c] = int(na.sum())
            frame = frame[~na]
        else:
            frame[c] = frame[c].astype(object).where(~na, UNKNOWN)
    return frame.reset_index(drop=True), left_out


def note_left_out(out: pd.DataFrame, left_out: dict[str, int]) -> pd.DataFrame:
    """Record the documents left out for a missing group value on the table (``attrs``)."""
    out.attrs["left_out"] = dict(left_out)
    return out


def bootstrap_indices(n: int, bootstrap: int, rng) -> np.ndarray:
    """``bootstrap`` × ``n`` row indices, documents drawn with replacement."""
    return rng.integers(0, n, size=(bootstrap, n))


def interval(samples: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """2.5 and 97.5 percentiles of bootstrap ``samples`` (NaN where there are none)."""
    if samples.shape[axis] == 0:
        shape = list(samples.shape)
        shape.pop(axis)
        nan = np.full(shape, np.nan)
        return nan, nan.copy()
    lo, hi = np.nanpercentile(samples, [2.5, 97.5], axis=axis)
    return lo, hi


@functools.cache
def category_names() -> dict[str, str]:
    """{category key: Chinese name} from the taxonomy (data/categories.toml)."""
    from ..extract.activities import taxonomy

    return {c.key: c.name for c in taxonomy()}


def category_label(key) -> str:
    """The Chinese name of a category key; anything else unchanged (as text)."""
    return category_names().get(key, str(key))


@functools.cache
def _value_names() -> dict[str, str]:
    from .. import resources

    data = resources.toml("labels.toml")
    return {**data.get("level", {}), **data.get("missing", {})}


def group_label(value) -> str:
    """A group value for an axis: Chinese names of categories, levels and ``UNKNOWN`` (data/labels.toml)."""
    if isinstance(value, str):
        return category_names().get(value) or _value_names().get(value, value)
    return str(value)


def short_titles(corpus, *, width: int = 14) -> pd.Series:
    """doc_id → a short label: place and year, then the start of the title (or, without a title, of
    the text's first line; the doc_id for an empty text).

    Distinct documents with the same label get a running number, so a heatmap's rows can be told apart.
    """
    frame = corpus.frame
    labels = {}
    for _, r in frame.iterrows():
        place = next((r[c] for c in ("city", "province") if isinstance(r.get(c), str) and r.get(c)), "")
        year = "" if pd.isna(r["year"]) else str(int(r["year"]))
        title = r["title"] if isinstance(r["title"], str) and r["title"].strip() else ""
        if not title:
            title = next((ln.strip() for ln in str(r.get("text") or "").splitlines() if ln.strip()), "")
        title = title.removeprefix("关于")
        head = f"{place}{year}"
        body = title[: max(4, width - len(head))] if title else r["doc_id"][:width]
        labels[r["doc_id"]] = f"{head}·{body}" if head else body
    out = pd.Series(labels, name="label")
    seen: dict[str, int] = {}
    for d, lab in out.items():
        seen[lab] = seen.get(lab, 0) + 1
        if seen[lab] > 1:
            out[d] = f"{lab}({seen[lab]})"
    return out
