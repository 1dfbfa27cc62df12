"""Parallel, cached and alternative-segmenter runs give the same outputs as the reference run."""
import filecmp
import os
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.ingest import main

OUTPUTS = ["documents.csv", "documents.parquet", "activities.csv", "evidence.csv", "repairs.csv", "skipped.csv"]


def _same_outputs(a, b):
    for name in OUTPUTS:
        assert filecmp.cmp(a / name, b / name, shallow=False), name
    ca = sorted(p.name for p in (a / "clean").iterdir())
    assert ca == sorted(p.name for p in (b / "clean").iterdir())
    for n in ca:
        assert filecmp.cmp(a / "clean" / n, b / "clean" / n, shallow=False), n


# ``reference``: the local engine's outputs of the test corpus (tests/batch/conftest.py)


def test_jobs_n_equals_jobs_1(shared, reference, tmp_path):
    out = tmp_path / "out"
    assert main([str(shared / "raw"), "-o", str(out), "-q", "--jobs", "2", "--no-cache"]) == 0
    _same_outputs(reference, out)


def test_warm_cache_equals_cold(shared, reference, tmp_path):
    out = tmp_path / "out"
    assert main([str(shared / "raw"), "-o", str(out), "-q", "--jobs", "1"]) == 0  # cold: fills the cache
    entries = list((out / ".cache").rglob("*.json"))
    assert len(entries) == len(list((shared / "raw").glob("*.txt")))
    _same_outputs(reference, out)
    stamp = {p: p.stat().st_mtime_ns for p in entries}
    assert main([str(shared / "raw"), "-o", str(out), "-q", "--jobs", "2"]) == 0  # warm, in parallel
    _same_outputs(reference, out)
    assert {p: p.stat().st_mtime_ns for p in entries} == stamp  # read, not rewritten


def test_damaged_cache_entries_are_recomputed(shared, reference, tmp_path):
    out = tmp_path / "out"
    assert main([str(shared / "raw"), "-o", str(out), "-q", "--jobs", "1"]) == 0
    entries = sorted((out / ".cache").rglob("*.json"))
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # cut off mid-write
    again = tmp_path / "again"
    assert main([str(shared / "raw"), "-o", str(again), "-q", "--jobs", "2", "--cache-dir", str(out / ".cache")]) == 0
    _same_outputs(reference, again)


def test_cache_follows_the_content_not_the_name(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("关于开展2016年全市“质量月”活动的通知\n各县区:\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    (src / "a.txt").write_text("关于开展2017年全市“质量月”活动的通知\n各县区:\n", encoding="utf-8")
    assert main([str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert "2017" in (out / "documents.csv").read_text(encoding="utf-8-sig")
    shutil.copy(src / "a.txt", src / "b.txt")
    assert main([str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    text = (out / "documents.csv").read_text(encoding="utf-8-sig")
    assert "\nb," in text and "\na," in text


def test_rjieba_gives_the_same_fields(shared, reference, tmp_path):
    pytest.importorskip("rjieba")
    out = tmp_path / "out"
    assert main([str(shared / "raw"), "-o", str(out), "-q", "--jobs", "2", "--segmenter", "rjieba", "--no-cache"]) == 0
    _same_outputs(reference, out)


def test_unknown_segmenter_is_a_usage_error(shared, tmp_path):
    with pytest.raises(SystemExit) as e:
        main([str(shared / "raw"), "-o", str(tmp_path / "o"), "--segmenter", "nope"])
    assert e.value.code == 2
    assert not os.path.exists(tmp_path / "o" / "documents.csv")


def test_unchanged_rerun_leaves_outputs_alone_and_changes_are_seen(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.txt").write_text(f"关于开展201{i}年全市“质量月”活动的通知\n各县区:\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out), "-j", "1"]) == 0
    stamp = (out / "documents.csv").stat().st_mtime_ns
    capsys.readouterr()
    assert main([str(src), "-o", str(out), "-j", "1"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert (out / "documents.csv").stat().st_mtime_ns == stamp
    (src / "d1.txt").write_text("关于开展2019年全市“质量月”活动的通知\n各县区:\n", encoding="utf-8")
    assert main([str(src), "-o", str(out), "-j", "1"]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert "2019" in (out / "documents.csv").read_text(encoding="utf-8-sig")
    (out / "evidence.csv").unlink()  # outputs damaged by hand: rewritten
    assert main([str(src), "-o", str(out), "-j", "1", "-q"]) == 0
    assert (out / "evidence.csv").is_file()


def _die_on_files_named_crash(segmenter):
    """Worker start-up for the test below: the worker process exits hard on a file named crash*."""
    from pathlib import Path

    import qmcorpus.document as document
    from qmcorpus import batch

    real = document.process

    def process(path, **kwargs):
        if Path(path).name.startswith("crash"):
            os._exit(3)  # as the kernel's OOM killer would end it: no exception, no cleanup
        return real(path, **kwargs)

    document.process = process
    batch._worker_init(segmenter)


def test_a_dying_worker_fails_only_its_own_file(shared, tmp_path):
    from qmcorpus.batch import process_files
    from qmcorpus.types import Document, Failure

    src = tmp_path / "in"
    src.mkdir()
    seeds = sorted((shared / "raw").glob("*.txt"))[:6]
    for p in seeds:
        shutil.copy(p, src / p.name)
    shutil.copy(seeds[0], src / "crash.txt")
    pairs = [(p.stem, p) for p in sorted(src.iterdir())]
    results = list(process_files(pairs, jobs=2, worker_init=_die_on_files_named_crash))
    assert len(results) == len(pairs)
    by_name = {os.path.basename(str(p)): r for (_, p), r in zip(pairs, results)}
    crash = by_name.pop("crash.txt")
    assert isinstance(crash, Failure) and "worker process died" in crash.reason and "crash.txt" in crash.path
    alone = dict(zip([p.name for p in seeds], process_files([(p.stem, p) for p in seeds], jobs=1)))
    for name, doc in by_name.items():
        assert isinstance(doc, Document), name
        assert doc.text == alone[name].text and doc.fields == alone[name].fields


def _plain_lists(frame):
    return frame.map(lambda v: list(v) if hasattr(v, "tolist") and not isinstance(v, str) else v)


def test_rows_rendered_by_the_workers_equal_the_pandas_tables(shared, reference):
    """The workers render each document's rows as CSV text: documents.csv must be byte for byte
    what pandas writes of the whole documents table, and documents.parquet (written a row group
    at a time with a fixed schema) must hold the same table."""
    import pandas as pd

    from qmcorpus import load
    from qmcorpus.io.write import write_csv

    corpus = load(shared / "raw", jobs=1)
    frame = corpus.frame.drop(columns="text")
    write_csv(frame, reference.parent / "pandas_documents.csv")
    assert (reference.parent / "pandas_documents.csv").read_bytes() == (reference / "documents.csv").read_bytes()
    back = pd.read_parquet(reference / "documents.parquet")
    assert list(back.columns) == list(frame.columns)
    assert _plain_lists(back).astype(str).equals(_plain_lists(frame).astype(str))
    assert str(back["year"].dtype) == "Int64" and str(back["n_chars"].dtype) == "int64"


def test_a_cache_hit_into_a_new_folder_copies_the_rendered_rows(shared, reference, tmp_path):
    """An ingest's cache entry keeps its rendered rows: a hit is a copy, and equals the cold run."""
    from qmcorpus import resources

    first = tmp_path / "first"
    assert main([str(shared / "raw"), "-o", str(first), "-q", "--jobs", "2"]) == 0
    from qmcorpus.batch.pool import load_entry

    entries = sorted((first / ".cache").rglob("*.json"))
    assert entries and all(load_entry(p)["out"] is not None for p in entries)
    again = tmp_path / "again"
    assert main([str(shared / "raw"), "-o", str(again), "-q", "--jobs", "2", "--cache-dir", str(first / ".cache")]) == 0
    _same_outputs(reference, again)
    _same_outputs(first, again)  # the cold run that filled the cache, byte for byte (documents.parquet too)


def test_a_run_of_cache_hits_loads_no_table_and_starts_no_worker(shared, tmp_path):
    """Every document a hit: the rows and clean texts are copied, so the run imports none of the
    libraries that process or tabulate documents (their loading would cost more than the copying)."""
    import subprocess
    import sys

    first = tmp_path / "first"
    assert main([str(shared / "raw"), "-o", str(first), "-q", "--jobs", "1"]) == 0
    code = ("import sys; from qmcorpus.ingest import main; "
            f"status = main([{str(shared / 'raw')!r}, '-o', {str(tmp_path / 'again')!r}, '-q', '--jobs', '2', "
            f"'--cache-dir', {str(first / '.cache')!r}]); "
            "print(status, sorted(m for m in ('pandas', 'jieba', 'rjieba', 'pypinyin', 'opencc', 'bs4', "
            "'multiprocessing', 'qmcorpus.normalize.pipeline', 'qmcorpus.extract.fields') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["0", "[]"], res.stdout + res.stderr
    _same_outputs(first, tmp_path / "again")


_CELL = st.one_of(st.none(), st.text(alphabet=st.sampled_from('ab质,"\r\n\t=+-@\' 1.'), max_size=12),
                  st.sampled_from(["-5", "-inf", "=1+1", "x" * 32770, "\n", ""]), st.lists(st.sampled_from(["甲", "=乙"]), max_size=3))


@settings(max_examples=150, deadline=None)
@given(doc_id=st.sampled_from(["a", "-a", "a,b", "质量"]), cells=st.lists(_CELL, min_size=2, max_size=4))
def test_a_row_rendered_in_pieces_is_the_row_pandas_writes(tmp_path_factory, doc_id, cells):
    """doc_id rendered apart from the rest of the row (a cached row is reused under a new name)
    gives the very line pandas writes: quoting, formula guard, cut cells, ``truncated``."""
    import pandas as pd

    from qmcorpus.schema import header, line, prefix, _render
    from qmcorpus.io.write import write_csv

    cols = ["doc_id"] + [f"c{i}" for i in range(len(cells))]
    frame = pd.DataFrame([[doc_id, *cells]], columns=cols, dtype=object)
    p = tmp_path_factory.mktemp("row") / "t.csv"
    write_csv(frame, p)
    assert p.read_bytes().decode("utf-8-sig") == header(cols) + line(prefix(doc_id), *_render(cells))


@pytest.fixture(scope="module")
def warmed() -> list[str]:
    """What a fresh process holds after importing the module the fork server preloads (one such
    process, read by the two tests below): two lines of words, one for each test."""
    import subprocess
    import sys

    code = ("import gc, sys, qmcorpus.warm\n"
            "from qmcorpus.extract import segment\n"
            "print('jieba' in sys.modules, 'qmcorpus.normalize.pipeline' in sys.modules)\n"
            "from qmcorpus import resources\n"
            "from qmcorpus.normalize import byteshift, lost_lead, script\n"
            "from qmcorpus.extract import gazetteer\n"
            "loaded = [f.cache_info().currsize for f in (resources.word_freq, byteshift._tables, lost_lead._two_char_words,"
            " script._converter, script._separator_char, gazetteer._all_shorts)]\n"
            # (nearly every object the collector would track is frozen: tens of thousands, few left)
            "print(all(loaded), gc.get_freeze_count() > max(50000, 100 * len(gc.get_objects())), gc.isenabled())")
    env = {**os.environ, "QMCORPUS_WARM_SEGMENTER": "jieba"}  # the segmenter the batch asks the server for
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    lines = res.stdout.splitlines()
    assert len(lines) == 2, res.stdout + res.stderr
    return lines


def test_the_fork_server_loads_the_workers_tables_once(warmed):
    """The module the fork server preloads really loads the segmenter and the tables (an import
    error there is swallowed by design, and every worker would load them again itself)."""
    assert warmed[0].split() == ["True", "True"], warmed


def test_the_fork_server_loads_the_tables_of_damaged_and_legacy_pages_too(warmed):
    """What the fork server loads (qmcorpus.warm) covers the tables only some pages need — legacy
    encodings, byte-shift damage, OpenCC's phrases, the gazetteer's short names — so that no
    worker loads them again at its first such page; and the loaded tables are frozen out of the
    collector's walks (gc.freeze)."""
    assert warmed[1].split() == ["True"] * 3, warmed


def test_after_the_warm_up_a_page_loads_no_table_of_its_own(shared):
    """A worker forked from the server builds no derived table and imports no module for the
    pages of the shared corpus (a table missed by the warm-up would be loaded by every worker)."""
    import os
    import subprocess
    import sys

    code = ("import sys, qmcorpus.warm\n"
            "from qmcorpus import resources\n"
            "from qmcorpus.batch.pool import Job, run_job\n"
            "built = []\n"
            "real = resources._derived\n"
            "resources._derived = lambda name, *a: (built.append(name), real(name, *a))[1]\n"
            "before = set(sys.modules)\n"
            f"for p in sorted(__import__('pathlib').Path({str(shared / 'raw')!r}).glob('*.txt')):\n"
            "    run_job(Job(p.stem, str(p), None, 'jieba', render=True))\n"
            "print(built, sorted(m for m in set(sys.modules) - before if m != 'qmcorpus.values'))")
    env = {**os.environ, "QMCORPUS_WARM_SEGMENTER": "jieba"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert res.stdout.strip() == "[] []", res.stdout + res.stderr


def test_one_input_file_starts_no_fork_server(tmp_path, monkeypatch):
    """One file is processed in the run's own process: no fork server loads the workers' tables
    on the other core for nothing (a folder, or several files, still start it at once)."""
    import qmcorpus.batch.pool as pool
    from qmcorpus import batch, ingest

    started = []
    monkeypatch.setattr(pool, "start_server", lambda segmenter: started.append(segmenter))
    monkeypatch.setattr(batch, "start_server", lambda segmenter: started.append(segmenter))
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("关于开展质量月活动的通知\n", encoding="utf-8")
    assert ingest.main([str(src / "a.txt"), "-o", str(tmp_path / "o1"), "-j", "2", "--no-cache", "-q"]) == 0
    assert list(batch.run(str(src / "a.txt"), jobs=2)) and started == []
    assert ingest.main([str(src), "-o", str(tmp_path / "o2"), "-j", "2", "--no-cache", "-q"]) == 0
    assert started == [started[0]]
    assert (tmp_path / "o1" / "documents.csv").read_bytes() == (tmp_path / "o2" / "documents.csv").read_bytes()
