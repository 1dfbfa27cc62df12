"""Tables kept in the user cache for an earlier version of the code or data are deleted when their
successor is written: the cache stays the size of one version's tables, however often the
toolkit is upgraded."""
from pathlib import Path

from qmcorpus import resources


def test_prune_keeps_the_named_files_and_other_tables(tmp_path: Path):
    for name in ("word_freq-old1.cols", "word_freq-old2.json", "word_freq-new.cols", "word_slots-x.cols", "regex-a.pack"):
        (tmp_path / name).write_bytes(b"x")
    resources.prune_cache(tmp_path, "word_freq-", keep=("word_freq-new.cols", "word_freq-new.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regex-a.pack", "word_freq-new.cols", "word_slots-x.cols"]


def test_a_missing_folder_is_no_error(tmp_path: Path):
    resources.prune_cache(tmp_path / "absent", "x-", keep=())


def test_a_rebuilt_table_replaces_the_one_of_other_sources(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path))
    src = tmp_path / "src.txt"
    src.write_text("one", encoding="utf-8")
    assert resources._derived("prune_probe", (src,), lambda: {"v": [1]}) == {"v": [1]}
    first = {p.name for p in tmp_path.iterdir() if p.name.startswith("prune_probe-")}
    assert first
    src.write_text("two", encoding="utf-8")  # new data: a new key, the old table is never read again
    assert resources._derived("prune_probe", (src,), lambda: {"v": [2]}) == {"v": [2]}
    second = {p.name for p in tmp_path.iterdir() if p.name.startswith("prune_probe-")}
    assert second and not (second & first)
    assert resources._derived("prune_probe", (src,), lambda: {"v": [3]}) == {"v": [2]}  # read back, kept
