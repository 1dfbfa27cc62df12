"""Reading (encodings, HTML, DOCX), the ingest CLI and its output contract."""
import subprocess
import sys

import pandas as pd
import pytest

from qmcorpus import load
from qmcorpus.corpus import CONTRACT_COLUMNS
from qmcorpus.ingest import main
from qmcorpus.sources import discover
from qmcorpus.normalize.markup import html_text, read_source

from ..conftest import ROOT

NOTICE = "关于开展2016年全市“质量月”活动的通知\n\n各县区:\n\n现就开展质量月活动有关事项通知如下。\n"


def _write_encodings(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "u8.txt").write_bytes(NOTICE.encode("utf-8"))
    (folder / "u8bom.txt").write_bytes(NOTICE.encode("utf-8-sig"))
    (folder / "gb.txt").write_bytes(NOTICE.encode("gb18030"))
    (folder / "b5.txt").write_bytes("關於開展2016年全市「質量月」活動的通知\n各縣區:現就開展質量月活動有關事項通知如下。".encode("big5"))
    (folder / "u16.txt").write_bytes(NOTICE.encode("utf-16"))


def test_encodings_detected_and_recorded(tmp_path):
    _write_encodings(tmp_path / "in")
    corpus = load([tmp_path / "in"], progress=False)
    enc = dict(zip(corpus.frame["doc_id"], corpus.frame["encoding"]))
    assert enc == {"u8": "utf-8", "u8bom": "utf-8", "gb": "gb18030", "b5": "big5", "u16": "utf-16"}
    texts = {d.doc_id: d.text for d in corpus}
    assert texts["gb"] == texts["u8"] == texts["u16"] == NOTICE.strip("\n") or texts["gb"] == texts["u8"]
    assert "质量月活动" in texts["b5"] and corpus["b5"].script == "traditional"


def test_gb18030_only_characters_are_not_decoded_as_gb2312(tmp_path):
    # 镕 and 堃 are outside GB2312: a GB2312 decoder would fail or garble them
    text = "朱镕基、王堃出席质量月活动启动仪式。"
    f = tmp_path / "x.txt"
    f.write_bytes(text.encode("gb18030"))
    raw = read_source(f)
    from qmcorpus import normalize

    n = normalize(raw.text)
    assert n.text == text and n.encoding == "gb18030"


def test_undecodable_bytes_are_replaced_and_counted():
    from qmcorpus import normalize

    n = normalize("质量月活动通知".encode("utf-8") + b"\xff\xfe\xfa" + "。".encode("utf-8"))
    assert "质量月活动通知" in n.text
    assert any(s.action == "replacement_chars" and s.count >= 1 for s in n.steps)


def test_html_visible_text_keeps_lines_drops_script_style_nav():
    html = """<html><head><title>t</title><style>p{}</style></head><body>
    <nav>首页 | 新闻</nav><h1>关于开展质量月活动的通知</h1>
    <p>各县区:</p><script>alert('x')</script><div>一、活动主题<br>质量强市</div></body></html>"""
    assert html_text(html).split("\n") == ["关于开展质量月活动的通知", "各县区:", "一、活动主题", "质量强市"]


def test_html_charset_from_meta(tmp_path):
    page = '<html><head><meta charset="gb2312"></head><body><p>质量月活动</p></body></html>'
    f = tmp_path / "p.html"
    f.write_bytes(page.encode("gb18030"))
    raw = read_source(f)
    assert raw.encoding == "gb18030" and raw.text == "质量月活动"


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("关于开展质量月活动的通知")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "活动内容"
    t.cell(0, 1).text = "9月"
    d.add_paragraph("某市质量发展领导小组")
    d.save(tmp_path / "n.docx")
    corpus = load([tmp_path / "n.docx"], progress=False)
    assert corpus["n"].text.split("\n") == ["关于开展质量月活动的通知", "活动内容\t9月", "某市质量发展领导小组"]
    assert corpus["n"].encoding == "docx"


def test_unsupported_files_listed_with_reason(tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "c.jpg").write_bytes(b"\xff\xd8\xff")
    files, skipped = discover([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    assert {s.path.split("/")[-1]: s.reason for s in skipped}.keys() == {"b.pdf", "c.jpg"}


def test_doc_id_clash_keeps_both(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(f"{sub}质量月活动。", encoding="utf-8")
    corpus = load([tmp_path], progress=False)
    assert sorted(corpus.frame["doc_id"]) == ["same", "same~2"]


def test_cli_writes_contract_outputs(tmp_path):
    _write_encodings(tmp_path / "in")
    (tmp_path / "in" / "skip.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    assert main([str(tmp_path / "in"), "-o", str(out), "-q"]) == 0
    for name in ("documents.csv", "documents.parquet", "activities.csv", "evidence.csv", "repairs.csv", "skipped.csv"):
        assert (out / name).is_file(), name
    raw = (out / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig for Excel/WPS
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    assert list(docs.columns[: len(CONTRACT_COLUMNS)]) == list(CONTRACT_COLUMNS)
    assert len(docs) == 5
    assert sorted(p.stem for p in (out / "clean").glob("*.txt")) == sorted(docs["doc_id"])
    assert "skip.pdf" in (out / "skipped.csv").read_text(encoding="utf-8-sig")
    pq = pd.read_parquet(out / "documents.parquet")
    assert list(pq["doc_id"]) == list(docs["doc_id"])


def test_cli_exit_status_non_zero_when_an_input_fails(tmp_path):
    (tmp_path / "good.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "bad.docx").write_bytes(b"this is not a zip")
    out = tmp_path / "out"
    assert main([str(tmp_path), "-o", str(out), "-q"]) == 1
    assert (out / "clean" / "good.txt").is_file()
    assert "bad.docx" in (out / "skipped.csv").read_text(encoding="utf-8-sig")


def test_cli_help_explains_every_flag():
    r = subprocess.run([sys.executable, "-m", "qmcorpus.ingest", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0
    for flag in ("INPUT", "--out", "--progress", "--no-progress", "--quiet", "Exit status"):
        assert flag in r.stdout


def test_cli_default_run_on_bundled_corpus(tmp_path):
    r = subprocess.run([sys.executable, "-m", "qmcorpus.ingest", "-o", str(tmp_path / "p")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "5 documents read" in r.stdout and "byte_shift" in r.stdout
