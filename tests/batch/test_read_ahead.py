"""The main process decodes files while the workers' pool starts (qmcorpus.batch.pool.read_ahead):
a job decoded there gives the very result the worker would have computed from the file alone."""
import pickle
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.batch import pool
from qmcorpus.batch.pool import Job, decoded, read_ahead, run_job
from qmcorpus.types import Failure, Skipped

_LINES = st.lists(st.sampled_from([
    "关于开展质量月活动的通知", "各县区：", "一、活动主题", "质量强市", "某市质量发展领导小组", "2016年8月31日",
    "發佈時間：2016-09-01", "進一步扩大规?！", "<p>质量月</p>", "<br>", "&nbsp;", "?", "", "   ",
    "abc", "\x00\x01", "質(zhì)量月",
]), max_size=8)


def _job(path, **kw) -> Job:
    return Job(path.stem, str(path), None, "jieba", **kw)


def _as_worker_gets_it(job: Job) -> Job:
    return pickle.loads(pickle.dumps(job))  # a job crosses to a worker pickled


@settings(max_examples=40, deadline=None)
@given(lines=_LINES, suffix=st.sampled_from([".txt", ".html", ".htm"]),
       encoding=st.sampled_from(["utf-8", "gb18030", "big5", "utf-16"]))
def test_a_job_decoded_ahead_gives_the_workers_own_result(tmp_path_factory, lines, suffix, encoding):
    path = tmp_path_factory.mktemp("ahead") / f"page{suffix}"
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    plain = _job(path)
    ahead, cost = decoded(plain)
    assert run_job(_as_worker_gets_it(ahead)) == run_job(plain)
    if ahead.raw is not None:  # decoded: the worker reads nothing (the file may be gone by then)
        assert cost == path.stat().st_size
        path.unlink()
        assert run_job(_as_worker_gets_it(ahead)) == run_job(replace(plain, raw=ahead.raw))


def test_what_is_left_to_the_worker(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("关于开展质量月活动的通知\n", encoding="utf-8")
    assert decoded(_job(page))[0].raw is not None
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    big = tmp_path / "big.txt"
    big.write_text("质量月\n" * (pool.AHEAD_FILE_MAX // 10 + 1), encoding="utf-8")
    docx = tmp_path / "page.docx"
    docx.write_bytes(b"PK\x03\x04 not really a docx")
    left = [
        _job(empty),  # fails to decode: the worker reports it (empty file)
        _job(big),  # beyond the size decoded ahead
        _job(page, max_bytes=5),  # beyond the run's own size limit: the worker skips it
        _job(docx),  # a .docx unpacks: left to a worker's time limit
        _job(tmp_path / "gone.txt"),  # cannot be read
        replace(_job(page), cache_dir=str(tmp_path / "cache")),  # a cache needs the bytes and their key
    ]
    for job in left:
        assert decoded(job) == (job, 0)
    assert isinstance(run_job(_job(empty)), Skipped)
    assert isinstance(run_job(_job(page, max_bytes=5)), Skipped)
    assert isinstance(run_job(_job(tmp_path / "gone.txt")), Failure)


class _Starting:
    """A pool that starts after ``n`` questions."""

    def __init__(self, n):
        self.n, self.begun = n, 0

    def begin(self):
        self.begun += 1

    def starting(self):
        self.n -= 1
        return self.n >= 0


@pytest.mark.parametrize("n", [0, 1, 3, 100])
def test_read_ahead_keeps_every_item_in_order_and_decodes_only_while_the_pool_starts(tmp_path, n):
    pages = []
    for i in range(6):
        p = tmp_path / f"p{i}.txt"
        p.write_text(f"第{i}页 质量月\n", encoding="utf-8")
        pages.append(_job(p))
    done = Skipped("x.txt", "already done")
    work = [done, *pages[:3], done, *pages[3:]]
    workers = _Starting(n)
    out = list(read_ahead(iter(work), workers))
    assert workers.begun == 1
    assert [replace(o, raw=None) if isinstance(o, Job) else o for o in out] == work
    assert [o.raw is not None for o in out if isinstance(o, Job)] == [i < n for i in range(6)]


def test_read_ahead_starts_no_pool_without_a_job():
    workers = _Starting(5)
    items = [Skipped("a.txt", "r"), Failure("b.txt", "r")]
    assert list(read_ahead(iter(items), workers)) == items
    assert workers.begun == 0


def test_a_pool_that_fails_to_start_in_the_background_fails_the_first_submit(monkeypatch):
    workers = pool._Workers(2, None, ())

    def broken(n):
        raise OSError("no processes here")

    monkeypatch.setattr(workers, "_new_pool", broken)
    workers.begin()
    with pytest.raises(OSError, match="no processes here"):
        workers.submit([])
    workers.close()  # the error is raised once; closing then has nothing to close
