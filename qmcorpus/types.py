"""qmcorpus.types: the frozen records passed between stages (Source, Step, Evidence, Activity, Document)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class Source:
    """One input file, read once: its doc_id, its path as given, its bytes and its kind
    (``'text'``, ``'html'`` or ``'docx'``, from the file name).

    ``digest`` is the SHA-256 of ``data`` (hex), taken as the bytes were read: the cache key and
    the output folder's manifest are computed from it, never by reading the file again. ``data``
    is None once a run has let go of the bytes (the file's result is in the cache: only its
    digest is needed).
    """

    doc_id: str
    path: str
    data: bytes | None
    kind: str
    digest: str


@dataclass(frozen=True)
class Step:
    """One named repair applied to a document's text.

    ``action`` is the repair's name (``pinyin_annotation``, ``byte_shift``, …), ``count`` how many
    spots it changed and ``detail`` a short human-readable trace (e.g. ``'规?!百|' → '规模“质'``).
    """

    action: str
    count: int
    detail: str = ""


class Evidence(NamedTuple):
    """Where an extracted value came from: ``clean_text[start:end]`` supports ``value``.

    (A named tuple, immutable like the other records: a document makes dozens, and one is made
    several times faster than a frozen dataclass.)"""

    field: str
    value: str
    start: int
    end: int
    rule: str
    confidence: float | None = None  # 0–1, calibrated on the shared corpus (extract/confidence.py)


@dataclass(frozen=True)
class Skipped:
    """An input that is not a document qmcorpus reads (unsupported, empty, binary …), and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Failure:
    """An input that should have been read but could not be, and why (the run's exit status is 1)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Activity:
    """One activity item of a notice (or announcing paragraph of a news report)."""

    index: int
    heading: str
    text: str
    start: int
    end: int
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Normalized:
    """The result of normalisation: clean simplified text plus everything done to get there."""

    text: str
    encoding: str
    script: str
    steps: tuple[Step, ...] = ()
    page_meta: tuple[tuple[str, str], ...] = ()  # (key, value) captured from dropped metadata lines

    @property
    def repairs(self) -> int:
        """Total number of damaged spots repaired (furniture removal is not a repair)."""
        return count_repairs(self.steps)


# Steps that repair damage (counted in ``repairs``); other steps (furniture, whitespace) are cleaning.
REPAIR_ACTIONS = frozenset(
    {"pinyin_annotation", "byte_shift", "byte_shift_unresolved", "replacement_chars", "t2s_correction", "mojibake"}
)


def count_repairs(steps) -> int:
    """Damaged spots repaired by ``steps``."""
    return sum(s.count for s in steps if s.action in REPAIR_ACTIONS)


@dataclass(frozen=True)
class Document:
    """One processed document. ``None`` always means "the text does not tell"."""

    doc_id: str
    source: str
    encoding: str
    script: str
    text: str
    steps: tuple[Step, ...] = ()
    page_meta: tuple[tuple[str, str], ...] = ()
    fields: dict = field(default_factory=dict, compare=False, hash=False)
    evidence: tuple[Evidence, ...] = ()
    activities: tuple[Activity, ...] = ()
    warnings: tuple[str, ...] = ()  # doubts about the text (implausible_chinese …): never silently clean

    @property
    def repairs(self) -> int:
        """Total number of damaged spots repaired (see REPAIR_ACTIONS)."""
        return count_repairs(self.steps)


@dataclass(frozen=True)
class Rendered:
    """A processed document as the output tables need it: what the summary counts, its rows
    rendered by :func:`qmcorpus.schema.render_document` (``out``), and its clean text unless
    the worker already wrote it (None)."""

    doc_id: str
    source: str
    encoding: str
    script: str
    steps: tuple  # (action, count) pairs
    out: dict
    text: str | None = None


class Summary:
    """Running counts of a batch (documents by encoding and script, steps by kind, skips, failures)."""

    def __init__(self):
        self.documents = 0
        self.by_encoding: Counter = Counter()
        self.by_script: Counter = Counter()
        self.steps: Counter = Counter()
        self.skipped: list = []
        self.failed: list = []

    def add(self, doc: Document) -> None:
        self.add_counts(doc.encoding, doc.script, ((st.action, st.count) for st in doc.steps))

    def add_counts(self, encoding: str, script: str, steps) -> None:
        """Count one document by its encoding, script and (action, count) steps."""
        self.documents += 1
        self.by_encoding[encoding] += 1
        self.by_script[script] += 1
        for action, count in steps:
            self.steps[action] += count

    def as_dict(self) -> dict:
        return {"documents": self.documents, "by_encoding": self.by_encoding, "by_script": self.by_script,
                "steps": self.steps, "skipped": list(self.skipped), "failed": list(self.failed)}
