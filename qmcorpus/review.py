"""qmcorpus.review: the extracted values a researcher should check first, least trusted first.

    python -m qmcorpus.review OUT_DIR [--limit N] [--field level --field province …] [--csv PATH]

Reads evidence.csv and clean/<doc_id>.txt of an ingest output folder and lists each value with
its confidence, the rule that found it and the sentence it came from (values taken from page
metadata have no sentence). ``Corpus.review()`` gives the same table for a loaded corpus.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from .errors import InputError

REVIEW_COLUMNS = ("doc_id", "field", "value", "confidence", "rule", "sentence")
_STOP = re.compile(r"[。！？!?\n]")
MAX_SENTENCE = 160  # characters of context shown around a value in a very long sentence


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or line) of ``text`` holding ``text[start:end]``; "" for metadata (start < 0).

    >>> sentence_at("一句。由某局主办。再一句", 4, 7)
    '由某局主办。'
    """
    if start < 0 or start > len(text):
        return ""
    a = max(text.rfind(c, 0, start) for c in "。！？!?\n") + 1
    m = _STOP.search(text, max(end, start))
    b = m.end() if m else len(text)
    if b - a > MAX_SENTENCE:
        a, b = max(a, start - MAX_SENTENCE // 2), min(b, end + MAX_SENTENCE // 2)
    return text[a:b].strip()


def review_frame(evidence: pd.DataFrame, texts: Mapping[str, str], *, fields: Iterable[str] | None = None,
                 limit: int | None = None) -> pd.DataFrame:
    """Values that carry a confidence, lowest confidence first, each with its sentence."""
    ev = evidence[evidence["confidence"].notna()].copy()
    if fields:
        ev = ev[ev["field"].isin(list(fields))]
    ev["confidence"] = ev["confidence"].astype(float)
    ev = ev.sort_values(["confidence", "doc_id", "field"], kind="stable")
    if limit is not None:
        ev = ev.head(limit)
    ev["sentence"] = [sentence_at(texts.get(d, ""), int(s), int(e)) for d, s, e in zip(ev["doc_id"], ev["start"], ev["end"])]
    return ev[list(REVIEW_COLUMNS)].reset_index(drop=True)


def review_outputs(out_dir: str | Path, *, fields: Iterable[str] | None = None, limit: int | None = None) -> pd.DataFrame:
    """:func:`review_frame` of an ingest output folder."""
    d = Path(out_dir)
    path = d / "evidence.csv"
    if not path.is_file():
        raise InputError(d, "no evidence.csv here (run python -m qmcorpus.ingest first)")
    ev = pd.read_csv(path, encoding="utf-8-sig", dtype={"value": str})
    if "confidence" not in ev.columns:
        raise InputError(path, "evidence.csv has no confidence column (written by an older qmcorpus)")
    texts = {}
    for doc_id in ev["doc_id"].unique():
        p = d / "clean" / f"{doc_id}.txt"
        texts[doc_id] = p.read_text(encoding="utf-8") if p.is_file() else ""
    return review_frame(ev, texts, fields=fields, limit=limit)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m qmcorpus.review",
                                description="List extracted values to check first, lowest confidence first.")
    p.add_argument("out_dir", metavar="OUT_DIR", help="an ingest output folder (evidence.csv, clean/)")
    p.add_argument("--field", action="append", help="only this field (repeatable)")
    p.add_argument("--limit", type=int, default=30, help="rows to show (default 30; 0 = all)")
    p.add_argument("--csv", metavar="PATH", help="write the whole table to this CSV instead of printing")
    args = p.parse_args(argv)
    try:
        frame = review_outputs(args.out_dir, fields=args.field, limit=None if args.csv or args.limit == 0 else args.limit)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.csv:
        frame.to_csv(args.csv, index=False, encoding="utf-8-sig")
        print(f"wrote {len(frame)} values to {args.csv}")
        return 0
    if frame.empty:
        print("no values with a confidence")
        return 0
    with pd.option_context("display.max_colwidth", 70, "display.width", 220):
        print(frame.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
