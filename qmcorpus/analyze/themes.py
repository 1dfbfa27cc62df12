"""qmcorpus.analyze.themes: a document's theme against the national theme of its year."""
from __future__ import annotations

import pandas as pd

from .. import resources


def national_themes() -> pd.DataFrame:
    """The national Quality Month facts by year shipped in data/national_themes.csv (with sources)."""
    frame = pd.DataFrame(resources.national_themes())
    frame["year"] = frame["year"].astype(int)
    return frame


def themes_vs_national(corpus) -> pd.DataFrame:
    """doc_id, year, theme, national_theme, same (after normalising punctuation/spaces), and
    similarity (0–100, rapidfuzz ratio) — how closely a local theme follows the national one."""
    from rapidfuzz import fuzz

    from ..values import comparable

    nat = national_themes().set_index("year")
    rows = []
    for _, r in corpus.frame.iterrows():
        year = r["year"] if pd.notna(r["year"]) else r.get("year_from_theme")
        theme = r["theme"] if isinstance(r["theme"], str) else None
        nt = None
        if pd.notna(year) and int(year) in nat.index:
            nt = nat.at[int(year), "theme"] or None
        same = bool(theme and nt and comparable("theme", theme) == comparable("theme", nt))
        sim = fuzz.ratio(comparable("theme", theme), comparable("theme", nt)) if theme and nt else None
        rows.append({"doc_id": r["doc_id"], "year": year, "theme": theme, "national_theme": nt, "same": same,
                     "similarity": sim})
    return pd.DataFrame(rows, columns=["doc_id", "year", "theme", "national_theme", "same", "similarity"])
