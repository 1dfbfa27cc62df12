"""Is HTML text extraction linear in the page size? Seconds for pages of size n and 2n.

    python benchmarks/html_linearity.py [--base 40000] [--repeat 3] [--reference]

Three page shapes that made the former extraction quadratic (a tree edit per block tag): flat
``<p>`` paragraphs, deeply nested ``<div>``s, and unclosed nested ``<div>``s. For each shape the
page is built with ``base`` and ``2 × base`` elements; the best of ``repeat`` timings of
:func:`qmcorpus.normalize.markup.html_text` is printed with the ratio of the two (linear: about 2; the goal
is ≤ 2.5). ``--reference`` also times the former implementation, on a smaller base (it is slow).
"""
from __future__ import annotations

import argparse
import time

from qmcorpus.normalize.markup import _html_text_reference, html_text

SHAPES = {
    "flat <p>": lambda n: "<html><body>" + "<p>质量月活动宣传</p>" * n + "</body></html>",
    "nested <div>": lambda n: "<div>质量" * n + "</div>" * n,
    "unclosed <div>": lambda n: "<div>质量" * n,
}


def best_of(fn, page: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(page)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=40000, help="elements in the smaller page (default 40000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reference", action="store_true", help="also time the former quadratic implementation")
    args = ap.parse_args()
    impls = [("html_text", html_text, args.base)]
    if args.reference:
        impls.append(("former", _html_text_reference, max(1000, args.base // 10)))
    print(f"{'implementation':15s} {'shape':15s} {'n':>8s} {'KB':>7s} {'s(n)':>8s} {'s(2n)':>8s} {'ratio':>6s}")
    for name, fn, base in impls:
        for shape, build in SHAPES.items():
            small, large = build(base), build(2 * base)
            t1, t2 = best_of(fn, small, args.repeat), best_of(fn, large, args.repeat)
            print(f"{name:15s} {shape:15s} {base:8d} {len(small.encode()) // 1024:7d} {t1:8.3f} {t2:8.3f} {t2 / t1:6.2f}")


if __name__ == "__main__":
    main()
