"""Benchmark on real scraped pages: speed against two yardsticks, scaling with jobs, cache hits, memory.

    python benchmarks/real_pages_bench.py [--size-mb 10] [--repeats 3] [--jobs N] [--work DIR]

The corpus is built from edited copies of the real pages in tests/corpus/raw (damage, furniture
and spam included): a copy joins one to three pages, shifts their years, swaps place names, and is
written in the encoding mix of real scrapes — UTF-8, GB18030, Big5 (traditional), and traditional
UTF-8 with pinyin glosses. There is no clean-text-only document in it.

Every case runs ``--repeats`` times, interleaved (case 1, case 2, …, case 1, case 2, …), and the
table gives medians, so a slow moment of the machine hits all cases alike:

- yardstick (a): a naive pipeline in one process (decode, regex pinyin strip, OpenCC t2s,
  jieba.lcut, Counter);
- yardstick (b): ``jieba.lcut`` alone in one process on the decoded texts;
- ``python -m qmcorpus.ingest`` cold with 1 job and with N jobs, and with every document a cache
  hit into a new output folder;
- main-process peak RSS at the full size and at a quarter of it (memory flat in documents);
- a page with a byte-shift spot every 40 characters against a clean page of the same size.

The timed runs use Python's default bytecode caching (``PYTHONDONTWRITEBYTECODE`` is dropped from
their environment), as on a user's machine.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the same yardsticks and the same timed run as the synthetic benchmark
from ingest_bench import _decode, jieba_alone, naive  # noqa: E402
from ingest_bench import USER_ENV  # noqa: E402
from ingest_bench import ingest as timed_ingest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "tests" / "corpus" / "raw"
PLACES = ["天水市", "济南市", "临沂市", "金华市", "苏州市", "东营市", "楚雄州", "福鼎市", "内江市", "乐山市",
          "海淀区", "余杭区", "武进区", "平阳县", "桐庐县"]


def _pages() -> list[str]:
    out = []
    for p in sorted(RAW.glob("*.txt")):
        out.append(_decode(p.read_bytes()))
    return out


def build_corpus(out: Path, size_mb: float, seed: int = 0) -> tuple[int, int]:
    """Write edited copies of the real pages in a mix of encodings; returns (files, bytes)."""
    import opencc
    from pypinyin import Style, pinyin

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    pages = _pages()
    out.mkdir(parents=True, exist_ok=True)
    target, total, n = int(size_mb * 1e6), 0, 0
    while total < target:
        text = "\n".join(rng.choice(pages) for _ in range(rng.choice((1, 1, 2, 3))))
        year = rng.randint(2004, 2025)
        text = re.sub(r"20[012]\d(?=年)", str(year), text)
        for place in PLACES:
            if place in text:
                text = text.replace(place, rng.choice(PLACES))
        kind = n % 4
        if kind == 0:
            data = text.encode("utf-8")
        elif kind == 1:
            data = text.encode("gb18030")
        elif kind == 2:
            data = s2t.convert(text).encode("big5", errors="replace")
        else:  # traditional with pinyin glosses after characters outside GB2312, as mirror sites print
            glossed = []
            for ch in s2t.convert(text):
                glossed.append(ch)
                if "\u4e00" <= ch <= "\u9fff":
                    try:
                        ch.encode("gb2312")
                    except UnicodeEncodeError:
                        glossed.append("(" + pinyin(ch, style=Style.TONE)[0][0] + ")")
            data = "".join(glossed).encode("utf-8")
        (out / f"page{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def ingest(src: Path, out: Path, *extra: str) -> tuple[float, int]:
    """Wall seconds and main-process peak RSS of one ingest run into a fresh ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    return timed_ingest(src, out, *extra, main_only=True)


_TIME_ONE = """
import gc, sys, time
from qmcorpus import normalize
# load the tables first, those of byte-shift repair too: a worker loads them once, not per page;
# then collect the loading's garbage, or the first page pays a full collection of every table
normalize("质量月活动通知。".encode("gb18030"))
normalize("最大規?!百|(zhì)量月”活動".encode("utf-8"))
normalize("开展宣传咨询活动，⒎判?传资料两千余份。".encode("utf-8"))  # and those of a run ending in its '?'
gc.collect()
data = open(sys.argv[1], "rb").read()
t = time.perf_counter(); normalize(data); print(time.perf_counter() - t)
"""


def byteshift_cost(work: Path, repeats: int) -> tuple[float, float]:
    """Seconds to normalise a clean GBK page and the same page with a byte-shift spot every 40
    characters, each in a fresh process (normalisation memoises lines, which would flatter repeats)."""
    clean = ROOT / "tests" / "corpus" / "clean"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(clean.glob("*.txt")))[:10000]
    # in every 40 characters one CJK character a few characters before a line end or an ASCII
    # character loses its first byte to a "?": the bytes up to that point are read one byte late,
    # the shape of the damage of pages that went through a broken GBK round trip
    parts = []
    for start in range(0, len(text), 40):
        seg = text[start:start + 40]
        j = next((i for i in range(3, len(seg)) if seg[i] < "\x80"), None)
        k = None if j is None else next((i for i in range(j - 3, j) if "\u4e00" <= seg[i] <= "\u9fff"), None)
        if k is None:
            parts.append(seg.encode("gb18030"))
            continue
        parts.append(seg[:k].encode("gb18030") + b"?" + seg[k].encode("gb18030")[1:] + seg[k + 1:].encode("gb18030"))
    # the scraper decoded the shifted bytes as it could ("?" for what did not pair) and saved UTF-8
    shifted = b"".join(parts).decode("gb18030", errors="replace").replace("\ufffd", "?")
    (work / "bs_clean.txt").write_bytes(text.encode("utf-8"))
    (work / "bs_damaged.txt").write_bytes(shifted.encode("utf-8"))
    times: dict[str, list[float]] = {"bs_clean.txt": [], "bs_damaged.txt": []}
    for _ in range(repeats):
        for name in times:
            res = subprocess.run([sys.executable, "-c", _TIME_ONE, str(work / name)], cwd=ROOT, env=USER_ENV,
                                 capture_output=True, text=True, check=True)
            times[name].append(float(res.stdout.strip().splitlines()[-1]))
    return statistics.median(times["bs_clean.txt"]), statistics.median(times["bs_damaged.txt"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=10.0, help="corpus size (default 10)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each case, interleaved (default 3)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="N for the parallel runs (default: all cores)")
    ap.add_argument("--work", help="working folder (default: a temporary one, removed afterwards)")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="qmreal-"))
    try:
        src, quarter = work / "corpus", work / "corpus_quarter"
        n_files, n_bytes = build_corpus(src, args.size_mb)
        files = sorted(src.glob("*.txt"))
        quarter.mkdir(exist_ok=True)
        for f in files[: max(1, n_files // 4)]:
            shutil.copy(f, quarter / f.name)
        texts = [_decode(f.read_bytes()) for f in files]
        mb = n_bytes / 1e6
        print(f"corpus: {n_files} edited real pages, {mb:.1f} MB (mean {n_bytes / n_files / 1e3:.1f} KB); "
              f"{args.repeats} interleaved runs per case, medians")
        ingest(src, work / "fill", "--jobs", str(args.jobs))  # a filled cache for the cache-hit case
        cases = {
            "yardstick (a) naive pipeline, 1 process": lambda: (naive(files), 0),
            "yardstick (b) jieba.lcut alone, 1 process": lambda: (jieba_alone(texts), 0),
            "ingest, 1 job, cold": lambda: ingest(src, work / "o1", "--jobs", "1", "--no-cache"),
            f"ingest, {args.jobs} jobs, cold": lambda: ingest(src, work / "oN", "--jobs", str(args.jobs), "--no-cache"),
            f"ingest, {args.jobs} jobs, all cache hits, new folder":
                lambda: ingest(src, work / "oH", "--jobs", str(args.jobs), "--cache-dir", str(work / "fill" / ".cache")),
            f"ingest, {args.jobs} jobs, cold, a quarter of the corpus":
                lambda: ingest(quarter, work / "oQ", "--jobs", str(args.jobs), "--no-cache"),
        }
        seen: dict[str, list] = {k: [] for k in cases}
        for _ in range(args.repeats):
            for label, run in cases.items():
                seen[label].append(run())
        med = {k: statistics.median(t for t, _ in v) for k, v in seen.items()}
        peak = {k: statistics.median(p for _, p in v) for k, v in seen.items()}
        print(f"\n{'case':58s} {'s':>8s} {'MB/s':>7s} {'main RSS':>10s}")
        for k in cases:
            size = mb / 4 if "quarter" in k else mb
            rss = f"{peak[k] / 2**20:8.0f}MB" if peak[k] else ""
            print(f"{k:58s} {med[k]:8.2f} {size / med[k]:7.2f} {rss:>10s}")
        keys = list(cases)
        naive_t, jieba_t, one, many, hits, q = (med[k] for k in keys)
        print("\nratios (goal in brackets)")
        print(f"  {args.jobs} jobs cold vs jieba.lcut alone:        {jieba_t / many:5.2f}x  [>= 4]")
        print(f"  {args.jobs} jobs cold vs naive pipeline:          {naive_t / many:5.2f}x  [>= 4]")
        print(f"  {args.jobs} jobs vs 1 job:                        {one / many:5.2f}x  [>= 1.6]")
        print(f"  all cache hits into a new folder vs cold:  {many / hits:5.2f}x  [>= 10]")
        print(f"  main-process peak RSS full / quarter:      {peak[keys[3]] / peak[keys[5]]:5.2f}   [<= 1.15]")
        c, d = byteshift_cost(work, args.repeats)
        print(f"  byte-shift spot every 40 chars vs clean:   {d / c:5.2f}x  [<= 3]  ({d * 1e3:.0f} ms vs {c * 1e3:.0f} ms, 10k chars)")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
