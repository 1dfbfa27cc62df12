"""Build qmcorpus/data/confidence.csv: per calibration key, how many values the shared corpus has
and how many of them are right (see qmcorpus/extract/confidence.py).

    python tools/calibrate_confidence.py [--corpus tests/corpus] [--check]

Each raw page is normalised and extracted; every value that carries a confidence is compared with
the gold (a list value is right when the gold list holds it; a value where the gold is null is
wrong). ``--check`` prints the reliability table (confidence bin → share right) instead of writing.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qmcorpus.extract import extract  # noqa: E402
from qmcorpus.extract.confidence import CONFIDENCE_FIELDS  # noqa: E402
from qmcorpus.normalize.markup import read_source  # noqa: E402
from qmcorpus.normalize import normalize  # noqa: E402
from qmcorpus.values import comparable  # noqa: E402

LIST = {"issuers", "categories"}


def judged_values(corpus: Path):
    """(field, keys, confidence, right) of every confidence-carrying value of the corpus."""
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        norm = normalize(read_source(corpus / "raw" / f"{g['id']}.txt").text)
        ex = extract(norm.text, page_meta=norm.page_meta)
        for e, keys in zip(ex.evidence, ex.keys):
            if e.field not in CONFIDENCE_FIELDS or e.field not in g:
                continue
            if e.field in LIST:
                right = comparable(e.field, e.value) in {comparable(e.field, x) for x in g[e.field] or []}
            else:
                right = comparable(e.field, e.value) == comparable(e.field, g[e.field])
            yield e.field, keys, e.confidence, right


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=str(ROOT / "tests" / "corpus"))
    p.add_argument("--check", action="store_true", help="print the reliability table, write nothing")
    args = p.parse_args(argv)
    rows = list(judged_values(Path(args.corpus)))
    if args.check:
        bins = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)
        for fld in ("level", "province", "issuers", "*"):
            print(f"== {fld}")
            for lo, hi in zip(bins, bins[1:]):
                sel = [r for f, _, c, r in rows if (fld == "*" or f == fld) and c is not None and lo <= c < hi]
                if sel:
                    print(f"  [{lo:.2f}, {min(hi, 1):.2f}) n={len(sel):4d} right={sum(sel) / len(sel):.3f}")
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
