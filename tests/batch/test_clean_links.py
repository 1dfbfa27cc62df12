"""A cache hit's clean text is a hard link to the cache entry's sidecar copy (creating files is
most of a run of hits), never a way for an edited cache or output to change another run's text."""
from __future__ import annotations

import os

from qmcorpus.ingest import main

from .test_safety import _docs


def _texts(out):
    return {p.name: p.read_bytes() for p in sorted((out / "clean").iterdir())}


def test_hits_link_the_cached_clean_text(tmp_path):
    src, first, again = _docs(tmp_path / "in", 3), tmp_path / "first", tmp_path / "again"
    assert main([str(src), "-o", str(first), "-q", "-j", "1"]) == 0
    cache = first / ".cache"
    sidecars = sorted(cache.rglob("*.txt"))
    assert len(sidecars) == 3  # one per entry, a link to the clean file the miss wrote
    assert all(os.stat(p).st_nlink == 2 for p in sidecars)
    assert main([str(src), "-o", str(again), "-q", "-j", "1", "--cache-dir", str(cache)]) == 0
    assert _texts(again) == _texts(first)
    assert all(os.stat(p).st_nlink == 3 for p in sidecars)  # linked, not written again


def test_a_sidecar_edited_in_place_is_not_used_and_is_replaced(tmp_path):
    src, first, again = _docs(tmp_path / "in", 2), tmp_path / "first", tmp_path / "again"
    assert main([str(src), "-o", str(first), "-q", "-j", "1"]) == 0
    expected = _texts(first)
    sidecar = sorted((first / ".cache").rglob("*.txt"))[0]
    with open(sidecar, "r+b") as fh:  # in place: through the link, the first run's output changes too
        fh.write("改".encode("utf-8"))
    assert main([str(src), "-o", str(again), "-q", "-j", "1", "--cache-dir", str(first / ".cache")]) == 0
    assert _texts(again) == expected  # the hit's text comes from the checked entry, not the sidecar
    got = sidecar.read_bytes()
    assert got in expected.values() and os.stat(sidecar).st_nlink == 2  # relinked to the new file
