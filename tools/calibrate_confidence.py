"""Build qmcorpus/data/confidence.csv: per calibration key, how many values the shared corpus has
and how many of them are right (see qmcorpus/extract/confidence.py).

    python tools/calibrate_confidence.py [--corpus tests/corpus] [--check]

Each raw page is normalised and extracted; every value that carries a confidence is compared with
the gold (a list value is right when the gold list holds it; a value where the gold is null is
wrong). ``--check`` prints the reliability table (field, confidence bin → n, share right) instead of writing.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from qmcorpus.extract import extract  # noqa: E402
from qmcorpus.extract.confidence import CONFIDENCE_FIELDS, overconfident, reliability  # noqa: E402
from qmcorpus.values import comparable  # noqa: E402
from gold_pages import gold_pages  # noqa: E402

LIST = {"issuers", "categories"}


def judged_values(corpus: Path):
    """(field, keys, confidence, right) of every confidence-carrying value of the corpus."""
    for g, norm in gold_pages(corpus):
        ex = extract(norm.text, page_meta=norm.page_meta)
        for e, keys in zip(ex.evidence, ex.keys):
            if e.field not in CONFIDENCE_FIELDS or e.field not in g:
                continue
            if e.field in LIST:
                right = comparable(e.field, e.value) in {comparable(e.field, x) for x in g[e.field] or []}
            else:
                right = comparable(e.field, e.value) == comparable(e.field, g[e.field])
            yield e.field, keys, e.confidence, right


def print_reliability(judged: list[tuple[str, float, bool]]) -> None:
    """The reliability table (field, confidence bin → n, share right): level, province and issuers
    first, then the other fields and all fields together; then the share right of values with
    confidence >= 0.9 per field (the promise: >= 95 %)."""
    order = ["level", "province", "issuers", *(f for f in CONFIDENCE_FIELDS if f not in ("level", "province", "issuers")), "*"]
    table = reliability(judged)
    print(f"{'field':13} {'confidence':>12} {'n':>5} {'right':>6}")
    for fld in order:
        for f, lo, hi, n, right in table:
            if f == fld:
                close = "]" if hi == 1.0 else ")"
                print(f"{f:13} [{lo:.2f}, {hi:.2f}{close} {n:5d} {right / n:6.3f}")
    print("\nconfidence >= 0.9: n, share right")
    for fld in order:
        sel = [r for f, c, r in judged if (fld == "*" or f == fld) and c >= 0.9]
        if sel:
            print(f"{fld:13} {len(sel):5d} {sum(sel) / len(sel):6.3f}")
    bad = overconfident(judged)
    print("over-confident fields:", ", ".join(f"{f} ({r}/{n})" for f, (n, r) in bad.items()) or "none")


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=str(ROOT / "tests" / "corpus"))
    p.add_argument("--check", action="store_true", help="print the reliability table, write nothing")
    args = p.parse_args(argv)
    rows = list(judged_values(Path(args.corpus)))
    if args.check:
        print_reliability([(f, c, r) for f, _, c, r in rows if c is not None])
        return 0
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, keys, _, right in rows:
        for k in keys:
            counts[k][0] += 1
            counts[k][1] += int(right)
    out = ROOT / "qmcorpus" / "data" / "confidence.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "n", "right"])
        for k in sorted(counts):
            w.writerow([k, *counts[k]])
    print(f"wrote {out} ({len(counts)} keys from {len(rows)} values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
