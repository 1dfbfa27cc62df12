"""qmcorpus.io.xlsx: tables as spreadsheets that open ready to read — column widths set, header
frozen, filter on, Chinese category labels beside the keys, empty cells for missing and infinite
values, and a second sheet describing every column."""
from __future__ import annotations

import math
import os
import unicodedata
from pathlib import Path

import pandas as pd

from ..schema import column_docs, csv_ready

MIN_WIDTH, MAX_WIDTH = 8, 60
_WIDTH_SAMPLE = 500  # rows looked at to size a column (a long table's first rows show its shape)
# columns holding category keys → the column of their Chinese labels written beside them
LABELLED = {"categories": "categories_zh", "category": "category_zh"}


def category_labels() -> dict[str, str]:
    """Category key → Chinese label, from the taxonomy (data/categories.toml)."""
    from .. import resources

    return {k: v.get("name", k) for k, v in resources.toml("categories.toml").items()}


def _label(value, labels: dict[str, str]):
    if isinstance(value, str):
        return labels.get(value, value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return [labels.get(v, v) for v in value]


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the Chinese label column beside each column of category keys (``categories``
    → ``categories_zh``); a table that already names its categories (a ``name`` column) is left."""
    labels = category_labels()
    out = frame.copy()
    for col, label_col in LABELLED.items():
        if col not in out.columns or label_col in out.columns or (col == "category" and "name" in out.columns):
            continue
        out.insert(out.columns.get_loc(col) + 1, label_col, out[col].map(lambda v: _label(v, labels)))
    return out


def display_width(value) -> int:
    """Columns a value takes on screen: wide (CJK, fullwidth) characters count two.

    >>> display_width("质量月 2024"), display_width(None)
    (11, 0)
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return 0
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def column_widths(frame: pd.DataFrame) -> list[int]:
    """A width per column: its header or its widest (sampled) cell, within MIN_WIDTH..MAX_WIDTH."""
    head = frame.head(_WIDTH_SAMPLE)
    widths = []
    for col in frame.columns:
        widest = max([display_width(col), *(display_width(v) for v in head[col].tolist())])
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, widest + 2)))
    return widths


def _format_sheet(ws, frame: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(column_widths(frame), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"  # the header stays in view
    ws.auto_filter.ref = ws.dimensions


def _empty_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """NaN, NA and ±inf as None, which openpyxl writes as an empty cell (a spreadsheet has no inf)."""
    out = frame.astype(object)
    return out.map(lambda v: None if (v is None or v is pd.NA or (isinstance(v, float) and not math.isfinite(v))) else v)


def write_xlsx(frame: pd.DataFrame, path: str | os.PathLike, *, sheet: str = "data") -> Path:
    """Write ``frame`` as an .xlsx for researchers: sheet ``sheet`` (labels beside category keys,
    lists joined with ' | ', formulas neutralised, widths, frozen header, filter) and a
    ``dictionary`` sheet describing every column."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    data = _empty_for_missing(csv_ready(with_labels(frame)))
    docs = column_docs()
    dictionary = pd.DataFrame({"column": list(data.columns), "description": [docs.get(c, "") for c in data.columns]})
    with pd.ExcelWriter(p, engine="openpyxl") as xl:
        for name, table in ((sheet, data), ("dictionary", dictionary)):
            table.to_excel(xl, sheet_name=name, index=False)
            _format_sheet(xl.sheets[name], table)
    return p
