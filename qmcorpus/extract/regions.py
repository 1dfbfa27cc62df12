"""qmcorpus.extract.regions: the document's level, weighed from every cue, and its place at that level.

The place is found independently (:mod:`.places`). The level then adds up its evidence (weights in
data/extract.toml [level_weights]): the kinds of the issuing bodies (national ministries,
associations, firms, or the place in a body's name), whom a notice addresses, how the text speaks
of its own scope (全市/我县/本公司 …), and how specific the place named in salient positions is.
The document's place is that chain down to the depth its level asks for.
"""
from __future__ import annotations

import functools
import re

from .. import resources

try:  # one pass for the texts of every scope rule (else one search a rule)
    import ahocorasick_rs as _ac
except ImportError:  # pragma: no cover - the pure-Python fallback
    _ac = None
from ..literals import required_any, words_re
from . import gazetteer, zones
from .fields import Found
from .layout import Layout
from .lookahead import nonspace_width
from .structure import config

_LEVEL_OF = {"province": "provincial", "city": "municipal", "county": "county"}
_DEPTH_OF = {lvl: depth for depth, lvl in _LEVEL_OF.items()}


@functools.cache
def _level_rules() -> tuple[tuple, tuple, tuple]:
    """(name prefixes, scope words, addressee patterns) of data/extract.toml, in their order."""
    cfg = config()["level"]
    return (tuple(map(tuple, cfg["prefix_levels"])), tuple(map(tuple, cfg["scope"])),
            tuple(map(tuple, cfg["addressed"])))


@functools.cache
def _scope_rules() -> tuple[tuple[str, re.Pattern, tuple[str, ...], re.Pattern | None], ...]:
    """The scope words of :func:`_level_rules`, compiled, each with the texts one of which its
    every match holds (:func:`..literals.required_any`; most heads hold none of most levels'), and
    a plain search for those texts (one scan that skips at C speed to their first characters)."""
    out = []
    for lvl, pat in _level_rules()[1]:
        needs = required_any(re.compile(pat))
        out.append((lvl, re.compile(pat), needs, words_re(needs) if needs else None))
    return tuple(out)


@functools.cache
def _scope_scan() -> tuple[object, tuple[str, ...], tuple[tuple[int, ...], ...], tuple[int | None, ...]]:
    """The texts every scope word needs (:func:`_scope_rules`), found in one pass: (an automaton
    reporting every occurrence, overlapping ones too, or None without ahocorasick_rs; the texts;
    for each text the rules that need it; each rule's :func:`nonspace_width`)."""
    rules = _scope_rules()
    texts = tuple(sorted({t for _, _, needs, _ in rules for t in needs}))
    of_text = tuple(tuple(i for i, r in enumerate(rules) if t in r[2]) for t in texts)
    widths = tuple(nonspace_width(pat) for _, pat, _, _ in rules)
    automaton = None
    if _ac is not None and texts:
        automaton = _ac.AhoCorasick(texts, matchkind=_ac.MatchKind.Standard)
    return automaton, texts, of_text, tuple(widths)


def _scope_starts(head: str, one_pass: bool = True) -> list[int | None]:
    """For each scope rule, where in ``head`` its matches may begin: None when ``head`` holds none
    of the texts every match of it holds (no match), else a position no match starts before (a match
    holds such a text, the first of which is at q, and spans at most the rule's widest match).
    (``one_pass`` False: the texts searched rule by rule, as without ahocorasick_rs.)"""
    automaton, texts, of_text, widths = _scope_scan()
    rules = _scope_rules()
    first: list[int | None] = [None] * len(rules)
    if automaton is None or not one_pass:  # one search a rule
        for i, (_, _, needs, needs_re) in enumerate(rules):
            m = needs_re.search(head) if needs_re is not None else None
            first[i] = m.start() if m else None
    else:
        for k, q, _ in automaton.find_matches_as_indexes(head, overlapping=True):
            for i in of_text[k]:
                if first[i] is None or q < first[i]:
                    first[i] = q
    out: list[int | None] = []
    for i, (_, _, needs, _) in enumerate(rules):
        if not needs:
            out.append(0)  # nothing known every match holds: searched from the start
        elif first[i] is None:
            out.append(None)
        else:
            out.append(back_over(head, first[i], widths[i]) if widths[i] is not None else 0)
    return out


def back_over(text: str, q: int, width: int) -> int:
    """The first offset p such that ``text[p:q]`` holds at most ``width`` characters that are no
    white space: where a match holding ``text[q]`` starts at the earliest, for a pattern whose
    matches hold at most ``width`` characters besides those of its white-space repeats."""
    p, left = q, width
    while p > 0:
        ch = text[p - 1]
        if not ch.isspace():  # (str.isspace: the characters of \s in a str pattern)
            if left == 0:
                break
            left -= 1
        p -= 1
    return p


@functools.cache
def _compiled(key: str) -> re.Pattern:
    """The [level] pattern ``key`` of data/extract.toml, compiled once."""
    return re.compile(config()["level"][key])


@functools.cache
def _national() -> frozenset[str]:
    return frozenset(config()["level"]["national_bodies"])


@functools.lru_cache(maxsize=4096)
def body_level(name: str) -> str | None:
    """Level of one body from its name: national, association, enterprise, other (a hospital, a
    school), or by the place in it. (Memoised: the place, the level and an association's places
    all ask about the same issuers.)"""
    cfg = config()["level"]
    if name in _national():
        return "national"
    if re.search(cfg["association"], name):
        return "association"  # (a national association too: 全国某某协会)
    if name.startswith(resources.word_list("extract.toml", "level.national_prefixes")):
        return "national"
    if re.search(cfg["national_department"], name) and not _leading_chain(name):
        return "national"  # a ministry's department, named without a place
    if re.search(cfg["enterprise"], name):
        return "enterprise"
    if re.search(cfg["institution"], name):
        return "other"  # a hospital or a school runs its own campaign, whatever place its name holds
    if is_township(name):
        return "other"  # a town's or a street's campaign: below every level of the list
    if re.search(cfg["corps_division"], name):
        return "municipal"  # a division (师) of the Production and Construction Corps: a prefecture's rank
    chain = _leading_chain(name)
    if chain and zones.zone_of(chain[-1].regions, name, chain[-1].end):
        return "county"  # a development zone's body (X工业园区管委会, X经开区市场监管局)
    if chain and re.search(cfg["branch_of_city_body"], name) and all(r.level == "city" for r in chain[-1].regions):
        return "county"  # a city bureau's district branch (X市市场监督管理局Y分局)
    if chain:
        # the most local place named at the start of the body ("X市Y区市场监督管理局" → county)
        widest = min(chain[-1].regions, key=lambda r: ("province", "city", "county").index(r.level))
        return _LEVEL_OF[widest.level]
    if re.search(cfg["provincial_department"], name):
        return "provincial"  # a 厅 is a province's or an autonomous region's department (区市场监管厅: the region's)
    for prefix, level in _level_rules()[0]:
        if name.startswith(prefix):
            return level
    if name.endswith("总局") or name.endswith("部") and len(name) <= 8 and not re.search(cfg["unit_not_ministry"], name):
        return "national"
    return None


def _leading_chain(name: str):
    """Place mentions that start a body's name back to back (X省 Y县 / X市 Y区)."""
    out = []
    pos = 0
    for p in gazetteer.find_places(name):
        if p.start != pos:
            break
        out.append(p)
        pos = p.end
    return out


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding text[pos] begins: after the last [level] clause_break before it."""
    brk = _compiled("clause_break").match
    while pos > 0 and not brk(text[pos - 1]):
        pos -= 1
    return pos


def partner_official(text: str, start: int, end: int) -> bool:
    """Whether the government or official word at text[start:end] ("市委", "县政府", "副县长") is another
    body's: its clause names a place before it or into it ("X市委副书记", "X县县委常委"), or it
    follows a word that addresses or cites ("各市委", "《省政府…》"). Named without a place, it is the
    writer's own government ("县政府副县长某某出席")."""
    clause = _clause_start(text, start)
    if _compiled("not_own_before").search(text[clause:start]):
        return True
    return any(p.start < start - clause for p in gazetteer.find_places(text[clause:end]))


def quoted_scope(text: str, start: int, lvl: str) -> bool:
    """Whether a 全X scope word at ``start`` ("全省") is a named place's own, quoted: its clause names a
    place of that level before it ("X省确定今年全省…主题为"). The text reports what that place does;
    it is no cue of the text's own scope."""
    depth = _DEPTH_OF.get(lvl)
    if depth is None or not text.startswith(config()["level"]["whole_scope_prefix"], start):
        return False
    clause = _clause_start(text, start)
    return any(r.level == depth for p in gazetteer.find_places(text[clause:start]) for r in p.regions)


# a cue of the level: (kind, level, value, evidence); kinds are the keys of [level_weights]
Cue = tuple[str, str, float, Found]


def level_cues(lay: Layout, issuers: list[Found], title: Found | None, place) -> list[Cue]:
    """Every cue of the document's level, unweighted: (kind, level, value, evidence).

    Kinds: the lead issuer's kind and the other issuers' kinds, whom a notice addresses, how the
    text speaks of its own scope (全市/我县/本公司 …, the earliest counting most; officials'
    titles too when named without a place), the most specific place the text names in salient positions (:mod:`.places`;
    value = its support × strength), and a place that qualifies the campaign. (A national body
    named early in a text about the national campaign is no cue: tools/level_cv.py showed it
    decided no page, always agreed with the issuers, and a fitted weight for it is about 0.)
    """
    w = config()["level_weights"]
    text, addressee = lay.text, lay.addressee_line
    cues: list[Cue] = []
    depth = place.depth if place is not None else None  # (worked out once: a property)
    city_as_county = _county_level_city(place, depth, w)
    # a municipality's text (上海市 named, no place under it) calls itself 市 (全市, 市经委): the province's level
    city_as_province = depth == "province" and place.province.name.endswith(config()["level"]["county_city_suffix"])
    kinds = [(f, body_level(f.value)) for f in issuers]
    kinds = [(f, _own_city(lvl, f.value, city_as_county, city_as_province)) for f, lvl in kinds if lvl]
    # joint organisers of several levels (省局, 市局 and 县领导小组 together) have no lead: the
    # text's scope words and place decide among their levels
    joint_levels = len({lvl for _, lvl in kinds if lvl in _LEVEL_OF.values()}) > 1
    for n, (f, lvl) in enumerate(kinds):
        kind = "lead_issuer" if n == 0 and not joint_levels else "other_issuer"
        cues.append((kind, lvl, 1.0, Found(lvl, f.start, f.end, f"level:issuer_{lvl}")))
    # an association leading names its own scope with its place (X省质量协会 works province-wide): the
    # text's scope words and places of that level tell its reach, no administration's level
    own_scope = _association_scope(kinds[0][0].value) if kinds and not joint_levels and kinds[0][1] == "association" else None
    if title is not None and title.start >= 0:
        m = _compiled("title_institution").search(title.value)
        if m:
            cues.append(("title_institution", "other", 1.0, Found("other", title.start + m.start(), title.start + m.end(),
                                                                 "level:title_institution")))
    if addressee is not None:
        start, line = addressee
        for lvl, pat in _level_rules()[2]:
            m = re.search(pat, line)
            if m:
                cues.append(("addressee", lvl, 1.0, Found(lvl, start + m.start(), start + m.end(), f"level:addressees_{lvl}")))
                break
    head = text[: max(600, title.end if title else 0)]
    # 全区/我区 of an autonomous region's text is the region's, unless the text names a county-level place: a
    # province's or a city's text calls the region 区 (a city calls itself 市), a district's text itself
    autonomous = depth in ("province", "city") and place.province.name.endswith(config()["level"]["autonomous_region_suffix"])
    hits = []
    officials = _compiled("officials")
    for (lvl, pat, _, _), pos in zip(_scope_rules(), _scope_starts(head)):
        if pos is None:
            continue  # none of the texts every match holds: no match
        # the first scope word that is not a partner's official ("X市委副书记", "各市委", "《省政府…》");
        # (searched from pos: no match begins before it, and lookbehinds still see the text before)
        m = next((m for m in pat.finditer(head, pos)
                  if not (officials.search(m.group(0)) and partner_official(head, m.start(), m.end()))
                  and not quoted_scope(head, m.start(), lvl)), None)
        if m:
            if lvl == "county" and autonomous and "区" in m.group(0):
                lvl = "provincial"  # 全区 of an autonomous region
            elif lvl == "municipal" and city_as_county and "市" in m.group(0):
                lvl = "county"  # 全市/我市 of a county-level city
            elif lvl == "municipal" and city_as_province and "市" in m.group(0):
                lvl = "provincial"  # 全市/我市 of a municipality
            hits.append((m.start(), "association" if lvl == own_scope else lvl, m))
    for i, (_, lvl, m) in enumerate(sorted(hits, key=lambda h: h[0])):
        # "全市/我县" state the text's own scope, and so do "县政府/副县长" named without a place
        kind = "scope_first" if i == 0 else "scope_other"
        cues.append((kind, lvl, 1.0, Found(lvl, m.start(), m.end(), f"level:scope_{lvl}")))
    if depth:
        lvl = _LEVEL_OF[depth]
        lvl = "association" if lvl == own_scope else lvl
        m = place.mentions.get(depth)
        ev = Found(lvl, m.start, m.end, f"level:place_{depth}") if m else Found(lvl, -1, -1, f"level:place_{depth}")
        strength = min(1.0, place.weight.get(depth, 0.0) / w["place_full_weight"])
        cues.append(("place_depth", lvl, place.support.get(depth, 0.0) * strength, ev))
        if place.qualified:
            q = _LEVEL_OF[place.qualified]
            m = place.mentions.get(place.qualified)
            cues.append(("place_qualified", q, 1.0, Found(q, m.start if m else -1, m.end if m else -1,
                                                          f"level:place_qualifies_campaign_{place.qualified}")))
    return cues


def _association_scope(name: str) -> str | None:
    """The level of the place an association's name opens with (某省质量协会 → provincial), or None."""
    chain = _leading_chain(name)
    if not chain:
        return None
    local = max(chain[-1].regions, key=lambda r: ("province", "city", "county").index(r.level))
    return _LEVEL_OF[local.level]


def _county_level_city(place, depth: str | None, w: dict) -> bool:
    """Whether the document's place is a county-level city (县级市: a county named X市) that salient
    positions name in full weight (a title, an issuer): its text calls itself 市 (全市, 市质监局),
    meaning that city, not a prefecture."""
    return (depth == "county" and place.county.name.endswith(config()["level"]["county_city_suffix"])
            and place.weight.get("county", 0.0) >= w["place_full_weight"])


def _own_city(lvl: str, name: str, city_as_county: bool, city_as_province: bool = False) -> str:
    """The level of a body named without a place ("市质监局"): in a county-level city's text its 市
    is that city, a county-level body; in a municipality's text, the municipality's, a provincial one."""
    if lvl == "municipal" and (city_as_county or city_as_province) \
            and name.startswith(config()["level"]["county_city_suffix"]) and not _leading_chain(name):
        return "county" if city_as_county else "provincial"
    return lvl


def level_scores(lay: Layout, issuers: list[Found], title: Found | None, place) -> dict[str, tuple[float, Found]]:
    """level → (score, the strongest evidence): the cues of :func:`level_cues` added up with the
    hand-set weights of [level_weights]."""
    w = config()["level_weights"]
    scores: dict[str, tuple[float, Found]] = {}
    for kind, lvl, value, ev in level_cues(lay, issuers, title, place):
        weight = w[kind] * value
        old = scores.get(lvl)
        if old is None:
            scores[lvl] = (weight, ev)
        else:
            scores[lvl] = (old[0] + weight, ev if weight > 0 and old[1] is None else old[1])
    return scores


def hand_level(scores: dict[str, tuple[float, Found]]) -> tuple[Found | None, float]:
    """The level whose hand-weighted cues weigh most, and its raw confidence (the winner's share
    of all the weight, scaled down while the winner's weight is small)."""
    if not scores:
        return None, 0.0
    lvl = max(scores, key=lambda k: scores[k][0])
    total = sum(max(s, 0.0) for s, _ in scores.values())
    best, ev = scores[lvl]
    share = best / total if total else 0.0
    return Found(lvl, ev.start, ev.end, ev.rule), share * min(1.0, best / 3.0)


def find_level(lay: Layout, issuers: list[Found], title: Found | None, place=None) -> tuple[Found | None, float]:
    """The document's level and a confidence: the level whose cues weigh most (:func:`level_scores`).

    The confidence is the winner's share of all the weight, so agreeing cues give a high value
    and a contested decision a low one.
    """
    return hand_level(level_scores(lay, issuers, title, place))


def is_township(name: str) -> bool:
    """The government of a town, a township or a street (某镇人民政府, 某街道办事处)."""
    return re.search(config()["level"]["township"], name) is not None


def place_depth(level: str | None, issuers: list[Found]) -> str | None:
    """The level whose places a document names: its own, but a town's or a street's campaign
    (level "other") sits in a county and names it, its city and its province."""
    if level == "other" and issuers and is_township(issuers[0].value):
        return "county"
    return level


ONLY_CITY_CONFIDENCE = 0.5  # a city taken as the only one a city document names: half as sure


def places_for_level(place, level: str | None, year: int | None = None) -> dict[str, tuple[Found, float]]:
    """{'province': (Found, confidence), …} down to the depth the level asks for (a county
    document names its county, city and province; a provincial one only its province), each
    named as in the document's ``year`` (:func:`era_name`)."""
    want = {"provincial": "province", "municipal": "city", "county": "county"}.get(level or "")
    if not want or place is None or place.province is None:
        return {}
    out = {}
    depth = ("province", "city", "county")[: ("province", "city", "county").index(want) + 1]
    for lvl in depth:
        r = getattr(place, lvl)
        if r is None and lvl == "city" and len(place.cities) == 1:
            # a city document naming one city of its province, and that one only in passing (weakly):
            # its own city
            (name, m), = place.cities.items()
            out[lvl] = (Found(name, m.start, m.end, f"place:{m.position}_city_only_one_named"),
                        place.support.get("province", 0.0) * ONLY_CITY_CONFIDENCE)
            continue
        if r is None:
            continue
        m = place.mentions.get(lvl)
        # the mention's own reading of the division (a former name, or today's)
        read = next((x for x in m.regions if x.adcode == r.adcode and x.level == r.level), None) if m else None
        if m is None:
            rule = f"place:{lvl}_gazetteer_parent"
        elif read is not None and m.surface == read.name:
            rule = f"place:{m.position}_{lvl}"
        elif read is not None:
            rule = f"place:{m.position}_{lvl}_short_name"
        else:
            rule = f"place:{m.position}_{lvl}_gazetteer_parent"  # the mention names a place inside it
        name, how = era_name(read if read is not None and lvl == "county" else r, read, year)
        out[lvl] = (Found(name, m.start if m else -1, m.end if m else -1, rule + _ERA_RULE[how]), place.support.get(lvl, 0.0))
    return out


_ERA_RULE = {"": "", "written": "_former_name", "year": "_name_of_year"}


def era_name(region, read, year: int | None) -> tuple[str, str]:
    """The name a place field gives ``region`` in a document of ``year`` (None: not known), and how
    (:func:`.gazetteer.name_in_year`): the former name the text writes (``read``: the mention's own
    reading, if it names the division), else the name of that year, else today's."""
    written = read.name if read is not None and gazetteer.is_former(read) else None
    return gazetteer.name_in_year(region, year, written, config()["place"]["former_name_grace_years"])


def document_year(year, publish) -> int | None:
    """The year a document's places are named in: its campaign year, else its publication's."""
    if year is not None and isinstance(year.value, int):
        return year.value
    if publish is not None and str(publish.value)[:4].isdigit():
        return int(str(publish.value)[:4])
    return None


def today_code(found: dict[str, tuple[Found, float]], place) -> Found | None:
    """Today's adcode of the most specific place of ``found`` (:func:`places_for_level`'s or
    :func:`association_places`' fields), with that place's evidence: a place keeps its code across
    renamings (毕节地区 and 毕节市 share 520500)."""
    for lvl in ("county", "city", "province"):
        if lvl in found:
            f = found[lvl][0]
            reg = _region_of(f.value, lvl, place)
            if reg is not None:
                return Found(gazetteer.today(reg).adcode, f.start, f.end, f"adcode:{lvl}")
    return None


def _region_of(name: str, lvl: str, place):
    """The division a place field's value names (at level ``lvl``): the resolved place's, else by name."""
    r = getattr(place, lvl, None) if place is not None else None
    if r is not None:
        return r
    reg = gazetteer.by_name(name)
    return reg if reg is not None and reg.level == lvl else None


def association_places(issuers: list[Found], year: int | None = None) -> dict[str, tuple[Found, float]]:
    """{'province': (Found, confidence), …} of an association's own page: the place its name begins
    with is the association's scope (X省质量协会 works province-wide, X市质量协会 city-wide), as a
    government's place is its own; a national association's name holds none."""
    lead = next((f for f in issuers if body_level(f.value) == "association"), None)
    if lead is None or lead.start < 0:
        return {}
    chain = _leading_chain(lead.value)
    if not chain:
        return {}
    # the most local place named, read inside the wider ones before it (X省Y市: Y of X)
    wider = {r.name for p in chain[:-1] for r in p.regions}
    regs = [r for r in chain[-1].regions if not wider or r.province in wider or r.city in wider]
    if len(regs) != 1:
        return {}
    r = regs[0]
    divisions = {"province": gazetteer.by_name(r.province),
                 "city": gazetteer.by_name(r.city) if r.level in ("city", "county") and r.city else None,
                 "county": r if r.level == "county" else None}
    out = {}
    for lvl in ("province", "city", "county"):
        d = divisions[lvl]
        if d is None:
            continue
        read = next((x for p in chain for x in p.regions if x.adcode == d.adcode and x.level == lvl), None)
        m = next((p for p in chain if read in p.regions), None) if read is not None else None
        s, e = (lead.start + m.start, lead.start + m.end) if m else (lead.start, lead.end)
        name, how = era_name(read if read is not None and lvl == "county" else d, read, year)
        rule = "place:association_name_" + lvl + ("" if m else "_gazetteer_parent") + _ERA_RULE[how]
        out[lvl] = (Found(name, s, e, rule), 1.0)
    return out
