"""qmcorpus.io.foreign: the documents table (or any analysis table) for R, Stata and Arrow tools.

``export(corpus, "docs.dta")`` writes Stata 14+ (``.dta``, Unicode, long texts as strL, variable
labels from the data dictionary), ``.rds`` an R data frame (via pyreadr) and ``.parquet`` Arrow.
Lists (issuers, categories …) are joined with `` | `` for Stata and R and stay lists in Parquet;
a missing number is Stata's ``.`` / R's ``NA``; a missing text is ``""`` in Stata (it has no
missing strings) and ``NA`` in R; an infinite number (%DIFF against zero) is ``.`` in Stata, and a column named by a Stata
reserved word (``end``) gets a leading underscore.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import QmcorpusError

FORMATS = (".dta", ".rds", ".parquet")
_STATA_STR_MAX = 2045  # bytes of a fixed-width Stata string; longer texts go to strL
_STATA_LABEL_MAX = 80


def export(obj, path: str | os.PathLike, *, text: bool = True) -> Path:
    """Write ``obj`` — a Corpus (its documents table; ``text=False`` leaves the clean text out), a
    DataFrame (any analysis table) or a :class:`~qmcorpus.analyze.DFM` (as long doc_id, term,
    count rows) — to ``path``, whose suffix picks the format: .dta, .rds or .parquet.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        raise QmcorpusError(f"export to {', '.join(FORMATS)}, not {p.name!r} (CSV/XLSX: qmcorpus.io.write_table)")
    frame = _table(obj, text=text)
    p.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(p, index=False)
    elif suffix == ".rds":
        try:
            import pyreadr
        except ImportError as exc:  # pragma: no cover - a dependency
            raise QmcorpusError("R export needs pyreadr: pip install pyreadr") from exc
        pyreadr.write_rds(str(p), _flat(frame, missing_text=None), compress="gzip")
    else:
        _write_stata(_flat(frame, missing_text=""), p)
    return p


def _table(obj, *, text: bool) -> pd.DataFrame:
    from ..analyze.terms import DFM

    if isinstance(obj, DFM):
        return obj.to_frame()
    if isinstance(obj, pd.DataFrame):
        return obj.reset_index(drop=True)
    frame = getattr(obj, "frame", None)
    if frame is None:
        raise QmcorpusError(f"cannot export a {type(obj).__name__}: give a Corpus, a DataFrame or a DFM")
    return frame if text else frame.drop(columns=["text"], errors="ignore")


def _is_list(v) -> bool:
    return isinstance(v, (list, tuple, np.ndarray))


def _flat(frame: pd.DataFrame, *, missing_text) -> pd.DataFrame:
    """Lists joined, nullable numbers as floats with NaN, texts as str (missing → ``missing_text``)."""
    from ..schema import LIST_SEP

    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.astype(bool)
        elif pd.api.types.is_numeric_dtype(s):
            out[col] = s.astype("float64") if s.isna().any() or str(s.dtype)[0] in "IU" else s
        else:
            vals = [LIST_SEP.join(map(str, v)) if _is_list(v) else (missing_text if _missing(v) else str(v)) for v in s]
            if missing_text is None:
                out[col] = pd.Series(vals, index=frame.index, dtype=object)
            else:
                out[col] = vals
    return out


def _missing(v) -> bool:
    return v is None or (not _is_list(v) and pd.isna(v))


def _write_stata(frame: pd.DataFrame, path: Path) -> None:
    from ..schema import column_docs

    strl = [c for c in frame.columns if frame[c].dtype == object
            and frame[c].map(lambda v: len(str(v).encode("utf-8"))).max(initial=0) > _STATA_STR_MAX]
    for c in frame.columns:  # Stata has no infinity (%DIFF of a term absent from the reference)
        if pd.api.types.is_float_dtype(frame[c]) and np.isinf(frame[c]).any():
            frame[c] = frame[c].replace([np.inf, -np.inf], np.nan)
    docs = column_docs()
    labels = {c: docs[c][:_STATA_LABEL_MAX] for c in frame.columns if c in docs}
    import warnings

    from pandas.errors import InvalidColumnName

    with warnings.catch_warnings():  # pandas renames Stata's reserved words (KWIC's end → _end): expected
        warnings.simplefilter("ignore", InvalidColumnName)
        frame.to_stata(path, write_index=False, version=118, convert_strl=strl, variable_labels=labels)
