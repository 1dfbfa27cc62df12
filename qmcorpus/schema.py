"""qmcorpus.schema: the column contract (the one place that defines the output columns, the list
separator, the dtypes and the data dictionary) and one document's rows of the output tables,
rendered as CSV text.

Rendering happens where the document is processed (a worker process): the main process of a
batch only appends the text, so its work and memory do not grow with what a document holds. A
rendered document leaves out its doc_id and path (a cached result is reused under whatever name
the file has now): :func:`prefix` renders them when the rows are written. The cells follow the
one CSV dialect of :mod:`qmcorpus.io.write` (CRLF row ends, spreadsheet-safe cells cut to
Excel's limit, a ``truncated`` column). Imports no pandas: workers need none.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import math

from .extract import EXTRA_FIELDS, FIELDS, LIST_FIELDS

__all__ = ["FIELDS", "EXTRA_FIELDS", "LIST_FIELDS", "LIST_SEP", "CONTRACT_COLUMNS", "EXTRA_COLUMNS", "DOCUMENT_COLUMNS",
           "ACTIVITY_COLUMNS", "EVIDENCE_COLUMNS", "REPAIR_COLUMNS", "TABLES", "split_list", "document_row",
           "activity_rows", "evidence_rows", "repair_rows", "render_document", "prefixed_rows", "documents_table", "documents_schema", "documents_arrow",
           "column_docs", "csv_ready", "spreadsheet_safe"]

LIST_SEP = " | "  # joins a list's items in a CSV/XLSX cell (docs/OUTPUT.md)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_CELL_MAX = 32767
CSV_LINE_END = "\r\n"  # with CRLF row ends the csv module quotes every cell holding CR or LF

# documents.csv columns fixed by docs/OUTPUT.md: never rename or drop these.
CONTRACT_COLUMNS = ("doc_id", "source", "encoding", "script", "repairs", *FIELDS, "n_chars")
# extra columns: the page metadata captured before it was dropped, and what was repaired
EXTRA_COLUMNS = (*EXTRA_FIELDS, "page_posted", "page_source", "page_author", "repair_kinds", "warnings")
DOCUMENT_COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS
ACTIVITY_COLUMNS = ("doc_id", "index", "heading", "text", "categories", "start", "end")
EVIDENCE_COLUMNS = ("doc_id", "field", "value", "start", "end", "rule", "confidence")
REPAIR_COLUMNS = ("doc_id", "action", "count", "detail")
TABLES = (("activities", ACTIVITY_COLUMNS), ("evidence", EVIDENCE_COLUMNS), ("repairs", REPAIR_COLUMNS))


def split_list(cell) -> list[str]:
    """A list cell of a CSV written by qmcorpus back to its items (an empty cell: no items).

    >>> split_list("a | b"), split_list(""), split_list(None)
    (['a', 'b'], [], [])
    """
    return [x for x in cell.split(LIST_SEP) if x] if isinstance(cell, str) else []


def spreadsheet_safe(value):
    """Neutralise a text cell a spreadsheet would run as a formula (OWASP CSV injection).

    Numbers stay numbers; text starting with = + - @ TAB CR LF gets a leading apostrophe, also
    number-like words a spreadsheet does not read as numbers (``-inf``, ``-nan``).

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe(-5), spreadsheet_safe("-5"), spreadsheet_safe("-inf")
    ("'=HYPERLINK(1)", -5, '-5', "'-inf")
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            if math.isfinite(float(value)) and value.strip() == value:
                return value  # a number written as text stays readable as a number
        except ValueError:
            pass
        return "'" + value
    return value


def cell(v) -> tuple[object, bool]:
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


def cells(values) -> tuple[list, bool]:
    """The cells of one row as the csv module takes them, and whether any was cut."""
    row = []
    append = row.append
    truncated = False
    for v in values:
        t = type(v)
        # most cells: nothing to do (a short call-free test, millions of times a run); a number
        # and a short text not opening like a formula are what cell() returns them as
        if t is str:
            if len(v) <= EXCEL_CELL_MAX and not v.startswith(_FORMULA_START):
                append(v)
                continue
        elif t is int or t is float:
            append(v)
            continue
        elif v is None:
            append("")
            continue
        elif t is list:  # a list cell (categories): its items joined, as cell() joins them
            j = LIST_SEP.join(map(str, v))
            if len(j) <= EXCEL_CELL_MAX and not j.startswith(_FORMULA_START):
                append(j)
                continue
        c, cut = cell(v)
        append("" if c is None else c)
        truncated = truncated or cut
    return row, truncated


class Renderer:
    """CSV text of one row's cells, without the row end: ``(text, truncated)``."""

    def __init__(self):
        self._buf = io.StringIO()
        self._w = csv.writer(self._buf, lineterminator=CSV_LINE_END, quoting=csv.QUOTE_MINIMAL)

    def __call__(self, values) -> tuple[str, bool]:
        row, truncated = cells(values)
        self._w.writerow(row)
        text = self._buf.getvalue()
        self._buf.seek(0)
        self._buf.truncate()
        return text[: -len(CSV_LINE_END)], truncated


_render = Renderer()


def header(columns) -> str:
    """The header line of a table (its columns and ``truncated``)."""
    return _render(list(columns) + ["truncated"])[0] + CSV_LINE_END


def line(prefix: tuple[str, bool], rest: str, truncated: bool) -> str:
    """A whole CSV line: the rendered doc_id (and path), the rendered rest, ``truncated``."""
    return f"{prefix[0]},{rest},{truncated or prefix[1]}{CSV_LINE_END}"


def document_row(doc) -> dict:
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
    row["warnings"] = list(doc.warnings)
    return row


def activity_rows(doc) -> list[tuple]:
    """Rows of activities.csv for one document (ACTIVITY_COLUMNS)."""
    return [(doc.doc_id, a.index, a.heading, a.text, list(a.categories), a.start, a.end) for a in doc.activities]


def evidence_rows(doc) -> list[tuple]:
    """Rows of evidence.csv for one document (EVIDENCE_COLUMNS)."""
    return [(doc.doc_id, e.field, e.value, e.start, e.end, e.rule, e.confidence) for e in doc.evidence]


def repair_rows(doc) -> list[tuple]:
    """Rows of repairs.csv for one document (REPAIR_COLUMNS)."""
    return [(doc.doc_id, s.action, s.count, s.detail) for s in doc.steps]


def render_document(doc) -> dict:
    """A document's share of every table as plain data (JSON), without its doc_id and path:
    ``row`` (its documents-table values as a JSON object, for Parquet), ``doc`` ([CSV text, truncated] of its
    documents.csv cells after the path) and for each of activities, evidence and repairs
    ``[block, lengths]``: its rows' CSV lines after the doc_id's cell (each ending in
    ``,truncated`` and the row end) joined into one text, and the length of each line (a cached
    block is copied under whatever doc_id the file has now, see :func:`prefixed_rows`)."""
    row = document_row(doc)
    del row["doc_id"], row["source"]
    out = {"row": json.dumps(row, ensure_ascii=False, allow_nan=False),
           "doc": list(_render(row[c] for c in DOCUMENT_COLUMNS[2:]))}
    for name, rows in (("activities", activity_rows(doc)), ("evidence", evidence_rows(doc)),
                       ("repairs", repair_rows(doc))):
        out[name] = _rendered_block(rows)
    return out


def _rendered_block(rows) -> list:
    """``[block, lengths]`` of rows rendered after their doc_id cell: each line is
    ``f"{text},{truncated}{CSV_LINE_END}"`` of ``_render(row[1:])``, written here by one writer into
    one buffer (``truncated`` as a last cell: the csv module writes a bool as str() does, unquoted),
    each line's length read off the buffer's position."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=CSV_LINE_END, quoting=csv.QUOTE_MINIMAL)
    ends = []
    for r in rows:
        if len(r) < 3:  # no cell or one (which the csv module quotes when empty): rendered on its own
            text, cut = _render(r[1:])
            buf.write(f"{text},{cut}{CSV_LINE_END}")
        else:
            row, cut = cells(r[1:])
            row.append(cut)
            w.writerow(row)
        ends.append(buf.tell())
    return [buf.getvalue(), [b - a for a, b in zip([0, *ends], ends)]]


_CUT_END = f",False{CSV_LINE_END}"


def prefixed_rows(first: tuple[str, bool], block: str, lengths: list[int]) -> str:
    """The CSV lines of a rendered block (:func:`render_document`) with the rendered doc_id cell
    ``first`` (:func:`prefix`) in front of each; a cut doc_id marks every row truncated."""
    head = first[0] + ","
    if not first[1]:
        if len(lengths) == 1:
            return head + block
        parts, at = [], 0
        for n in lengths:
            parts.append(head)
            parts.append(block[at:at + n])
            at += n
        return "".join(parts)
    parts, at = [], 0
    for n in lengths:
        piece = block[at:at + n]
        at += n
        if piece.endswith(_CUT_END):
            piece = piece[: -len(_CUT_END)] + f",True{CSV_LINE_END}"
        parts.append(head + piece)
    return "".join(parts)


_ROW_TYPES = {(str, bool)}
_VALUE_TYPES = frozenset({str, int, float, list, type(None)})


def _block(v) -> bool:
    """[text, [line lengths]] whose lengths add up to the text."""
    if not (type(v) is list and len(v) == 2 and type(v[0]) is str and type(v[1]) is list):
        return False
    lines = v[1]
    return not lines and not v[0] or ({*map(type, lines)} == {int} and min(lines) > 0 and sum(lines) == len(v[0]))


def _plain_row(row: dict) -> bool:
    for x in row.values():  # one pass: every document of a run of cache hits is checked
        t = type(x)
        if t is list:
            if not all(type(e) is str for e in x):
                return False
        elif t is float:
            if not math.isfinite(x):
                return False
        elif t not in _VALUE_TYPES:
            return False
    return True


def valid_rendered(out) -> bool:
    """Whether ``out`` is exactly what :func:`render_document` returns (a cache record is data,
    checked before use)."""
    try:
        row, doc = json.loads(out["row"]), out["doc"]
        return (type(row) is dict and list(row) == _ROW_KEYS and _plain_row(row) and type(doc) is list
                and len(doc) == 2 and {(type(doc[0]), type(doc[1]))} <= _ROW_TYPES
                and all(_block(out[name]) for name, _ in TABLES))
    except (KeyError, TypeError, ValueError, RecursionError):
        return False


_ROW_KEYS = list(DOCUMENT_COLUMNS[2:])


_PLAIN_CELL = None


def prefix(*values: str) -> tuple[str, bool]:
    """The rendered first cells of a row (doc_id; doc_id and path for documents.csv)."""
    global _PLAIN_CELL
    if _PLAIN_CELL is None:
        import re

        _PLAIN_CELL = re.compile(r'[^",\r\n]{1,%d}' % EXCEL_CELL_MAX).fullmatch
    if all(_PLAIN_CELL(v) and not v.startswith(_FORMULA_START) for v in values):
        return ",".join(values), False  # what the csv module writes for cells it need not quote
    return _render(values)


def documents_table(rows: list[dict], *, with_text: bool = False) -> pd.DataFrame:
    """Rows of :func:`document_row` as the typed documents table."""
    import pandas as pd

    cols = list(CONTRACT_COLUMNS) + list(EXTRA_COLUMNS) + (["text"] if with_text else [])
    frame = pd.DataFrame(rows, columns=cols)
    frame["year"] = frame["year"].astype("Int64")
    frame["year_from_theme"] = frame["year_from_theme"].astype("Int64")
    frame["repairs"] = frame["repairs"].astype("int64")
    frame["n_chars"] = frame["n_chars"].astype("int64")
    return frame


_INT_COLUMNS = ("repairs", "n_chars", "year", "year_from_theme")


@functools.cache
def documents_schema():
    """The Arrow schema of documents.parquet, fixed (not inferred from the rows at hand: the file
    is written a row group at a time, and a column empty in one group is not empty in all)."""
    import pyarrow as pa

    def kind(col):
        if col in LIST_FIELDS or col in ("repair_kinds", "warnings"):
            return pa.list_(pa.string())
        if col in _INT_COLUMNS:
            return pa.int64()
        if col.endswith("_confidence"):
            return pa.float64()
        return pa.large_string()

    return pa.schema([(c, kind(c)) for c in CONTRACT_COLUMNS + EXTRA_COLUMNS], metadata=_pandas_metadata())


def _pandas_metadata() -> dict[bytes, bytes]:
    """The ``pandas`` schema metadata of documents.parquet, fixed by the column types (not inferred
    from the rows of a row group, as ``Table.from_pandas`` does): pandas reads the year columns
    back as nullable integers (Int64), and the file is written without importing pandas."""
    import json
    import pyarrow as pa

    from .version import _installed

    def kind(col):
        if col in LIST_FIELDS or col in ("repair_kinds", "warnings"):
            return "list[unicode]", "object"
        if col in ("year", "year_from_theme"):
            return "int64", "Int64"
        if col in _INT_COLUMNS:
            return "int64", "int64"
        if col.endswith("_confidence"):
            return "float64", "float64"
        return "unicode", "object"

    try:
        pandas_version = _installed("pandas")
    except ModuleNotFoundError:  # pragma: no cover - pandas is a dependency
        pandas_version = "0"
    columns = [{"name": c, "field_name": c, "pandas_type": kind(c)[0], "numpy_type": kind(c)[1], "metadata": None}
               for c in CONTRACT_COLUMNS + EXTRA_COLUMNS]
    meta = {"index_columns": [], "column_indexes": [], "columns": columns, "attributes": {},
            "creator": {"library": "pyarrow", "version": pa.__version__}, "pandas_version": pandas_version}
    return {b"pandas": json.dumps(meta).encode()}


def documents_arrow(lines: list[bytes]):
    """Documents-table rows, each a JSON object of its columns on one line (:func:`row_json`), as
    an Arrow table of :func:`documents_schema`. Read by Arrow's JSON reader: no pandas (a run whose
    documents are all cache hits never imports it; pyarrow's own converter from Python lists does)."""
    import io

    from pyarrow import json as pj

    schema = documents_schema()
    if not any(lines):  # no document (every input skipped): Arrow's reader refuses empty input
        return schema.empty_table().replace_schema_metadata(schema.metadata)
    table = pj.read_json(io.BytesIO(b"".join(lines)), read_options=pj.ReadOptions(use_threads=False),
                         parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"))
    return table.select(schema.names).replace_schema_metadata(schema.metadata)


def row_json(doc_id: str, source: str, row: str) -> bytes:
    """One line of JSON of a documents-table row: ``row`` (its JSON object without doc_id and
    source, see :func:`render_document`) with ``doc_id`` and ``source`` in front."""
    head = json.dumps({"doc_id": doc_id, "source": source}, ensure_ascii=False)
    return f"{head[:-1]},{row[1:]}\n".encode()


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with ' | ', text cells made spreadsheet-safe and cut to Excel's limit; a
    ``truncated`` column says which rows were cut. Numbers stay numbers."""
    import pandas as pd

    out = frame.copy()
    truncated = pd.Series(False, index=out.index)
    for col in out.columns:
        if not (pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col])):
            continue  # numbers stay numbers
        cells = out[col].astype(object).map(cell)
        out[col] = cells.map(lambda c: c[0])
        truncated |= cells.map(lambda c: c[1]).astype(bool)
    out["truncated"] = truncated
    return out


def column_docs() -> dict[str, str]:
    """Descriptions of the columns qmcorpus writes (data/columns.csv), for data dictionaries."""
    import pandas as pd

    from . import resources

    return dict(pd.read_csv(resources.path("columns.csv"), encoding="utf-8")[["column", "description"]].values)
