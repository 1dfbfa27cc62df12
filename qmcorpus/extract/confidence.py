"""qmcorpus.extract.confidence: how far to trust each extracted value (0–1), calibrated.

Every value gets a calibration key from what produced it: the rule that found it (issuers, theme,
dates …) or, for values decided by weighing evidence (level, place), the rule family and a bin of
the decision's raw share of the evidence. ``data/confidence.csv`` holds, per key, how many values
with that key the shared corpus has and how many are right (built by
``tools/calibrate_confidence.py``); the confidence is that share shrunk towards a prior, so a key
seen twice never claims certainty. Unseen keys back off to their field.
"""
from __future__ import annotations

import csv
import functools
from collections.abc import Iterable

from .. import resources

# fields whose values carry a confidence (and a <field>_confidence column)
CONFIDENCE_FIELDS = ("doc_type", "level", "province", "city", "county", "year", "issuers", "doc_number", "theme",
                     "publish_date", "period_start", "period_end", "categories")
SCORED = frozenset({"level", "province", "city", "county"})  # decided by weighing evidence
_BINS = (0.35, 0.5, 0.65, 0.8, 0.9)
PRIOR_RIGHT, PRIOR_N = 1.0, 3.0  # shrinkage: (right + 1) / (n + 3)
MIN_N = 4  # a key seen fewer times backs off to a coarser one


def _bin(raw: float) -> str:
    for b in _BINS:
        if raw < b:
            return f"<{b}"
    return f">={_BINS[-1]}"


def keys(field: str, rule: str, raw: float | None = None) -> tuple[str, ...]:
    """Calibration keys of a value, the most specific first."""
    return _keys(field, rule, _bin(raw if raw is not None else 0.0) if field in SCORED else None)


def _keys(field: str, rule: str, b: str | None) -> tuple[str, ...]:
    """The keys of a value of a SCORED field whose raw share falls in bin ``b``, else (b None) of any value."""
    family = rule.split(":", 1)[-1]
    if field in SCORED:
        family = family.split("_")[0]
        return (f"{field}|{family}|{b}", f"{field}|*|{b}", f"{field}")
    if field == "categories":
        return (f"{field}|{rule}", field)
    return (f"{field}|{family}", field)


@functools.cache
def table() -> dict[str, tuple[int, int]]:
    """key → (n, right) of data/confidence.csv (empty when the file is absent)."""
    from ..errors import ResourceError

    try:
        path = resources.path("confidence.csv")
    except ResourceError:
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["key"]: (int(r["n"]), int(r["right"])) for r in csv.DictReader(fh)}


def confidence(field: str, rule: str, raw: float | None = None) -> float:
    """The calibrated confidence of a value found by ``rule`` (``raw``: the decision's share)."""
    return _confidence(field, keys(field, rule, raw))


def _confidence(field: str, ks: tuple[str, ...]) -> float:
    t = table()
    for k in ks:
        n, right = t.get(k, (0, 0))
        if n >= MIN_N or k == field:
            return round((right + PRIOR_RIGHT) / (n + PRIOR_N), 3)
    return round(PRIOR_RIGHT / PRIOR_N, 3)


def scored(field: str, rule: str, raw: float | None = None) -> tuple[float, tuple[str, ...]]:
    """``(confidence(field, rule, raw), keys(field, rule, raw))``, worked out once per distinct key:
    both depend on ``raw`` only through its bin, and only for SCORED fields."""
    return _scored(field, rule, _bin(raw if raw is not None else 0.0) if field in SCORED else None)


@functools.cache  # as small as the set of rules; read with table() (a data file read once per process)
def _scored(field: str, rule: str, b: str | None) -> tuple[float, tuple[str, ...]]:
    ks = _keys(field, rule, b)
    return _confidence(field, ks), ks


RELIABILITY_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)


def reliability(judged: Iterable[tuple[str, float, bool]], bins: tuple[float, ...] = RELIABILITY_BINS,
                ) -> list[tuple[str, float, float, int, int]]:
    """Reliability table of judged values ``(field, confidence, right)``: one row ``(field, low, high,
    n, right)`` per field and confidence bin [low, high) that holds values (the last bin includes 1.0),
    then the same for all fields together under the field ``"*"``."""
    judged = list(judged)
    out = []
    for fld in [*dict.fromkeys(f for f, _, _ in judged), "*"]:
        for lo, hi in zip(bins, bins[1:]):
            last = hi == bins[-1]
            sel = [r for f, c, r in judged if (fld == "*" or f == fld) and lo <= c and (c < hi or last and c <= hi)]
            if sel:
                out.append((fld, lo, hi, len(sel), sum(sel)))
    return out


def overconfident(judged: Iterable[tuple[str, float, bool]], *, at: float = 0.9, share: float = 0.95,
                  ) -> dict[str, tuple[int, int]]:
    """Fields whose values with confidence >= ``at`` are right less than ``share`` of the time:
    field → (n, right) of those values. Empty when the confidences keep their promise."""
    high: dict[str, list[bool]] = {}
    for f, c, r in judged:
        if c >= at:
            high.setdefault(f, []).append(bool(r))
    return {f: (len(v), sum(v)) for f, v in high.items() if sum(v) < share * len(v)}
