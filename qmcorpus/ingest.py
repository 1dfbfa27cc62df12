"""qmcorpus.ingest: the batch CLI — read raw documents, write the tables of docs/OUTPUT.md.

    python -m qmcorpus.ingest [INPUT ...] [-o OUT_DIR]
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import QmcorpusError
from .types import Failure, Skipped, Source

# the batch machinery (and its tables' modules) is imported once the Parquet helper is started
# (see main): its imports then run on another core meanwhile
if TYPE_CHECKING:
    from .types import Summary


def build_parser() -> argparse.ArgumentParser:
    from .batch import DEFAULT_TIME_LIMIT, default_jobs
    from .extract.segment import SEGMENTERS
    from .sources import DEFAULT_MAX_BYTES, DOCX_UNPACK_RATIO

    p = argparse.ArgumentParser(
        prog="python -m qmcorpus.ingest",
        description=(
            "Read Quality Month documents (.txt in any encoding, .html/.htm, .docx), repair and "
            "normalise them to clean simplified Chinese, extract their fields, and write "
            "documents.csv (and with --xlsx documents.xlsx), documents.parquet, clean/<doc_id>.txt, activities.csv, evidence.csv, "
            "repairs.csv and skipped.csv to OUT_DIR."
        ),
        epilog="Exit status: 0 when every input was processed, 1 when any input failed "
        "(everything that succeeded is still written) or the outputs could not be written, 2 on a "
        "usage error or an output folder that cannot be written at all (read-only, no permission, "
        "in use by another run), 130 when interrupted (the previous outputs are left as they were).",
    )
    p.add_argument(
        "inputs", nargs="*", metavar="INPUT", default=["data/raw"],
        help="files or folders to read, recursively (default: data/raw)",
    )
    p.add_argument(
        "-o", "--out", "--output", dest="out", default="data/processed", metavar="OUT_DIR",
        help="folder to write the outputs to (default: data/processed)",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar (default: only on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show the progress bar")
    p.add_argument("-j", "--jobs", type=int, default=default_jobs(), metavar="N",
                   help=f"worker processes (default: all cores, here {default_jobs()}); 1 runs in this process")
    p.add_argument("--segmenter", choices=SEGMENTERS, default=None,
                   help="word segmenter: jieba (the reference) or rjieba (jieba-rs, faster, the same fields on the "
                   "test corpus; pip install 'qmcorpus[fast]'); default: rjieba where installed, else jieba")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool on this machine (default); dask: a Dask cluster "
                   "(pip install 'qmcorpus[dask]'), local unless --scheduler is given")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running Dask scheduler (tcp://host:8786) for --engine dask")
    p.add_argument("--no-cache", action="store_true",
                   help="recompute every document (default: reuse results for unchanged files)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="where cached results live (default: OUT_DIR/.cache); safe to delete at any time")
    p.add_argument("--xlsx", action="store_true",
                   help="also write documents.xlsx (column widths, frozen header, filter, Chinese category "
                   "labels, a data-dictionary sheet)")
    p.add_argument("--max-size", type=_positive, default=DEFAULT_MAX_BYTES / 2**20, metavar="MB",
                   help=f"skip input files larger than this, with a reason; a .docx may unpack to {DOCX_UNPACK_RATIO}× "
                        f"this (default: {DEFAULT_MAX_BYTES // 2**20} MB)")
    p.add_argument("--time-limit", type=_positive, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                   help="fail a file that takes longer than this to process; the batch goes on "
                        f"(default: {DEFAULT_TIME_LIMIT:g})")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--version", action="version", version=version_line(),
                   help="print the version, and whether modules run compiled (mypyc), then exit")
    return p


def version_line() -> str:
    """``qmcorpus X.Y.Z (pure Python)``, or the modules an optional build compiled."""
    from .compiled import describe
    from .version import __version__

    return f"qmcorpus {__version__} ({describe()})"


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def format_summary(summary: dict, out_dir: Path) -> str:
    """The one-screen report printed at the end of a run."""
    lines = [f"qmcorpus ingest: {summary['documents']} documents read → {out_dir}"]
    if summary["by_encoding"]:
        lines.append("  by encoding: " + ", ".join(f"{k} {v}" for k, v in summary["by_encoding"].most_common()))
    if summary["by_script"]:
        lines.append("  by script:   " + ", ".join(f"{k} {v}" for k, v in summary["by_script"].most_common()))
    steps = summary["steps"]
    if steps:
        lines.append("  repairs and cleaning by kind:")
        for k, v in sorted(steps.items()):
            lines.append(f"    {k:32s} {v}")
    for title, items in (("skipped", summary["skipped"]), ("FAILED", summary["failed"])):
        if items:
            lines.append(f"  {title}: {len(items)} file(s)")
            for it in items[:20]:
                lines.append(f"    {it.path}: {it.reason}")
            if len(items) > 20:
                lines.append(f"    … {len(items) - 20} more in skipped.csv")
    from .compiled import compiled_modules, describe

    if compiled_modules():  # (an optional build: the same outputs, said so a reader knows what ran)
        lines.append(f"  {describe()}")
    return "\n".join(lines)


def _summary_record(summary: Summary) -> dict:
    d = summary.as_dict()
    return {"documents": d["documents"], "by_encoding": dict(d["by_encoding"]), "by_script": dict(d["by_script"]),
            "steps": dict(d["steps"]), "skipped": [[s.path, s.reason] for s in d["skipped"]],
            "failed": [[f.path, f.reason] for f in d["failed"]]}


def _summary_from_record(rec: dict) -> dict:
    from collections import Counter

    return {"documents": rec["documents"], "by_encoding": Counter(rec["by_encoding"]),
            "by_script": Counter(rec["by_script"]), "steps": Counter(rec["steps"]),
            "skipped": [Skipped(p, r) for p, r in rec["skipped"]], "failed": [Failure(p, r) for p, r in rec["failed"]]}


class Interrupted(KeyboardInterrupt):
    """The run was asked to stop (SIGTERM)."""


def _on_sigterm(signum, frame):
    raise Interrupted()


def main(argv: list[str] | None = None) -> int:
    """Run the batch; returns the exit status. Ctrl-C (or SIGTERM) stops it with one line, its
    workers ended and the previous outputs left as they were."""
    helper = _early_helper(argv)
    try:
        return _main(argv, helper)
    finally:
        if helper is not None and helper.poll() is None:  # not used (usage error, up to date, failed to start)
            from .io.parquet_process import discard

            discard(helper)


def _early_helper(argv):
    """The helper process that will write documents.parquet, started before anything else (its
    pyarrow import then runs on another core while this process imports the rest and reads the
    inputs; see :mod:`qmcorpus.io.parquet_process`), unless the run only asks for help or the version."""
    args = sys.argv[1:] if argv is None else list(argv)
    if any(a in ("-h", "--help", "--version") for a in args):
        return None
    from .io.parquet_process import spawn

    try:
        return spawn()
    except OSError:
        return None  # the writer starts its own, or reports why it cannot


def _main(argv, helper) -> int:
    from .io import missing_paths

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    missing = missing_paths(args.inputs)
    if missing:  # a typo must not end as an empty, successful run
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        if args.inputs == ["data/raw"]:
            print("  (data/raw is the sample corpus of a qmcorpus checkout: run from its top folder, "
                  "or name the folders to read)", file=sys.stderr)
        return 2
    old = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        old = None
    try:
        return _run(args, helper)
    except KeyboardInterrupt:
        print(f"interrupted: no outputs written; the previous outputs in {args.out} are left as they were",
              file=sys.stderr)
        return 130
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


def _run(args, helper=None) -> int:
    from .io import manifest
    from .sources import SourceStream, assign_doc_ids, discover

    if args.segmenter is None:
        from .extract.segment import default_segmenter

        args.segmenter = default_segmenter()
    cache = None if args.no_cache else Path(args.cache_dir or Path(args.out) / ".cache")
    # every input goes to a worker without a cache, or with one not made yet (a cache may hold
    # every result: its run starts no worker)
    if (cache is None or not cache.exists()) and args.engine == "local" and args.jobs > 1 \
            and not _one_file(args.inputs):
        from .batch.pool import start_server

        start_server(args.segmenter)  # the workers' tables load while the inputs are found (and read)
    max_bytes = int(args.max_size * 2**20)
    # paths kept as text: a Path costs about three times its str, for every input the run holds
    files, rejected = discover(args.inputs, max_bytes=max_bytes, text=True)
    pairs = assign_doc_ids(files)
    del files
    # each file is read once: with a cache, by the main process (its bytes give the cache key
    # and the signature of the inputs), without one by the worker that processes it
    inputs, signature, recorded = pairs, None, None
    if cache:
        signature = manifest.Signature(args.segmenter, max_bytes, rejected)
        if manifest.recorded(Path(args.out)) is not None:  # may be up to date: every input read to know
            inputs = _read_all_to_check(pairs, signature, cache, args.segmenter, max_bytes)
            recorded = manifest.up_to_date(Path(args.out), signature.hexdigest())
        else:  # cannot be: the signature is built as the run reads the files
            inputs = SourceStream(pairs, max_bytes, observe=signature.add)
    if args.xlsx and not (Path(args.out) / "documents.xlsx").is_file():
        recorded = None  # up to date, but the spreadsheet asked for is not there yet
    if recorded is not None:  # the same inputs, toolkit and data as last time: nothing to redo
        if not args.quiet:
            print(format_summary(_summary_from_record(recorded), Path(args.out)) + "\n  (unchanged: outputs are up to date)")
        return 1 if recorded["failed"] else 0
    # imported only now: an up-to-date folder needs neither, nor do the worker processes (spawn
    # re-imports this module), and pandas alone takes a third of a second to import
    from .batch import run
    from .io.write import OutputError, write_results
    from .types import Summary

    summary = Summary()
    out_existed = Path(args.out).exists()
    cache_existed = cache is not None and cache.exists()

    def results(clean_dir):
        # the workers render each document's rows and write its clean text into clean_dir
        return run(pairs=inputs, progress=args.progress, jobs=max(1, args.jobs), segmenter=args.segmenter,
                   cache_dir=cache, max_bytes=max_bytes, time_limit=args.time_limit,
                   engine=args.engine, scheduler=args.scheduler, render=True, clean_dir=clean_dir)

    def record(out):
        if signature is not None:  # every input has been read by now
            try:
                manifest.record(out, signature.hexdigest(), _summary_record(summary))
            except OSError:
                pass  # only costs a re-run next time

    try:
        out = write_results(results, args.out, xlsx=args.xlsx, rejected=rejected, summary=summary, on_close=record,
                            parquet_process=helper if helper is not None else True)
    except OutputError as exc:
        _leave_nothing(Path(args.out), out_existed, cache, cache_existed)
        print(f"error: {exc}", file=sys.stderr)
        return exc.status
    except QmcorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _leave_nothing(Path(args.out), out_existed, None, True)
        raise
    if not args.quiet:
        print(format_summary(summary.as_dict(), out))
    elif summary.failed:
        for f in summary.failed:
            print(f"error: {f.path}: {f.reason}", file=sys.stderr)
    return 1 if summary.failed else 0


def _one_file(inputs) -> bool:
    """One input that is a file: it is processed in this process (a pool pays only for many), so
    no fork server is started for it (its tables would load on the other core for nothing,
    competing with this process and the Parquet helper)."""
    return len(inputs) == 1 and Path(inputs[0]).is_file()


KEEP_BYTES = 256 * 2**20  # bytes of files without a cached result kept from the up-to-date check


def _read_all_to_check(pairs, signature, cache: Path, segmenter: str, max_bytes: int) -> list:
    """Every input read (once) for the up-to-date check, in order, each counted in ``signature``.
    A file whose result is in the cache keeps only its digest (its bytes are not needed again);
    the others keep their bytes for the run, up to KEEP_BYTES in all (beyond that a file is read
    again when its turn comes: memory must not grow with the corpus)."""
    from .batch import _cache_path
    from .resources import digest_key
    from .sources import SourceStream

    kept, out = 0, []
    for item in SourceStream(pairs, max_bytes, observe=signature.add):
        if isinstance(item, Source):
            if kept + len(item.data) <= KEEP_BYTES and \
                    not _cache_path(str(cache), digest_key(item.digest, segmenter)).is_file():
                kept += len(item.data)
            else:
                item = Source(item.doc_id, item.path, None, item.kind, item.digest)
        out.append(item)
    return out


def _leave_nothing(out: Path, out_existed: bool, cache: Path | None, cache_existed: bool) -> None:
    """After a run that wrote no outputs: remove the output folder it created, and the cache it
    started inside the output folder (a full disk is not left fuller)."""
    import shutil

    if not out_existed:
        shutil.rmtree(out, ignore_errors=True)
    elif cache is not None and not cache_existed and cache.resolve().parent == out.resolve():
        shutil.rmtree(cache, ignore_errors=True)


def _exit(status: int) -> None:
    """End the CLI with ``status``. After a run that finished (0, or 1: some inputs failed) its
    outputs are written and closed, its workers and helper have ended: the process ends at once,
    without the interpreter's teardown of every module and table one object at a time (a tenth
    of a second after a one-job run). Anything else ends the ordinary way."""
    if status in (0, 1):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    _exit(main())
