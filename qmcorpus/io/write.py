"""qmcorpus.io.write: Corpus → OUT_DIR files per docs/OUTPUT.md, written atomically.

Outputs are staged in ``OUT_DIR/.staging-<pid>-*`` (the same file system as the outputs, also
when OUT_DIR is a mount point) and switched into place through a journal: the journal is written
in one atomic rename, then the staged files are renamed over the old ones; a run killed during
the switch leaves the journal, and the next run (or reader) completes it. A lock file stops two
runs from writing into one folder at once. Every CSV is written with the same dialect (RFC 4180:
CRLF rows, a cell holding CR or LF quoted) and spreadsheet-safe cells.
"""
from __future__ import annotations

import csv
import errno
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QmcorpusError
from ..types import Document, Rendered, Skipped, Summary
from ..schema import (CSV_LINE_END, DOCUMENT_COLUMNS, EXCEL_CELL_MAX, LIST_SEP, TABLES, _FORMULA_START,  # noqa: F401
                      _render as _render_row, cell as _cell, column_docs, csv_ready, documents_arrow, documents_schema,
                      documents_table, header, line, prefix, prefixed_rows, render_document, row_json, appended,
                      spreadsheet_safe)

if TYPE_CHECKING:  # pandas is imported where a frame is built, not for a run of cache hits
    import pandas as pd

PARQUET_ROWS = 1000  # documents buffered per Parquet row group: the main process keeps no more

LOCK_FILE = ".qmcorpus.lock"
JOURNAL = ".qmcorpus-switch.json"
STAGING_PREFIX = ".staging-"
TRASH_PREFIX = ".trash-"


class OutputError(QmcorpusError):
    """The output folder cannot be written (read-only, no permission, disk full, in use).
    ``status`` is the exit status the CLI returns: 2 when nothing could start, 1 when a run
    failed while writing."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def output_error(out: Path, exc: OSError, *, started: bool) -> OutputError:
    """One clear line for an OSError met while writing ``out``."""
    what = {errno.ENOSPC: "no space left on the device", errno.EROFS: "the folder is on a read-only file system",
            errno.EACCES: "permission denied", errno.EPERM: "permission denied"}.get(exc.errno, exc.strerror or str(exc))
    if getattr(errno, "EDQUOT", None) == exc.errno:
        what = "disk quota exceeded"
    where = exc.filename if exc.filename and not str(exc.filename).startswith(str(out)) else out
    tail = "; previous outputs left as they were" if started else ""
    return OutputError(f"cannot write outputs to {where}: {what}{tail}",
                       status=1 if started and exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM) else 2)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel and WPS open Chinese correctly; the one CSV dialect."""
    csv_ready(frame).to_csv(path, encoding="utf-8-sig", index=False, lineterminator=CSV_LINE_END,
                            quoting=csv.QUOTE_MINIMAL)


class OutputWriter:
    """The one write funnel: documents are added one at a time and their rows appended to the
    staged tables at once (memory stays flat: nothing per document is kept, the documents table
    goes to Parquet a row group at a time), everything is staged in ``OUT_DIR/.staging-*`` and
    switched into place on :meth:`close`. Used as a context manager, an error discards the stage
    and leaves the previous outputs as they were. ``xlsx`` adds documents.xlsx. Holds the folder's
    lock from creation to exit; OSErrors become :class:`OutputError` with one clear line.

    :meth:`add` takes a Document; :meth:`add_rendered` takes a document already rendered by
    :func:`qmcorpus.schema.render_document` (in a worker process, or read from the cache), whose
    clean text a worker may already have written to :attr:`clean_dir`."""

    def __init__(self, out_dir: str | os.PathLike, *, xlsx: bool = False, parquet_process=False):
        self.xlsx = xlsx  # also write documents.xlsx
        self.out = Path(out_dir)
        self._created = _missing_ancestors(self.out)
        self._lock = None
        self.tmp = None
        self._files: dict = {}
        self._parquet = None  # the ParquetWriter, or the ParquetProcess writing documents.parquet
        self._row_groups = 0
        self._pending: list[bytes] = []  # documents-table rows (JSON lines) not yet in documents.parquet
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock = FolderLock(self.out)
            complete_switch(self.out)  # a run killed during its switch: finish it first
            remove_stale_temporaries(self.out)
            self.tmp = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out))
            self.clean_dir = self.tmp / "clean"
            self.clean_dir.mkdir()
            self._clean = str(self.clean_dir)
            for name, columns in (("documents", DOCUMENT_COLUMNS), *TABLES):
                # bytes: the rows come rendered as UTF-8 (by the workers, or from the cache)
                fh = self._files[name] = open(self.tmp / f"{name}.csv", "wb", buffering=1 << 18)
                fh.write(("\ufeff" + header(columns)).encode("utf-8"))
            if parquet_process:  # pyarrow imported on another core while the run reads its documents
                from .parquet_process import ParquetProcess

                self._parquet = ParquetProcess(self.tmp / "documents.parquet",
                                               None if parquet_process is True else parquet_process)
        except OSError as exc:
            self._undo()
            raise output_error(self.out, exc, started=False) from None
        except BaseException:
            self._undo()
            raise
        self.skipped: list[tuple[str, str]] = []

    def add(self, doc) -> None:
        """Write one Document's clean text and rows."""
        self.add_rendered(doc.doc_id, doc.source, render_document(doc), text=doc.text)

    def add_rendered(self, doc_id: str, source: str, out: dict, *, text: str | None = None) -> None:
        """Write one rendered document's rows (:func:`qmcorpus.schema.render_document`) under
        ``doc_id`` and ``source``, and its clean text when given (None: already written to
        :attr:`clean_dir`)."""
        try:
            if text is not None:  # bytes: the clean text as a worker or a cache hit would write it
                with open(os.path.join(self._clean, doc_id + ".txt"), "wb") as fh:
                    fh.write(text.encode("utf-8"))
            documents, activities, evidence, repairs, row = appended(out, doc_id, source)
            files = self._files
            files["documents"].write(documents)
            if activities:
                files["activities"].write(activities)
            if evidence:
                files["evidence"].write(evidence)
            if repairs:
                files["repairs"].write(repairs)
            self._pending.append(row)
            if len(self._pending) >= PARQUET_ROWS:
                self._flush()
        except OSError as exc:
            raise output_error(self.out, exc, started=True) from None

    def _flush(self) -> None:
        """The pending documents-table rows as a row group of documents.parquet."""
        if self._parquet is not None and not hasattr(self._parquet, "write_table"):  # a ParquetProcess
            self._parquet.write(self._pending)
            self._pending = []
            self._row_groups += 1
            return
        import pyarrow.parquet as pq

        table = documents_arrow(self._pending)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.tmp / "documents.parquet", table.schema)
        self._parquet.write_table(table)
        self._pending = []
        self._row_groups += 1

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append((path, reason))

    def close(self) -> Path:
        """Write the tables and switch the staged outputs into place (the lock stays held until
        the context exits or :meth:`release`)."""
        try:
            if self._pending or not self._row_groups:  # an empty table is still written
                self._flush()
            self._parquet.close()
            for fh in self._files.values():
                fh.close()
            if self.xlsx:  # a spreadsheet holds all rows at once anyway (at most about a million)
                from .xlsx import write_xlsx


                import pandas as pd

                docs = pd.read_parquet(self.tmp / "documents.parquet")
                docs = documents_table(docs.to_dict("records")) if len(docs) else documents_table([])
                write_xlsx(docs, self.tmp / "documents.xlsx", sheet="documents")
            with open(self.tmp / "skipped.csv", "w", encoding="utf-8", newline="") as fh:
                fh.write("\ufeff" + header(["path", "reason"]))
                fh.writelines(f"{text},{cut}{CSV_LINE_END}" for text, cut in map(_render_row, self.skipped))
            _switch(self.tmp, self.out)
        except OSError as exc:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise output_error(self.out, exc, started=True) from None
        return self.out

    def abort(self) -> None:
        """Discard the staged outputs (the previous outputs stay) and release the folder."""
        for f in [*getattr(self, "_files", {}).values(), getattr(self, "_parquet", None)]:
            try:
                if f is not None:
                    (getattr(f, "abort", None) or f.close)()
            except OSError:
                pass
        if self.tmp is not None and not (self.out / JOURNAL).exists():
            shutil.rmtree(self.tmp, ignore_errors=True)
        self._undo()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _undo(self) -> None:
        """Release the lock and remove the folders this writer created, if they stayed empty."""
        self.release()
        for d in self._created:
            try:
                d.rmdir()
            except OSError:
                break

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.abort()
        else:
            self.release()
        return False


def _missing_ancestors(p: Path) -> list[Path]:
    """``p`` and its ancestors that do not exist yet, deepest first (what mkdir(parents) creates)."""
    out = []
    p = p.absolute()
    while not p.exists() and p != p.parent:
        out.append(p)
        p = p.parent
    return out


class FolderLock:
    """An exclusive lock on an output folder (``OUT_DIR/.qmcorpus.lock``), held by one run.
    Released by the system when its process ends, however it ends."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_FILE
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                self._acquire(fd)
            except BlockingIOError:
                os.close(fd)
                raise OutputError(f"another qmcorpus run{self._holder()} is writing to {folder}; wait for it to "
                                  "finish or choose another output folder") from None
            except BaseException:
                os.close(fd)
                raise
            try:  # the file may have been removed by the run that held it: lock the one in place
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self.fd = fd
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                return
            os.close(fd)
        raise OutputError(f"cannot lock the output folder {folder}")

    @staticmethod
    def _acquire(fd: int) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: a file opened by a run cannot be locked again
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                raise BlockingIOError() from None
            return
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _holder(self) -> str:
        try:
            pid = self.path.read_text().strip()
        except OSError:
            return ""
        return f" (process {pid})" if pid.isdigit() else ""

    def release(self) -> None:
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self.fd)


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write an analysis table for spreadsheets: ``.csv`` (UTF-8 with BOM) or ``.xlsx`` (see
    :func:`qmcorpus.io.xlsx.write_xlsx`: widths, frozen header, filter, Chinese category labels,
    a sheet describing every column). Lists are joined, formulas neutralised."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(frame, p)
    p.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, p)
    return p


def write_results(results, out_dir: str | os.PathLike, *, xlsx: bool = False, rejected=(),
                  summary: Summary | None = None, on_close=None, parquet_process=False) -> Path:
    """The one writer of an output folder: documents.csv/.parquet (and with ``xlsx``
    documents.xlsx), clean/<doc_id>.txt, activities.csv, evidence.csv, repairs.csv and
    skipped.csv, staged and then moved into place.

    ``results`` yields a Document, a :class:`~qmcorpus.types.Rendered` (rows rendered by a
    worker), a Skipped or a Failure per input, or is a function of the staging folder's clean/
    directory returning such an iterable (the workers then write the clean texts there).
    ``rejected`` (inputs discovery turned down) are listed in skipped.csv after them; ``summary``
    counts what was written; ``on_close(out)`` runs once the outputs are in place, before the
    folder is unlocked; ``parquet_process`` writes documents.parquet in a helper process
    (:mod:`qmcorpus.io.parquet_process`: the same bytes, pyarrow's import on another core), or
    through a helper already started by :func:`qmcorpus.io.parquet_process.spawn` when it is
    that helper. Nothing per document is kept but the summary's counts.
    """
    summary = summary if summary is not None else Summary()
    with OutputWriter(out_dir, xlsx=xlsx, parquet_process=parquet_process) as writer:
        items = results(writer.clean_dir) if callable(results) else results
        for item in items:
            if isinstance(item, Rendered):
                writer.add_rendered(item.doc_id, item.source, item.out, text=item.text)
                summary.add_counts(item.encoding, item.script, item.steps)
            elif isinstance(item, Document):
                writer.add(item)
                summary.add(item)
            elif isinstance(item, Skipped):
                writer.skip(item.path, item.reason)
                summary.skipped.append(item)
            else:
                writer.skip(item.path, item.reason)
                summary.failed.append(item)
        for s in rejected:
            writer.skip(s.path, s.reason)
        summary.skipped = list(rejected) + summary.skipped
        out = writer.close()
        if not xlsx:  # a spreadsheet of an earlier run would no longer match the tables
            (out / "documents.xlsx").unlink(missing_ok=True)
        if on_close is not None:
            on_close(out)
        return out


def write_outputs(corpus, out_dir: str | os.PathLike, *, xlsx: bool = False) -> Path:
    """Write the output files of a Corpus into ``out_dir`` (see :func:`write_results`: the
    same function the ingest CLI writes with)."""
    return write_results(_corpus_items(corpus), out_dir, xlsx=xlsx)


def _corpus_items(corpus):
    yield from corpus
    yield from corpus.skipped
    yield from corpus.failed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temporaries(out: Path) -> None:
    """Remove what an interrupted run (kill -9) left behind: its staging and trash folders (the
    caller holds the folder's lock, so no other run is using them), and the staging folders of
    older versions next to the folder."""
    for d in list(out.glob(f"{STAGING_PREFIX}*")) + list(out.glob(f"{TRASH_PREFIX}*")):
        if not (out / JOURNAL).exists():
            shutil.rmtree(d, ignore_errors=True)
    for d in list(out.parent.glob(f".{out.name}.tmp-*")) + list(out.glob(".*.old-*")):
        m = re.search(r"(?:tmp|old)-(\d+)", d.name)
        if m and not _alive(int(m.group(1))):
            shutil.rmtree(d, ignore_errors=True)


def _switch(stage: Path, out: Path) -> None:
    """Make the staged outputs the folder's outputs: one atomic journal write, then renames on
    one file system, completed by :func:`complete_switch` should this run die half-way."""
    from .manifest import MANIFEST

    try:  # the manifest of the previous outputs no longer describes the folder
        os.unlink(out / MANIFEST)
    except FileNotFoundError:
        pass
    items = sorted(p.name for p in stage.iterdir())
    tmp = out / f"{JOURNAL}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"stage": stage.name, "items": items}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out / JOURNAL)  # from here on the new outputs are the folder's outputs
    complete_switch(out)


def complete_switch(out: Path) -> bool:
    """Finish a switch recorded in ``out``'s journal (idempotent); True when there was one."""
    journal = Path(out) / JOURNAL
    try:
        rec = json.loads(journal.read_text(encoding="utf-8"))
        stage_name, items = rec["stage"], rec["items"]
        if not (isinstance(stage_name, str) and stage_name.startswith(STAGING_PREFIX) and "/" not in stage_name
                and all(isinstance(i, str) and "/" not in i and i not in ("", ".", "..") for i in items)):
            raise ValueError("malformed journal")
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # unreadable: the switch never began (the journal is written atomically)
        return False
    stage = Path(out) / stage_name
    for d in Path(out).glob(f"{TRASH_PREFIX}*"):  # left by a completion that was itself interrupted
        shutil.rmtree(d, ignore_errors=True)
    for name in items:
        src, dst = stage / name, Path(out) / name
        if not os.path.lexists(src):
            continue  # already moved
        if src.is_dir() and os.path.lexists(dst):
            os.replace(dst, Path(out) / f"{TRASH_PREFIX}{os.getpid()}-{name}")
        os.replace(src, dst)
    journal.unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)
    for d in Path(out).glob(f"{TRASH_PREFIX}*"):
        shutil.rmtree(d, ignore_errors=True)
    return True
