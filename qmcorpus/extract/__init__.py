"""qmcorpus.extract: clean simplified text → field values, each with Evidence(start, end, rule)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Activity, Evidence

# The extracted fields of documents.csv, in contract order; None = the text does not tell.
FIELDS = (
    "title", "doc_type", "level", "province", "city", "county", "year", "issuers", "doc_number",
    "theme", "publish_date", "period_start", "period_end", "categories",
)
LIST_FIELDS = frozenset({"issuers", "categories"})


@dataclass(frozen=True)
class Extraction:
    fields: dict = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    activities: tuple[Activity, ...] = ()


def empty_fields() -> dict:
    return {f: ([] if f in LIST_FIELDS else None) for f in FIELDS}


def extract(text: str, *, page_meta: tuple[tuple[str, str], ...] = ()) -> Extraction:
    """Extract every field from clean text. (Field extractors arrive with issue #3.)"""
    return Extraction(fields=empty_fields())
