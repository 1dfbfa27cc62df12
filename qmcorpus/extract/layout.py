"""qmcorpus.extract.layout: the shape of a document, computed once and handed to every finder.

Lines (with offsets), numbered headings, top-level sections, the title lines, the addressee line
(主送), the signature block (落款) and the opening. Every finder reads the same Layout instead of
splitting the text again.
"""
from __future__ import annotations

from dataclasses import dataclass

from .structure import Heading, Line, Section, addressee_line, headings, sections, signature_block, split_lines, title_lines


@dataclass(frozen=True)
class Layout:
    text: str
    lines: list[Line]
    headings: list[Heading]
    sections: list[Section]
    title: tuple[int, ...]  # indices of the title lines (a split title has several)
    addressee: int | None  # index of the 主送 line
    signature: tuple[list[int], int | None]  # (lines naming the signing bodies, the date line)

    @property
    def title_span(self) -> tuple[int, int] | None:
        """(start, end) of the title in the text, or None."""
        if not self.title:
            return None
        return self.lines[self.title[0]].start, self.lines[self.title[-1]].end

    @property
    def signature_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each line of the signature block that names a body."""
        return [(self.lines[i].start, self.lines[i].end) for i in self.signature[0]]

    @property
    def addressee_line(self) -> tuple[int, str] | None:
        """(offset, text) of the addressee line, or None."""
        if self.addressee is None:
            return None
        ln = self.lines[self.addressee]
        return ln.start, ln.text


def layout(text: str) -> Layout:
    """The Layout of clean text.

    >>> lay = layout("关于开展质量月活动的通知\\n各县区:\\n一、活动主题\\n质量强市\\n某市质量发展领导小组\\n2017年8月28日")
    >>> lay.title, lay.addressee, [s.kind for s in lay.sections], lay.signature
    ((0,), 1, ['theme'], ([4], 5))
    """
    lines = split_lines(text)
    heads = headings(lines)
    addressee = addressee_line(lines)  # also where the title stops
    return Layout(text, lines, heads, sections(lines, heads), tuple(title_lines(lines, addressee)), addressee,
                  signature_block(lines))
