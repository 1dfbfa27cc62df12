"""qmcorpus.batch.dask: the same per-document function, mapped over a Dask cluster.

For corpora that outgrow one machine. The work per document is exactly :func:`batch.run_jobs`
(the function the local process pool runs), so the results — and the files written from them —
are the same as with the local engine. Cache hits are read in this process as locally; only the
other files go to the cluster, a bounded window of partitions at a time, and results come back in
input order.

With no scheduler address a ``LocalCluster`` of ``jobs`` single-threaded worker processes is
started (and stopped at the end). To use an existing cluster, pass its address
(``tcp://host:8786``), e.g. one started on a university HPC with dask-jobqueue::

    from dask_jobqueue import SLURMCluster
    cluster = SLURMCluster(cores=8, memory="16GB"); cluster.scale(jobs=10)
    print(cluster.scheduler_address)   # → python -m qmcorpus.ingest --engine dask --scheduler ADDRESS

The workers must have the same qmcorpus version installed and must be able to read the input
paths (a shared file system). Dask is an optional extra: ``pip install 'qmcorpus[dask]'``.
"""
from __future__ import annotations

from collections import deque
from typing import Iterator

from .pool import Job, Rendered, _worker_init, cached, job_of, run_jobs
from ..sources import DEFAULT_MAX_BYTES
from ..errors import QmcorpusError
from ..sources import display_path
from ..types import Document, Failure, Skipped

PARTITION = 16  # documents per Dask task: a task costs the scheduler ~1 ms, a document ~2 ms
CONNECT_TIMEOUT = "20s"  # how long to wait for a scheduler given by address


def _client(scheduler: str | None, jobs: int):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise QmcorpusError("the dask engine needs Dask: pip install 'qmcorpus[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except OSError as exc:
            raise QmcorpusError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def _run_partition(jobs: tuple[Job, ...], segmenter: str) -> list[Document | Failure | Skipped]:
    _worker_init(segmenter)  # cheap after the first call in a worker process
    return run_jobs(jobs)


def process_files(pairs, *, jobs: int = 2, cache_dir=None, segmenter: str = "jieba",
                  scheduler: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  time_limit: float | None = None, render: bool = False,
                  clean_dir=None) -> Iterator[Document | Rendered | Failure | Skipped]:
    """Process inputs ((doc_id, path) pairs or Sources) on a Dask cluster; yields one result per input, in input order.

    The same contract as :func:`qmcorpus.batch.pool.process_files`: a Document, a Skipped or a Failure
    per input; a failing document never takes the batch down. Files larger than ``max_bytes``
    are skipped. ``time_limit`` is not enforced per file here (Dask runs tasks off the main
    thread, where no alarm can interrupt them); bound a cluster's tasks with Dask's own settings.
    ``render`` yields :class:`qmcorpus.batch.Rendered` rows, rendered on the workers; their clean
    texts come back with them (``clean_dir`` is not used: a cluster's workers need not share this
    machine's files).
    """
    if not pairs:
        return
    work = (job_of(item, cache_dir=cache_dir, segmenter=segmenter, max_bytes=max_bytes, time_limit=time_limit,
                   render=render) for item in pairs)
    client, cluster = _client(scheduler, jobs)
    try:
        window = max(2, 4 * len(client.scheduler_info().get("workers", {})) or 2 * jobs)
        # entries: [result or None, future of its partition, index in the partition]
        pending: deque = deque()
        part: list = []

        def send() -> None:
            if part:
                fut = client.submit(_run_partition, tuple(e[3] for e in part), segmenter, pure=False)
                for i, e in enumerate(part):
                    e[1], e[2] = fut, i
                part.clear()

        def result_of(entry):
            if entry[0] is not None:
                return entry[0]
            if entry[1] is None:
                send()
            try:
                return entry[1].result()[entry[2]]
            except Exception as exc:  # a lost worker or a scheduler error: this file fails alone
                return Failure(display_path(entry[3].path), f"the Dask task failed: {type(exc).__name__}: {exc}")

        for job in work:
            entry = [job if not isinstance(job, Job) else cached(job), None, 0, job]
            pending.append(entry)
            if entry[0] is None:
                part.append(entry)
                if len(part) >= PARTITION:
                    send()
            while pending and (pending[0][0] is not None or len(pending) > window * PARTITION):
                yield result_of(pending.popleft())
        send()
        while pending:
            yield result_of(pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
