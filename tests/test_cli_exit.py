"""The ingest CLI ends at once after a finished run (os._exit, no interpreter teardown): its
report still reaches stdout and stderr whole, through a pipe too, with the run's status."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_finished_run_exits_with_its_status_and_its_whole_report(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.txt").write_text(f"关于开展{2010 + i}年全市“质量月”活动的通知\n各县区:\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "qmcorpus.ingest", str(src), "-o", str(tmp_path / "out"), "-j", "1", "--no-cache"]
    ok = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("qmcorpus ingest: 3 documents read") and ok.stdout.endswith("\n")
    assert "by encoding" in ok.stdout and "by script" in ok.stdout
    (src / "bad.docx").write_bytes(b"PK\x03\x04 not a zip")  # fails: status 1, reason on stderr
    bad = subprocess.run(cmd + ["-q"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "bad.docx" in bad.stderr and bad.stdout == ""
    assert (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8-sig").count("\n") == 4
    usage = subprocess.run(cmd + ["--jobs", "x"], capture_output=True, text=True, cwd=ROOT)
    assert usage.returncode == 2 and "invalid int value" in usage.stderr
