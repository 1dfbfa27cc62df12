"""qmcorpus.extract.zones: development zones and new areas named after their city (X工业园区, X经开区).

A zone is no division of the gazetteer, but it is run like a county: its bureau (园区市场监管局,
经开区市场监管局) works at county level, and its name, a city's name and a zone word, is read as a
county-level place of that city, named by the city's short name and the zone word written in full
(X经开区 → X经济技术开发区). The zone words are data/extract.toml [place] zone_words.
"""
from __future__ import annotations

import functools
import re

from . import gazetteer
from .gazetteer import Region
from .structure import config


@functools.cache
def _words() -> tuple[tuple[str, str], ...]:
    """(zone word as written, written in full), the longest first (工业园区 before 园区)."""
    table = config()["place"]["zone_words"]
    return tuple(sorted(table.items(), key=lambda kv: -len(kv[0])))


@functools.cache
def heads() -> frozenset[str]:
    """The first characters of the zone words (a cheap test that most names have none after them)."""
    return frozenset(w[0] for w, _ in _words())


def word_at(text: str, pos: int) -> tuple[str, str] | None:
    """The zone word that begins at ``text[pos]`` (as written, in full), or None."""
    for surface, full in _words():
        if text.startswith(surface, pos):
            return surface, full
    return None


def zone_of(regions: tuple[Region, ...], text: str, end: int, qualified: bool = True) -> tuple[int, tuple[Region, ...]] | None:
    """The zone named by a city mention (``regions``, ending at ``end``) and the zone word after it, right
    after it or after a qualifier of a few characters (青岛西海岸新区: the city's short name, 西海岸, 新区):
    (the end of the zone word, the zone of each city reading), or None when no zone word follows or
    the mention names no city. A qualifier is read only where ``qualified`` (in a name: a title, a body's
    name, not running text, where "X市加快建设新区" is a clause), and never one holding a division's name
    (上海市浦东新区: the district of the gazetteer)."""
    qualifier, word = "", word_at(text, end)
    if word is None:
        if not qualified:
            return None
        lo, hi = _qualifier_len()
        for k in range(lo, hi + 1):
            q = text[end:end + k]
            if len(q) == k and _qualifier().fullmatch(q) and (word := word_at(text, end + k)) is not None:
                if gazetteer.find_places(q + word[0]):
                    return None
                qualifier = q
                break
        else:
            return None
    zones = tuple(_zone(r, qualifier + word[1]) for r in regions if r.level == "city" and r.name.endswith("市"))
    return (end + len(qualifier) + len(word[0]), zones) if zones else None


def may_follow(text: str, end: int) -> bool:
    """Whether a zone word may begin at ``end`` or after a qualifier there (a cheap test before :func:`zone_of`)."""
    lo, hi = _qualifier_len()
    return any(end + k < len(text) and text[end + k] in heads() for k in (0, *range(lo, hi + 1)))


@functools.cache
def _qualifier() -> re.Pattern:
    """What may stand between a city's name and a zone word (data/extract.toml [place] zone_qualifier)."""
    return re.compile(config()["place"]["zone_qualifier"])


@functools.cache
def _qualifier_len() -> tuple[int, int]:
    lo, hi = config()["place"]["zone_qualifier_length"]
    return int(lo), int(hi)


@functools.lru_cache(maxsize=256)
def _zone(city: Region, full_word: str) -> Region:
    return Region("", city.name[:-1] + full_word, "county", city.province, city.name)
