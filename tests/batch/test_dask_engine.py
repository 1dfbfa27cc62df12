"""The Dask engine maps the same per-document work over a cluster and writes the same outputs."""
import pytest

from qmcorpus.ingest import main

from .test_scale import _same_outputs

pytest.importorskip("dask.distributed")


def test_dask_engine_on_a_local_cluster_equals_the_local_engine(shared, reference, tmp_path):
    local, dask = reference, tmp_path / "dask"  # the local engine's run: one process, no cache (conftest)
    assert main([str(shared / "raw"), "-o", str(dask), "-q", "--jobs", "2", "--engine", "dask"]) == 0
    _same_outputs(local, dask)
    # the cache filled by the cluster's workers serves a local re-run into a new folder
    again = tmp_path / "again"
    assert main([str(shared / "raw"), "-o", str(again), "-q", "--jobs", "1", "--cache-dir", str(dask / ".cache")]) == 0
    _same_outputs(local, again)


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["-o", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"])
    assert exc.value.code == 2
    assert "--engine dask" in capsys.readouterr().err


def test_unreachable_scheduler_is_one_clear_error(shared, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("qmcorpus.batch.dask.CONNECT_TIMEOUT", "2s")
    seed = sorted((shared / "raw").glob("00*.txt"))[0]
    code = main([str(seed), "-o", str(tmp_path / "o"), "-q", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
