"""qmcorpus.extract.zones: development zones and new areas named after their city (X工业园区, X经开区).

A zone is no division of the gazetteer, but it is run like a county: its bureau (园区市场监管局,
经开区市场监管局) works at county level, and its name, a city's name and a zone word, is read as a
county-level place of that city, named by the city's short name and the zone word written in full
(X经开区 → X经济技术开发区). The zone words are data/extract.toml [place] zone_words.
"""
from __future__ import annotations

import functools

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


def zone_of(regions: tuple[Region, ...], text: str, end: int) -> tuple[int, tuple[Region, ...]] | None:
    """The zone named by a city mention (``regions``, ending at ``end``) and the zone word after it:
    (the end of the zone word, the zone of each city reading), or None when no zone word follows or
    the mention names no city."""
    word = word_at(text, end)
    if word is None:
        return None
    zones = tuple(_zone(r, word[1]) for r in regions if r.level == "city" and r.name.endswith("市"))
    return (end + len(word[0]), zones) if zones else None


@functools.lru_cache(maxsize=256)
def _zone(city: Region, full_word: str) -> Region:
    return Region("", city.name[:-1] + full_word, "county", city.province, city.name)
