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

MANIFEST = ".qmcorpus-manifest.json"
OUTPUT_FILES = ("documents.csv", "documents.parquet", "activities.csv", "evidence.csv", "repairs.csv", "skipped.csv")


def signature(pairs, rejected, segmenter: str, max_bytes: int) -> tuple[str | None, dict[str, str]]:
    """(hash of everything a run depends on, cache key of each input path). The hash is None if
    an input cannot be read (the run then reports it); the keys let the run skip hashing again."""
    from ..resources import cache_key
    from ..errors import InputError
    from ..sources import read_limited

    h = hashlib.sha256(f"{segmenter}|{max_bytes}".encode())
    keys: dict[str, str] = {}
    try:
        for doc_id, path in pairs:
            keys[str(path)] = key = cache_key(read_limited(path, max_bytes), segmenter)
            h.update(f"\0{doc_id}\0{path}\0".encode("utf-8", "surrogateescape"))
            h.update(key.encode())
    except (OSError, InputError):  # unreadable, or no longer a regular file of the allowed size
        return None, keys
    for s in rejected:
        h.update(f"\1{s.path}\0{s.reason}".encode("utf-8", "surrogateescape"))
    return h.hexdigest(), keys


def _fingerprint(out: Path) -> dict:
    fp = {}
    for name in OUTPUT_FILES:
        p = out / name
        fp[name] = [p.stat().st_size, p.stat().st_mtime_ns] if p.is_file() else None
    clean = out / "clean"
    fp["clean"] = [len(list(clean.iterdir())), clean.stat().st_mtime_ns] if clean.is_dir() else None
    return fp


def up_to_date(out: Path, sig: str | None) -> dict | None:
    """The recorded summary if ``out`` holds the outputs of exactly these inputs, else None."""
    p = Path(out) / MANIFEST
    if sig is None or not p.is_file():
        return None
    try:
        m = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if m.get("signature") != sig or m.get("outputs") != _fingerprint(Path(out)):
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
