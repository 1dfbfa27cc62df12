"""The pages of a test set beside their gold, for the tools that re-run pipeline steps against it.

``gold_pages(corpus)`` yields (gold record, normalised page) for each line of ``corpus/gold.jsonl``,
reading ``corpus/raw/<id>.*`` whatever its extension (.txt, .html, .docx).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qmcorpus.normalize import normalize  # noqa: E402
from qmcorpus.normalize.markup import read_source  # noqa: E402


def gold_pages(corpus: Path):
    """(gold record, normalised page) of every page of ``corpus`` that has a gold line."""
    raws = {p.stem: p for p in (corpus / "raw").iterdir() if p.is_file()}
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            yield g, normalize(read_source(raws[g["id"]]).text)
