"""qmcorpus.compare: the analyses from the command line, one table per run.

    python -m qmcorpus.compare --what categories --by year data/processed -o tables/
    python -m qmcorpus.compare --what keyness --by year --target 2022 data/processed -o tables/ --xlsx

Reads an ingest output folder, runs the same functions as ``qmcorpus.analyze`` and writes the
table as UTF-8-with-BOM CSV (and XLSX with a data dictionary with ``--xlsx``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import analyze as A
from .errors import QmcorpusError
from .corpus import read_outputs
from .io import write_table

WHAT = ("categories", "terms", "keyness", "trends", "similarity", "duplicates", "reuse", "topics", "kwic",
        "collocates", "themes", "dictionary", "cooccurrence")


def _target(value: str):
    return int(value) if value.lstrip("-").isdigit() else value


def run(corpus, args) -> dict:
    """{table name: DataFrame} for one ``--what``."""
    by = args.by.split(",") if "," in args.by else args.by
    w = args.what
    if w == "categories":
        return {f"emphasis_by_{args.by.replace(',', '_')}": A.emphasis(corpus, by=by, measure=args.measure, min_docs=args.min_docs)}
    if w == "terms":
        return {f"terms_by_{args.by.replace(',', '_')}": A.term_frequency(corpus, by=by)}
    if w == "keyness":
        if args.target is None:
            raise SystemExit("--what keyness needs --target (a value of the --by column)")
        ref = _target(args.reference) if args.reference else None
        return {f"keyness_{args.by}_{args.target}": A.keyness(corpus, by=args.by, target=_target(args.target),
                                                               reference=ref, min_docs=args.min_docs)}
    if w == "trends":
        if not args.items:
            raise SystemExit("--what trends needs --items (comma-separated)")
        return {f"trends_{args.kind}": A.trends(corpus, args.items.split(","), kind=args.kind, by=args.by,
                                                match=args.match)}
    if w == "similarity":
        return {"similarity": A.similarity(corpus)}
    if w == "duplicates":
        return {"near_duplicates": A.near_duplicates(corpus, threshold=args.threshold)}
    if w == "reuse":
        ref = args.reference or None
        return {"reuse": A.reuse(corpus, reference=ref), "reuse_passages": A.reuse_passages(corpus, reference=ref)}
    if w == "topics":
        terms, docs = A.topics(corpus, k=args.k, method=args.method)
        return {f"topics_{args.method}_terms": terms, f"topics_{args.method}_documents": docs}
    if w in ("kwic", "collocates"):
        if not args.term:
            raise SystemExit(f"--what {w} needs --term")
        fn = A.kwic if w == "kwic" else A.collocates
        return {f"{w}_{args.term}": fn(corpus, args.term, match=args.match)}
    if w == "themes":
        return {"themes_vs_national": A.themes_vs_national(corpus)}
    if w == "cooccurrence":
        return {"category_cooccurrence": A.category_cooccurrence(corpus)}
    if w == "dictionary":
        return {"dictionary_documents": A.dictionary(corpus, args.dict, match=args.match),
                f"dictionary_by_{args.by.replace(',', '_')}": A.dictionary(corpus, args.dict, by=by, match=args.match)}
    raise SystemExit(f"unknown --what {w}")


# what each analysis cannot run without: --what → (option, what to say)
REQUIRED = {
    "keyness": ("target", "--what keyness needs --target (a value of the --by column)"),
    "trends": ("items", "--what trends needs --items (comma-separated terms, category keys or theme keywords)"),
    "kwic": ("term", "--what kwic needs --term"),
    "collocates": ("term", "--what collocates needs --term"),
    "dictionary": ("dict", "--what dictionary needs --dict FILE (.toml, .yaml or .csv)"),
}
# analyses that group documents by --by
GROUPED = ("categories", "terms", "keyness", "trends")


def usage_problem(corpus, args) -> str | None:
    """What is wrong with the options for this corpus (an unknown --by column, a --reference
    that is neither 'national' nor a doc_id), or None."""
    columns = [c for c in corpus.frame.columns if c != "text"]
    if args.what in GROUPED:
        unknown = [c for c in args.by.split(",") if c not in columns]
        if unknown:
            return f"--by {','.join(unknown)}: no such column; choose from {', '.join(columns)}"
    if args.what == "reuse" and args.reference not in (None, "", "national"):
        if args.reference not in set(corpus.frame["doc_id"]):
            return f"--reference {args.reference}: neither 'national' nor a doc_id of {args.processed}"
    return None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m qmcorpus.compare", description=__doc__.split("\n\n")[0])
    p.add_argument("processed", metavar="PROCESSED_DIR", nargs="?", default="data/processed",
                   help="an ingest output folder (default: data/processed)")
    p.add_argument("-o", "--out", default="tables", metavar="OUT_DIR", help="folder for the tables (default: tables)")
    p.add_argument("--what", choices=WHAT, default="categories", help="which analysis (default: categories)")
    p.add_argument("--by", default="year", help="grouping column(s), comma-separated (default: year)")
    p.add_argument("--measure", choices=("share", "presence"), default="share", help="categories: share of items or presence")
    p.add_argument("--min-docs", type=int, default=1, help="categories: minimum documents per group; keyness: flag terms used by fewer target documents")
    p.add_argument("--target", help="keyness: the group to characterise (a value of --by)")
    p.add_argument("--reference", help="keyness: the group to compare with (default: all others); reuse: a doc_id or 'national'")
    p.add_argument("--items", help="trends: terms, category keys or theme keywords, comma-separated")
    p.add_argument("--kind", choices=("term", "category", "theme"), default="term", help="trends: what --items are")
    p.add_argument("--term", help="kwic / collocates: the term")
    p.add_argument("--k", type=int, default=5, help="topics: number of topics")
    p.add_argument("--method", choices=("nmf", "lda"), default="nmf", help="topics: model")
    p.add_argument("--threshold", type=float, default=0.9, help="duplicates: similarity linking two documents")
    p.add_argument("--dict", metavar="FILE", help="dictionary: your categories of words (.toml, .yaml or .csv)")
    p.add_argument("--match", choices=("word", "substring", "regex"), default="word",
                   help="kwic / collocates / trends / dictionary: match words (default), substrings or a regex")
    p.add_argument("--xlsx", action="store_true", help="also write .xlsx with a data-dictionary sheet")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one analysis; returns the exit status (2 on a usage error, with one message)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    option, message = REQUIRED.get(args.what, (None, ""))
    if option and not getattr(args, option):
        parser.error(message)  # exit status 2, after the usage line
    try:
        corpus = read_outputs(args.processed)
        problem = usage_problem(corpus, args)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        tables = run(corpus, args)
    except (QmcorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    for name, frame in tables.items():
        for suffix in (".csv", ".xlsx") if args.xlsx else (".csv",):
            path = write_table(frame, out / f"{name}{suffix}")
            print(f"{path} ({len(frame)} rows)")
        for col, n in frame.attrs.get("left_out", {}).items():
            print(f"note: {name}: {n} documents without {col} left out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
