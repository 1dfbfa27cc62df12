"""documents.parquet written by the helper process is the file the run's own process writes."""
from __future__ import annotations

import pytest

from qmcorpus.io import write
from qmcorpus.io.write import write_results
from qmcorpus.document import process

TEXT = "关于开展{y}年全市“质量月”活动的通知\n各县区:\n一、活动主题\n质量强市\n某市质量发展领导小组\n{y}年8月31日\n"


def _docs(tmp_path, n):
    out = []
    for i in range(n):
        p = tmp_path / f"d{i}.txt"
        p.write_text(TEXT.format(y=2000 + i % 20), encoding="utf-8")
        out.append(process(p, doc_id=p.stem))
    return out


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_same_bytes_as_in_process(tmp_path, monkeypatch, n):
    monkeypatch.setattr(write, "PARQUET_ROWS", 2)  # several row groups
    docs = _docs(tmp_path, n)
    a = write_results(iter(docs), tmp_path / "a")
    b = write_results(iter(docs), tmp_path / "b", parquet_process=True)
    assert (a / "documents.parquet").read_bytes() == (b / "documents.parquet").read_bytes()
    assert (a / "documents.csv").read_bytes() == (b / "documents.csv").read_bytes()


def test_a_failed_run_leaves_the_previous_outputs(tmp_path):
    docs = _docs(tmp_path, 3)
    out = write_results(iter(docs), tmp_path / "o", parquet_process=True)
    before = (out / "documents.parquet").read_bytes()

    def failing():
        yield docs[0]
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_results(failing(), out, parquet_process=True)
    assert (out / "documents.parquet").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]


def test_a_helper_started_before_its_target_is_known_writes_the_same_bytes(tmp_path, monkeypatch):
    """The ingest starts its helper first thing (pyarrow imported meanwhile); the writer then
    sends the target as a first frame."""
    from qmcorpus.io.parquet_process import discard, spawn

    monkeypatch.setattr(write, "PARQUET_ROWS", 2)
    docs = _docs(tmp_path, 3)
    a = write_results(iter(docs), tmp_path / "a")
    helper = spawn()
    b = write_results(iter(docs), tmp_path / "b", parquet_process=helper)
    assert helper.returncode == 0
    assert (a / "documents.parquet").read_bytes() == (b / "documents.parquet").read_bytes()
    unused = spawn()  # a run that writes nothing (usage error, up to date) ends its helper
    discard(unused)
    assert unused.returncode is not None


def test_the_helper_exits_with_its_status_and_says_why_it_failed(tmp_path):
    """The helper ends at once after its file (os._exit): 0 with the file written, 1 with the
    reason on stderr and nothing left behind."""
    import struct

    from qmcorpus.io.parquet_process import spawn

    frame = struct.Struct(">Q")
    bad = spawn(str(tmp_path / "bad.parquet"))
    body = b"not json\n"
    bad.stdin.write(frame.pack(len(body) + 1) + body + frame.pack(0))
    bad.stdin.close()
    assert bad.wait(timeout=60) == 1
    assert bad.stderr.read().strip() and not (tmp_path / "bad.parquet").exists()
    cut = spawn(str(tmp_path / "cut.parquet"))
    cut.stdin.close()  # the run died before the end frame
    assert cut.wait(timeout=60) == 1 and not (tmp_path / "cut.parquet").exists()
