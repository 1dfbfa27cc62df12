"""Reading an output folder back gives the corpus that was written: fields (extra columns
included), repairs, page metadata, evidence and activities, text cells exactly as they were."""
from pathlib import Path

import pandas as pd
import pytest

import qmcorpus
from qmcorpus.corpus import Corpus
from qmcorpus.extract import empty_fields
from qmcorpus.corpus import read_outputs
from qmcorpus.io import write_outputs
from qmcorpus.types import Activity, Document, Evidence, Step

from ..conftest import ROOT


def _same(a: Corpus, b: Corpus) -> None:
    pd.testing.assert_frame_equal(a.frame, b.frame)
    for table in ("repairs_frame", "evidence_frame", "activities_frame"):
        pd.testing.assert_frame_equal(getattr(a, table)(), getattr(b, table)(), obj=table)
    assert [d.repairs for d in a] == [d.repairs for d in b]
    # evidence records (their confidence included) and the <field>_confidence values come back as written
    assert [d.evidence for d in a] == [d.evidence for d in b]
    for da, db in zip(a, b):
        conf = [f for f in da.fields if f.endswith("_confidence")]
        assert {f: da.fields[f] for f in conf} == {f: db.fields[f] for f in conf}
        assert all(type(db.fields[f]) in (float, type(None)) for f in conf)


def test_sample_corpus_round_trips(tmp_path):
    corpus = qmcorpus.load([ROOT / "data" / "raw"], progress=False)
    back = read_outputs(write_outputs(corpus, tmp_path / "out"))
    _same(corpus, back)
    assert any(d.repairs for d in back) and any(d.page_meta for d in back)


@pytest.mark.parametrize("awkward", ["=SUM(A1)", "-1 质量", "+86 0938", "@提及", "2016", "'引号", "", "a | b"])
def test_text_cells_come_back_exactly(tmp_path, awkward):
    """Cells a spreadsheet would run as formulas are quoted in the CSVs; reading unquotes them."""
    text = "质量月活动通知。" * 3
    doc = Document(
        doc_id="d1", source="d1.txt", encoding="utf-8", script="simplified", text=text,
        steps=(Step("whitespace", 2, awkward), Step("byte_shift", 1, "x")),
        page_meta=(("posted", "2016-09-02"),), fields={**empty_fields(), "theme": awkward or None},
        evidence=(Evidence("theme", awkward or "x", 0, 3, awkward or "rule"),),
        activities=(Activity(1, awkward, awkward or "质量", 0, 3, ("publicity",)),),
    )
    back = read_outputs(write_outputs(Corpus([doc]), tmp_path / "out"))
    got = back["d1"]
    assert got.steps == doc.steps and got.evidence == doc.evidence and got.page_meta == doc.page_meta
    assert got.activities == doc.activities and got.repairs == 1
    assert got.fields["theme"] == (awkward or None)


def test_corpus_write_gives_the_files_of_the_ingest_cli(tmp_path):
    """One code path writes the outputs: Corpus.write and the CLI give the same bytes."""
    from qmcorpus.corpus import load
    from qmcorpus.ingest import main

    src = Path(__file__).parent.parent / "corpus" / "raw"
    inputs = sorted(src.iterdir())[:6]
    assert main([*map(str, inputs), "-o", str(tmp_path / "cli"), "-q", "-j", "1", "--no-cache", "--xlsx"]) == 0
    load(inputs).write(tmp_path / "api", xlsx=True)
    for name in ("documents.csv", "activities.csv", "evidence.csv", "repairs.csv", "skipped.csv"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    clean = sorted(p.name for p in (tmp_path / "cli" / "clean").iterdir())
    assert clean and clean == sorted(p.name for p in (tmp_path / "api" / "clean").iterdir())
    assert (tmp_path / "api" / "documents.xlsx").is_file()
