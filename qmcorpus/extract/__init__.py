"""qmcorpus.extract: clean simplified text → field values, each with Evidence(start, end, rule)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Activity, Evidence
from .confidence import CONFIDENCE_FIELDS

# The extracted fields of documents.csv, in contract order; None = the text does not tell.
FIELDS = (
    "title", "doc_type", "level", "province", "city", "county", "year", "issuers", "doc_number",
    "theme", "publish_date", "period_start", "period_end", "categories",
)
LIST_FIELDS = frozenset({"issuers", "categories", "issuers_canonical", "headings", "attachments", "contacts"})
# extra extracted columns (not in the contract): canonical issuer names; the year a theme implies
# through the national themes table when the text does not state the year; the document's
# structure — addressees (主送), top-level headings, signing date as written, attachments, contacts
EXTRA_FIELDS = ("issuers_canonical", "year_from_theme", "addressees", "headings", "signature_date", "attachments",
                "contacts", *(f"{f}_confidence" for f in CONFIDENCE_FIELDS))
_CONFIDENCE_SET = frozenset(CONFIDENCE_FIELDS)
_CONFIDENCE_COL = {f: f"{f}_confidence" for f in CONFIDENCE_FIELDS}


@dataclass(frozen=True)
class Extraction:
    fields: dict = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    activities: tuple[Activity, ...] = ()
    keys: tuple[tuple[str, ...], ...] = ()  # calibration keys of each evidence (confidence.keys)


def empty_fields() -> dict:
    return {f: ([] if f in LIST_FIELDS else None) for f in FIELDS + EXTRA_FIELDS}


def extract(text: str, *, page_meta: tuple[tuple[str, str], ...] = ()) -> Extraction:
    """Extract every field from clean text; each value comes with its evidence.

    ``page_meta`` is the metadata normalisation captured from dropped page lines (posted date …);
    values taken from it have evidence offsets -1.

    >>> ex = extract("关于开展2017年全县“质量月”活动的通知\\n各乡镇:\\n二、活动主题\\n质量强县\\n\\n某县质量发展领导小组\\n2017年8月28日")
    >>> ex.fields["year"], ex.fields["theme"], ex.fields["publish_date"], ex.fields["doc_type"]
    (2017, '质量强县', '2017-08-28', 'notice')
    """
    from . import fields as F
    from .activities import find_activities
    from .dates import find_dates
    from .issuers import canonical, find_issuers
    from .places import place_of
    from .regions import association_places, find_level, place_depth, places_for_level
    from .layout import layout
    from .structure import attachments, contacts

    meta = dict(page_meta)
    lay = layout(text)  # computed once, handed to every finder
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
    dates = find_dates(text)
    year = F.find_year(text, title, theme, doc_type.value, dates)
    publish = F.find_publish_date(lay, meta, year.value if year else None)
    # a document about one campaign (a notice, a report, a speech, a summary) is dated in its year;
    # a reference text (history, 简介: doc_type:other_title) is about none
    if year is None and publish is not None and doc_type.rule != "doc_type:other_title":
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

    issuers = find_issuers(lay, title, doc_type.value)
    out["issuers"] = [f.value for f in issuers]
    out["issuers_canonical"] = [canonical(f.value) for f in issuers]
    ev += [("issuers", f.value, f.start, f.end, f.rule) for f in issuers]
    # the place is found on its own; the level then weighs it with the issuers and scope words
    place = place_of(lay, issuers)
    level, level_conf = find_level(lay, issuers, title, place=place)
    put("level", level)
    raw_conf["level"] = level_conf
    own_places = association_places(issuers) if level is not None and level.value == "association" else {}
    for name, (found, conf) in (own_places or places_for_level(place, place_depth(level.value if level else None, issuers))).items():
        put(name, found)
        raw_conf[name] = conf
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
    for i, title_text in attachments(lines):
        ln = lines[i]
        at = ln.start + ln.text.find(title_text)
        out["attachments"].append(title_text)
        ev.append(("attachments", title_text, at, at + len(title_text), "structure:附件"))
    for i in contacts(lines):
        ln = lines[i]
        out["contacts"].append(ln.text)
        ev.append(("contacts", ln.text, ln.start, ln.end, "structure:contact_line"))

    activities = tuple(find_activities(lay, theme=theme.value if theme else None, issuers=tuple(out["issuers"])))
    cats: list[str] = []
    for a in activities:
        for c in a.categories:
            if c not in cats:
                cats.append(c)
                ev.append(("categories", c, a.start, a.end, f"categories:activity_{a.index}"))
    out["categories"] = cats
    n_items = {c: sum(c in a.categories for a in activities) for c in cats}
    ev, ckeys = _with_confidence(ev, out, raw_conf, {c: f"in_{min(n, 3)}_items" for c, n in n_items.items()})
    return Extraction(fields=out, evidence=tuple(ev), activities=activities, keys=tuple(ckeys))


def _with_confidence(ev: list[tuple], out: dict, raw: dict[str, float], cat_rules: dict[str, str]):
    """Each evidence ``(field, value, start, end, rule)`` as Evidence with its calibrated confidence,
    and the <field>_confidence columns (the weakest value of a list field)."""
    from .confidence import scored

    done, ckeys = [], []
    for e in ev:
        field, value, _, _, rule = e
        if field not in _CONFIDENCE_SET:
            done.append(Evidence(*e))
            ckeys.append(())
            continue
        if field == "categories":
            rule = cat_rules.get(value, rule)
        c, k = scored(field, rule, raw.get(field))
        done.append(Evidence(*e, c))
        ckeys.append(k)
        col = _CONFIDENCE_COL[field]
        out[col] = c if out.get(col) is None else min(out[col], c)
    return done, ckeys
