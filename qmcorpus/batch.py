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
from .types import Document


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


@dataclass(frozen=True)
class Skip:
    path: str
    reason: str


@dataclass(frozen=True)
class Job:
    doc_id: str
    path: str
    cache_dir: str | None
    segmenter: str


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


def run_job(job: Job) -> Document | Failure | Skip:
    """Process one file (through the cache when there is one); never raises."""
    from .document import process

    try:
        path = Path(job.path)
        key = None
        if job.cache_dir:
            try:
                key = cache_key(path.read_bytes(), job.segmenter)
                hit = Path(job.cache_dir) / key[:2] / f"{key}.pkl"
                if hit.is_file():
                    with open(hit, "rb") as fh:
                        doc = pickle.load(fh)
                    return replace(doc, doc_id=job.doc_id, source=display_path(job.path))
            except OSError:
                key = None  # unreadable: process() reports it with its reason
            except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                pass  # a damaged cache entry is recomputed
        doc = process(path, doc_id=job.doc_id)
        if key:
            _store(Path(job.cache_dir), key, doc)
        return doc
    except UnsupportedFileError as exc:
        return Skip(display_path(job.path), exc.problem)
    except QmcorpusError as exc:
        return Failure(display_path(job.path), str(getattr(exc, "problem", exc)))
    except Exception as exc:  # never let one document take the batch down
        return Failure(display_path(job.path), f"unexpected error: {type(exc).__name__}: {exc}")


def _store(cache_dir: Path, key: str, doc: Document) -> None:
    target = cache_dir / key[:2] / f"{key}.pkl"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs time


def process_files(pairs, *, jobs: int = 1, cache_dir=None, segmenter: str = "jieba") -> Iterator[Document | Failure | Skip]:
    """Process (doc_id, path) pairs; yields a Document, Failure or Skip per input, in input order."""
    work = [Job(doc_id, str(path), str(cache_dir) if cache_dir else None, segmenter) for doc_id, path in pairs]
    if jobs <= 1 or len(work) <= 1:
        _worker_init(segmenter)
        for job in work:
            yield run_job(job)
        return
    ctx = get_context("spawn")
    chunk = max(1, min(64, len(work) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(segmenter,)) as pool:
        yield from pool.map(run_job, work, chunksize=chunk)
