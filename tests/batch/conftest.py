"""Fixtures of the batch tests."""
import pytest

from qmcorpus.ingest import main


@pytest.fixture(scope="session")
def reference(shared, tmp_path_factory):
    """The outputs of the local engine on the test corpus, one process, no cache: written once per
    session for every run compared with it (parallel, cached, other segmenter, Dask)."""
    out = tmp_path_factory.mktemp("ref") / "out"
    # the reference segmenter: every run compared with it with the default (rjieba where installed) must equal it
    assert main([str(shared / "raw"), "-o", str(out), "-q", "--jobs", "1", "--no-cache", "--segmenter", "jieba"]) == 0
    return out
