"""Seconds to normalise a page of UTF-8 text misread as GBK (each rejected byte one U+FFFD) as
the page grows: the lost-bytes repair should stay about linear in the page.

    python benchmarks/lost_bytes_scaling.py
"""
from __future__ import annotations

import time

from qmcorpus.normalize import normalize

LINE = "质量月活动在全市开展，各单位要高度重视，切实提升产品质量和服务水平。\n"


def main() -> None:
    normalize(LINE.encode("utf-8").decode("gbk", errors="replace").encode("utf-8"))  # tables loaded
    print(f"{'lines':>6} {'KB':>6} {'s':>6} {'ms/KB':>6}")
    for n in (500, 1000, 2000, 4000, 8000):
        page = (LINE * n).encode("utf-8").decode("gbk", errors="replace").encode("utf-8")
        t = time.perf_counter()
        normalize(page)
        s = time.perf_counter() - t
        print(f"{n:>6} {len(page) // 1024:>6} {s:>6.2f} {1000 * s / (len(page) / 1024):>6.2f}")


if __name__ == "__main__":
    main()
