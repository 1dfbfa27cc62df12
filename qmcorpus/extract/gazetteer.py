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
    _all_shorts()  # (built with the index: the fork server's warm-up builds both, its workers share them)
    ordinary = _ordinary_words()
    for reg, shorts in _rows():
        if reg.name in ordinary:
            continue  # read only after its own city (:func:`_renamed`)
        by_surface.setdefault(reg.name, []).append(reg)
        full[reg.name] = True
        for s in shorts:
            # short county names (东城, 石城) are too often ordinary words; keep those of cities/provinces
            if reg.level == "county" and len(s) < 3:
                continue
            by_surface.setdefault(s, []).append(reg)
            full.setdefault(s, False)
    # a former name reads as its division today named as then (the text's own form is kept, the
    # chain and the code are today's); a former prefecture's short name too (襄樊 of 襄樊市), where
    # no division of today bears it
    shorts: dict[str, list[Region]] = {}
    for f in _former_rows():
        if f.name in ordinary:
            continue
        cur = f.current
        then = Region(cur.adcode, f.name, cur.level, cur.province, cur.city)
        if f.name not in by_surface:
            by_surface[f.name] = [then]
            full[f.name] = True
        if cur.level == "city":
            stem = _stem(f.name)
            if len(stem) >= 2 and stem != f.name:
                shorts.setdefault(stem, []).append(then)
        else:
            # a former autonomous county or banner by the name before its peoples (路南县 of 路南彝族自治县)
            short = _autonomous_short(f.name)
            if short and short not in by_surface:
                shorts.setdefault(short, []).append(then)
    for stem, regs in shorts.items():
        if stem not in by_surface and stem not in _all_shorts():
            by_surface[stem] = regs
            full[stem] = False
    # an autonomous unit written by its short name and its kind, without its peoples (恭城自治县, 延边自治州)
    kinds = resources.word_list("extract.toml", "place.autonomous_kinds")
    for reg, shorts_of in _rows():
        kind = next((k for k in kinds if reg.name.endswith(k)), None)
        for s in shorts_of if kind else ():
            if not s.endswith(kind[-1]) and s + kind not in by_surface:
                by_surface[s + kind] = [reg]
                full[s + kind] = False
    # conventional abbreviations (锡盟, 巴州, 东乌旗): the division they stand for, and any other division
    # whose short name they are (巴州 of 巴州区 too: the neighbours decide)
    for abbr, name in _abbreviations().items():
        regs = list(by_surface.get(name, ()))
        regs += [r for r in by_surface.get(abbr, ()) + tuple(_all_shorts().get(abbr, ())) if r not in regs]
        if regs:
            by_surface[abbr] = regs
            full.setdefault(abbr, False)
    return {k: tuple(v) for k, v in by_surface.items()}, full, LiteralMatcher(by_surface)


def _hits(text: str) -> list[tuple[int, int, str]]:
    """The matcher's hits in ``text``, less a name that begins a word naming no place (大理石, 安康杯, 延安精神:
    data/extract.toml [place] not_place_words) and an abbreviation that begins a word with its kind word
    ("标准旗帜": no 准旗; [place] abbreviation_not_before)."""
    hits = _index()[2].find(text)
    words, abbr = _not_place_words(), _abbreviations()
    if not any(h[2] in words or h[2] in abbr for h in hits):
        return hits
    cont = _abbreviation_not_before()
    return [h for h in hits if not (h[2] in words and text.startswith(words[h[2]], h[0]))
            and (h[2] not in abbr or not cont.match(text, h[1] - 1))]


@functools.cache
def _not_place_words() -> dict[str, tuple[str, ...]]:
    """Surface of a name → the listed words that begin with it (data/extract.toml [place] not_place_words)."""
    index = _index()[0]
    out: dict[str, list[str]] = {}
    for w in resources.word_list("extract.toml", "place.not_place_words"):
        for n in range(len(w) - 1, 1, -1):
            if w[:n] in index:
                out.setdefault(w[:n], []).append(w)
                break
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def _abbreviation_not_before() -> re.Pattern:
    return re.compile(resources.toml("extract.toml")["place"]["abbreviation_not_before"])


@functools.cache
def _abbreviations() -> dict[str, str]:
    """Abbreviation → the full name of the division it stands for (data/extract.toml [place.abbreviations])."""
    return dict(resources.toml("extract.toml")["place"].get("abbreviations", {}))


@functools.cache
def _ordinary_words() -> frozenset[str]:
    """Names of divisions that are also ordinary words (data/extract.toml [place] ordinary_word_names)."""
    return frozenset(resources.word_list("extract.toml", "place.ordinary_word_names"))


class Former(NamedTuple):
    name: str  # the former name (襄樊市, 毕节地区, 萧山县)
    current: Region  # the division of today that holds it
    year: int | None  # the year the change took effect (None: not known)
    kind: str  # rename (the same unit renamed or regraded) / merge (went into ``current``)


@functools.cache
def _former_rows() -> tuple[Former, ...]:
    """The rows of data/region_former_names.csv whose division of today is in the gazetteer."""
    by_code = _by_code()
    out = []
    with open(resources.path("region_former_names.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            cur = by_code.get(r["adcode"])
            if cur is None or r["former"] == cur.name:
                continue
            year = int(r["year_changed"]) if r["year_changed"].strip() else None
            out.append(Former(r["former"], cur, year, r["kind"]))
    return tuple(out)


@functools.cache
def _formers_by_code() -> dict[str, tuple[Former, ...]]:
    out: dict[str, list[Former]] = {}
    for f in _former_rows():
        out.setdefault(f.current.adcode, []).append(f)
    return {k: tuple(sorted(v, key=lambda f: (f.year is None, f.year or 0))) for k, v in out.items()}


@functools.cache
def _autonomous_tail() -> re.Pattern[str]:
    """The peoples and kind that end an autonomous county's or banner's name (彝族自治县, 哈尼族彝族自治县)."""
    peoples = "|".join(sorted(resources.word_list("extract.toml", "place.autonomous_peoples"), key=len, reverse=True))
    return re.compile(resources.piece("extract.toml", "place.autonomous_tail").replace("{peoples}", peoples))


def _autonomous_short(name: str) -> str | None:
    """An autonomous county's or banner's name before its peoples, with its kind (路南彝族自治县 → 路南县); None
    for another name or a stem of fewer than two characters."""
    for i in range(2, len(name) - 3):
        m = _autonomous_tail().match(name, i)
        if m:
            return name[:i] + m["kind"]
    return None


def _stem(name: str) -> str:
    """A prefecture's name without its kind (地区, 盟, 市 …: data/extract.toml [place] former_name_suffixes)."""
    for suf in resources.word_list("extract.toml", "place.former_name_suffixes"):
        if name.endswith(suf):
            return name[: -len(suf)]
    return name


def today(region: Region) -> Region:
    """The division of today a region stands for: itself, or the one holding a former name."""
    return _by_code().get(region.adcode, region) if is_former(region) else region


@functools.cache
def _by_code() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for reg, _ in _rows():
        out.setdefault(reg.adcode, reg)
    return out


def is_former(region: Region) -> bool:
    """Whether ``region`` carries a former name of its division (data/region_former_names.csv)."""
    return any(f.name == region.name for f in _formers_by_code().get(region.adcode, ()))


def name_in_year(region: Region, year: int | None, written: str | None = None,
                 grace: int = 0) -> tuple[str, str]:
    """The name of ``region``'s division in ``year``, and how it was chosen.

    Returns (name, how): ``how`` is "written" when the text writes a former name of the
    division (``written``) and its year is unknown or no later than ``grace`` years after the
    change (a text of later years writing it speaks of the area, or by habit: today's name);
    "year" when the division bore another name in the text's year (the same unit renamed or
    regraded, of a known year: 毕节 in 2008 is 毕节地区); "" for today's name (or the name the
    text writes of a division the gazetteer names otherwise, kept as it was found).
    """
    formers = _formers_by_code().get(region.adcode, ())
    if written is not None:
        f = next((f for f in formers if f.name == written), None)
        if f is not None and (year is None or f.year is None or year <= f.year + grace):
            return written, "written"
    if year is not None:
        # the earliest change after the year: the name then in force (萧山县 to 1988, 萧山市 to 2001)
        f = next((f for f in formers if f.kind == "rename" and f.year is not None and f.year > year), None)
        if f is not None:
            return f.name, "year"
    return today(region).name, ""


def by_name(name: str) -> Region | None:
    """The division with this full name (the first if several share it)."""
    cands = _index()[0].get(name)
    return cands[0] if cands else _by_full_name().get(name)


@functools.cache
def _by_full_name() -> dict[str, Region]:
    """Full name → the first division of today so named (those no running text reads alone too)."""
    out: dict[str, Region] = {}
    for reg, _ in _rows():
        out.setdefault(reg.name, reg)
    return out


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
    return _mentions(text, _hits(text))


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
        if m is None or text[m.end:m.end + _HEAD] not in heads:
            continue  # no renamed county starts right after it (every surface has _HEAD characters or more)
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
    and no renamed county is read after a hit when the two characters after it begin none. Any
    other slice is searched as usual.
    """

    def __init__(self, text: str, upto: int):
        self.text = text
        self.window = text[:upto]
        self._hits = _hits(self.window)
        self._starts = [h[0] for h in self._hits]

    def window_places(self) -> list[PlaceMention]:
        """``find_places(text[:upto])``."""
        return list(_mentions(self.window, self._hits))

    def window_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each of :meth:`window_places`: the hits' own, no record made a mention,
        where no hit has the first characters of a renamed county after it (else :func:`_mentions`
        may read one there)."""
        renamed, text = _renamed(), self.window
        if renamed[0]:
            heads = renamed[3]
            for _, e, _ in self._hits:
                if text[e:e + _HEAD] in heads:
                    return [(m.start, m.end) for m in _mentions(text, self._hits)]
        return [(s, e) for s, e, _ in self._hits]

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
            if e > b or (e + _HEAD <= b and text[e:e + _HEAD] in heads):
                return None  # cut by the slice's end, or a renamed county may follow
            j += 1
        return hits[i:j]


_HEAD = 2  # the shortest surface read after its parent (城区), and the characters of the cheap test


@functools.cache
def _renamed() -> tuple[dict[str, dict[str, Region]], int, re.Pattern, frozenset[str]]:
    """Parent division name → {surface: county}: each county's short name with the other suffixes of
    data/extract.toml [place] renamed_county_suffixes (某县 → 某区 after 撤县设区), where no division
    bears that name, and the counties whose names are ordinary words (城区 of X市); the longest surface;
    what may not follow such a surface; the first two characters of every surface (a cheap test that
    most mentions have none after them)."""
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
    # a division of today whose name is an ordinary word, read only here: after its own city
    for reg, _ in _rows():
        if reg.level == "county" and reg.name in _ordinary_words():
            out.setdefault(reg.city or reg.province, {})[reg.name] = reg
            longest = max(longest, len(reg.name))
    heads = frozenset(surface[:_HEAD] for table in out.values() for surface in table)
    return out, longest, re.compile(cfg["renamed_county_not_after"]), heads


def _renamed_after(text: str, m: PlaceMention, renamed) -> PlaceMention | None:
    """The renamed county written right after its parent mention ``m`` ("X市Y区"), if any."""
    by_parent, longest, not_after, _ = renamed
    tables = [by_parent[r.name] for r in m.regions if r.level in ("city", "province") and r.name in by_parent]
    if not tables:
        return None
    for n in range(min(longest, len(text) - m.end), _HEAD - 1, -1):
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
