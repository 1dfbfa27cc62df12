"""Where the time goes: seconds per pipeline stage, one process, on a synthetic corpus.

    python benchmarks/profile_stages.py [--size-mb 5] [--segmenter rjieba] [--real] [--cprofile N] [FOLDER]

CPU seconds (process time: other processes on the machine do not count). Builds (or reads) a corpus like ``ingest_bench.py``'s, processes a few files to load the tables
every worker loads once, then every file, and prints the time spent in each stage of
normalisation and extraction. A stage called inside another (dates inside the period search) is
counted in both; segmentation is inside find_activities (cue words checked on word boundaries).
``--real`` builds the corpus of ``real_pages_bench.py`` (edited real pages) instead; ``--cprofile N``
also prints the N functions with the most time of their own (cProfile), rows rendered included.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STAGES = {
    "qmcorpus.normalize.pipeline": ["decode_bytes", "normalize_whitespace", "repair_byte_shifts", "strip_glosses",
                                    "detect_script", "convert", "remove_furniture"],
    "qmcorpus.extract.fields": ["find_title", "find_doc_number", "find_doc_type", "find_theme", "find_year",
                                "find_publish_date", "find_period"],
    "qmcorpus.extract.activities": ["find_activities"],
    "qmcorpus.extract.issuers": ["find_issuers"],
    "qmcorpus.extract.regions": ["find_level", "places_for_level"],
    "qmcorpus.extract.places": ["collect", "resolve"],
    "qmcorpus.extract.dates": ["find_dates"],
    "qmcorpus.extract.layout": ["layout"],
}


def _timed(module, name: str, totals: Counter) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        t = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - t

    setattr(module, name, wrapper)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", help="documents to process (default: a new synthetic corpus)")
    ap.add_argument("--size-mb", type=float, default=5.0, help="size of the synthetic corpus (default 5)")
    ap.add_argument("--segmenter", default="jieba", choices=("jieba", "rjieba"))
    ap.add_argument("--real", action="store_true", help="build the real-page corpus of real_pages_bench.py")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="print the N hottest functions")
    args = ap.parse_args()

    from qmcorpus.extract import segment

    segment.use(args.segmenter)
    totals: Counter = Counter()
    for mod_name, names in STAGES.items():
        mod = importlib.import_module(mod_name)
        for name in names:
            _timed(mod, name, totals)
    # modules that imported a stage function by name call it through their own reference
    document = importlib.import_module("qmcorpus.document")
    _timed(document, "read_source", totals)
    from qmcorpus.document import process

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.folder) if args.folder else Path(tmp) / "corpus"
        if not args.folder:
            if args.real:
                from real_pages_bench import build_corpus
            else:
                from ingest_bench import build_corpus

            build_corpus(folder, args.size_mb)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        mb = sum(p.stat().st_size for p in files) / 1e6
        for f in files[:20]:  # loads the tables every worker loads once; memos stay as cold as in a run
            process(f)
        totals.clear()
        from qmcorpus.schema import render_document

        prof = None
        if args.cprofile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        t = time.process_time()
        for f in files:
            render_document(process(f))
        total = time.process_time() - t
        if prof is not None:
            prof.disable()
    from qmcorpus.compiled import describe

    # (a compiled module's calls to its own functions bypass the wrappers: the stages timed here are
    # called from modules that are not compiled, see qmcorpus/compiled.py)
    print(f"{len(files)} files, {mb:.1f} MB, segmenter {args.segmenter}, {describe()}: {total:.2f} s in one "
          f"process ({mb / total:.2f} MB/s, {total / len(files) * 1000:.2f} ms a document)")
    print(f"{'stage':24s} {'s':>7s} {'share':>7s}")
    for name, seconds in totals.most_common():
        print(f"{name:24s} {seconds:7.3f} {seconds / total:7.1%}")
    if prof is not None:
        import pstats

        pstats.Stats(prof).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
