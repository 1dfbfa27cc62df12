"""qmcorpus.extract.gazetteer: Chinese administrative divisions (data/regions.csv) and place lookup."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from .. import resources
from ..literals import LiteralMatcher


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str  # full simplified name (浙江省, 嘉兴市, 瑞安市)
    level: str  # province / city / county
    province: str
    city: str  # prefecture-level parent of a county ("" under a municipality)


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    regions: tuple[Region, ...]  # candidates (same surface, several places)
    full: bool  # surface is the full official name


@functools.cache
def regions() -> tuple[Region, ...]:
    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        return tuple(Region(r["adcode"], r["name"], r["level"], r["province"], r["city"]) for r in csv.DictReader(fh))


@functools.cache
def _index() -> tuple[dict[str, tuple[Region, ...]], dict[str, bool], LiteralMatcher]:
    by_surface: dict[str, list[Region]] = {}
    full: dict[str, bool] = {}
    by_name = {}
    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            reg = Region(r["adcode"], r["name"], r["level"], r["province"], r["city"])
            by_name.setdefault(reg.name, reg)
            by_surface.setdefault(reg.name, []).append(reg)
            full[reg.name] = True
            for s in filter(None, r["short"].split("|")):
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
    """Every gazetteer name in ``text`` (longest match first), with its candidate divisions.

    >>> [m.surface for m in find_places("浙江瑞安市质监局在嘉兴举办")]
    ['浙江', '瑞安市', '嘉兴']
    """
    index, full, names = _index()
    return [PlaceMention(a, b, name, index[name], full[name]) for a, b, name in names.find(text)]


@functools.cache
def _all_shorts() -> dict[str, tuple[Region, ...]]:
    out: dict[str, list[Region]] = {}
    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            reg = Region(r["adcode"], r["name"], r["level"], r["province"], r["city"])
            for s in filter(None, r["short"].split("|")):
                out.setdefault(s, []).append(reg)
    return {k: tuple(v) for k, v in out.items()}


def by_short(surface: str) -> tuple[Region, ...]:
    """Divisions whose short name is ``surface``, the two-character county names too (two-character short names),
    which :func:`find_places` leaves out of running text; for places a context already bounds
    (a media credit, a district branch of a city bureau)."""
    return _all_shorts().get(surface, ())
