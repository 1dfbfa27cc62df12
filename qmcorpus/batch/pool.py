"""qmcorpus.batch.pool: process many files — in parallel, in input order, with an incremental cache.

Each document is processed on its own (pure: bytes in, Document out), so the batch uses a
process pool that keeps results in input order; a failing document becomes a Failure and never
takes the batch down. On Linux its workers are forked from a fork server that loaded the tables
once (:mod:`qmcorpus.warm`); elsewhere they are spawned (Windows, macOS) and load their own. For
the ingest writer (``render``) a worker also renders the document's rows and writes its clean
text, so the main process only appends them.

The cache keeps each Document (and, from an ingest, its rendered rows) under
``CACHE_DIR/<key[:2]>/<key>.json``: a file of raw parts in two CRC-checked sections (the clean
text and, from an ingest, a small JSON head and the rows as the bytes an ingest appends; then
the Document as JSON; see :func:`store_entry`): a hit of an ingest reads and checks the first
and appends its bytes, without parsing or rendering anything. From an ingest there is also
``<key>.txt``, a hard link to the clean file it wrote, which a hit links again when it holds
exactly the entry's checked text (see :func:`_copy_clean`); the key hashes the very bytes the worker processed, the
installed package (every code and data file), the versions of the libraries that shape the output
and the segmenter.

Each file is read once in a run. With a cache, the main process reads it (the key that decides a
hit is a hash of its bytes) and a miss is sent to a worker with those bytes in its Job: measured
on the shared corpus (78 pages of 2 kB on average, page cache warm), a job's trip to a worker
and back costs 19 µs with the bytes and 15 µs with the path alone, while the worker would need
6 µs to read the file again, and a document takes milliseconds to process; shipping also
guarantees that the key describes the bytes processed. Without a cache the main process reads
nothing: the worker reads the file (in parallel with the others). An unchanged corpus is read back instead of recomputed; a cache file is only
ever parsed as data, so a crafted one cannot run code, and one that fails its checks is recomputed.

Each file is bounded: only regular files up to ``max_bytes`` are read, and a file still being
processed after ``time_limit`` seconds fails alone while the batch goes on. Worker processes
ignore Ctrl-C (the main process reports it once) and end when the main process dies.
"""
from __future__ import annotations

import json
import math
import os
import signal
import stat
import threading
# the process pool itself (concurrent.futures.process, multiprocessing) is imported when a pool is
# first needed: a run whose documents are all cache hits starts none. A broken pool raises
# BrokenProcessPool, a BrokenExecutor.
from concurrent.futures import BrokenExecutor as BrokenProcessPool
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .. import resources
from ..errors import InputError, QmcorpusError, UnsupportedFileError
from ..sources import DEFAULT_MAX_BYTES, display_path, read, read_limited
from ..resources import cache_key, digest_key  # noqa: F401 (the cache key of a file's bytes)
from ..types import Activity, Document, Evidence, Failure, Rendered, Skipped, Source, Step

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


# jobs sent to a worker at a time (see task_size): each task costs the main process about half a
# millisecond of CPU (pickling, queues, the pool's threads waking up), on the cores the workers use
TASK_SIZE = 8  # the fewest: the last tasks of a run, so that the workers end together
TASK_MAX = 32  # the most: while much is left
INFLIGHT_BYTES = 64 * 2**20  # bytes of files read by the main process (with a cache) on their way to workers, at most
DEFAULT_TIME_LIMIT = 300.0  # seconds one file may take in a worker (a 50 MB page takes well under that)
HARD_GRACE = 60.0  # beyond a task's time limits: a worker stuck where no signal reaches it is ended


@dataclass(frozen=True)
class Job:
    doc_id: str
    path: str
    cache_dir: str | None
    segmenter: str
    key: str | None = None  # cache key of the file's bytes as the main process read them (cache look-up)
    max_bytes: int = DEFAULT_MAX_BYTES
    time_limit: float | None = DEFAULT_TIME_LIMIT
    render: bool = False  # return a Rendered (the document's rows as CSV text), not the Document
    clean_dir: str | None = None  # with render: write the clean text here (else it is returned)
    data: bytes | None = None  # the file's bytes as the main process read them (key: their hash); None: read them


def default_jobs() -> int:
    """All cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def task_size(remaining: int, jobs: int) -> int:
    """The number of jobs in the next task when ``remaining`` inputs are left: an eighth of a
    worker's share of them, between TASK_SIZE and TASK_MAX (guided scheduling: few large tasks
    while much is left, small ones at the end, where a worker would otherwise wait for the
    other's last large task)."""
    return max(TASK_SIZE, min(TASK_MAX, remaining // (8 * jobs)))


def _parent_watch(parent: int) -> None:
    """End this worker when the process that started it is gone (killed, crashed): an orphaned
    worker would otherwise wait for work forever. A worker forked by a fork server is the
    server's child: it also ends when the server is gone (the server ends with the batch)."""
    import time

    ppid = os.getppid()
    while os.getppid() == ppid and (ppid == parent or _alive(parent)):
        time.sleep(0.5)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _worker_init(segmenter: str, parent: int | None = None) -> None:
    from ..extract import segment

    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the main process reports it
        threading.Thread(target=_parent_watch, args=(parent,), daemon=True).start()
    segment.use(segmenter)
    _warm_up()


def _warm_up(everything: bool = False) -> None:
    """Load the tables documents need before the first file, so that their loading does not
    count against that file's time limit: those of every page (dictionaries, character tables,
    the segmenter's dictionary), and with ``everything`` also those of some pages only (legacy
    encodings, byte-shift damage, OpenCC's phrases, the gazetteer's short names). The fork server loads
    everything (:mod:`qmcorpus.warm`): once there, not again in each worker at its first such
    page; a process of its own loads those when a page needs them. The warm-up pages are
    data/warmup.toml. Python's collector is paused meanwhile (the tables are millions of new
    objects: it would walk them again and again), and what was loaded is left out of every later
    collection (:func:`gc.freeze`: a forked worker's collections do not walk, and so do not
    copy, the tables it shares with the server)."""
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        _load_tables(everything)
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def _load_tables(everything: bool) -> None:
    from .. import regex_cache, resources
    from ..extract import segment

    # the expressions such a process compiled last time, before the modules that compile them
    # (a process of its own compiles fewer than the fork server: each kind keeps its own)
    kind = f"{segment.current()}-{'all' if everything else 'common'}"
    regex_cache.preload(kind)
    from ..document import process
    from ..schema import render_document

    for name in resources.DATA_FILES:  # every TOML data file, also those only some pages read
        try:
            if name.endswith(".toml"):
                resources.toml(name)
        except Exception:  # a broken data file fails the files that need it, each with its reason
            pass
    try:
        pages = [p for p in resources.warm_up_pages() if everything or not p["all"]]
    except Exception:  # a broken data file fails the files that need it, each with its reason
        return
    for page in pages:  # as a worker processes a file (run_job), rendering its rows too
        try:
            render_document(process(Path("warm-up.txt"), data=page["text"].encode(page["encoding"])))
        except Exception:  # a broken table fails the files that need it, each with its reason
            pass
    try:
        segment.tokens(pages[0]["text"])  # the segmenter's dictionary: the first file's time is its own
    except Exception:
        pass
    regex_cache.save(kind)  # for the next run, when it compiled anything new


def _cache_path(cache_dir: str, key: str) -> Path:
    return Path(cache_dir) / key[:2] / f"{key}.json"


def with_key(job: Job) -> Job:
    """The job with its file's bytes, read once here, and their cache key (unchanged without a
    cache, with a key already, or for a file that cannot or must not be read: run_job() reports
    why)."""
    if not job.cache_dir or job.key:
        return job
    try:
        src = read(job.doc_id, job.path, job.max_bytes)
    except (OSError, InputError):
        return job
    return replace(job, key=digest_key(src.digest, job.segmenter), data=src.data)


def job_of(item, *, cache_dir, segmenter: str, max_bytes: int, time_limit, render: bool = False,
           clean_dir=None) -> Job | Skipped | Failure:
    """The Job of an input: a (doc_id, path) pair (with a cache its bytes are read here, once),
    or a :class:`Source` already read (its bytes and digest used as they are; a Source whose
    bytes were let go is read again only if its cached result turns out unusable). A Skipped
    or Failure (a file that could not be read) is returned as it is: it is the input's result."""
    if isinstance(item, (Skipped, Failure)):
        return item
    cache = str(cache_dir) if cache_dir else None
    if isinstance(item, Source):
        return Job(item.doc_id, item.path, cache, segmenter, digest_key(item.digest, segmenter) if cache else None,
                   max_bytes, time_limit, render, clean_dir, item.data)
    doc_id, path = item
    return with_key(Job(doc_id, str(path), cache, segmenter, None, max_bytes, time_limit, render, clean_dir))


# ── cache records: a Document as plain JSON data and back, every value checked ────────────────────
def document_record(doc: Document) -> dict:
    """A Document as plain data (strings, numbers, lists, None)."""
    return {
        "encoding": doc.encoding, "script": doc.script, "text": doc.text,
        "steps": [[s.action, s.count, s.detail] for s in doc.steps],
        "page_meta": [list(kv) for kv in doc.page_meta],
        "fields": doc.fields,
        "evidence": [[e.field, e.value, e.start, e.end, e.rule, e.confidence] for e in doc.evidence],
        "activities": [[a.index, a.heading, a.text, a.start, a.end, list(a.categories)] for a in doc.activities],
        "warnings": list(doc.warnings),
    }


def _strs(v, n: int | None = None) -> tuple:
    if not isinstance(v, list) or (n is not None and len(v) != n) or not all(isinstance(x, str) for x in v):
        raise ValueError("expected a list of strings")
    return tuple(v)


def _typed(v, *types):
    if type(v) not in types:
        raise ValueError(f"unexpected {type(v).__name__}")
    return v


def _confidence(v):
    if v is None or (type(v) is float and 0.0 <= v <= 1.0):
        return v
    raise ValueError("expected a confidence between 0 and 1")


def _field(v):
    if v is None or type(v) in (str, int) or (type(v) is float and math.isfinite(v)):
        return v
    return list(_strs(v))


def document_from_record(rec, *, doc_id: str, source: str) -> Document | None:
    """The Document a cache record describes, or None if the record is not exactly one."""
    try:
        steps = tuple(Step(_typed(a, str), _typed(c, int), _typed(d, str)) for a, c, d in rec["steps"])
        evidence = tuple(Evidence(_typed(f, str), _typed(v, str), _typed(s, int), _typed(e, int), _typed(r, str),
                                  _confidence(c)) for f, v, s, e, r, c in rec["evidence"])
        activities = tuple(Activity(_typed(i, int), _typed(h, str), _typed(t, str), _typed(s, int), _typed(e, int),
                                    _strs(c)) for i, h, t, s, e, c in rec["activities"])
        fields = {_typed(k, str): _field(v) for k, v in _typed(rec["fields"], dict).items()}
        return Document(doc_id=doc_id, source=source, encoding=_typed(rec["encoding"], str),
                        script=_typed(rec["script"], str), text=_typed(rec["text"], str), steps=steps,
                        page_meta=tuple(_strs(kv, 2) for kv in rec["page_meta"]), fields=fields,
                        evidence=evidence, activities=activities, warnings=_strs(rec["warnings"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


_BLOCKS = ("doc", "activities", "evidence", "repairs")  # the line blocks of a rendered document (schema)
_RENDERED_PARTS = 7  # the first section of an ingest's entry: text, head, row JSON, the four blocks
# the document record as JSON: one encoder made once (json.dumps makes one a call with these options)
_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def store_entry(target, rec: dict, out: dict | None = None) -> None:
    """Write a cache entry: a document record (:func:`document_record`) and, from an ingest, the
    document's rendered rows (:func:`qmcorpus.schema.render_document`), in the two checksummed
    sections of :func:`qmcorpus.resources.store_pack`. The first holds the clean text and, from
    an ingest, a small JSON head (what the summary counts, the blocks' line lengths) and the
    rows as the bytes an ingest appends; the second the document record. An ingest's hit reads
    and checks only the first: no parsing, no rendering, its clean text copied as bytes."""
    try:
        record = _RECORD_JSON.encode({k: v for k, v in rec.items() if k != "text"}).encode("utf-8")
        parts = [rec["text"].encode("utf-8")]
        if out is not None:
            head = {"encoding": rec["encoding"], "script": rec["script"], "steps": [s[:2] for s in rec["steps"]],
                    "names": out["names"], "lines": [out[name][1] for name in _BLOCKS]}
            parts += [_RECORD_JSON.encode(head).encode("utf-8"), out["row"], *(out[name][0] for name in _BLOCKS)]
    except (TypeError, ValueError):  # not plain data: nothing stored
        return
    resources.store_pack(target, [*parts, record], tail=1)


def load_entry(target) -> dict | None:
    """A cache entry as written by :func:`store_entry`: ``{"doc": record, "out": rendered rows or
    None}`` (the document record not checked: :func:`document_from_record` does), or None."""
    parts = resources.load_pack(target, whole=True)
    if parts is None or len(parts) not in (2, _RENDERED_PARTS + 1):
        return None
    try:
        rec = json.loads(parts[-1])
        if type(rec) is dict:
            rec["text"] = parts[0].decode("utf-8")
    except (ValueError, RecursionError, MemoryError):
        return None
    got = _entry_out(parts) if len(parts) > 2 else None
    return {"doc": rec, "out": None if got is None else got[1]}


def _entry_out(parts: list[bytes]) -> tuple[dict, dict] | None:
    """(head, rendered rows) of the first section of an ingest's entry; None when it is not one
    (the bytes are checksummed: only their shape is checked here)."""
    from ..schema import valid_rendered

    try:
        head = json.loads(parts[1])
        lines = head["lines"]
        out = {"names": head["names"], "row": parts[2],
               "doc": [parts[3], lines[0]], "activities": [parts[4], lines[1]], "evidence": [parts[5], lines[2]],
               "repairs": [parts[6], lines[3]]}
    except (ValueError, RecursionError, KeyError, TypeError, IndexError):
        return None
    return (head, out) if len(lines) == len(_BLOCKS) and valid_rendered(out) else None


def cached(job: Job) -> Document | Rendered | None:
    """The cached result of an unchanged file under this job's doc_id and path (a Document, or a
    Rendered for a ``render`` job), else None. A cache entry holds the Document and, when an
    ingest wrote it, its rendered rows: a hit of an ingest is a copy of them (and of the clean
    text, written to the job's ``clean_dir`` as bytes), not a re-rendering."""
    if not job.cache_dir or not job.key:
        return None
    return _hit(job.cache_dir, job.key, job.doc_id, job.path, job.render, job.clean_dir)


def _hit(cache_dir: str, key: str, doc_id: str, path: str, render: bool, clean_dir: str | None):
    """:func:`cached` of the file ``path`` whose bytes have the cache key ``key``."""
    # the path as a string: a Path per hit costs more than the rest of a hit's bookkeeping
    target = f"{cache_dir}{os.sep}{key[:2]}{os.sep}{key}"
    source = display_path(path)
    if render:
        parts = resources.load_pack(target + ".json")
        if parts is None:
            return None  # no entry, or a damaged one (the whole entry would fail its checks too)
        if len(parts) == _RENDERED_PARTS:
            hit = _rendered_hit(doc_id, source, clean_dir, target, parts)
            if hit is not None:
                return hit
    parts = resources.load_pack(target + ".json", whole=True)  # a Document, or rows that fail their checks
    if parts is None or len(parts) not in (2, _RENDERED_PARTS + 1):
        return None  # no entry, or a damaged one: process() decides and reports
    try:
        rec = json.loads(parts[-1])
        if type(rec) is not dict:
            return None
        rec["text"] = parts[0].decode("utf-8")
    except (ValueError, RecursionError, MemoryError):
        return None
    doc = document_from_record(rec, doc_id=doc_id, source=source)
    if render:  # rows that fail their checks: rendered now
        return None if doc is None else _rendered(doc, clean_dir)
    return doc


def _rendered_hit(doc_id: str, source: str, clean_dir: str | None, target: str, parts: list[bytes]) -> Rendered | None:
    """The Rendered of an ingest's checked entry section (None: not of the expected shape); its
    clean text put into ``clean_dir`` (:func:`_copy_clean`, from the sidecar ``target.txt``)."""
    got = _entry_out(parts)
    if got is None:
        return None
    head, out = got
    try:
        steps = tuple((_typed(a, str), _typed(c, int)) for a, c in head["steps"])
        encoding, script = _typed(head["encoding"], str), _typed(head["script"], str)
    except (KeyError, TypeError, ValueError):
        return None
    text = parts[0]
    if clean_dir is not None and _copy_clean(clean_dir, doc_id, text, target + ".txt"):
        return Rendered(doc_id, source, encoding, script, steps, out, None)
    try:  # returned for the main process to write (which reports why it cannot)
        return Rendered(doc_id, source, encoding, script, steps, out, text.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _write_clean(clean_dir: str, doc_id: str, data: bytes) -> bool:
    """Write a clean text file (UTF-8 bytes, as they are); False when it could not be written
    (the main process then writes it and reports why it cannot)."""
    try:  # os-level calls: a file object costs more than the write itself
        fd = os.open(f"{clean_dir}{os.sep}{doc_id}.txt", _WRITE_FLAGS, 0o666)
        try:
            view, at = memoryview(data), 0
            while at < len(data):
                at += os.write(fd, view[at:])
        finally:
            os.close(fd)
        return True
    except OSError:
        return False


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _copy_clean(clean_dir: str, doc_id: str, data: bytes, sidecar: str) -> bool:
    """Put a cache hit's clean text (``data``, checked) into ``clean_dir``: as a hard link to the
    entry's sidecar copy when that holds exactly these bytes, else written (and the sidecar
    linked to the new file for the next run). Creating a file costs the kernel far more than
    linking one (measured on ext4: ~120 µs against ~8 µs), and a run of cache hits is mostly
    that. Sharing an inode is safe here: nothing of qmcorpus writes into an existing file (cache
    entries and outputs are written under new names and renamed), and a sidecar that was edited
    in place (through its other link) no longer matches and is replaced."""
    dst = f"{clean_dir}{os.sep}{doc_id}.txt"
    try:
        # not blocking, and only a regular file: a crafted cache must not stall the run
        fd = os.open(sidecar, resources.READ_FLAGS)
        try:
            same = stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(data) + 1) == data
        finally:
            os.close(fd)
        if same:
            os.link(sidecar, dst)
            return True
    except OSError:  # none yet, another file system, links not allowed: written
        pass
    if not _write_clean(clean_dir, doc_id, data):
        return False
    _link_sidecar(dst, sidecar)
    return True


def _link_sidecar(clean: str, sidecar: str) -> None:
    """Make ``sidecar`` (next to a cache entry) a hard link to the clean file just written (never
    written into): linked at once where there is none yet (a link appears whole), else under a
    new name renamed over the old one; a cache that cannot take it only costs a written file on
    the next hit."""
    try:
        os.link(clean, sidecar)
        return
    except FileExistsError:
        pass
    except OSError:
        return
    tmp = f"{sidecar}.{os.getpid()}.tmp"
    try:
        os.link(clean, tmp)
        os.replace(tmp, sidecar)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _rendered(doc: Document, clean_dir: str | None, out: dict | None = None, sidecar: str | None = None) -> Rendered:
    """``doc`` as a Rendered; its clean text written to ``clean_dir`` when given (returned when
    not, or when the write failed: the main process then reports why), and linked as the cache
    entry's ``sidecar`` when given (see :func:`_copy_clean`)."""
    from ..schema import render_document

    text = doc.text
    if clean_dir is not None and _write_clean(clean_dir, doc.doc_id, text.encode("utf-8")):
        text = None
        if sidecar is not None:
            _link_sidecar(f"{clean_dir}{os.sep}{doc.doc_id}.txt", sidecar)
    return Rendered(doc.doc_id, doc.source, doc.encoding, doc.script, tuple((s.action, s.count) for s in doc.steps),
                    render_document(doc) if out is None else out, text)


class FileTimeout(Exception):
    """A file took longer than the per-file time limit."""


class _time_limit:
    """Raise FileTimeout in this thread after ``seconds`` (a no-op off the main thread, or where
    there is no SIGALRM)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.armed = bool(seconds) and hasattr(signal, "setitimer") and \
            threading.current_thread() is threading.main_thread()

    def _fire(self, signum, frame):
        raise FileTimeout()

    def __enter__(self):
        if self.armed:
            self.old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


def run_job(job: Job) -> Document | Rendered | Failure | Skipped:
    """Process one file (the job's bytes, or the file read now) and store the result in the
    cache; never raises.

    The cache key is always that of the bytes processed: the job's key goes with the job's bytes;
    a file read here is stored under the key of what was read (a file rewritten since the main
    process hashed it is stored under its new bytes, never under the old key)."""
    from ..document import process

    try:
        with _time_limit(job.time_limit):
            data = job.data if job.data is not None else read_limited(job.path, job.max_bytes)
            doc = process(Path(job.path), doc_id=job.doc_id, data=data, max_bytes=job.max_bytes)
        out = None
        if job.render:
            from ..schema import render_document

            out = render_document(doc)
        sidecar = None
        if job.cache_dir:
            key = job.key if job.data is not None and job.key else cache_key(data, job.segmenter)
            entry = os.path.join(job.cache_dir, key[:2], key)
            store_entry(entry + ".json", document_record(doc), out)
            sidecar = entry + ".txt"
        return _rendered(doc, job.clean_dir, out, sidecar) if job.render else doc
    except FileTimeout:
        return Failure(display_path(job.path), f"processing took longer than the time limit of {job.time_limit:g} s "
                                               "(raise it with --time-limit)")
    except UnsupportedFileError as exc:
        return Skipped(display_path(job.path), exc.problem)
    except QmcorpusError as exc:
        return Failure(display_path(job.path), str(getattr(exc, "problem", exc)))
    except RecursionError:
        return Failure(display_path(job.path), "structure nested too deeply to process")
    except MemoryError:
        return Failure(display_path(job.path), "out of memory while processing this file")
    except Exception as exc:  # never let one document take the batch down
        return Failure(display_path(job.path), f"unexpected error: {type(exc).__name__}: {exc}")


def run_jobs(jobs: tuple[Job, ...]) -> list[Document | Rendered | Failure | Skipped]:
    """:func:`run_job` for a few jobs sent to a worker as one task."""
    return [run_job(job) for job in jobs]


def _context(segmenter: str):
    """Where the platform has one (Linux), a fork server that loaded the workers' tables once
    (:mod:`qmcorpus.warm`): workers forked from it start at once and share the tables; else spawn
    (every worker loads its own; fork itself is unsafe in a process that may hold threads)."""
    import multiprocessing as mp
    import sys
    from multiprocessing import get_context

    if sys.platform != "linux" or "forkserver" not in mp.get_all_start_methods():
        return get_context("spawn")
    ctx = get_context("forkserver")
    # read by the server when it starts (the first pool of this process): its segmenter
    os.environ["QMCORPUS_WARM_SEGMENTER"] = segmenter
    ctx.set_forkserver_preload(["qmcorpus.warm"])
    return ctx


def start_server(segmenter: str) -> None:
    """Start the fork server now (where there is one), so that it loads the workers' tables
    while this process is still finding and reading the inputs; the first pool uses it."""
    ctx = _context(segmenter)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class _Workers:
    """A spawn-safe process pool that can be replaced when a worker process dies."""

    def __init__(self, jobs: int, initializer, initargs, segmenter: str = "jieba"):
        self.jobs, self.initializer, self.initargs = jobs, initializer, initargs
        self.segmenter = segmenter
        self.ctx = None  # chosen when the first pool starts (a run of cache hits starts none)
        self.pool: ProcessPoolExecutor | None = None
        self.started: Future | None = None  # a no-op task: done once the pool's first worker is up

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        if self.ctx is None:
            self.ctx = _context(self.segmenter)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=self.ctx, initializer=self.initializer,
                                   initargs=self.initargs)
        _no_join_at_exit(pool)
        return pool

    def submit(self, jobs: list[Job]) -> Future:
        if self.pool is None:
            self.pool = self._new_pool(self.jobs)
            self.started = self.pool.submit(os.getpid)
        return self.pool.submit(run_jobs, tuple(jobs))

    def wait(self, fut: Future, hard: float | None):
        """``fut.result()``; FutureTimeout when it is not done ``hard`` seconds after the pool's
        workers are up (their start-up does not count)."""
        if hard is not None and self.started is not None:
            try:
                self.started.result()
            except Exception:  # a pool that broke at start: fut.result() says so (Ctrl-C goes through)
                pass
        return fut.result(timeout=hard)

    def replace(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def alone(self, job: Job, timeout: float | None = None) -> Document | Failure | Skipped:
        """Run one job in a pool of its own: a job that kills its worker, or never returns
        (``timeout``), fails alone."""
        with self._new_pool(1) as solo:
            try:
                solo.submit(os.getpid).result()  # started: the time limit counts from here
                return solo.submit(run_job, job).result(timeout=timeout)
            except BrokenProcessPool:
                return Failure(display_path(job.path),
                               "the worker process died while processing this file (out of memory?)")
            except FutureTimeout:
                _terminate(solo)
                return Failure(display_path(job.path), f"processing took longer than the time limit of "
                                                       f"{job.time_limit:g} s (raise it with --time-limit)")

    def terminate(self) -> None:
        """End the current pool's processes: its unfinished futures fail with BrokenProcessPool."""
        if self.pool is not None:
            _terminate(self.pool)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def kill(self) -> None:
        """End every worker now (interrupted run): running files are abandoned."""
        if self.pool is not None:
            _terminate(self.pool)
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def _no_join_at_exit(pool: ProcessPoolExecutor) -> None:
    """Let the process exit without waiting for the pool's queue of tasks to be flushed to workers
    that are gone: after Ctrl-C (its workers ended with the fork server), some Python releases
    (3.11.2, Debian's) wait there for ever (a full pipe nobody reads). A pool shut down normally
    has handed every task over already, so nothing is lost."""
    queue = getattr(pool, "_call_queue", None)
    try:
        queue.cancel_join_thread()
    except AttributeError:  # (another Python's executor: it exits as it does)
        pass


def _terminate(pool: ProcessPoolExecutor) -> None:
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except (OSError, AttributeError):
            pass


def _looked_up(pairs, *, cache_dir, segmenter: str, max_bytes: int, time_limit, render: bool, clean_dir):
    """Each input's result when there is one already (a cache hit, or the Skipped/Failure of a
    file that could not be read), else its Job (whose cache entry, if any, was looked up)."""
    cache = str(cache_dir) if cache_dir else None
    for item in pairs:
        if cache is not None and type(item) is Source:  # a hit needs no Job
            hit = _hit(cache, digest_key(item.digest, segmenter), item.doc_id, item.path, render, clean_dir)
            if hit is not None:
                yield hit
                continue
            yield job_of(item, cache_dir=cache, segmenter=segmenter, max_bytes=max_bytes, time_limit=time_limit,
                         render=render, clean_dir=clean_dir)
            continue
        job = job_of(item, cache_dir=cache, segmenter=segmenter, max_bytes=max_bytes, time_limit=time_limit,
                     render=render, clean_dir=clean_dir)
        yield (cached(job) or job) if isinstance(job, Job) else job


def process_files(pairs, *, jobs: int = 1, cache_dir=None, segmenter: str = "jieba",
                  worker_init=_worker_init, max_bytes: int = DEFAULT_MAX_BYTES,
                  time_limit: float | None = DEFAULT_TIME_LIMIT, render: bool = False,
                  clean_dir=None) -> Iterator[Document | Rendered | Failure | Skipped]:
    """Process inputs — (doc_id, path) pairs, or :class:`Source` records already read (see
    :func:`job_of`); yields a Document, Failure or Skipped per input, in input order.

    Cache hits are read in this process; only the rest goes to the workers, a bounded number at
    a time, so memory does not grow with the number of documents. A worker process that dies
    (killed, out of memory) takes no result down: the unfinished jobs go to a new pool, and a job
    that was running in two dead pools is run alone, to fail alone. ``worker_init(segmenter)``
    runs in each worker process as it starts. Files larger than ``max_bytes`` are skipped, files
    taking longer than ``time_limit`` seconds fail (each alone).

    ``render`` yields a :class:`Rendered` instead of a Document: the worker renders the
    document's rows and writes its clean text to ``clean_dir``, so the consumer (the ingest
    writer) only appends text; a cache hit is then a copy of the cached rows.
    """
    clean = str(clean_dir) if render and clean_dir is not None else None
    if not hasattr(pairs, "__len__"):
        pairs = list(pairs)
    # made one at a time: the main process keeps nothing per input but the input list itself
    # (and the bytes of the files on their way to a worker)
    work = _looked_up(pairs, cache_dir=cache_dir, segmenter=segmenter, max_bytes=max_bytes, time_limit=time_limit,
                      render=render, clean_dir=clean)
    if jobs <= 1 or len(pairs) <= 1:
        worker_init(segmenter)
        for job in work:
            yield job if not isinstance(job, Job) else run_job(job)
        return
    from collections import deque

    workers = _Workers(jobs, worker_init, (segmenter, os.getpid()) if worker_init is _worker_init else (segmenter,),
                       segmenter)
    # tasks shrink as the inputs run out (the first is the largest); documents in flight: four
    # tasks a worker (one running, the rest queued), so that a worker does not wait while the
    # main process, reading results in input order, waits for a slow one; and the bytes of the
    # files read here that they hold (with a cache) bounded
    size = task_size(len(pairs), jobs)
    window, inflight = jobs * size * 4, 0
    # [job, result | Future of its task | None (task not sent yet), index in the task, pools it was in]
    pending: deque = deque()
    batch: list = []  # entries waiting to be sent as one task
    # the oldest unfinished task is running: one that outlives every time limit of its jobs is
    # stuck where the worker's own alarm cannot reach (inside one C call) and its pool is ended
    hard = None if time_limit is None else time_limit * (size + 1) + HARD_GRACE

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
        stuck = False
        while isinstance(value, Future):
            try:
                return workers.wait(value, hard)[index]
            except FutureTimeout:
                workers.terminate()  # the wait above now raises BrokenProcessPool
                stuck = True  # it would stall the next pool too: it runs alone
                continue
            except BrokenProcessPool:
                workers.replace()
                # this job first, then everything else the dead pool had not finished; a job that
                # was running in two pools that died (or got stuck in one) runs alone
                value, index, tries = ((workers.submit([job]), 0, tries + 1) if tries == 0 and not stuck
                                       else (None, 0, tries))
                for other in pending:
                    if isinstance(other[1], Future) and not _finished(other[1]):
                        other[1], other[2], other[3] = workers.submit([other[0]]), 0, other[3] + 1
                if value is None:
                    return workers.alone(job, hard)
        return value

    try:
        for n, job in enumerate(work):
            doc = job if not isinstance(job, Job) else None
            entry = [job, doc, 0, 0]
            pending.append(entry)
            if doc is None:
                if not batch:
                    size = task_size(len(pairs) - n, jobs)
                batch.append(entry)
                inflight += len(job.data or b"")
                if len(batch) >= size:
                    send()
            while len(pending) > window or inflight > INFLIGHT_BYTES or (
                    pending and pending[0][1] is not None and not isinstance(pending[0][1], Future)):
                entry = pending.popleft()
                if isinstance(entry[0], Job):
                    inflight -= len(entry[0].data or b"")
                yield result_of(entry)
        send()
        while pending:
            yield result_of(pending.popleft())
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or the consumer failed: stop at once
        workers.kill()
        raise
    finally:
        workers.close()


def _finished(fut: Future) -> bool:
    """Done with a result or an ordinary exception (not cancelled, not lost with its pool)."""
    return fut.done() and not fut.cancelled() and not isinstance(fut.exception(), BrokenProcessPool)
