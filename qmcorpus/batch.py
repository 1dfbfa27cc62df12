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
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator

from . import __version__, resources
from .errors import QmcorpusError, UnsupportedFileError
from .io.read import display_path
from .types import Document, Failure, Skipped


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
    try:
        hit = _cache_path(job.cache_dir, job.key)
        if not hit.is_file():
            return None
        with open(hit, "rb") as fh:
            doc = pickle.load(fh)
        return replace(doc, doc_id=job.doc_id, source=display_path(job.path))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None  # unreadable file or damaged entry: process() decides and reports


def run_job(job: Job) -> Document | Failure | Skipped:
    """Process one file and store the result in the cache; never raises."""
    from .document import process

    try:
        path = Path(job.path)
        doc = process(path, doc_id=job.doc_id)
        if job.cache_dir and job.key:
            _store(Path(job.cache_dir), job.key, doc)
        return doc
    except UnsupportedFileError as exc:
        return Skipped(display_path(job.path), exc.problem)
    except QmcorpusError as exc:
        return Failure(display_path(job.path), str(getattr(exc, "problem", exc)))
    except Exception as exc:  # never let one document take the batch down
        return Failure(display_path(job.path), f"unexpected error: {type(exc).__name__}: {exc}")


def _store(cache_dir: Path, key: str, doc: Document) -> None:
    target = _cache_path(str(cache_dir), key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs time


def process_files(pairs, *, jobs: int = 1, cache_dir=None, segmenter: str = "jieba",
                  keys: dict | None = None) -> Iterator[Document | Failure | Skipped]:
    """Process (doc_id, path) pairs; yields a Document, Failure or Skipped per input, in input order.

    Cache hits are read in this process; only the rest goes to the workers, a bounded number at
    a time, so memory does not grow with the number of documents.
    """
    keys = keys or {}
    work = [Job(doc_id, str(path), str(cache_dir) if cache_dir else None, segmenter, keys.get(str(path)))
            for doc_id, path in pairs]
    if jobs <= 1 or len(work) <= 1:
        _worker_init(segmenter)
        for job in map(with_key, work):
            yield cached(job) or run_job(job)
        return
    from collections import deque

    ctx = get_context("spawn")
    window = jobs * 16
    pool = None
    pending: deque = deque()  # (job, Document | Future) in input order
    try:
        for job in map(with_key, work):
            doc = cached(job)
            if doc is None:
                if pool is None:
                    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init,
                                               initargs=(segmenter,))
                pending.append(pool.submit(run_job, job))
            else:
                pending.append(doc)
            while len(pending) > window or (pending and not hasattr(pending[0], "result")):
                head = pending.popleft()
                yield head.result() if hasattr(head, "result") else head
        while pending:
            head = pending.popleft()
            yield head.result() if hasattr(head, "result") else head
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
