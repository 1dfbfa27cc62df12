"""qmcorpus.extract.regions: the document's level and its place (province, city, county).

The level comes from the issuing bodies (national ministries, associations, firms, or the place
in a body's name), else from how the text speaks of its own scope (全市/我县/公司 …). The place is
looked up at that level in the issuers, the title and the opening of the text, then completed
upwards from the gazetteer; a place merely mentioned later (a visit, a supplier) does not count.
"""
from __future__ import annotations

import functools
import re

from ..literals import words_re
from . import gazetteer
from .fields import Found
from .structure import config

_LEVEL_OF = {"province": "provincial", "city": "municipal", "county": "county"}


@functools.cache
def _level_rules() -> tuple[tuple, tuple, tuple]:
    """(name prefixes, scope words, addressee patterns) of data/extract.toml, in their order."""
    cfg = config()["level"]
    return (tuple(map(tuple, cfg["prefix_levels"])), tuple(map(tuple, cfg["scope"])),
            tuple(map(tuple, cfg["addressed"])))


@functools.cache
def _national() -> frozenset[str]:
    return frozenset(config()["level"]["national_bodies"])


def body_level(name: str) -> str | None:
    """Level of one body from its name: national, association, enterprise, or by the place in it."""
    cfg = config()["level"]
    if name in _national() or re.match(r"(国家|中华全国|中共中央|全国|国务院|中央)", name):
        return "national"
    if re.search(cfg["association"], name):
        return "association"
    if re.search(cfg["enterprise"], name):
        return "enterprise"
    chain = _leading_chain(name)
    if chain:
        # the most local place named at the start of the body ("内江市东兴区市场监督管理局" → county)
        widest = min(chain[-1].regions, key=lambda r: ("province", "city", "county").index(r.level))
        return _LEVEL_OF[widest.level]
    for prefix, level in _level_rules()[0]:
        if name.startswith(prefix):
            return level
    if name.endswith("总局") or name.endswith("部") and len(name) <= 8:
        return "national"
    return None


def _leading_chain(name: str):
    """Place mentions that start a body's name back to back (河北 涉县 / 内江市 东兴区)."""
    out = []
    pos = 0
    for p in gazetteer.find_places(name):
        if p.start != pos:
            break
        out.append(p)
        pos = p.end
    return out


def find_level(text: str, issuers: list[Found], title: Found | None, addressee: tuple[int, str] | None = None) -> Found | None:
    """The document's level: its lead issuer, else whom it addresses, else the scope words of its text.

    Joint organisers of several levels (省局, 市局 and 县领导小组 together) leave the level to the
    text: the first scope word of one of their levels decides (副县长 → county), else the lead.
    """
    levels = [(f, body_level(f.value)) for f in issuers]
    levels = [(f, lvl) for f, lvl in levels if lvl]
    geo = {lvl for _, lvl in levels if lvl in ("provincial", "municipal", "county")}
    if len(geo) > 1:
        hits = [(m.start(), lvl, m) for lvl, pat in _level_rules()[1] if lvl in geo for m in [re.search(pat, text)] if m]
        if hits:
            _, lvl, m = min(hits, key=lambda h: h[0])
            return Found(lvl, m.start(), m.end(), f"level:scope_among_joint_organisers_{lvl}")
    for f, lvl in levels:
        return Found(lvl, f.start, f.end, f"level:issuer_{lvl}")
    if addressee is not None:
        start, line = addressee
        for lvl, pat in _level_rules()[2]:
            m = re.search(pat, line)
            if m:
                return Found(lvl, start + m.start(), start + m.end(), f"level:addressees_{lvl}")
    head = text[: max(600, title.end if title else 0)]
    best = None
    if "全国" in head[:300]:
        # a report on the national campaign names a national body early ("质检总局局长…宣布")
        nat = words_re(_national()).search(head[:300])
        if nat:
            best = ("national", nat)
    for lvl, pat in _level_rules()[1]:
        m = re.search(pat, head)
        if m and (best is None or m.start() < best[1].start()):
            best = (lvl, m)
    if best:
        return Found(best[0], best[1].start(), best[1].end(), f"level:scope_{best[0]}")
    return None


def find_places(text: str, level: str | None, issuers: list[Found], title: Found | None) -> dict[str, Found]:
    """{'province': Found, 'city': Found, 'county': Found} for a provincial/municipal/county document."""
    want = {"provincial": "province", "municipal": "city", "county": "county"}.get(level or "")
    if not want:
        return {}
    sources: list[tuple[int, str]] = [(f.start, f.value) for f in issuers if f.start >= 0]
    if title is not None and title.start >= 0:
        sources.append((title.start, text[title.start:title.end]))
    sources.append((0, text[:400]))
    mentions = [(off + m.start, off + m.end, m) for off, s in sources for m in gazetteer.find_places(s)]
    context = {r.province for _, _, m in mentions for r in m.regions if r.level == "province"} | {
        r.name for _, _, m in mentions for r in m.regions if r.level == "city"
    }
    for start, end, m in mentions:
        cands = [r for r in m.regions if r.level == want]
        if not cands:
            continue
        if len(cands) > 1:
            fitting = [r for r in cands if r.province in context or r.city in context]
            cands = fitting or cands
        r = cands[0]
        rule = f"place:{want}_{'full' if m.full else 'short'}_name"
        out = {want: Found(r.name, start, end, rule)}
        if want in ("city", "county") and r.province:
            out["province"] = Found(r.province, start, end, "place:gazetteer_parent")
        if want == "county" and r.city:
            out["city"] = Found(r.city, start, end, "place:gazetteer_parent")
        return out
    return {}
