"""qmcorpus.batch: the one orchestrator — files in, one result per file out, in input order.

:func:`run` finds the inputs, assigns their doc ids and maps the per-document work
(:mod:`qmcorpus.document`) over an engine: :mod:`qmcorpus.batch.pool` (processes on this
machine, with the incremental cache, time limits and worker supervision) or
:mod:`qmcorpus.batch.dask` (a Dask cluster). ``qmcorpus.load`` is ``Corpus(run(...))``; the
ingest CLI writes ``run(..., render=True)`` with :func:`qmcorpus.io.write.write_results`.
"""
from __future__ import annotations

from typing import Iterator

from ..sources import assign_doc_ids, discover
from ..types import Document, Failure, Rendered, Skipped
from .pool import (DEFAULT_TIME_LIMIT, HARD_GRACE, TASK_MAX, TASK_SIZE, Job, _cache_path, _worker_init,  # noqa: F401
                   cache_key, cached, default_jobs, document_from_record, document_record, job_of, process_files,
                   run_job, run_jobs, start_server, with_key)

ENGINES = ("local", "dask")


def run(paths=None, *, pairs=None, progress=None, jobs=1, segmenter="jieba", cache_dir=None,
        skipped: list | None = None, engine: str = "local",
        scheduler: str | None = None, render: bool = False, clean_dir=None,
        **limits) -> Iterator[Document | Rendered | Skipped | Failure]:
    """Yield a Document / Skipped / Failure per input file, in input order.

    Give ``paths`` (discovered here; files discovery rejects are appended to ``skipped``) or
    ready ``pairs``: (doc_id, path) pairs or :class:`qmcorpus.types.Source` records already read
    (each file is read once in a run: see :mod:`qmcorpus.batch.pool`); ``limits`` (``max_bytes``, ``time_limit``) bound each file (see
    :func:`qmcorpus.batch.pool.process_files`). ``engine`` is ``"local"`` (a process pool of
    ``jobs`` workers) or ``"dask"``. ``render`` yields :class:`qmcorpus.types.Rendered` rows
    instead of Documents (their clean text written to ``clean_dir`` by the workers where they
    share this machine's files). ``progress`` shows a tqdm bar (default: on a terminal)."""
    if engine == "dask":
        from functools import partial

        from .dask import process_files as dask_files

        process = partial(dask_files, scheduler=scheduler)
    elif engine == "local":
        process = process_files
    else:
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")

    if engine == "local" and jobs > 1 and cache_dir is None and not _one_input(paths, pairs):
        # every input goes to a worker: their tables load while the inputs are found (with a
        # cache the run may be all hits, which start no worker)
        start_server(segmenter)
    if pairs is None:
        files, rejected = discover(paths, **({"max_bytes": limits["max_bytes"]} if "max_bytes" in limits else {}))
        if skipped is not None:
            skipped.extend(rejected)
        pairs = assign_doc_ids(files)
    disable = (not _isatty()) if progress is None else not progress
    results = process(pairs, jobs=jobs, cache_dir=cache_dir, segmenter=segmenter, render=render,
                      clean_dir=clean_dir, **limits)
    if disable:  # no bar: tqdm is not even imported
        yield from results
        return
    from tqdm.auto import tqdm

    yield from tqdm(results, total=len(pairs), desc="ingest", unit="doc")


def _one_input(paths, pairs) -> bool:
    """One input, known before discovery: one pair, or ``paths`` one file (processed in this
    process: no pool, so no fork server)."""
    import os
    from pathlib import Path

    if pairs is not None:
        return hasattr(pairs, "__len__") and len(pairs) <= 1
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return paths is not None and len(paths) == 1 and Path(paths[0]).is_file()


def _isatty() -> bool:
    import sys

    return sys.stderr.isatty()
