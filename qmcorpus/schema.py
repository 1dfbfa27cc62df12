"""qmcorpus.schema: the column contract (the one place that defines the output columns, the list
separator, the dtypes and the data dictionary) and one document's rows of the output tables,
rendered as the UTF-8 bytes of their CSV lines (and of a line of JSON for Parquet).

Rendering happens where the document is processed (a worker process): the main process of a
batch only appends the bytes, so its work and memory do not grow with what a document holds. A
rendered document's lines begin with its doc_id and path; a cached result reused under another
name is renamed when its rows are written (:func:`appended`). The cells follow the
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
           "activity_rows", "evidence_rows", "repair_rows", "render_document", "appended", "prefixed_rows", "prefix_bytes", "row_json", "documents_table", "documents_schema", "documents_arrow",
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


_FIELD_PLAN = tuple((f, f in LIST_FIELDS) for f in FIELDS)  # (name, holds a list): decided once
_EXTRA_PLAN = tuple((f, f in LIST_FIELDS) for f in EXTRA_FIELDS)


def document_row(doc) -> dict:
    """One documents-table row (lists stay lists; None for unknown)."""
    row = {"doc_id": doc.doc_id, "source": doc.source, "encoding": doc.encoding, "script": doc.script,
           "repairs": doc.repairs}
    get = doc.fields.get
    for f, listed in _FIELD_PLAN:
        v = get(f)
        row[f] = list(v) if listed else v
    row["n_chars"] = len(doc.text)
    for f, listed in _EXTRA_PLAN:
        v = get(f)
        row[f] = list(v or []) if listed else v
    meta = dict(doc.page_meta)
    row["page_posted"] = meta.get("posted") or meta.get("issue")
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
    """A document's share of every table as the UTF-8 bytes an ingest appends: ``row``, its
    documents-table row as one line of JSON (:func:`row_json`, for Parquet), and for each of
    ``doc`` (its documents.csv line), activities, evidence and repairs ``[block, lengths]``: its
    rows' CSV lines (each ending in ``,truncated`` and the row end) joined into one block, and
    None when every CRLF of the block ends a line, else the byte length of each line (a cell
    holding a line break). ``names`` is ``[doc_id, source]``, which the lines and the row begin
    with; a cached document written under other names is renamed (:func:`renamed`). A name that
    would be cut to Excel's limit leaves ``names`` None and the lines and row without their names
    (:func:`named` puts them in front)."""
    row = document_row(doc)
    doc_id, source = row.pop("doc_id"), row.pop("source")
    body, rest = _row_parts(row)
    body = body.encode("utf-8")
    id_cell, id_cut = prefix(doc_id)
    doc_cells, doc_cut = prefix(doc_id, source)
    if id_cut or doc_cut:  # never in practice: rendered bare, named when written
        id_cell = doc_cells = None
    out = {"names": None if id_cell is None else [doc_id, source],
           "row": body if id_cell is None else row_json(doc_id, source, body),
           "doc": _block([rest if doc_cells is None else doc_cells + "," + rest], 1)}
    p = "" if id_cell is None else id_cell + ","
    for name, quick, rows, n in (("activities", _activity_lines, activity_rows, len(doc.activities)),
                                 ("evidence", _evidence_lines, evidence_rows, len(doc.evidence)),
                                 ("repairs", _repair_lines, repair_rows, len(doc.steps))):
        if not n:
            out[name] = [b"", None]
            continue
        try:
            lines = quick(doc, p)
        except (_Exact, TypeError):  # TypeError: a value not of its declared type
            lines = _exact_lines(rows(doc), p)
        out[name] = _block(lines, n)
    return out


# the documents-table row as JSON: one encoder made once (json.dumps makes one a call with these options)
_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


class _Exact(Exception):
    """A cell the quick rendering does not cover (a formula to guard, a text to cut)."""


def _q(v: str) -> str:
    """A text cell as the csv module writes it (QUOTE_MINIMAL: quoted when it holds a comma, a
    quote, CR or LF); _Exact for a cell :func:`cell` would change (formula start, too long)."""
    if v.startswith(_FORMULA_START) or len(v) > EXCEL_CELL_MAX:
        raise _Exact
    if '"' in v:
        return '"' + v.replace('"', '""') + '"'
    if "," in v or "\n" in v or "\r" in v:
        return '"' + v + '"'
    return v


_NAMES: dict = {}  # _q of the cells that name things (fields, rules, actions, categories): a small vocabulary


def _name(v) -> str:
    """:func:`_q` of a name cell (a list of names: joined as :func:`cell` joins it), memoised (a
    few hundred names a run; the memo stops growing at 4096, past which names are quoted each time)."""
    got = _NAMES.get(v)
    if got is None:
        got = _q(v if type(v) is str else LIST_SEP.join(map(str, v)))
        if len(_NAMES) < 4096:
            _NAMES[v] = got
    return got


# Each table's lines written with f-strings from the records' declared types (str cells through
# _q, numbers as str()/repr() as the csv module writes them, a None confidence as an empty cell,
# categories joined as cell() joins a list), ending in ",False": exactly what rendering the rows
# of activity_rows() & co. cell by cell through csv.writer gives, which stays the path for any
# block holding a cell _q does not cover (tests: the hypothesis properties of the quick lines).
def _activity_lines(doc, p: str) -> list[str]:
    return [f"{p}{a.index},{_q(a.heading)},{_q(a.text)},{_NAMES.get(a.categories) or _name(a.categories)},{a.start},{a.end}"
            ",False\r\n" for a in doc.activities]


def _evidence_lines(doc, p: str) -> list[str]:
    tails = _EVIDENCE_ENDS
    out = []
    for field, value, start, end, rule, conf in doc.evidence:  # (a named tuple: unpacked, not read field by field)
        # the cells around value, start and end, kept per (field, rule, confidence): a few hundred a
        # run. Only a confidence that is a non-zero float or None is a key (0.0 == -0.0 and 1 == 1.0
        # == True, written apart)
        key = (field, rule, conf) if conf is None or type(conf) is float and conf else None
        ends = tails.get(key) if key is not None else None
        if ends is None:
            ends = (f"{_NAMES.get(field) or _name(field)},",
                    f",{_NAMES.get(rule) or _name(rule)},{'' if conf is None else conf},False\r\n")
            if key is not None and len(tails) < 4096:
                tails[key] = ends
        out.append(f"{p}{ends[0]}{_q(value)},{start},{end}{ends[1]}")
    return out


_EVIDENCE_ENDS: dict = {}  # (field, rule, confidence) → the evidence line's cells before and after value, start, end


def _repair_lines(doc, p: str) -> list[str]:
    return [f"{p}{_NAMES.get(s.action) or _name(s.action)},{s.count},{_q(s.detail)},False\r\n" for s in doc.steps]


def _document_line(row: dict, p: str) -> str:
    """The documents.csv line of ``row`` after its doc_id and path (``rest,truncated`` and the
    row end), ``p`` in front."""
    try:
        cells = []
        for c in _ROW_KEYS:
            v = row[c]
            t = type(v)
            if t is str:
                cells.append(_q(v))
            elif v is None:
                cells.append("")
            elif t is list:
                cells.append(_q(LIST_SEP.join(map(str, v))))
            elif t is int or t is float:
                cells.append(str(v))
            else:
                raise _Exact
        cells.append("False\r\n")
        return p + ",".join(cells)
    except _Exact:
        text, cut = _render(row[c] for c in _ROW_KEYS)
        return f"{p}{text},{cut}{CSV_LINE_END}"


# the documents-table row as JSON and as a CSV line in one pass over its cells (each value's type
# read once): per type, what _JSON.encode writes (keys as encode_basestring writes them, ", " and
# ": " between items, int and float through their repr, lists of texts as [a, b]) and what
# _document_line writes; any other cell (a non-finite float, which the encoder refuses, a list
# holding a non-text, another type) leaves the row to the plain pair (test: the hypothesis
# properties of the rendered bytes).
_INF = float("inf")


def _row_parts(row: dict) -> tuple[str, str]:
    """``(_JSON.encode(row), _document_line(row, ""))`` of a documents-table row without doc_id and source."""
    try:
        if list(row) != _ROW_KEYS:
            raise _Exact  # (never: document_row makes the columns in this order)
        js, cells = [], []
        j, c = js.append, cells.append
        for v in row.values():
            if v is None:
                c("")
                j("null")
                continue
            t = type(v)
            if t is str:
                c(_q(v))
                j(_JSON_STR(v))
            elif t is float:
                if v != v or v == _INF or v == -_INF:
                    raise _Exact
                r = float.__repr__(v)
                c(r)
                j(r)
            elif t is int:
                r = int.__repr__(v)
                c(r)
                j(r)
            elif t is list:
                if not v:  # (most list cells: no item)
                    c("")
                    j("[]")
                    continue
                for x in v:
                    if type(x) is not str:
                        raise _Exact
                c(_q(LIST_SEP.join(v)))
                j("[" + ", ".join(map(_JSON_STR, v)) + "]")
            else:
                raise _Exact
        c("False\r\n")
        return _ROW_JSON % tuple(js), ",".join(cells)
    except _Exact:
        return _JSON.encode(row), _document_line(row, "")


def _exact_lines(rows, p: str = "") -> list[str]:
    """The plain definition: each row after its doc_id cell rendered by :func:`cells` and the csv
    module, ``p`` before it, ``,truncated`` and the row end after it."""
    return [f"{p}{text},{cut}{CSV_LINE_END}" for text, cut in (_render(r[1:]) for r in rows)]


def _block(lines: list[str], n: int) -> list:
    """``[block, lengths]`` of ``n`` rendered lines (see :func:`render_document`)."""
    text = "".join(lines)
    if text.count("\n") == n and text.count("\r") == n:  # only the row ends: split at CRLF
        return [text.encode("utf-8"), None]
    return [text.encode("utf-8"), [len(x.encode("utf-8")) for x in lines]]


def _rendered_block(rows) -> list:
    """``[block, lengths]`` of rows (each starting with its doc_id cell) by the plain definition."""
    return _block(_exact_lines(rows), len(rows)) if rows else [b"", None]


_CRLF = b"\r\n"
_CUT_END = b",False\r\n"


def prefixed_rows(first: tuple[bytes, bool], block: bytes, lengths: list[int] | None) -> bytes:
    """The CSV lines of a rendered block (:func:`render_document`) with the rendered doc_id cell
    ``first`` (:func:`prefix_bytes`) in front of each; a cut doc_id marks every row truncated."""
    if not block:
        return b""
    head = first[0] + b","
    if not first[1]:
        if lengths is None:  # every CRLF ends a line: one replace puts the cell after each
            return b"".join((head, block[:-2].replace(_CRLF, _CRLF + head), _CRLF))
        if len(lengths) == 1:
            return head + block
    parts, at = [], 0
    for n in (lengths if lengths is not None else [len(x) + 2 for x in block[:-2].split(_CRLF)]):
        piece = block[at:at + n]
        at += n
        if first[1] and piece.endswith(_CUT_END):
            piece = piece[: -len(_CUT_END)] + b",True\r\n"
        parts.append(head)
        parts.append(piece)
    return b"".join(parts)


def appended(out: dict, doc_id: str, source: str) -> tuple[bytes, ...]:
    """What an ingest appends for a rendered document (:func:`render_document`) under ``doc_id``
    and ``source``: its documents.csv line, its activities, evidence and repairs lines and its
    line of JSON. Rendered under these very names (a worker's result, or a cache hit of a file
    under its earlier name): the bytes as they are; else renamed."""
    names = out["names"]
    if names is not None and names[0] == doc_id and names[1] == source:
        return out["doc"][0], out["activities"][0], out["evidence"][0], out["repairs"][0], out["row"]
    bare = out if names is None else _bare(out, names)
    first = prefix_bytes(doc_id)
    return (prefixed_rows(prefix_bytes(doc_id, source), *bare["doc"]), prefixed_rows(first, *bare["activities"]),
            prefixed_rows(first, *bare["evidence"]), prefixed_rows(first, *bare["repairs"]),
            row_json(doc_id, source, bare["row"]))


def _bare(out: dict, names: list) -> dict:
    """``out`` rendered under ``names`` without them: each line without its first cells, the
    JSON object without doc_id and source (what :func:`prefixed_rows` and :func:`row_json` take)."""
    id_head = prefix_bytes(names[0])[0] + b","
    bare = {"row": b"{" + out["row"][len(row_json(*names, b"{")) - 1:-1],
            "doc": _stripped(*out["doc"], prefix_bytes(*names)[0] + b",")}
    for name in ("activities", "evidence", "repairs"):
        bare[name] = _stripped(*out[name], id_head)
    return bare


def _stripped(block: bytes, lengths: list[int] | None, head: bytes) -> list:
    """``[block, lengths]`` without ``head`` at the start of each line."""
    if not block:
        return [b"", None]
    if lengths is None:  # every CRLF ends a line, and every line starts with head
        return [block[len(head):].replace(_CRLF + head, _CRLF), None]
    parts, at = [], 0
    for n in lengths:
        parts.append(block[at + len(head):at + n])
        at += n
    return [b"".join(parts), [n - len(head) for n in lengths]]


def valid_rendered(out) -> bool:
    """Whether ``out`` has the shape :func:`render_document` gives (bytes, and line lengths that
    add up to their block): what an ingest can append (a cache entry's bytes are checksummed)."""
    try:
        names = out["names"]
        return (type(out["row"]) is bytes and (names is None or (type(names) is list and len(names) == 2
                                                                  and type(names[0]) is str and type(names[1]) is str))
                and _block_shape(out["doc"]) and _block_shape(out["activities"]) and _block_shape(out["evidence"])
                and _block_shape(out["repairs"]))
    except (KeyError, TypeError):
        return False


_BLOCKS = ("doc", "activities", "evidence", "repairs")


def _block_shape(v) -> bool:
    if not (type(v) is list and len(v) == 2 and type(v[0]) is bytes):
        return False
    block, lines = v
    if lines is None:
        return not block or block.endswith(_CRLF)
    return type(lines) is list and all(type(n) is int and n > 0 for n in lines) and sum(lines) == len(block)


_ROW_KEYS = list(DOCUMENT_COLUMNS[2:])
# the JSON object of a row, its values left to fill in (each key as the encoder writes it)
_ROW_JSON = "{" + ", ".join(_JSON.encode(c).replace("%", "%%") + ": %s" for c in _ROW_KEYS) + "}"


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


def prefix_bytes(*values: str) -> tuple[bytes, bool]:
    """:func:`prefix` as UTF-8 bytes (what :func:`prefixed_rows` puts in front of a block)."""
    text, cut = prefix(*values)
    return text.encode("utf-8"), cut


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


def row_json(doc_id: str, source: str, row: bytes) -> bytes:
    """One line of JSON of a documents-table row: ``row`` (its JSON object without doc_id and
    source, see :func:`render_document`) with ``doc_id`` and ``source`` in front, as
    ``json.dumps({"doc_id": doc_id, "source": source}, ensure_ascii=False)`` writes them (the
    same string encoder)."""
    return b"".join((b'{"doc_id": ', _JSON_STR(doc_id).encode("utf-8"), b', "source": ',
                     _JSON_STR(source).encode("utf-8"), b",", row[1:], b"\n"))


_JSON_STR = json.encoder.encode_basestring  # a str as json.dumps(ensure_ascii=False) writes it


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
