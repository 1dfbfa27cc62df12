"""qmcorpus.evaluate: score ingest outputs against a hand-labelled gold.jsonl (fields and clean text).

    python -m qmcorpus.evaluate --gold GOLD.jsonl [--clean-gold DIR] PRED_DIR

Scalar fields: accuracy where the gold has a value, and "invented" values where the gold is null.
issuers and categories: micro precision / recall / F1. Clean text: character error rate
(edit distance / gold length, all whitespace removed), micro-averaged and per document.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError
from .schema import FIELDS, LIST_FIELDS, split_list
from .values import comparable

# the contract's fields as the gold scores them (the gold records hold no title; script is
# scored beside the extracted fields)
UNSCORED = frozenset({"title"})
SCALAR_FIELDS = ("script", *(f for f in FIELDS if f not in LIST_FIELDS and f not in UNSCORED))
SET_FIELDS = tuple(f for f in FIELDS if f in LIST_FIELDS and f not in UNSCORED)
_WS = re.compile(r"\s+")


def cer(pred: str, gold: str) -> tuple[int, int]:
    """(edit distance, gold length) with all whitespace removed.

    >>> cer("质量 月", "质量月活动")
    (2, 5)
    """
    from rapidfuzz.distance import Levenshtein

    a, g = _WS.sub("", pred), _WS.sub("", gold)
    return Levenshtein.distance(a, g), len(g)


@dataclass
class Report:
    fields: pd.DataFrame  # field, n_gold, correct, accuracy, n_null, invented
    sets: pd.DataFrame  # field, precision, recall, f1, tp, fp, fn
    cer_docs: pd.DataFrame = field(default_factory=pd.DataFrame)  # doc_id, errors, gold_chars, cer
    micro_cer: float | None = None
    errors: pd.DataFrame = field(default_factory=pd.DataFrame)  # doc_id, field, gold, pred

    def metric(self, name: str) -> float:
        """Accuracy of a scalar field or F1 of a set field."""
        if name in set(self.sets["field"]):
            return float(self.sets.set_index("field").loc[name, "f1"])
        return float(self.fields.set_index("field").loc[name, "accuracy"])

    def invented(self, name: str) -> int:
        return int(self.fields.set_index("field").loc[name, "invented"])

    def format(self) -> str:
        out = ["field accuracy (where gold has a value) and invented values (where gold is null)"]
        out.append(self.fields.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        out.append("")
        out.append("set fields (micro)")
        out.append(self.sets.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        if self.micro_cer is not None:
            out.append("")
            out.append(f"clean-text CER (micro, whitespace removed): {self.micro_cer:.5f}")
            bad = self.cer_docs[self.cer_docs["errors"] > 0]
            if len(bad):
                out.append(bad.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
        return "\n".join(out)


def read_gold(path: str | Path) -> list[dict]:
    """The records of a gold.jsonl file (one JSON object per line, each with an ``id``)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "gold file not found")
    records = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(p, f"line {n}: invalid JSON ({exc.msg})") from exc
    return records


def read_predictions(pred_dir: str | Path) -> pd.DataFrame:
    """documents.parquet (or documents.csv) of an ingest output folder, indexed by doc_id."""
    d = Path(pred_dir)
    if (d / "documents.parquet").is_file():
        frame = pd.read_parquet(d / "documents.parquet")
    elif (d / "documents.csv").is_file():
        frame = pd.read_csv(d / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for f in SET_FIELDS:
            frame[f] = frame[f].map(split_list)
        frame = frame.replace({"": None})
    else:
        raise InputError(d, "no documents.parquet or documents.csv (run python -m qmcorpus.ingest first)")
    return frame.set_index("doc_id", drop=False)


def _as_list(v) -> list:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return []
    return [x for x in list(v) if x]


def score(pred: pd.DataFrame, gold: list[dict], *, clean_gold: Path | None = None, pred_clean: Path | None = None) -> Report:
    """Score a documents table against gold records (see module docstring)."""
    missing = [g["id"] for g in gold if g["id"] not in pred.index]
    rows, errors = [], []
    for fld in SCALAR_FIELDS:
        n_gold = correct = n_null = invented = 0
        for g in gold:
            if fld not in g or g["id"] in missing:
                continue
            gv = comparable(fld, g[fld])
            pv = comparable(fld, pred.at[g["id"], fld]) if fld in pred.columns else None
            if gv is None:
                n_null += 1
                if pv is not None:
                    invented += 1
                    errors.append((g["id"], fld, None, pv))
            else:
                n_gold += 1
                if pv == gv:
                    correct += 1
                else:
                    errors.append((g["id"], fld, gv, pv))
        rows.append({"field": fld, "n_gold": n_gold, "correct": correct,
                     "accuracy": correct / n_gold if n_gold else float("nan"), "n_null": n_null, "invented": invented})
    sets = []
    for fld in SET_FIELDS:
        tp = fp = fn = 0
        for g in gold:
            if fld not in g or g["id"] in missing:
                continue
            gs = {comparable(fld, x) for x in _as_list(g[fld])}
            ps = {comparable(fld, x) for x in _as_list(pred.at[g["id"], fld])} if fld in pred.columns else set()
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
            if gs != ps:
                errors.append((g["id"], fld, sorted(gs - ps), sorted(ps - gs)))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        sets.append({"field": fld, "precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn})
    report = Report(pd.DataFrame(rows), pd.DataFrame(sets),
                    errors=pd.DataFrame(errors, columns=["doc_id", "field", "gold", "pred"]))
    if clean_gold is not None and pred_clean is not None:
        crow = []
        for g in gold:
            gp, pp = Path(clean_gold) / f"{g['id']}.txt", Path(pred_clean) / f"{g['id']}.txt"
            if not gp.is_file():
                continue
            ptext = pp.read_text(encoding="utf-8") if pp.is_file() else ""
            e, n = cer(ptext, gp.read_text(encoding="utf-8"))
            crow.append({"doc_id": g["id"], "errors": e, "gold_chars": n, "cer": e / n if n else 0.0})
        report.cer_docs = pd.DataFrame(crow, columns=["doc_id", "errors", "gold_chars", "cer"])
        total = report.cer_docs["gold_chars"].sum()
        report.micro_cer = float(report.cer_docs["errors"].sum() / total) if total else 0.0
    return report


def evaluate(pred_dir: str | Path, gold_path: str | Path, *, clean_gold: str | Path | None = None) -> Report:
    """Score an ingest output folder against a gold.jsonl (and a folder of gold clean texts)."""
    pred = read_predictions(pred_dir)
    gold = read_gold(gold_path)
    return score(pred, gold, clean_gold=Path(clean_gold) if clean_gold else None, pred_clean=Path(pred_dir) / "clean")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m qmcorpus.evaluate",
        description="Score the outputs of python -m qmcorpus.ingest against hand-labelled gold fields and clean texts.",
    )
    p.add_argument("pred_dir", metavar="PRED_DIR", help="an ingest output folder (documents.parquet or .csv, clean/)")
    p.add_argument("--gold", required=True, metavar="GOLD.jsonl", help="gold fields, one JSON object per document")
    p.add_argument("--clean-gold", metavar="DIR", help="folder of gold clean texts <id>.txt (adds CER)")
    p.add_argument("--errors", action="store_true", help="also list every wrong value")
    args = p.parse_args(argv)
    try:
        report = evaluate(args.pred_dir, args.gold, clean_gold=args.clean_gold)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.format())
    if args.errors and len(report.errors):
        print("\nwrong values")
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(report.errors.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
