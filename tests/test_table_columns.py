"""Derived tables kept between runs in columns (qmcorpus.resources.store_columns): a flat table
reads back exactly as it was built — the same keys, values of the same type, in the same order —
and anything else is kept as JSON, as before."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources

SETTINGS = settings(max_examples=150, deadline=None)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)  # any text, line breaks too
INT = st.integers(min_value=-2**63, max_value=2**63 - 1)
FLOAT = st.floats(allow_nan=False)
FLAT = st.one_of(st.dictionaries(TEXT, INT, max_size=30), st.dictionaries(TEXT, FLOAT, max_size=30),
                 st.dictionaries(TEXT, TEXT, max_size=30))


def _same(a: dict, b: dict) -> bool:
    return list(a.items()) == list(b.items()) and all(type(a[k]) is type(b[k]) for k in a)


@SETTINGS
@given(table=FLAT)
def test_a_flat_table_reads_back_as_it_was_or_is_left_to_json(tmp_path_factory, table):
    target = tmp_path_factory.mktemp("cols") / "t.cols"
    stored = resources.store_columns(target, table)
    text = [*table, *(v for v in table.values() if isinstance(v, str))]
    assert stored == (not any("\n" in t for t in text))  # a line break: JSON's business
    if stored:
        assert _same(resources.load_columns(target), table)
    else:
        assert not target.exists()


def test_tables_of_other_shapes_are_left_to_json(tmp_path):
    for table in ({"a": [1, 2]}, {"a": 1, "b": 1.5}, {"a": True}, {"a": None}, {1: 2}, {"a": 2**64}):
        assert resources.store_columns(tmp_path / "t.cols", table) is False
    assert not (tmp_path / "t.cols").exists()


def test_float_columns_keep_every_bit(tmp_path):
    table = {"a": 0.1, "b": -0.0, "c": math.inf, "d": 5e-324, "e": math.log(7)}
    assert resources.store_columns(tmp_path / "t.cols", table)
    back = resources.load_columns(tmp_path / "t.cols")
    assert [math.copysign(1, v) for v in back.values()] == [math.copysign(1, v) for v in table.values()]
    assert back == table


def test_a_damaged_or_foreign_column_file_is_not_read(tmp_path):
    target = tmp_path / "t.cols"
    resources.store_columns(target, {"质量": 3, "月": 1})
    raw = target.read_bytes()
    target.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # one bit of the values
    assert resources.load_columns(target) is None
    target.write_bytes(raw[:-8])  # cut short
    assert resources.load_columns(target) is None
    resources.store_pack(target, [b"int", b"3", "质量\n月".encode(), b"\0" * 16])  # three keys said, two given
    assert resources.load_columns(target) is None
    resources.store_pack(target, [b"pickle", b"0", b"", b""])
    assert resources.load_columns(target) is None
    assert resources.load_columns(tmp_path / "missing.cols") is None


def test_a_derived_table_is_built_once_then_read_from_its_columns(tmp_path, monkeypatch):
    calls = []

    def build():
        calls.append(1)
        return {"质量": 3, "质量月": 1}

    src = tmp_path / "source.txt"
    src.write_text("x", encoding="utf-8")
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path / "cache"))
    assert _same(resources._derived("t", (src,), build), build())
    calls.clear()
    assert _same(resources._derived("t", (src,), build), {"质量": 3, "质量月": 1})
    assert calls == []
    nested = resources._derived("n", (src,), lambda: {"a": [1, 2]})  # not flat: JSON
    assert nested == {"a": [1, 2]} and list((tmp_path / "cache").glob("n-*.json"))


def test_a_file_digest_is_taken_once_and_again_when_the_file_changes(tmp_path):
    import hashlib
    import os

    p = tmp_path / "dict.txt"
    p.write_bytes(b"abc")
    assert resources._file_digest(p) == hashlib.sha256(b"abc").digest()
    hits = resources._digest_of.cache_info().hits
    assert resources._file_digest(p) == hashlib.sha256(b"abc").digest()
    assert resources._digest_of.cache_info().hits == hits + 1  # not read again
    p.write_bytes(b"abd")  # same size: the modification time tells
    st = os.stat(p)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert resources._file_digest(p) == hashlib.sha256(b"abd").digest()
