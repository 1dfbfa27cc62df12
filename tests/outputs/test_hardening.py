"""Bad input, interrupted runs and spreadsheet safety: never crash, never lose, always say why."""
import os
import signal
import subprocess
import sys
import time
import zipfile

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import load, normalize
from qmcorpus.extract import extract
from qmcorpus.io.write import csv_ready, spreadsheet_safe, write_outputs

from ..conftest import ROOT

GOOD = "关于开展2016年全市“质量月”活动的通知\n各县区:\n现就开展质量月活动有关事项通知如下。\n某市质量发展领导小组\n2016年8月31日\n"


def _bad_inputs(root):
    """A folder of everything a scrape folder can contain; returns (good names, bad names)."""
    root.mkdir()
    (root / "good_utf8.txt").write_text(GOOD, encoding="utf-8")
    (root / "good_gbk.txt").write_bytes(GOOD.encode("gb18030"))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"  \n\n ")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (root / "image_named_txt.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with zipfile.ZipFile(root / "archive.zip", "w") as z:
        z.writestr("a.txt", GOOD)
    (root / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF")
    (root / "truncated.txt").write_bytes(GOOD.encode("utf-8")[:-4])
    (root / "mixed.txt").write_bytes("质量月活动通知\n".encode() + "各县区质量强市建设".encode("gb18030") + "\n完成。".encode())
    (root / "nul.txt").write_bytes(GOOD.encode("utf-8").replace("。".encode(), b"\x00\x00"))
    (root / "huge_one_line.txt").write_text(("质量月活动宣传,监督抽查与质量提升。" * 400_000).replace("\n", ""), encoding="utf-8")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (root / "noext").write_text(GOOD, encoding="utf-8")
    (root / "a").mkdir()
    (root / "a" / "same.txt").write_text(GOOD, encoding="utf-8")
    (root / "b").mkdir()
    (root / "b" / "same.txt").write_text(GOOD.replace("2016", "2017"), encoding="utf-8")
    deep = root / "deep"
    for i in range(60):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "deep_doc.txt").write_text(GOOD, encoding="utf-8")
    (root / "loop").mkdir()
    os.symlink(root / "loop", root / "loop" / "again")
    os.symlink(root / "nowhere", root / "dangling.txt")
    name = os.fsencode(root) + b"/\xd6\xca\xc1\xbf\xd4\xc2.txt"  # 质量月 in GBK bytes
    with open(name, "wb") as fh:
        fh.write(GOOD.encode("utf-8"))
    good = {"good_utf8", "good_gbk", "truncated", "mixed", "nul", "huge_one_line", "same", "same~2", "deep_doc", "质量月"}
    bad = {"empty.txt", "blank.txt", "image.png", "image_named_txt.txt", "archive.zip", "scan.pdf", "broken.docx",
           "noext", "dangling.txt"}
    return good, bad


def test_bad_input_folder_through_the_cli(tmp_path):
    good, bad = _bad_inputs(tmp_path / "in")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "qmcorpus.ingest", str(tmp_path / "in"), "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr
    assert r.returncode == 1  # the broken .docx and the dangling link failed
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    assert set(docs["doc_id"]) == good
    skipped = pd.read_csv(out / "skipped.csv", encoding="utf-8-sig")
    listed = {os.path.basename(p) for p in skipped["path"]}
    assert bad <= listed, bad - listed
    assert skipped["reason"].str.len().min() > 5
    reasons = dict(zip(skipped["path"].map(os.path.basename), skipped["reason"]))
    assert reasons["empty.txt"] == "empty file" and "PDF" in reasons["scan.pdf"] and "binary" in reasons["image_named_txt.txt"]
    assert any("symlink loop" in x for x in skipped["reason"])
    for name in bad:
        assert name in r.stdout or "more in skipped.csv" in r.stdout
    enc = dict(zip(docs["doc_id"], docs["encoding"]))
    assert enc["good_gbk"] == "gb18030" and enc["mixed"].startswith("mixed")
    assert (out / "clean" / "质量月.txt").read_text(encoding="utf-8").startswith("关于开展")


def test_a_file_that_vanishes_mid_run_is_named(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    import qmcorpus.batch.pool as batch_mod

    real = batch_mod.read_limited

    def vanish_then_read(f, *args):
        if str(f).endswith("b.txt"):
            os.unlink(f)
        return real(f, *args)

    monkeypatch.setattr(batch_mod, "read_limited", vanish_then_read)
    c = load([tmp_path], progress=False)
    assert [d.doc_id for d in c] == ["a"]
    assert len(c.failed) == 1 and c.failed[0].path.endswith("b.txt") and "cannot read" in c.failed[0].reason


def test_kill_9_leaves_previous_outputs_intact_and_rerun_completes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "qmcorpus.ingest", str(src), "-o", str(out), "-q"]
    assert subprocess.run(cmd, cwd=ROOT, timeout=300).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".qmcorpus.lock"}
    # a bigger second run, killed while it writes its outputs (the riskiest moment)
    for i in range(3, 400):
        (src / f"d{i}.txt").write_text(GOOD * 20, encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=ROOT)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None and not list(out.glob(".staging-*/clean")):
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".qmcorpus.lock"}
    assert after == before  # untouched and readable
    assert len(pd.read_csv(out / "documents.csv", encoding="utf-8-sig")) == 3
    assert subprocess.run(cmd, cwd=ROOT, timeout=600).returncode == 0
    assert len(pd.read_csv(out / "documents.csv", encoding="utf-8-sig")) == 400
    assert not list(out.glob(".staging-*")) and not list(tmp_path.glob(".out*"))  # the killed run's stage cleaned


def test_formula_injection_neutralised_numbers_stay_numbers(tmp_path):
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("+SUM(A1)") == "'+SUM(A1)"
    assert spreadsheet_safe("@cmd") == "'@cmd"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("\tx") == "'\tx" and spreadsheet_safe("\rx") == "'\rx"
    assert spreadsheet_safe("-12.5") == "-12.5" and spreadsheet_safe(3) == 3
    text = "=HYPERLINK(\"http://x\",\"点我\")\n关于开展质量月活动的通知\n"
    src = tmp_path / "in"
    src.mkdir()
    (src / "=cmd.txt").write_text(text, encoding="utf-8")
    c = load([src], progress=False)
    out = write_outputs(c, tmp_path / "out")
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str)
    for col in docs.columns:
        for v in docs[col].dropna():
            assert not v.startswith(("=", "+", "@")), (col, v)
    assert docs.loc[0, "doc_id"] == "'=cmd"
    assert docs.loc[0, "repairs"] == "0"


def test_overlong_cells_are_cut_and_flagged():
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["短", "长" * 40000], "n": [1, 2]})
    out = csv_ready(frame)
    assert len(out.loc[1, "text"]) == 32767 and out["truncated"].tolist() == [False, True]
    assert out["n"].tolist() == [1, 2]


def test_html_parsing_never_fetches_or_runs_anything(tmp_path):
    page = """<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <html><head><script src="http://example.invalid/x.js"></script></head>
    <body><p>质量月&xxe;活动</p><img src="http://example.invalid/a.png" onerror="alert(1)">
    <iframe src="http://example.invalid"></iframe><script>document.write('不应出现')</script></body></html>"""
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    c = load([tmp_path], progress=False)
    text = c["p"].text
    assert "质量月" in text and "root:" not in text and "不应出现" not in text and "alert" not in text


SETTINGS = settings(max_examples=120, deadline=None)


@SETTINGS
@given(st.text(max_size=400))
def test_extractors_never_raise_and_evidence_offsets_are_valid(text):
    ex = extract(text)
    for e in ex.evidence:
        assert e.start == e.end == -1 or 0 <= e.start <= e.end <= len(text)
    for a in ex.activities:
        assert 0 <= a.start <= a.end <= len(text)


@SETTINGS
@given(st.lists(st.sampled_from(["关于开展", "2016年", "质量月", "活动", "的通知", "\n", "各县区:", "一、", "(一)",
                                 "活动主题", "由", "、", "等12个部门", "联合开展", "市质监局", "。", "9月1日", "至", "30日",
                                 "前", "二OO八年八月", "〔2016〕2号", "“", "”", "为主题"]), max_size=40))
def test_extractors_on_notice_like_text(pieces):
    text = "".join(pieces)
    ex = extract(normalize(text).text)
    for e in ex.evidence:
        assert e.start == e.end == -1 or 0 <= e.start <= e.end


@SETTINGS
@given(st.binary(max_size=800))
def test_whole_pipeline_never_raises_on_bytes(data):
    n = normalize(data)
    extract(n.text, page_meta=n.page_meta)
