"""qmcorpus.extract.gazetteer: Chinese administrative divisions (data/regions.csv) and place lookup."""
from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from .. import resources
from ..literals import LiteralMatcher


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str  # full simplified name (浙江省, 嘉兴市, 瑞安市)
    level: str  # province / city / county
    province: str
    city: str  # prefecture-level parent of a county ("" under a municipality)


class PlaceMention(NamedTuple):  # (made many times a document: a named tuple is made ~4x faster than a frozen dataclass)
    start: int
    end: int
    surface: str
    regions: tuple[Region, ...]  # candidates (same surface, several places)
    full: bool  # surface is the full official name


@functools.cache
def _rows() -> tuple[tuple[Region, tuple[str, ...]], ...]:
    """Each division of data/regions.csv with its short names, the file read once for every table
    (the index, the renamed counties, the short names: each used to read it again)."""
    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        head, *rows = csv.reader(fh)
    if not rows or any(len(row) != len(head) for row in rows) or len(set(head)) != len(head):
        return _rows_as_dicts()  # (a row of another length: read as csv.DictReader fills it)
    # every row as long as the header: row[at[name]] is what csv.DictReader gives as r[name]
    # (a reader of tuples: a third of the time of a dict per row)
    at = {name: i for i, name in enumerate(head)}
    a, n, lv, pr, ci, sh = (at[k] for k in ("adcode", "name", "level", "province", "city", "short"))
    return tuple((Region(r[a], r[n], r[lv], r[pr], r[ci]), tuple(filter(None, r[sh].split("|")))) for r in rows)


def _rows_as_dicts() -> tuple[tuple[Region, tuple[str, ...]], ...]:
    """:func:`_rows` read by csv.DictReader (the plain definition)."""
    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        return tuple((Region(r["adcode"], r["name"], r["level"], r["province"], r["city"]),
                      tuple(filter(None, r["short"].split("|")))) for r in csv.DictReader(fh))


@functools.cache
def regions() -> tuple[Region, ...]:
    return tuple(reg for reg, _ in _rows())


@functools.cache
def _index() -> tuple[dict[str, tuple[Region, ...]], dict[str, bool], LiteralMatcher]:
    by_surface: dict[str, list[Region]] = {}
    full: dict[str, bool] = {}
    by_name = {}
    _all_shorts()  # (built with the index: the fork server's warm-up builds both, its workers share them)
    for reg, shorts in _rows():
        by_name.setdefault(reg.name, reg)
        by_surface.setdefault(reg.name, []).append(reg)
        full[reg.name] = True
        for s in shorts:
            # short county names (东城, 石城) are too often ordinary words; keep those of cities/provinces
            if reg.level == "county" and len(s) < 3:
                continue
            by_surface.setdefault(s, []).append(reg)
            full.setdefault(s, False)
    with open(resources.path("region_former_names.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            cur = by_name.get(r["current"])
            if cur and r["former"] not in by_surface:
                by_surface[r["former"]] = [cur]
                full[r["former"]] = True
    return {k: tuple(v) for k, v in by_surface.items()}, full, LiteralMatcher(by_surface)


def by_name(name: str) -> Region | None:
    """The division with this full name (the first if several share it)."""
    cands = _index()[0].get(name)
    return cands[0] if cands else None


def find_places(text: str) -> list[PlaceMention]:
    """Every gazetteer name in ``text`` (longest match first), with its candidate divisions; a
    county renamed since the gazetteer was built is read right after its own city (:func:`_renamed`).

    >>> [m.surface for m in find_places("浙江瑞安市质监局在嘉兴举办")]
    ['浙江', '瑞安市', '嘉兴']
    """
    return list(_places_of(text))


@functools.lru_cache(maxsize=2048)
def _places_of(text: str) -> tuple[PlaceMention, ...]:
    """:func:`find_places`, memoised: the same issuer names, titles and clauses are looked up by
    several finders (a tuple of frozen mentions: no caller can change what is kept)."""
    return _mentions(text, _index()[2].find(text))


def _mentions(text: str, hits: list[tuple[int, int, str]]) -> tuple[PlaceMention, ...]:
    """The mentions of the matcher's ``hits`` in ``text``, with the renamed counties read after them."""
    index, full, _ = _index()
    out = [PlaceMention(a, b, name, index[name], full[name]) for a, b, name in hits]
    renamed = _renamed()
    if not renamed[0]:
        return tuple(out)
    heads = renamed[3]
    for i in range(len(out)):
        m = out[i]
        if m is None or text[m.end:m.end + 3] not in heads:
            continue  # no renamed county starts right after it (every surface has three characters or more)
        found = _renamed_after(text, m, renamed)
        if found is None:
            continue
        # the renamed county replaces what the matcher read inside it (a three-character short name)
        for j in range(i + 1, len(out)):
            if out[j] is not None and out[j].start < found.end:
                out[j] = None
        out.insert(i + 1, found)
    return tuple(m for m in out if m is not None)


class PlaceFinder:
    """:func:`find_places` of slices of one text, its names searched once (the place finder reads
    the title, the opening, the issuers … of the same passage).

    Exact: the matcher's leftmost-longest hits in a slice are those of the whole window inside it,
    unless a hit of the window straddles an end of the slice (cut there, a shorter name may match),
    and no renamed county is read after a hit when the three characters after it begin none. Any
    other slice is searched as usual.
    """

    def __init__(self, text: str, upto: int):
        self.text = text
        self.window = text[:upto]
        self._hits = _index()[2].find(self.window)
        self._starts = [h[0] for h in self._hits]

    def window_places(self) -> list[PlaceMention]:
        """``find_places(text[:upto])``."""
        return list(_mentions(self.window, self._hits))

    def places(self, a: int, b: int) -> list[PlaceMention]:
        """``find_places(text[a:b])``."""
        hits = self._hits_in(a, b)
        if hits is None:
            return find_places(self.text[a:b])
        index, full, _ = _index()
        return [PlaceMention(s - a, e - a, name, index[name], full[name]) for s, e, name in hits]

    def spans(self, a: int, b: int) -> list[tuple[int, int, str, tuple[Region, ...], bool]]:
        """The mentions of ``find_places(text[a:b])`` as (start, end, surface, regions, full), their
        offsets in the whole text (no record made per mention)."""
        hits = self._hits_in(a, b)
        if hits is None:
            return [(a + p.start, a + p.end, p.surface, p.regions, p.full) for p in find_places(self.text[a:b])]
        index, full, _ = _index()
        return [(s, e, name, index[name], full[name]) for s, e, name in hits]

    def _hits_in(self, a: int, b: int) -> list[tuple[int, int, str]] | None:
        """The window's hits that are those of text[a:b], or None when the slice must be searched."""
        hits = self._hits
        i = bisect.bisect_left(self._starts, a)
        if b > len(self.window) or (i > 0 and hits[i - 1][1] > a):
            return None
        heads, text = _renamed()[3], self.text
        j = i
        for s, e, _ in hits[i:]:
            if s >= b:
                break
            if e > b or (e + 3 <= b and text[e:e + 3] in heads):
                return None  # cut by the slice's end, or a renamed county may follow
            j += 1
        return hits[i:j]


@functools.cache
def _renamed() -> tuple[dict[str, dict[str, Region]], int, re.Pattern, frozenset[str]]:
    """Parent division name → {surface: county}: each county's short name with the other suffixes of
    data/extract.toml [place] renamed_county_suffixes (某县 → 某区 after 撤县设区), where no division
    bears that name; the longest surface; what may not follow such a surface; the first three
    characters of every surface (a cheap test that most mentions have none after them)."""
    cfg = resources.toml("extract.toml")["place"]
    suffixes = tuple(cfg["renamed_county_suffixes"])
    known = _index()[0]
    out: dict[str, dict[str, Region]] = {}
    longest = 0
    for reg, shorts in _rows():
        if reg.level != "county" or not reg.name.endswith(suffixes):
            continue
        for s in shorts:
            if len(s) < 2:
                continue
            for suffix in suffixes:
                surface = s + suffix
                if surface == reg.name or surface in known:
                    continue
                parent = reg.city or reg.province
                out.setdefault(parent, {})[surface] = Region(reg.adcode, surface, "county", reg.province, reg.city)
                longest = max(longest, len(surface))
    heads = frozenset(surface[:3] for table in out.values() for surface in table)
    return out, longest, re.compile(cfg["renamed_county_not_after"]), heads


def _renamed_after(text: str, m: PlaceMention, renamed) -> PlaceMention | None:
    """The renamed county written right after its parent mention ``m`` ("X市Y区"), if any."""
    by_parent, longest, not_after, _ = renamed
    tables = [by_parent[r.name] for r in m.regions if r.level in ("city", "province") and r.name in by_parent]
    if not tables:
        return None
    for n in range(min(longest, len(text) - m.end), 2, -1):
        surface = text[m.end:m.end + n]
        regs = tuple(t[surface] for t in tables if surface in t)
        if regs and not not_after.match(text, m.end + n):
            return PlaceMention(m.end, m.end + n, surface, regs, True)
    return None


@functools.cache
def _all_shorts() -> dict[str, tuple[Region, ...]]:
    out: dict[str, list[Region]] = {}
    for reg, shorts in _rows():
        for s in shorts:
            out.setdefault(s, []).append(reg)
    return {k: tuple(v) for k, v in out.items()}


def by_short(surface: str) -> tuple[Region, ...]:
    """Divisions whose short name is ``surface``, the two-character county names too (two-character short names),
    which :func:`find_places` leaves out of running text; for places a context already bounds
    (a media credit, a district branch of a city bureau)."""
    return _all_shorts().get(surface, ())
