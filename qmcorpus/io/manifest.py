"""qmcorpus.io.manifest: know when an output folder is already up to date.

After a run, OUT_DIR/.qmcorpus-manifest.json records a signature of the inputs (each file's
doc_id, path and cache key — its bytes, the package's code and data files, the versions of the
libraries that shape the output, the segmenter),
the run's summary, and the size and time of every output file. A re-run whose signature and
outputs match leaves the folder as it is.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..resources import digest_key
from ..types import Source

MANIFEST = ".qmcorpus-manifest.json"
OUTPUT_FILES = ("documents.csv", "documents.parquet", "activities.csv", "evidence.csv", "repairs.csv", "skipped.csv")


class Signature:
    """The hash of everything a run depends on, built from its inputs as they are read (each a
    :class:`~qmcorpus.types.Source`, whose digest is all it needs: no file is read for it)."""

    def __init__(self, segmenter: str, max_bytes: int, rejected=()):
        self.segmenter, self.rejected = segmenter, tuple(rejected)
        self.h = hashlib.sha256(f"{segmenter}|{max_bytes}".encode())
        self.complete = True

    def add(self, item) -> None:
        """Count one input in order: a Source, or the Skipped/Failure of a file that could not be
        read (the signature is then unknown: the run reports it, and runs again next time)."""
        if not isinstance(item, Source):
            self.complete = False
            return
        self.h.update(f"\0{item.doc_id}\0{item.path}\0".encode("utf-8", "surrogateescape"))
        self.h.update(digest_key(item.digest, self.segmenter).encode())

    def hexdigest(self) -> str | None:
        """The signature of the inputs added so far and the files discovery rejected (None if an
        input could not be read)."""
        if not self.complete:
            return None
        h = self.h.copy()
        for s in self.rejected:
            h.update(f"\1{s.path}\0{s.reason}".encode("utf-8", "surrogateescape"))
        return h.hexdigest()


def _fingerprint(out: Path) -> dict:
    fp = {}
    for name in OUTPUT_FILES:
        p = out / name
        fp[name] = [p.stat().st_size, p.stat().st_mtime_ns] if p.is_file() else None
    clean = out / "clean"
    fp["clean"] = [len(list(clean.iterdir())), clean.stat().st_mtime_ns] if clean.is_dir() else None
    return fp


def recorded(out: Path) -> dict | None:
    """The manifest of ``out`` if its outputs are as that run left them (else None: the folder
    cannot be up to date, whatever the inputs; nothing needs reading to know it)."""
    p = Path(out) / MANIFEST
    if not p.is_file():
        return None
    try:
        m = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict) or m.get("outputs") != _fingerprint(Path(out)):
        return None
    return m


def up_to_date(out: Path, sig: str | None) -> dict | None:
    """The recorded summary if ``out`` holds the outputs of exactly these inputs, else None."""
    m = recorded(out) if sig is not None else None
    if m is None or m.get("signature") != sig:
        return None
    return m.get("summary")


def record(out: Path, sig: str | None, summary: dict) -> None:
    """Write the manifest of a finished run (nothing when the signature is unknown)."""
    if sig is None:
        return
    data = {"signature": sig, "summary": summary, "outputs": _fingerprint(Path(out))}
    tmp = Path(out) / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(Path(out) / MANIFEST)
