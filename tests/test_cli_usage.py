"""Misuse is an error with one clear message and exit status 2, never a traceback or an empty
success: a path that does not exist, an unknown column, a missing argument."""
import subprocess
import sys

import pytest

import qmcorpus
from qmcorpus.compare import main as compare_main
from qmcorpus.ingest import main as ingest_main

from .conftest import ROOT


def _exit(main, argv) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's usage errors
        return exc.code


def test_ingest_of_a_missing_path_exits_2_naming_it(tmp_path):
    missing = tmp_path / "no" / "such" / "folder"
    r = subprocess.run([sys.executable, "-m", "qmcorpus.ingest", str(missing), "-o", str(tmp_path / "out")],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2
    assert str(missing) in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_ingest_default_input_outside_a_checkout_says_what_to_do(tmp_path):
    r = subprocess.run([sys.executable, "-m", "qmcorpus.ingest", "-o", str(tmp_path / "out")],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "data/raw" in r.stderr and "Traceback" not in r.stderr


def test_ingest_with_one_good_and_one_missing_path_writes_nothing(tmp_path):
    assert ingest_main([str(ROOT / "data" / "raw"), str(tmp_path / "typo"), "-o", str(tmp_path / "out"), "-q"]) == 2
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_load_of_a_missing_path_raises_file_not_found(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match="typo"):
        qmcorpus.load([ROOT / "data" / "raw", tmp_path / "typo"])
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # a notebook's relative path, run from another folder
    with pytest.raises(FileNotFoundError, match=r"\.\./data/raw"):
        qmcorpus.load(["../data/raw"])


def test_sample_paths_reach_the_bundled_corpus_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = qmcorpus.sample_paths()
    assert [p.name for p in paths] == sorted(p.name for p in (ROOT / "data" / "raw").iterdir())
    # the package copy and data/raw (the CLI default) are the same pages
    assert all(p.read_bytes() == (ROOT / "data" / "raw" / p.name).read_bytes() for p in paths)
    assert len(qmcorpus.load(paths, progress=False)) == 5


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("usage") / "processed"
    assert ingest_main([str(ROOT / "data" / "raw"), "-o", str(out), "-q", "-j", "1"]) == 0
    return out


@pytest.mark.parametrize("argv, message", [
    (["--by", "nosuch"], "--by nosuch: no such column"),
    (["--what", "terms", "--by", "year,nosuch"], "--by nosuch: no such column"),
    (["--what", "keyness", "--by", "nosuch", "--target", "x"], "--by nosuch: no such column"),
    (["--what", "keyness", "--by", "level"], "needs --target"),
    (["--what", "kwic"], "needs --term"),
    (["--what", "collocates"], "needs --term"),
    (["--what", "trends"], "needs --items"),
    (["--what", "reuse", "--reference", "nosuchdoc"], "--reference nosuchdoc"),
    (["--what", "nosuch"], "invalid choice"),
])
def test_compare_misuse_exits_2_with_one_message(processed, tmp_path, capsys, argv, message):
    assert _exit(compare_main, [str(processed), "-o", str(tmp_path / "t"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "t").exists()


def test_compare_on_a_folder_that_is_not_an_output_exits_2(tmp_path, capsys):
    assert compare_main([str(tmp_path / "nowhere"), "-o", str(tmp_path / "t")]) == 2
    assert "documents.parquet" in capsys.readouterr().err
