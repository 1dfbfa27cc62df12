"""qmcorpus.extract: clean simplified text → field values, each with Evidence(start, end, rule)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..types import Activity, Evidence
from .confidence import CONFIDENCE_FIELDS, SCORED, scored

# The extracted fields of documents.csv, in contract order; None = the text does not tell.
FIELDS = (
    "title", "doc_type", "level", "province", "city", "county", "year", "issuers", "doc_number",
    "theme", "publish_date", "period_start", "period_end", "categories",
)
LIST_FIELDS = frozenset({"issuers", "categories", "issuers_canonical", "headings", "attachments", "contacts"})
# extra extracted columns (not in the contract): canonical issuer names; the year a theme implies
# through the national themes table when the text does not state the year; today's code of the
# most specific place (the same across the place's renamings); the document's
# structure — addressees (主送), top-level headings, signing date as written, attachments, contacts
EXTRA_FIELDS = ("issuers_canonical", "year_from_theme", "adcode", "addressees", "headings", "signature_date", "attachments",
                "contacts", *(f"{f}_confidence" for f in CONFIDENCE_FIELDS))
_CONFIDENCE_COL = {f: f"{f}_confidence" for f in CONFIDENCE_FIELDS}


@dataclass(frozen=True)
class Extraction:
    fields: dict = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    activities: tuple[Activity, ...] = ()
    keys: tuple[tuple[str, ...], ...] = ()  # calibration keys of each evidence (confidence.keys)


_ALL_FIELDS = tuple((f, f in LIST_FIELDS) for f in FIELDS + EXTRA_FIELDS)  # (name, holds a list)


_NONE_FIELDS = dict.fromkeys(f for f, _ in _ALL_FIELDS)  # every field None, in order
_LISTED = tuple(f for f, listed in _ALL_FIELDS if listed)


def empty_fields() -> dict:
    """Every field unknown: None, or a new empty list for a list field (the order of FIELDS +
    EXTRA_FIELDS: a copy of a table made once, its list fields then given lists of their own)."""
    out = _NONE_FIELDS.copy()
    for f in _LISTED:
        out[f] = []
    return out


@functools.cache
def _finders():
    """The finder modules, imported once (not on every document); their functions are read from
    the modules at each call, so that a profiler's or a test's replacement is the one called."""
    from . import activities, fields, issuers, layout, places, regions, structure

    return fields, activities, issuers, places, regions, layout, structure


def extract(text: str, *, page_meta: tuple[tuple[str, str], ...] = ()) -> Extraction:
    """Extract every field from clean text; each value comes with its evidence.

    ``page_meta`` is the metadata normalisation captured from dropped page lines (posted date …);
    values taken from it have evidence offsets -1.

    >>> ex = extract("关于开展2017年全县“质量月”活动的通知\\n各乡镇:\\n二、活动主题\\n质量强县\\n\\n某县质量发展领导小组\\n2017年8月28日")
    >>> ex.fields["year"], ex.fields["theme"], ex.fields["publish_date"], ex.fields["doc_type"]
    (2017, '质量强县', '2017-08-28', 'notice')
    """
    F, A, I, P, R, L, S = _finders()

    meta = dict(page_meta)
    lay = L.layout(text)  # computed once, handed to every finder
    lines = lay.lines
    out = empty_fields()
    ev: list[tuple] = []  # (field, value, start, end, rule): made Evidence once, with its confidence
    raw_conf: dict[str, float] = {}

    def put(name: str, found) -> None:
        if found is None or found.value in (None, ""):
            return
        out[name] = found.value
        ev.append((name, str(found.value), found.start, found.end, found.rule))

    title = F.find_title(lay)
    put("title", title)
    put("doc_number", F.find_doc_number(lay, meta))
    doc_type = F.find_doc_type(lay, title)
    put("doc_type", doc_type)
    theme = F.find_theme(lay)
    put("theme", theme)
    # a chronicle's section is no news, yet it reports its campaign as a news report does: its year
    # and its organisers are read the same way
    # (so is a transcript of questions answered: its answers name who runs the campaign)
    reported_as = "news" if doc_type.rule in ("doc_type:book_section", "doc_type:transcript_title") else doc_type.value
    year = F.find_year(text, title, theme, reported_as)  # (it finds the text's dates if it needs them)
    publish = F.find_publish_date(lay, meta, year.value if year else None)
    # a document about one campaign (a notice, a report, a speech, a summary) is dated in its year;
    # a reference text (history, 简介: doc_type:other_title; a chronicle's section) is about none
    if year is None and publish is not None and doc_type.rule not in ("doc_type:other_title", "doc_type:book_section"):
        year = F.Found(int(str(publish.value)[:4]), publish.start, publish.end, "year:publish_date")
    put("year", year)
    if year is None:
        put("year_from_theme", F.year_from_theme(theme))
    put("publish_date", publish)
    # the weighed decisions' margins (share of the evidence); confidence.keys bins raw values of SCORED fields only
    for name, found in (("theme", theme), ("publish_date", publish)):
        if found is not None and found.share is not None:
            raw_conf[name] = found.share
    start, end = F.find_period(lay, year.value if year else None)
    put("period_start", start)
    put("period_end", end)

    issuers = I.find_issuers(lay, title, reported_as)
    out["issuers"] = [f.value for f in issuers]
    out["issuers_canonical"] = [I.canonical(f.value) for f in issuers]
    ev += [("issuers", f.value, f.start, f.end, f.rule) for f in issuers]
    # the place is found on its own; the level then weighs it with the issuers and scope words
    place = P.place_of(lay, issuers, station=meta.get("station"))
    level, level_conf = R.find_level(lay, issuers, title, place=place)
    put("level", level)
    raw_conf["level"] = level_conf
    # the places are named as in the document's year (a former name it writes, or the name of that year)
    era = R.document_year(year, publish)
    own_places = R.association_places(issuers, era) if level is not None and level.value == "association" else {}
    found_places = own_places or R.places_for_level(place, R.place_depth(level.value if level else None, issuers), era)
    for name, (found, conf) in found_places.items():
        put(name, found)
        raw_conf[name] = conf
    put("adcode", R.today_code(found_places, None if own_places else place))
    if lay.addressee is not None:
        ln = lines[lay.addressee]
        put("addressees", F.Found(ln.text.rstrip(":："), ln.start, ln.start + len(ln.text.rstrip(":：")), "structure:addressee_line"))
    for h in lay.headings:
        if h.level == 1:
            ln = lines[h.line]
            out["headings"].append(ln.text)
            ev.append(("headings", ln.text, ln.start, ln.end, "structure:heading_一、"))
    sig = lay.signature[1]
    if sig is not None:
        ln = lines[sig]
        put("signature_date", F.Found(ln.text, ln.start, ln.end, "structure:signature_date_line"))
    for i, title_text in S.attachments(lines, text):
        ln = lines[i]
        at = ln.start + ln.text.find(title_text)
        out["attachments"].append(title_text)
        ev.append(("attachments", title_text, at, at + len(title_text), "structure:附件"))
    for i in S.contacts(lines, text):
        ln = lines[i]
        out["contacts"].append(ln.text)
        ev.append(("contacts", ln.text, ln.start, ln.end, "structure:contact_line"))

    activities = tuple(A.find_activities(lay, theme=theme.value if theme else None, issuers=tuple(out["issuers"]),
                                         level=level.value if level else None))
    cats: list[str] = []
    for a in activities:
        for c in a.categories:
            if c not in cats:
                cats.append(c)
                ev.append(("categories", c, a.start, a.end, f"categories:activity_{a.index}"))
    out["categories"] = cats
    n_items = _items_per_category(activities, cats)
    ev, ckeys = _with_confidence(ev, out, raw_conf, {c: f"in_{min(n, 3)}_items" for c, n in n_items.items()})
    return Extraction(fields=out, evidence=tuple(ev), activities=activities, keys=tuple(ckeys))


def _items_per_category(activities, cats: list[str]) -> dict[str, int]:
    """{category: how many activities name it} for each of ``cats`` (an activity counts once,
    however often it names it): one pass over the activities, not one a category."""
    n = dict.fromkeys(cats, 0)
    for a in activities:
        for c in set(a.categories):
            if c in n:
                n[c] += 1
    return n


def _with_confidence(ev: list[tuple], out: dict, raw: dict[str, float], cat_rules: dict[str, str]):
    """Each evidence ``(field, value, start, end, rule)`` as Evidence with its calibrated confidence,
    and the <field>_confidence columns (the weakest value of a list field)."""
    done, ckeys = [], []
    # Evidence._make without its Python frame: tuple.__new__ makes the same named tuple (each
    # record here has its six fields)
    new = tuple.__new__
    for e in ev:
        field = e[0]
        col = _CONFIDENCE_COL.get(field)
        if col is None:  # a field without a confidence
            done.append(new(Evidence, (*e, None)))
            ckeys.append(())
            continue
        rule = e[4] if field != "categories" else cat_rules.get(e[1], e[4])
        if field in SCORED:  # (its raw share counts: scored() bins it)
            c, k = scored(field, rule, raw.get(field))
        else:
            c, k = _PLAIN.get((field, rule)) or _plain_scored(field, rule)
        done.append(new(Evidence, (*e, c)))
        ckeys.append(k)
        old = out.get(col)
        out[col] = c if old is None or c < old else old
    return done, ckeys


_PLAIN: dict = {}  # (field, rule) → scored(field, rule) of a field whose raw share does not count


def _plain_scored(field: str, rule: str) -> tuple[float, tuple[str, ...]]:
    """``scored(field, rule)`` of a field outside SCORED (no raw share), kept in _PLAIN: a few
    hundred rules a run, looked up once a value instead of through scored()'s calls."""
    got = _PLAIN[(field, rule)] = scored(field, rule)
    return got
