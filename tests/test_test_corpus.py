"""The test corpus in tests/corpus is a faithful copy of the team's shared corpus."""
from __future__ import annotations

import json

import pytest

from .conftest import SHARED, TEAM_SHARED


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_test_corpus_is_complete(shared, gold):
    raw = {p.stem for p in (shared / "raw").iterdir()}
    clean = {p.stem for p in (shared / "clean").iterdir()}
    assert len(raw) >= 78
    assert raw == clean == set(gold), "every raw page needs a gold clean text and a gold record"


@pytest.mark.skipif(not (TEAM_SHARED / "gold.jsonl").is_file(), reason="no team shared corpus beside the repository")
def test_the_copy_equals_the_team_shared_corpus():
    ours = {k: v for k, v in _files(SHARED).items() if k.split("/")[0] in ("raw", "clean") or k == "gold.jsonl"}
    theirs = {k: v for k, v in _files(TEAM_SHARED).items() if k.split("/")[0] in ("raw", "clean") or k == "gold.jsonl"}
    stale = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
    assert not stale, f"tests/corpus differs from {TEAM_SHARED} (run tools/refresh_test_corpus.py): {stale[:10]}"


def test_gold_records_parse():
    for line in (SHARED / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            assert "id" in json.loads(line)
