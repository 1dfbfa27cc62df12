"""qmcorpus.batch: process many files — in parallel, in input order, with an incremental cache.

Each document is processed on its own (pure: bytes in, Document out), so the batch uses a
process pool that works under the spawn start method (Windows, macOS) and keeps results in
input order; a failing document becomes a Failure and never takes the batch down.

The cache keeps each Document under ``CACHE_DIR/<key>.pkl`` where the key hashes the raw bytes,
the qmcorpus version, all package data files (lexicon, taxonomy, corrections, gazetteer …) and
the segmenter; an unchanged corpus is read back instead of recomputed.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator

from . import __version__, resources
from .errors import QmcorpusError, UnsupportedFileError
from .io.read import display_path
from .types import Document, Failure, Skipped


TASK_SIZE = 4  # jobs sent to a worker at a time: the pool's own cost per task is about 0.1 ms


@dataclass(frozen=True)
class Job:
    doc_id: str
    path: str
    cache_dir: str | None
    segmenter: str
    key: str | None = None  # cache key of the file's bytes, computed once in the main process


def default_jobs() -> int:
    """All cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def cache_key(data: bytes, segmenter: str) -> str:
    h = hashlib.sha256(data)
    h.update(f"|{__version__}|{resources.data_hash()}|{segmenter}".encode())
    return h.hexdigest()


def _worker_init(segmenter: str) -> None:
    from .extract import segment

    segment.use(segmenter)


def _cache_path(cache_dir: str, key: str) -> Path:
    return Path(cache_dir) / key[:2] / f"{key}.pkl"


def with_key(job: Job) -> Job:
    """The job with the cache key of its file (none without a cache or for an unreadable file)."""
    if not job.cache_dir or job.key:
        return job
    try:
        return replace(job, key=cache_key(Path(job.path).read_bytes(), job.segmenter))
    except OSError:
        return job  # process() will report why it cannot be read


def cached(job: Job) -> Document | None:
    """The cached Document of an unchanged file, renamed to this job's doc_id and path; else None."""
    if not job.cache_dir or not job.key:
        return None
    doc = resources.load_pickle(_cache_path(job.cache_dir, job.key))
    if not isinstance(doc, Document):
        return None  # no entry, or a damaged one: process() decides and reports
    return replace(doc, doc_id=job.doc_id, source=display_path(job.path))


def run_job(job: Job) -> Document | Failure | Skipped:
    """Process one file and store the result in the cache; never raises."""
    from .document import process

    try:
        path = Path(job.path)
        doc = process(path, doc_id=job.doc_id)
        if job.cache_dir and job.key:
            resources.store_pickle(_cache_path(job.cache_dir, job.key), doc)
        return doc
    except UnsupportedFileError as exc:
        return Skipped(display_path(job.path), exc.problem)
    except QmcorpusError as exc:
        return Failure(display_path(job.path), str(getattr(exc, "problem", exc)))
    except Exception as exc:  # never let one document take the batch down
        return Failure(display_path(job.path), f"unexpected error: {type(exc).__name__}: {exc}")


def run_jobs(jobs: tuple[Job, ...]) -> list[Document | Failure | Skipped]:
    """:func:`run_job` for a few jobs sent to a worker as one task."""
    return [run_job(job) for job in jobs]


class _Workers:
    """A spawn-safe process pool that can be replaced when a worker process dies."""

    def __init__(self, jobs: int, initializer, initargs):
        self.jobs, self.initializer, self.initargs = jobs, initializer, initargs
        self.ctx = get_context("spawn")
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=self.ctx, initializer=self.initializer,
                                   initargs=self.initargs)

    def submit(self, jobs: list[Job]) -> Future:
        if self.pool is None:
            self.pool = self._new_pool(self.jobs)
        return self.pool.submit(run_jobs, tuple(jobs))

    def replace(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def alone(self, job: Job) -> Document | Failure | Skipped:
        """Run one job in a pool of its own: a job that kills its worker fails alone."""
        with self._new_pool(1) as solo:
            try:
                return solo.submit(run_job, job).result()
            except BrokenProcessPool:
                return Failure(display_path(job.path),
                               "the worker process died while processing this file (out of memory?)")

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def process_files(pairs, *, jobs: int = 1, cache_dir=None, segmenter: str = "jieba",
                  keys: dict | None = None, worker_init=_worker_init) -> Iterator[Document | Failure | Skipped]:
    """Process (doc_id, path) pairs; yields a Document, Failure or Skipped per input, in input order.

    Cache hits are read in this process; only the rest goes to the workers, a bounded number at
    a time, so memory does not grow with the number of documents. A worker process that dies
    (killed, out of memory) takes no result down: the unfinished jobs go to a new pool, and a job
    that was running in two dead pools is run alone, to fail alone. ``worker_init(segmenter)``
    runs in each worker process as it starts.
    """
    keys = keys or {}
    work = [Job(doc_id, str(path), str(cache_dir) if cache_dir else None, segmenter, keys.get(str(path)))
            for doc_id, path in pairs]
    if jobs <= 1 or len(work) <= 1:
        worker_init(segmenter)
        for job in map(with_key, work):
            yield cached(job) or run_job(job)
        return
    from collections import deque

    workers = _Workers(jobs, worker_init, (segmenter,))
    window = jobs * 16
    # [job, result | Future of its task | None (task not sent yet), index in the task, pools it was in]
    pending: deque = deque()
    batch: list = []  # entries waiting to be sent as one task

    def send() -> None:
        if batch:
            task = workers.submit([e[0] for e in batch])
            for i, e in enumerate(batch):
                e[1], e[2] = task, i
            batch.clear()

    def result_of(entry):
        if entry[1] is None:
            send()
        job, value, index, tries = entry
        while isinstance(value, Future):
            try:
                return value.result()[index]
            except BrokenProcessPool:
                workers.replace()
                # this job first, then everything else the dead pool had not finished; a job that
                # was running in two pools that died runs alone
                value, index, tries = (workers.submit([job]), 0, tries + 1) if tries == 0 else (None, 0, tries)
                for other in pending:
                    if isinstance(other[1], Future) and not _finished(other[1]):
                        other[1], other[2], other[3] = workers.submit([other[0]]), 0, other[3] + 1
                if value is None:
                    return workers.alone(job)
        return value

    try:
        for job in map(with_key, work):
            doc = cached(job)
            entry = [job, doc, 0, 0]
            pending.append(entry)
            if doc is None:
                batch.append(entry)
                if len(batch) >= TASK_SIZE:
                    send()
            while len(pending) > window or (pending and pending[0][1] is not None
                                            and not isinstance(pending[0][1], Future)):
                yield result_of(pending.popleft())
        send()
        while pending:
            yield result_of(pending.popleft())
    finally:
        workers.close()


def _finished(fut: Future) -> bool:
    """Done with a result or an ordinary exception (not cancelled, not lost with its pool)."""
    return fut.done() and not fut.cancelled() and not isinstance(fut.exception(), BrokenProcessPool)
