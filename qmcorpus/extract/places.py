"""qmcorpus.extract.places: the document's place, found independently of its level.

Candidates, then a decision. Every gazetteer name in a salient position (title, issuer names,
a news dateline or media credit, the opening sentences, the signature) is a candidate with a
weight from ``data/extract.toml`` [place]; a name after a venue word ("在X广场举行", "赴X"), in a
list of guests ("…等出席") or inside a cited title counts little. The candidates are then resolved into one consistent
province → city → county chain: a county mention supports its city and province, a city mention
its province, and an ambiguous short name goes to the reading its neighbours support.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from . import gazetteer, zones
from ..literals import required_text
from ..normalize.cuelines import needs
from .gazetteer import Region
from .layout import Layout
from .structure import CITED_TITLE, config

DEPTH = {"province": 0, "city": 1, "county": 2}


class Mention(NamedTuple):  # (made many times a document: a named tuple is made ~4x faster than a frozen dataclass)
    start: int
    end: int
    surface: str
    regions: tuple[Region, ...]
    weight: float
    position: str  # title / issuer / dateline / opening / signature / body
    qualifies: bool  # the name qualifies the campaign itself ("YYYY年X省“质量月”", "X县开展")


@dataclass(frozen=True)
class Place:
    """The resolved chain; ``support`` of each part is the share of candidate weight behind it."""

    province: Region | None
    city: Region | None
    county: Region | None
    mentions: dict  # level → the Mention that names it best
    support: dict  # level → 0..1
    weight: dict  # level → the summed weight of the mentions behind it
    qualified: str | None  # deepest level named by a mention that qualifies the campaign
    # the cities of the province that mentions name, each with its best mention, too weak to decide
    # the city on their own ({} when the city is decided)
    cities: dict = field(default_factory=dict)

    @property
    def depth(self) -> str | None:
        """The most specific level named: county, city, province or None."""
        for lvl in ("county", "city", "province"):
            if getattr(self, lvl) is not None:
                return lvl
        return None


@functools.cache
def _cfg() -> dict:
    return config()["place"]


@functools.cache
def _re(key: str) -> re.Pattern:
    return re.compile(_cfg()[key])


def _venue(text: str, start: int) -> bool:
    """A name read as a venue or a destination: "在X市某广场举行", "赴X考察"."""
    return _re("venue_before").search(text[max(0, start - 4):start]) is not None


def _superior(text: str, s: int, e: int) -> bool:
    """A name inside a clause that follows a superior's arrangement ("贯彻落实X省和Y市“质量月”活动部署",
    "按照X市…要求"): the superior's place, not the document's. Both ends are needed: a compliance
    verb before the name and the arrangement's noun after it, in the same clause."""
    return bool(_re("superior_before").search(text[max(0, s - 20):s])
                and _re("superior_after").match(text, e, e + 24))


def place_of(lay: Layout, issuers: list, station: str | None = None) -> Place:
    """The document's place from the salient spans and the issuers found (``Found`` records).

    A place that begins the name of a body which is no administration (an association, a firm, a
    hospital or a school: :func:`.regions.body_level`) names where that body sits, not a
    government running the campaign: such a name weighs nothing wherever it recurs. ``station``:
    the broadcaster a transcript's programme header names (page metadata, not in the text), whose
    place weighs as a dateline's (a local station's report says only 我县).
    """
    body_level = _regions().body_level
    own = tuple(f.value for f in issuers if body_level(f.value) in _NOT_ADMINISTRATION)
    mentions = collect(lay, [(f.start, f.end) for f in issuers], bodies=own)
    mentions += _own_paper(lay.text)
    if station:
        w = _cfg()["weights"]
        mentions += [Mention(-1, -1, p.surface, p.regions, w["dateline"] * (1.0 if p.full else w["short_factor"]),
                             "station", False) for p in gazetteer.find_places(station)]
    return resolve(mentions)


def _own_paper(text: str) -> list[Mention]:
    """A paper's own report (``own_report`` in the opening) that names its place only by ``own_place_word``
    (我市) is placed by the paper's name in the item's own citation line (``own_paper_line``), whose place
    weighs as a dateline's: a local paper reports on its own city."""
    cfg = _cfg()
    if not _re("own_report").search(text, 0, cfg["opening_chars"]) or not _re("own_place_word").search(text):
        return []
    w = cfg["weights"]
    out: list[Mention] = []
    for m in _re("own_paper_line").finditer(text):
        at = m.start("paper")
        out += [Mention(at + p.start, at + p.end, p.surface, p.regions,
                        w["dateline"] * (1.0 if p.full else w["short_factor"]), "dateline", False)
                for p in gazetteer.find_places(m.group("paper"))]
    return out


_NOT_ADMINISTRATION = frozenset({"association", "enterprise", "other"})


@functools.cache
def _regions():
    """The regions module, imported once (it is read after this one; an import statement at each
    call costs more than the rest of place_of's own work)."""
    from . import regions

    return regions


def collect(lay: Layout, issuers: list[tuple[int, int]], *, opening: int | None = None,
            bodies: tuple[str, ...] = ()) -> list[Mention]:
    """Every gazetteer mention in a salient span of the text (title, ``issuers`` spans, signature,
    datelines, opening), with its weight; a mention that begins one of ``bodies`` (names of bodies that
    are no administration) weighs nothing, as the place in a firm's name."""
    text, title, signature = lay.text, lay.title_span, lay.signature_spans
    w = _cfg()["weights"]
    opening = opening if opening is not None else _cfg()["opening_chars"]
    spans: list[tuple[int, int, str]] = []
    if title:
        spans.append((title[0], title[1], "title"))
    spans += [(a, b, "issuer") for a, b in issuers if a >= 0]
    spans += [(a, b, "signature") for a, b in signature]
    head = text[:opening + 200]
    # every dateline holds one of its closing words: a head without them has none (one search skipped)
    if any(t in head for t in _needs("dateline") or ("",)):
        for m in _re("dateline").finditer(head):
            spans.append((m.start("who"), m.end("who"), "dateline"))
    spans.append((0, min(len(text), opening), "opening"))
    spans.append((min(len(text), opening), min(len(text), opening + 1500), "body"))
    cited = [(m.start(), m.end()) for m in CITED_TITLE.finditer(text[:opening + 1700])]
    # (a title the page's bodies issue, "联合印发《…》": its names count, less than the lead's own)
    own = _re("own_document_before")
    cited = [(a, b, own.search(text, max(0, a - 6), a) is not None) for a, b in cited]
    # (start, end) → (weight, position, qualifies, surface, regions): made Mentions once, at the end
    out: dict[tuple[int, int], tuple] = {}
    finder = gazetteer.PlaceFinder(text, opening + 1700)
    # str.startswith of a tuple: whether the text at s starts with any of the stems; a firm's name
    # holds one of its suffix words, so a window without them has no stem (its places not listed)
    window = finder.window
    needs = _needs("firm_after_place")
    firms = _firm_stems(window, spans=finder.window_spans()) if not needs or any(t in window for t in needs) else set()
    stems = tuple(firms | set(bodies))
    zone_heads = zones.heads()
    factors: dict[tuple[int, int], tuple | None] = {}  # what the context does to a mention's weight, per mention
    short = w["short_factor"]
    for a, b, pos in spans:
        if pos in ("dateline", "issuer"):
            for s, e, surface, regs in _short_county_mentions(text, a, b, pos):
                out[(s, e)] = (w[pos] * short, pos, False, surface, regs)
        w_pos = w[pos]
        for s, e, surface, regs, full in finder.spans(a, b):
            zone = zones.zone_of(regs, text, e) if e < len(text) and text[e] in zone_heads else None
            if zone is not None:  # a city's name and a zone word: the zone (X工业园区), a county-level place
                e, regs, full = zone[0], zone[1], True
                surface = text[s:e]
            key = (s, e)
            found = factors.get(key, factors)  # (factors itself: not yet worked out)
            if found is factors:
                found = factors[key] = _context(text, s, e, cited, stems, w)
            if found is None:
                continue  # inside a cited title
            # the factors applied one by one, in the order of the plain definition (same floats)
            weight = w_pos * (1.0 if full else short)
            for f in found[0]:
                weight *= f
            old = out.get(key)
            if old is None or old[0] < weight:
                out[key] = (weight, pos, found[1], surface, regs)
    # (the keys' starts are distinct but for mentions at one start: a stable sort by start as before)
    return sorted((Mention(s, e, surface, regs, weight, pos, qual)
                   for (s, e), (weight, pos, qual, surface, regs) in out.items()), key=_start)


def _start(m: Mention) -> int:
    return m.start


def _context(text: str, s: int, e: int, cited: list, stems: tuple, w: dict) -> tuple[tuple, bool] | None:
    """(the factors the context of the mention text[s:e] puts on its weight, in order; whether it
    qualifies the campaign), or None for a mention inside a cited title (``cited``: (start, end, whether
    the page's bodies issue it) of each title)."""
    out = []
    inside = next((issued for cs, ce, issued in cited if cs <= s < ce), None) if cited else None
    if inside is not None:
        if not inside:
            return None
        out.append(w["own_document_factor"])
    venue = _venue(text, s)
    if venue:
        out.append(w["venue_factor"])
    elif _attendee(text, e):
        out.append(w["attendee_factor"])  # a guest named in a list of attendees
    if stems and text.startswith(stems, s):
        out.append(w["firm_factor"])  # X省Y(集团公司): the place begins a firm's name
    superior = _superior(text, s, e)
    if superior:
        out.append(w["superior_factor"])
    qual = not venue and not superior and _re("qualifies_after").match(text[e:e + 24]) is not None
    if qual:
        out.append(w["qualifies_factor"])
    return tuple(out), qual


def _attendee(text: str, e: int) -> bool:
    """Whether a list of attendees follows the name ending at ``e`` ("X县、Y县等领导出席").

    Exact shortcut: every match holds the pattern's required text within its widest match, so
    a text without it there has no match (most names have no 等 after them)."""
    need, width = _attendee_gate()
    if text.find(need, e, e + width) < 0:
        return False
    return _re("attendee_after").match(text, e) is not None


@functools.cache
def _attendee_gate() -> tuple[str, int]:
    """(the text every attendee_after match holds, the widest such match); ("", any) when none is
    known (the empty text is found everywhere: no gate)."""
    from re import _parser

    pat = _re("attendee_after")
    width = _parser.parse(pat.pattern, pat.flags).getwidth()[1]
    return required_text(pat), min(width, 1 << 30)


@functools.cache
def _needs(key: str) -> tuple[str, ...]:
    """Texts one of which every match of the [place] pattern ``key`` holds (also inside a group
    of alternatives: the closing words of a dateline)."""
    return needs(_re(key))


def _firm_stems(text: str, places: list | None = None, spans: list[tuple[int, int]] | None = None) -> set[str]:
    """Names of firms that begin with a place ("X省Y" of "X省Y集团公司", the province X written short): wherever such a
    name recurs, even without its suffix, the place in it is part of the name (``places``: those of ``text``, if known;
    or ``spans``: their (start, end))."""
    out = set()
    pat = _re("firm_after_place")
    if spans is None:
        spans = [(p.start, p.end) for p in (places if places is not None else gazetteer.find_places(text))]
    for start, end in spans:
        m = pat.match(text, end)
        if m:
            out.add(text[start:m.start("suffix")])
    return out


def _short_county_mentions(text: str, a: int, b: int, pos: str) -> list:
    """Two-character county names where the context bounds them: a media credit ("X网讯", X a county written short)
    and the district branch of a city bureau ("X市市场监督管理局Y分局": Y a county of X)."""
    span = text[a:b]
    out = []
    if pos == "dateline":
        for s in (span[:2], span[:3]):
            regs = tuple(r for r in gazetteer.by_short(s) if r.level == "county")
            # the name must be the medium's own ("X网讯", "X融媒讯"), not a word ("新华社")
            if regs and not gazetteer.find_places(span[:len(s)]) and _re("media_after").match(text, a + len(s)):
                out.append((a, a + len(s), s, regs))
                break
    else:
        m = _re("branch").search(span)
        if m:
            cities = {r.name for p in gazetteer.find_places(span[:m.start("x")]) for r in p.regions if r.level == "city"}
            regs = tuple(r for r in gazetteer.by_short(m.group("x")) if r.level == "county" and r.city in cities)
            if regs:
                out.append((a + m.start("x"), a + m.end("x"), m.group("x"), regs))
    return out


def _city_of(r: Region) -> str:
    """The city a reading counts for: its prefecture, or its municipality for a municipality's district."""
    return r.city or (r.province if r.level == "county" else "")


def _chain(r: Region) -> tuple[str, str, str]:
    return (r.province, r.city if r.level != "province" else "", r.name if r.level == "county" else "")


def resolve(mentions: list[Mention]) -> Place:
    """One consistent province → city → county chain from weighted mentions (a mention weighing
    nothing, such as a place that begins a firm's name, is no evidence)."""
    mentions = [m for m in mentions if m.weight > 0]
    if not mentions:
        return Place(None, None, None, {}, {}, {}, None)
    # an ambiguous surface goes to the reading that other mentions support
    prov_weight: dict[str, float] = {}
    city_weight: dict[str, float] = {}
    for m in mentions:
        share = m.weight / len(m.regions)
        # (a surface read in several cities supports none of them: its share would count twice for a
        # reading under a city, province and city, and once for a municipality's district)
        one_city = len({_city_of(r) for r in m.regions}) == 1
        for r in m.regions:
            prov_weight[r.province] = prov_weight.get(r.province, 0) + share
            # a district of a municipality (北京市朝阳区) has no prefecture between: the municipality
            # stands as its city, or such a reading would always lose to a namesake under a prefecture
            city = _city_of(r)
            if city and one_city:
                city_weight[city] = city_weight.get(city, 0) + share
    readings: list[tuple[Mention, Region]] = []
    for m in mentions:
        # (one reading: max of one is it; with no other support, a province's short name reads as the province
        # (海南, 吉林: a prefecture so named is written 海南州, 吉林市), else a reading with a city, a
        # municipality standing as its districts' city)
        r = m.regions[0] if len(m.regions) == 1 else max(
            m.regions, key=lambda r: (prov_weight.get(r.province, 0) + city_weight.get(_city_of(r), 0),
                                      r.level == "province", bool(_city_of(r)), -DEPTH[r.level]))
        readings.append((m, r))
    total = sum(m.weight for m, _ in readings) or 1.0
    by_prov: dict[str, float] = {}
    for m, r in readings:
        by_prov[r.province] = by_prov.get(r.province, 0) + m.weight
    prov = max(by_prov, key=by_prov.get)
    inside = [(m, r) for m, r in readings if r.province == prov]
    min_share = _cfg()["min_share"]
    by_city: dict[str, float] = {}
    for m, r in inside:
        if r.city:
            by_city[r.city] = by_city.get(r.city, 0) + m.weight
    city = None
    if by_city:
        best = max(by_city, key=by_city.get)
        if by_city[best] >= min_share * by_prov[prov]:
            city = best
    # (one county however named: a former name and today's, or the form after a renaming, share its code)
    by_county: dict[str, tuple[float, Region]] = {}
    for m, r in inside:
        if r.level == "county" and (city is None or r.city == city or not r.city):
            w0, r0 = by_county.get(r.adcode, (0.0, r))
            by_county[r.adcode] = (w0 + m.weight, r0)
    county = None
    if by_county:
        best = max(by_county, key=lambda k: by_county[k][0])
        base = by_city.get(city, 0) if city else by_prov[prov]
        if by_county[best][0] >= min_share * base:
            county = by_county[best][1]
            if county.city and city is None:
                city = county.city
    if county is not None and county.city and city != county.city:
        county = None
    wants = {"province": prov, "city": city, "county": county.adcode if county else None}
    best_mention: dict[str, Mention] = {}
    for m, r in readings:
        # the mention names its own level's place: the province's, the city's or the county's (by its code)
        lvl = r.level
        name = r.province if lvl == "province" else r.city if lvl == "city" else r.adcode
        if name and name == wants[lvl] and (lvl not in best_mention or best_mention[lvl].weight < m.weight):
            best_mention[lvl] = m
    for lvl in ("province", "city"):  # (a county is never found this way: no reading names it so)
        if lvl not in best_mention:
            want = wants[lvl]
            cands = [m for m, r in readings if (lvl == "province" and r.province == want) or
                     (lvl == "city" and r.city == want and want)]
            if cands and want:
                best_mention[lvl] = max(cands, key=lambda m: m.weight)
    weight = {"province": by_prov[prov]}
    if city:
        weight["city"] = by_city.get(city, by_county[county.adcode][0] if county else 0)
    if county is not None:
        weight["county"] = by_county[county.adcode][0]
    support = {k: v / total for k, v in weight.items()}
    prov_region = gazetteer.by_name(prov)
    city_region = gazetteer.by_name(city) if city else None
    qualified = None
    for m, r in readings:
        if m.qualifies and r.province == prov:
            lvl = r.level
            if lvl == "county" and (county is None or r.adcode != county.adcode):
                continue
            if lvl == "city" and r.name != city:
                continue
            if qualified is None or DEPTH[lvl] > DEPTH[qualified]:
                qualified = lvl
    cities = {} if city else {
        c: max((m for m, r in inside if r.city == c), key=lambda m: m.weight) for c in by_city}
    return Place(prov_region, city_region, county, best_mention, support, weight, qualified, cities)
