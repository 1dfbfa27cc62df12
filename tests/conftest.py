"""Shared fixtures. The test corpus (real pages: raw, gold clean texts, gold fields) travels with the
tests in tests/corpus/ (refreshed from the team's shared corpus by tools/refresh_test_corpus.py);
its absence fails the suite loudly, naming what is missing, instead of skipping."""
from __future__ import annotations

import json
from pathlib import Path

import os
import shutil
import tempfile

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so that a rare input cannot turn one CI run
# red and the next green; HYPOTHESIS_PROFILE=explore draws new ones (put what it finds into a test).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parent / "corpus"
# the team's shared corpus beside the repository, when there is one (tests/corpus must equal it)
TEAM_SHARED = ROOT.parent / "shared" / "corpus"
CASES = Path(__file__).resolve().parent / "cases"
_TABLE_CACHE = pytest.StashKey[tuple]()  # (the variable's value before the session, the session's folder)


def _require_shared() -> Path:
    if not (SHARED / "raw").is_dir() or not (SHARED / "gold.jsonl").is_file():
        pytest.fail(f"test corpus missing: expected {SHARED}/raw and {SHARED}/gold.jsonl "
                    "(restore tests/corpus from git, or run tools/refresh_test_corpus.py)")
    return SHARED


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files under tests/golden from the current outputs (a "
                          "deliberate refresh after an improvement; the tests that write one are skipped)")


@pytest.fixture
def update_golden(request) -> bool:
    """Whether this run refreshes the golden files (``pytest --update-golden``)."""
    return request.config.getoption("--update-golden")


def pytest_configure(config):
    """Derived tables are cached in a folder of the test session, not in the user's ~/.cache
    (worker processes inherit the variable). Set before collection: collecting the doctests
    imports qmcorpus.warm, which loads (and on a first run builds) the tables."""
    folder = tempfile.mkdtemp(prefix="qmcorpus-cache-")
    config.stash[_TABLE_CACHE] = (os.environ.get("QMCORPUS_CACHE_DIR"), folder)
    os.environ["QMCORPUS_CACHE_DIR"] = folder


def pytest_unconfigure(config):
    old, folder = config.stash.get(_TABLE_CACHE, (None, None))
    if folder is None:
        return
    if old is None:
        os.environ.pop("QMCORPUS_CACHE_DIR", None)
    else:
        os.environ["QMCORPUS_CACHE_DIR"] = old
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    return _require_shared()


@pytest.fixture(scope="session")
def gold(shared) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, (shared / "gold.jsonl").read_text(encoding="utf-8").splitlines()) if r}


@pytest.fixture(scope="session")
def normalized(shared):
    """doc_id → Normalized for every raw document of the shared corpus."""
    from qmcorpus import normalize

    return {p.stem: normalize(p.read_bytes()) for p in sorted((shared / "raw").glob("*.txt"))}


OUTCOMES = ("pass", "xfail")


def load_cases(name: str) -> list[dict]:
    """The cases of tests/cases/<name>: one JSON object a line, each with a ``label`` (what the
    case shows) and an ``outcome`` (``pass``, or ``xfail`` for a known failure: run strict, so a
    case that starts passing fails until its outcome is updated)."""
    cases = [json.loads(l) for l in (CASES / name).read_text(encoding="utf-8").splitlines() if l.strip()]
    for n, c in enumerate(cases, 1):
        if not c.get("label") or c.get("outcome") not in OUTCOMES:
            raise ValueError(f"{CASES / name}: case {n}: needs a label and an outcome of {OUTCOMES}")
    return cases


def case_params(cases: list[dict]) -> list:
    """The cases as pytest parameters, a case whose outcome is ``xfail`` marked xfail(strict)."""
    return [pytest.param(c, id=c["label"],
                         marks=[pytest.mark.xfail(strict=True, reason=c.get("note", "known failure"))]
                         if c["outcome"] == "xfail" else [])
            for c in cases]


@pytest.fixture(scope="session")
def test_corpus(shared):
    """The whole test corpus (tests/corpus/raw) as a Corpus, loaded once per session."""
    import qmcorpus

    return qmcorpus.load([shared / "raw"], progress=False)
