"""Ingest benchmark: throughput, cache speed-up and peak memory against the floor.

    python benchmarks/ingest_bench.py [--size-mb 50] [--jobs N] [--work DIR]

Builds a synthetic corpus of about ``--size-mb`` MB (~5 KB a document) by varying the test-corpus
documents (tests/corpus): a mix of simplified UTF-8, traditional with pinyin glosses,
GB18030 and Big5 files. Then, in one run, prints MB/s and docs/s of

- yardstick (a): a naive pipeline in one process — decode, regex pinyin strip, OpenCC t2s on
  everything, jieba.lcut, Counter;
- yardstick (b): jieba.lcut alone in one process, on the same (decoded) text;
- ``python -m qmcorpus.ingest`` with 1 and N jobs (cold), warm cache, and each segmenter;
- peak RSS (whole process tree) at the full size and at a tenth of it;
- CPU seconds of the cold runs (main and workers together);

with the ratios the performance goals are stated in. Machines are noisy: compare ratios.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "tests" / "corpus"
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def build_corpus(out: Path, size_mb: float, seed: int = 0) -> tuple[int, int]:
    """Write the synthetic corpus; returns (files, bytes)."""
    import opencc
    from pypinyin import Style, pinyin

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    sources = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "clean").glob("*.txt"))]
    raws = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "raw").glob("*.txt"))]
    cities = ["天水市", "济南市", "临沂市", "金华市", "苏州市", "东营市", "楚雄州", "福鼎市", "内江市", "乐山市"]
    out.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1024 * 1024)
    total = n = 0
    while total < target:
        base = rng.choice(sources)
        paras = [p for p in base.split("\n") if p.strip()]
        body = []
        while sum(map(len, body)) < 1600:  # ~5 KB of UTF-8
            p = rng.choice(paras)
            p = re.sub(r"20\d\d", str(rng.randint(2004, 2025)), p)
            body.append(p.replace("天水市", rng.choice(cities)))
        text = "\n".join(body) + "\n"
        kind = n % 4
        if kind == 0:
            data = text.encode("utf-8")
        elif kind == 1:  # traditional with pinyin glosses after non-GB2312 characters, as mirror sites print
            trad = s2t.convert(text)
            glossed = []
            for ch in trad:
                glossed.append(ch)
                if "\u4e00" <= ch <= "\u9fff":
                    try:
                        ch.encode("gb2312")
                    except UnicodeEncodeError:
                        glossed.append("(" + pinyin(ch, style=Style.TONE)[0][0] + ")")
            data = "".join(glossed).encode("utf-8")
        elif kind == 2:
            data = text.encode("gb18030")
        else:
            data = s2t.convert(text).encode("big5", errors="replace")
        if n % 50 == 0:  # now and then a real scraped page, damage and all
            data = rng.choice(raws).encode("utf-8")
        (out / f"doc{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def _decode(data: bytes) -> str:
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def naive(files: list[Path]) -> float:
    """Yardstick (a): decode, regex pinyin strip, t2s on everything, jieba.lcut, Counter."""
    import jieba
    import opencc

    cc = opencc.OpenCC("t2s")
    jieba.initialize()
    t = time.perf_counter()
    counts: Counter = Counter()
    for f in files:
        text = cc.convert(_PINYIN.sub("", _decode(f.read_bytes())))
        counts.update(jieba.lcut(text))
    return time.perf_counter() - t


def jieba_alone(texts: list[str]) -> float:
    """Yardstick (b): jieba.lcut alone, one process."""
    import jieba

    jieba.initialize()
    t = time.perf_counter()
    for s in texts:
        jieba.lcut(s)
    return time.perf_counter() - t


class PeakRSS:
    """Samples the RSS of a process and (with ``children``) its children, every ``interval`` s (bytes)."""

    def __init__(self, pid: int, *, children: bool = True, interval: float = 0.05):
        import psutil

        self.proc = psutil.Process(pid)
        self.children, self.interval = children, interval
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc] + (self.proc.children(recursive=True) if self.children else [])
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


CPU: dict[str, float] = {}  # output folder → CPU seconds of its run, worker processes included


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# the environment of the runs timed: a user's Python writes and reuses compiled bytecode (.pyc); a
# machine that turns it off (PYTHONDONTWRITEBYTECODE) would make every run compile the package's
# source again (~0.1 s a process), which no user's run pays twice
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def ingest(src: Path, out: Path, *extra: str, main_only: bool = False) -> tuple[float, int]:
    """Wall time and peak RSS of one ``python -m qmcorpus.ingest`` run (its CPU time goes to CPU);
    ``main_only``: the RSS of the main process alone, sampled more often."""
    cmd = [sys.executable, "-m", "qmcorpus.ingest", str(src), "-o", str(out), "-q", "--no-progress", *extra]
    cpu = _children_cpu()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=USER_ENV)
    rss = PeakRSS(proc.pid, children=not main_only, interval=0.02 if main_only else 0.05)
    code = proc.wait()
    peak = rss.stop()
    if code not in (0, 1):
        raise SystemExit(f"ingest failed ({code}): {' '.join(cmd)}")
    CPU[str(out)] = _children_cpu() - cpu  # the workers are waited for by ingest, so they count
    return time.perf_counter() - t, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=50.0, help="synthetic corpus size (default 50)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="N for the parallel runs (default: all cores)")
    ap.add_argument("--work", help="working folder (default: a temporary one, removed afterwards)")
    ap.add_argument("--skip-rjieba", action="store_true", help="leave out the rjieba backend")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="qmbench-"))
    try:
        src, small = work / "corpus", work / "corpus_small"
        n_files, n_bytes = build_corpus(src, args.size_mb)
        small.mkdir(exist_ok=True)
        small_files = sorted(src.glob("*.txt"))[: max(1, n_files // 10)]
        for f in small_files:
            shutil.copy(f, small / f.name)
        small_bytes = sum(f.stat().st_size for f in small_files)
        mb = n_bytes / 1e6
        files = sorted(src.glob("*.txt"))
        print(f"corpus: {n_files} files, {mb:.1f} MB (and a tenth: {len(small_files)} files, {small_bytes / 1e6:.1f} MB)")

        t_naive = naive(files)
        texts = [_decode(f.read_bytes()) for f in files]
        t_jieba = jieba_alone(texts)
        rows = [("yardstick (a) naive pipeline, 1 process", t_naive, None),
                ("yardstick (b) jieba.lcut alone, 1 process", t_jieba, None)]

        runs = [("qmcorpus ingest, jieba, 1 job, cold", ("--jobs", "1", "--no-cache"), "o1"),
                (f"qmcorpus ingest, jieba, {args.jobs} jobs, cold", ("--jobs", str(args.jobs), "--no-cache"), "oN")]
        if not args.skip_rjieba:
            runs.append((f"qmcorpus ingest, rjieba, {args.jobs} jobs, cold",
                         ("--jobs", str(args.jobs), "--no-cache", "--segmenter", "rjieba"), "oR"))
        results = {}
        for label, extra, key in runs:
            t, peak = ingest(src, work / key, *extra)
            results[key] = (t, peak)
            rows.append((label, t, peak))
        t_cold, _ = ingest(src, work / "oC", "--jobs", str(args.jobs))  # fills the cache
        t_warm, peak_warm = ingest(src, work / "oC", "--jobs", str(args.jobs))
        # the same cache read into a new output folder: every document comes from the cache
        t_hits, peak_hits = ingest(src, work / "oH", "--jobs", str(args.jobs), "--cache-dir", str(work / "oC" / ".cache"))
        rows.append((f"qmcorpus ingest, jieba, {args.jobs} jobs, cache filled (cold)", t_cold, None))
        rows.append((f"qmcorpus ingest, jieba, {args.jobs} jobs, warm: unchanged re-run", t_warm, peak_warm))
        rows.append((f"qmcorpus ingest, jieba, {args.jobs} jobs, warm: all cache hits, new OUT_DIR", t_hits, peak_hits))
        _, peak_small = ingest(small, work / "oS", "--jobs", str(args.jobs), "--no-cache")

        print(f"\n{'run':58s} {'s':>8s} {'MB/s':>7s} {'docs/s':>8s} {'peak RSS':>10s}")
        for label, t, peak in rows:
            rss = f"{peak / 2**20:8.0f}MB" if peak else ""
            print(f"{label:58s} {t:8.1f} {mb / t:7.2f} {n_files / t:8.0f} {rss:>10s}")
        names = {"o1": "jieba 1 job", "oN": f"jieba {args.jobs} jobs", "oR": f"rjieba {args.jobs} jobs"}
        print("\nCPU seconds of the cold runs, main and worker processes together (at most wall x cores): "
              + ", ".join(f"{names[k]} {CPU[str(work / k)]:.1f}" for k in names if str(work / k) in CPU))

        table_mb = (work / "oN" / "documents.parquet").stat().st_size / 2**20
        t1, tN = results["o1"][0], results["oN"][0]
        print("\nratios (goal in brackets)")
        print(f"  jieba, {args.jobs} jobs vs jieba.lcut alone, 1 process:   {t_jieba / tN:5.2f}x  [>= 1.2]")
        print(f"  jieba, {args.jobs} jobs vs naive pipeline, 1 process:     {t_naive / tN:5.2f}x  [>= 2]")
        if "oR" in results:
            print(f"  rjieba, {args.jobs} jobs vs naive pipeline, 1 process:    {t_naive / results['oR'][0]:5.2f}x  [>= 8]")
        print(f"  jieba, {args.jobs} jobs vs 1 job:                         {t1 / tN:5.2f}x")
        print(f"  warm re-run vs cold ({args.jobs} jobs):                    {t_cold / t_warm:5.2f}x  [>= 20]")
        print(f"  all cache hits into a new folder vs cold:              {t_cold / t_hits:5.2f}x")
        peak_full = results["oN"][1]
        print(f"  peak RSS full / tenth: {peak_full / 2**20:.0f} MB / {peak_small / 2**20:.0f} MB = "
              f"{peak_full / peak_small:.2f}  [<= 1.5 + table ({table_mb:.1f} MB parquet)]")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
