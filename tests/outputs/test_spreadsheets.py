"""Spreadsheets open right: documents.xlsx (ingest --xlsx, Corpus.to_excel) and compare --xlsx
tables have Chinese intact, set widths, a frozen header, a filter, Chinese category labels beside
the keys, empty cells for NaN/inf and a data dictionary describing every column."""
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

import qmcorpus
from qmcorpus.compare import WHAT
from qmcorpus.compare import main as compare_main
from qmcorpus.ingest import main as ingest_main
from qmcorpus.io import write_table
from qmcorpus.io.xlsx import MAX_WIDTH, MIN_WIDTH, category_labels

from ..conftest import ROOT

# the options each analysis needs on the five-document sample
OPTIONS = {"keyness": ["--by", "doc_type", "--target", "notice"], "trends": ["--items", "品牌,质量"],
           "kwic": ["--term", "品牌"], "collocates": ["--term", "品牌"], "topics": ["--k", "2"]}


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "processed"
    assert ingest_main([str(ROOT / "data" / "raw"), "-o", str(out), "-q", "--xlsx", "-j", "1"]) == 0
    return out


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def _check_layout(ws):
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == ws.dimensions and ws.dimensions.startswith("A1:")
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    assert all(MIN_WIDTH <= w <= MAX_WIDTH for w in widths), dict(zip(header, widths))
    return dict(zip(header, widths))


def test_documents_xlsx_values_widths_frozen_header_filter(processed):
    wb = load_workbook(processed / "documents.xlsx")
    assert wb.sheetnames == ["documents", "dictionary"]
    ws = wb["documents"]
    widths = _check_layout(ws)
    assert widths["title"] > widths["year"]  # sized by content, not one default width
    csv = pd.read_csv(processed / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    header = [c.value for c in ws[1]]
    expected = list(csv.columns)
    expected.insert(expected.index("categories") + 1, "categories_zh")
    assert header == expected
    rows = _rows(ws)
    assert len(rows) == len(csv) == 5
    labels = category_labels()
    for row, (_, ref) in zip(rows, csv.iterrows()):
        assert row["doc_id"] == ref["doc_id"]
        assert (row["title"] or "") == ref["title"]  # Chinese intact
        assert (row["issuers"] or "") == ref["issuers"]
        keys = [k for k in (row["categories"] or "").split(" | ") if k]
        assert (row["categories_zh"] or "").split(" | ") == ([labels[k] for k in keys] or [""])
    assert any("“质量月”" in (r["title"] or "") for r in rows)
    assert any(r["categories_zh"] and "质量宣传" in r["categories_zh"] for r in rows)
    assert any(r["county"] is None for r in rows)  # unknown is an empty cell, not "None" or "nan"


def test_documents_csv_keeps_its_bom_and_columns(processed):
    raw = (processed / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "categories_zh" not in raw.decode("utf-8-sig").splitlines()[0].split(",")


def test_dictionary_sheet_describes_every_column(processed):
    wb = load_workbook(processed / "documents.xlsx")
    header = [c.value for c in wb["documents"][1]]
    dictionary = _rows(wb["dictionary"])
    assert [d["column"] for d in dictionary] == header
    assert all(d["description"] for d in dictionary), [d["column"] for d in dictionary if not d["description"]]
    _check_layout(wb["dictionary"])


def test_corpus_to_excel_writes_the_same_table(processed, tmp_path):
    corpus = qmcorpus.load([ROOT / "data" / "raw"], progress=False)
    corpus.to_excel(tmp_path / "docs.xlsx")
    mine = _rows(load_workbook(tmp_path / "docs.xlsx")["documents"])
    ingested = _rows(load_workbook(processed / "documents.xlsx")["documents"])
    assert mine == ingested


def test_missing_and_infinite_values_are_empty_cells_lists_joined_formulas_neutral(tmp_path):
    frame = pd.DataFrame({
        "term": ["质量", "=HYPERLINK(1)", "品牌"],
        "pct_diff": [math.inf, -math.inf, 1.5],
        "g2": [float("nan"), 2.0, 3.0],
        "year": pd.array([2016, None, 2022], dtype="Int64"),
        "category": ["publicity", "brand_building", "no_such_key"],
        "categories": [["publicity", "brand_building"], [], ["quality_improvement"]],
    })
    ws = load_workbook(write_table(frame, tmp_path / "t.xlsx"))["data"]
    _check_layout(ws)
    rows = _rows(ws)
    assert [r["pct_diff"] for r in rows] == [None, None, 1.5]
    assert [r["g2"] for r in rows] == [None, 2.0, 3.0]
    assert [r["year"] for r in rows] == [2016, None, 2022]
    assert rows[1]["term"] == "'=HYPERLINK(1)"
    assert [r["category_zh"] for r in rows] == ["质量宣传", "品牌建设", "no_such_key"]
    assert rows[0]["categories_zh"] == "质量宣传 | 品牌建设" and rows[1]["categories_zh"] is None


def test_a_table_that_names_its_categories_gets_no_second_label(tmp_path):
    frame = pd.DataFrame({"category": ["publicity"], "name": ["质量宣传"], "value": [0.5]})
    ws = load_workbook(write_table(frame, tmp_path / "t.xlsx"))["data"]
    assert [c.value for c in ws[1]] == ["category", "name", "value", "truncated"]


@pytest.mark.parametrize("what", WHAT)
def test_every_compare_table_xlsx_is_formatted_and_fully_described(processed, tmp_path, what):
    options = OPTIONS.get(what, [])
    if what == "dictionary":
        words = tmp_path / "words.toml"
        words.write_text('"品牌" = ["品牌", "名牌"]\n"安全" = ["质量安全", "隐患"]\n', encoding="utf-8")
        options = ["--dict", str(words)]
    assert compare_main([str(processed), "-o", str(tmp_path), "--what", what, "--xlsx", *options]) == 0
    books = sorted(tmp_path.glob("*.xlsx"))
    assert books
    for book in books:
        wb = load_workbook(book)
        assert wb.sheetnames == ["data", "dictionary"]
        _check_layout(wb["data"])
        undescribed = [d["column"] for d in _rows(wb["dictionary"]) if not d["description"]]
        assert not undescribed, f"{book.name}: columns without a description: {undescribed}"


def test_ingest_xlsx_on_an_up_to_date_folder_still_writes_the_spreadsheet(tmp_path):
    out = tmp_path / "p"
    assert ingest_main([str(ROOT / "data" / "raw"), "-o", str(out), "-q", "-j", "1"]) == 0
    assert not (out / "documents.xlsx").exists()
    assert ingest_main([str(ROOT / "data" / "raw"), "-o", str(out), "-q", "-j", "1", "--xlsx"]) == 0
    assert (out / "documents.xlsx").is_file()


def test_ingest_without_xlsx_removes_a_spreadsheet_the_new_tables_no_longer_match(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("关于开展2016年全市“质量月”活动的通知\n各县区:现就有关事项通知如下。", encoding="utf-8")
    out = tmp_path / "p"
    assert ingest_main([str(raw), "-o", str(out), "-q", "-j", "1", "--xlsx"]) == 0
    assert (out / "documents.xlsx").is_file()
    (raw / "b.txt").write_text("关于开展2017年全省“质量月”活动的通知\n各市:现就有关事项通知如下。", encoding="utf-8")
    assert ingest_main([str(raw), "-o", str(out), "-q", "-j", "1"]) == 0
    assert not (out / "documents.xlsx").exists()
