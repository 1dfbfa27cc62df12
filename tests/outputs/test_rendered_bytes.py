"""The rows an ingest appends, rendered as ready bytes (#16): the quick rendering, the renaming of a
cached document and the cache entry's two checksummed sections give exactly what the plain
definitions give (the csv module cell by cell, json.dumps), and a damaged entry is never used."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources, schema
from qmcorpus.extract import EXTRA_FIELDS, FIELDS, LIST_FIELDS
from qmcorpus.types import Activity, Document, Evidence, Step

SETTINGS = settings(max_examples=150, deadline=None)

_TEXT = st.one_of(st.text(alphabet=st.sampled_from('ab质,"\r\n\t=+-@\' 1.|'), max_size=10),
                  st.sampled_from(["", "-5", "-inf", "=1+1", "\n", "x" * 32770, "a,b", 'say "hi"']))
_NAME = st.one_of(st.sampled_from(["title", "year", "categories", "issuers:title", "publish_date:signature",
                                   "furniture:header", "byte_shift", "a,b", "=x"]), _TEXT)
_INT = st.integers(-5, 10**6)
_CONF = st.one_of(st.none(), st.floats(0, 1), st.sampled_from([0.5, 1.0, 0.123456789]))


def _field(name: str):
    if name in LIST_FIELDS:
        return st.lists(_TEXT, max_size=3)
    if name in ("year", "year_from_theme"):
        return st.one_of(st.none(), _INT)
    if name.endswith("_confidence"):
        return _CONF
    return st.one_of(st.none(), _TEXT)


_NAMES = st.sampled_from(["a", "doc~2", "-a", "a,b", "质量", 'q"x', "x" * 32770])
_DOCS = st.builds(
    Document, doc_id=_NAMES, source=st.sampled_from(["a.txt", "dir/a,b.txt", "=x.html", "s" * 32770]),
    encoding=st.sampled_from(["utf-8", "gb18030"]), script=st.sampled_from(["simplified", "traditional"]),
    text=_TEXT,
    steps=st.lists(st.builds(Step, _NAME, _INT, _TEXT), max_size=3).map(tuple),
    page_meta=st.lists(st.tuples(st.sampled_from(["posted", "source", "author"]), _TEXT), max_size=2).map(tuple),
    fields=st.fixed_dictionaries({f: _field(f) for f in FIELDS + EXTRA_FIELDS}),
    evidence=st.lists(st.builds(Evidence, _NAME, _TEXT, _INT, _INT, _NAME, _CONF), max_size=4).map(tuple),
    activities=st.lists(st.builds(Activity, _INT, _TEXT, _TEXT, _INT, _INT, st.lists(_NAME, max_size=3).map(tuple)),
                        max_size=3).map(tuple),
    warnings=st.lists(_TEXT, max_size=2).map(tuple),
)


def _plain(doc: Document, doc_id: str, source: str) -> tuple[bytes, ...]:
    """What the writer appended before the rows came rendered as bytes: every line through the
    csv module cell by cell (doc_id rendered apart), the row through json.dumps."""
    row = schema.document_row(doc)
    del row["doc_id"], row["source"]

    def lines(first, rows):
        out = ""
        for r in rows:
            text, cut = schema._render(r)
            out += f"{first[0]},{text},{cut or first[1]}\r\n"
        return out.encode()

    first = schema.prefix(doc_id)
    head = json.dumps({"doc_id": doc_id, "source": source}, ensure_ascii=False)
    return (lines(schema.prefix(doc_id, source), [[row[c] for c in schema.DOCUMENT_COLUMNS[2:]]]),
            lines(first, [r[1:] for r in schema.activity_rows(doc)]),
            lines(first, [r[1:] for r in schema.evidence_rows(doc)]),
            lines(first, [r[1:] for r in schema.repair_rows(doc)]),
            f"{head[:-1]},{json.dumps(row, ensure_ascii=False, allow_nan=False)[1:]}\n".encode())


@SETTINGS
@given(_DOCS)
def test_rendered_bytes_are_the_rows_rendered_cell_by_cell(doc):
    out = schema.render_document(doc)
    assert schema.valid_rendered(out)
    assert schema.appended(out, doc.doc_id, doc.source) == _plain(doc, doc.doc_id, doc.source)


@SETTINGS
@given(_DOCS, _NAMES, st.sampled_from(["b.txt", "a.txt", "x/y,z.html", "-b.txt"]))
def test_a_document_rendered_under_other_names_is_renamed_exactly(doc, doc_id, source):
    """A cache hit of a file that now has another name (or path) writes the lines a cold run
    under the new names writes."""
    assert schema.appended(schema.render_document(doc), doc_id, source) == _plain(doc, doc_id, source)


_PARTS = st.lists(st.binary(max_size=40), min_size=1, max_size=6)


@SETTINGS
@given(_PARTS, st.integers(0, 6), st.data())
def test_a_pack_gives_back_its_parts_and_never_damaged_ones(tmp_path_factory, parts, tail, data):
    """store_pack/load_pack: the parts come back as written (the first section alone, or both);
    a file with any byte changed or cut short gives None for each section it damaged (CRC-32
    finds every change of up to 32 bits in a row), never other parts."""
    tail = min(tail, len(parts))
    target = tmp_path_factory.mktemp("pack") / "e.json"
    resources.store_pack(target, parts, tail)
    first = parts[:len(parts) - tail]
    assert resources.load_pack(target) == first and resources.load_pack(target, whole=True) == parts
    raw = target.read_bytes()
    at = data.draw(st.integers(0, len(raw) - 1))
    damaged = raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1:]
    second = len(raw) - sum(map(len, parts[len(first):]))  # where the second section starts
    for body in (damaged, raw[:at]):
        target.write_bytes(body)
        got, whole = resources.load_pack(target), resources.load_pack(target, whole=True)
        assert got in (None, first) and whole is None
        if body is damaged and raw.index(b"\n") < at < second:
            assert got is None  # a part of the first section changed
