"""qmcorpus.extract.structure: lines, headings, sections, title, addressees, signature block.

Works on clean simplified text; every piece keeps its character offsets so that values found in
it can carry evidence.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import resources

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # the stripped line


@dataclass(frozen=True)
class Heading:
    line: int  # index into lines
    level: int  # 1: 一、 2: （一） 3: 1. 4: （1） 0: bare section name
    label: str  # the numbering
    title: str  # the heading text after the numbering (to the first sentence break)


@dataclass(frozen=True)
class Section:
    kind: str  # ideology / theme / time / activities / requirements / other
    heading: int  # index into lines of its heading
    first: int  # first line of its body
    last: int  # last line (inclusive)


HEADING_PATTERNS = (
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),
    (2, re.compile(r"^[(（]([一二三四五六七八九十]{1,3})[)）]\s*")),
    (3, re.compile(r"^(\d{1,2})\s*[.、．](?!\d)\s*")),
    (4, re.compile(r"^[(（](\d{1,2})[)）]\s*")),
)


@functools.cache
def config() -> dict:
    """Patterns of data/extract.toml (section names, document-type cues, body suffixes …)."""
    return resources.toml("extract.toml")


def to_ascii_digits(text: str) -> str:
    """Fullwidth digits → ASCII (same length, so offsets stay valid)."""
    return text.translate(_DIGITS)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with offsets of their stripped content."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(s), s))
        pos += len(raw) + 1
    return out


def headings(lines: list[Line]) -> list[Heading]:
    """Numbered headings (一、 （一） 1. （1）) and bare section names on their own line (活动主题)."""
    bare = config()["sections"]
    out = []
    for i, ln in enumerate(lines):
        for level, pat in HEADING_PATTERNS:
            m = pat.match(ln.text)
            if m:
                rest = ln.text[m.end():]
                title = re.split(r"[。;；:：]", rest, maxsplit=1)[0]
                out.append(Heading(i, level, m.group(1), title))
                break
        else:
            if len(ln.text) <= 12 and section_kind(ln.text, bare) != "other":
                out.append(Heading(i, 0, "", ln.text.rstrip(":：")))
    return out


def section_kind(title: str, names: dict | None = None) -> str:
    """Classify a heading: ideology, theme, time, activities, requirements or other."""
    names = names or config()["sections"]
    t = title.strip()
    for kind in ("theme", "time", "ideology", "requirements", "activities"):
        for pat in names[kind]:
            if re.search(pat, t):
                return kind
    return "other"


def sections(lines: list[Line], heads: list[Heading]) -> list[Section]:
    """Top-level sections: the highest heading level used in the document delimits them."""
    top_levels = [h.level for h in heads if h.level in (0, 1)]
    if not top_levels:
        return []
    tops = [h for h in heads if h.level in (0, 1) and section_kind(h.title) != "other" or h.level == 1]
    out = []
    for n, h in enumerate(tops):
        last = (tops[n + 1].line - 1) if n + 1 < len(tops) else len(lines) - 1
        out.append(Section(section_kind(h.title), h.line, h.line + 1, last))
    return out


_ADDRESSEE = re.compile(r"^[^。！？!?]{2,200}[:：]$")


def addressee_line(lines: list[Line]) -> int | None:
    """Index of the 主送 line ("各县区人民政府,…各有关企业:") near the top, if any."""
    for i, ln in enumerate(lines[:8]):
        t = ln.text
        if _ADDRESSEE.match(t) and (t.startswith("各") or re.search(r"(各|有关)[^,，、]{0,12}(单位|部门|企业|机构)", t)):
            return i
    return None


def title_lines(lines: list[Line]) -> list[int]:
    """Indices of the lines forming the title (a split title is joined), or [] if none."""
    cfg = config()["title"]
    out: list[int] = []
    stop = addressee_line(lines)
    for i, ln in enumerate(lines[:4]):
        if stop is not None and i >= stop:
            break
        t = ln.text
        if len(t) > cfg["max_len"] or re.search(r"[。！？]$", t) or t.endswith(("：", ":")):
            break
        if re.search(r"[。]", t):
            break
        if out and not re.search(cfg["continuation"], lines[out[-1]].text):
            break
        out.append(i)
        if not re.search(cfg["continuation"], t):
            break
    return out


_DATE_LINE = re.compile(
    r"^[(（]?\s*(?:[一二三四五六七八九〇零OoＯ○0-9]{4}|\d{4})\s*年[^，。,]{1,10}?[月日](?:[^，。,]{0,8})?[)）]?$"
)


def signature_block(lines: list[Line]) -> tuple[list[int], int | None]:
    """(body lines, date line) of the 落款 at the end: short lines of bodies above a date line."""
    n = len(lines)
    for j in range(n - 1, max(-1, n - 40), -1):
        t = lines[j].text
        if _DATE_LINE.match(t) and j > n * 0.4:
            bodies = []
            k = j - 1
            while k >= 0 and len(bodies) < 8:
                s = lines[k].text
                if len(s) > 60 or re.search(r"[，。；,;:：]", s):
                    break
                bodies.insert(0, k)
                k -= 1
            return bodies, j
    return [], None
