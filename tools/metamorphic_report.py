"""Metamorphic report: how extraction follows perturbed place names, years and issuer prefixes.

    python tools/metamorphic_report.py [--k-place 3] [--k-issuer 2] [--failures]

Over ALL test pages (tests/corpus/raw) that are eligible for a perturbation (the unperturbed page yields
a place chain / a year / an issuer whose name starts with a place), prints the pass rate per perturbation
(see tests/extract/metamorphic_lib.py). A page whose places are swapped for another real chain is an unseen
place: the place pass rate estimates how place/level extraction does on places no rule was written for.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.extract.metamorphic_lib import RAW, all_outcomes, load_page  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--k-place", type=int, default=3, help="place chains tried per page")
    ap.add_argument("--k-issuer", type=int, default=2, help="issuer prefixes tried per page")
    ap.add_argument("--failures", action="store_true", help="list every failed perturbation")
    a = ap.parse_args(argv)
    pages = [load_page(p) for p in sorted(RAW.glob("*.txt"))]
    outs = all_outcomes(pages, a.k_place, a.k_issuer)
    by_kind = defaultdict(list)
    for o in outs:
        by_kind[o.kind].append(o)
    print(f"{len(pages)} test pages")
    print(f"{'perturbation':14} {'pages':>5} {'cases':>5} {'passed':>6} {'rate':>6} {'pages all passed':>16}")
    for kind in ("place", "year", "issuer", "short", "body_kind", "layout", "date_style"):
        os_ = by_kind.get(kind, [])
        docs = {o.doc_id for o in os_}
        docs_ok = {d for d in docs if all(o.ok for o in os_ if o.doc_id == d)}
        n_ok = sum(o.ok for o in os_)
        rate = n_ok / len(os_) if os_ else float("nan")
        print(f"{kind:14} {len(docs):>5} {len(os_):>5} {n_ok:>6} {rate:>6.3f} {len(docs_ok):>10}/{len(docs)}")
    if a.failures:
        for o in outs:
            if not o.ok:
                print(f"FAIL {o.kind:7} {o.doc_id:24} {o.change}\n     want {o.expected}\n     got  {o.got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
