"""Refresh tests/corpus/ from the team's shared corpus (../shared/corpus by default).

The shared pages are third-party excerpts used only as test data: they are copied into tests/,
never into the qmcorpus package. Run this when the shared corpus grows:

    python tools/refresh_test_corpus.py [SHARED_CORPUS_DIR]
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "tests" / "corpus"
PARTS = ("raw", "clean", "gold.jsonl")


def refresh(source: Path, dest: Path = DEST) -> int:
    """Replace dest's raw/, clean/ and gold.jsonl by source's; return the number of raw files."""
    missing = [p for p in PARTS if not (source / p).exists()]
    if missing:
        raise SystemExit(f"{source}: not a corpus folder (missing {', '.join(missing)})")
    dest.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        target = dest / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if (source / part).is_dir():
            shutil.copytree(source / part, target)
        else:
            shutil.copy2(source / part, target)
    return sum(1 for _ in (dest / "raw").iterdir())


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    print(f"{refresh(src)} raw documents copied from {src} to {DEST}")
