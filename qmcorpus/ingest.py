"""qmcorpus.ingest: the batch CLI — read raw documents, write the tables of shared/spec/OUTPUT.md.

    python -m qmcorpus.ingest [INPUT ...] [-o OUT_DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import load
from .io.write import write_outputs


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m qmcorpus.ingest",
        description=(
            "Read Quality Month documents (.txt in any encoding, .html/.htm, .docx), repair and "
            "normalise them to clean simplified Chinese, extract their fields, and write "
            "documents.csv, documents.parquet, clean/<doc_id>.txt, activities.csv, evidence.csv, "
            "repairs.csv and skipped.csv to OUT_DIR."
        ),
        epilog="Exit status: 0 when every input was processed, 1 when any input failed "
        "(everything that succeeded is still written), 2 on a usage error.",
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
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    return p


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
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the batch; returns the exit status."""
    args = build_parser().parse_args(argv)
    corpus = load(args.inputs, progress=args.progress)
    out = write_outputs(corpus, args.out)
    summary = corpus.summary()
    if not args.quiet:
        print(format_summary(summary, out))
    for f in corpus.failed:
        if args.quiet:
            print(f"error: {f.path}: {f.reason}", file=sys.stderr)
    return 1 if corpus.failed else 0


if __name__ == "__main__":
    sys.exit(main())
