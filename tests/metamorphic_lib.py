"""Metamorphic perturbations of real test pages (used by tests/test_metamorphic.py and
tools/metamorphic_report.py).

Each perturbation changes a page in a way that must not change how extraction behaves, only the values
it reports: (a) another real province→city→county chain of the same shape replaces the page's place
names (full and short forms); (b) every year moves on by three (digits, Chinese numerals, the campaign's
ordinal); (c) another place of the same level replaces the place prefix of an issuing body. A check
compares the perturbed extraction with the unperturbed one mapped through the same change.
"""
from __future__ import annotations

import csv
import functools
import random
import re
from dataclasses import dataclass
from pathlib import Path

from qmcorpus import normalize, resources
from qmcorpus.extract import extract
from qmcorpus.extract.gazetteer import by_name, find_places

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "tests" / "corpus" / "raw"
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_SKIP_PROVINCES = frozenset({"台湾省", "香港特别行政区", "澳门特别行政区"})


@dataclass(frozen=True)
class Page:
    doc_id: str
    text: str
    page_meta: tuple
    fields: dict


@dataclass(frozen=True)
class Outcome:
    kind: str
    doc_id: str
    ok: bool
    change: str
    expected: dict
    got: dict


def load_page(path: Path) -> Page:
    """A raw test page, normalised, with its unperturbed extraction."""
    n = normalize(path.read_bytes())
    return Page(path.stem, n.text, n.page_meta, extract(n.text, page_meta=n.page_meta).fields)


def _extract(page: Page, text: str, meta: tuple) -> dict:
    return extract(text, page_meta=meta).fields


@functools.cache
def _rows() -> tuple[dict, ...]:
    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@functools.cache
def _short_owners() -> dict[str, int]:
    owners: dict[str, int] = {}
    for r in _rows():
        for s in {r["name"], *filter(None, r["short"].split("|"))}:
            owners[s] = owners.get(s, 0) + 1
    return owners


def _row(name: str | None) -> dict | None:
    if not name:
        return None
    for r in _rows():
        if r["name"] == name:
            return r
    return None


def _surfaces(row: dict) -> list[str]:
    return [row["name"], *filter(None, row["short"].split("|"))]


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    """Replace every key of ``mapping`` by its value in one pass, the longest key first."""
    if not mapping:
        return text
    rx = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True))))
    return rx.sub(lambda m: mapping[m.group(0)], text)


def _map_rows(old: dict, new: dict) -> dict[str, str]:
    """Full name → full name, each short name → the new place's first short name."""
    new_short = next(iter(filter(None, new["short"].split("|"))), new["name"])
    out = {old["name"]: new["name"]}
    for s in filter(None, old["short"].split("|")):
        if s != old["name"]:
            out[s] = new_short
    return out


def _usable(row: dict, text: str) -> bool:
    """A target place whose names are unambiguous and absent from the page."""
    if row["province"] in _SKIP_PROVINCES:
        return False
    owners = _short_owners()
    return all(owners.get(s, 0) == 1 and s not in text for s in _surfaces(row))


def _children(parent: dict) -> list[dict]:
    if parent["level"] == "province":
        return [r for r in _rows() if r["province"] == parent["name"] and r["level"] != "province"
                and (r["level"] == "city" or r["city"] == "")]
    return [r for r in _rows() if r["city"] == parent["name"]]


def _with_other_members(text: str, mapping: dict, old_chain, new_chain) -> dict | None:
    """Other places the page names under the deepest place of the old chain (a second district of the
    same city) are mapped to distinct places under the new one, so the page stays consistent; None when
    the new place has too few."""
    deepest = max(((o, n) for o, n in zip(old_chain, new_chain) if o is not None), key=lambda p: p[0]["level"] != "province")
    old, new = deepest
    if old["level"] == "county":
        return mapping
    named = {m.regions[0].name for m in find_places(text) if len(m.regions) == 1}
    others = [r for r in _children(old) if r["name"] in named and r["name"] not in mapping]
    if not others:
        return mapping
    free = [r for r in _children(new) if _usable(r, text) and r["level"] == others[0]["level"]]
    if len(free) < len(others):
        return None
    out = dict(mapping)
    for o, n in zip(others, free):
        out |= _map_rows(o, n)
    return out


def _chain(fields: dict) -> tuple[dict | None, dict | None, dict | None]:
    return _row(fields.get("province")), _row(fields.get("city")), _row(fields.get("county"))


def place_swaps(page: Page, k: int = 3) -> list[Outcome]:
    """(a) Replace the page's province→city→county chain by ``k`` other real chains of the same shape."""
    prov, city, county = _chain(page.fields)
    if prov is None or (page.fields.get("city") and city is None) or (page.fields.get("county") and county is None):
        return []
    rng = random.Random(page.doc_id)
    rows = _rows()
    if county is not None:
        pool = [r for r in rows if r["level"] == "county" and (r["city"] == "") == (city is None)
                and (r["province"] in MUNICIPALITIES) == (prov["name"] in MUNICIPALITIES)]
    elif city is not None:
        pool = [r for r in rows if r["level"] == "city"]
    else:
        pool = [r for r in rows if r["level"] == "province" and (r["name"] in MUNICIPALITIES) == (prov["name"] in MUNICIPALITIES)]
    pool = [r for r in pool if r["province"] != prov["name"]]
    rng.shuffle(pool)
    out = []
    for target in pool:
        if len(out) == k:
            break
        if county is not None:
            new = (_row(target["province"]), _row(target["city"]) if city is not None else None, target)
        elif city is not None:
            new = (_row(target["province"]), target, None)
        else:
            new = (target, None, None)
        if any(n is not None and not _usable(n, page.text) for n in new):
            continue
        mapping: dict[str, str] = {}
        for old, nw in zip((prov, city, county), new):
            if old is not None:
                mapping |= _map_rows(old, nw)
        mapping = _with_other_members(page.text, mapping, (prov, city, county), new)
        if mapping is None:
            continue
        text = _replace_all(page.text, mapping)
        meta = tuple((k_, _replace_all(v, mapping)) for k_, v in page.page_meta)
        got = _extract(page, text, meta)
        want = {"province": new[0]["name"], "city": new[1]["name"] if new[1] else None,
                "county": new[2]["name"] if new[2] else None, "level": page.fields.get("level")}
        have = {f: got.get(f) for f in want}
        out.append(Outcome("place", page.doc_id, have == want, " → ".join(n["name"] for n in new if n), want, have))
    return out


_CN_DIGITS = "〇一二三四五六七八九"
_CN_ZEROS = "〇○零OＯ0"
_NOT_A_YEAR_AFTER = r"(?!\s*(?:余|多|元|人|份|家|个|万|名|件|次|台|场|起|批|项|户|平方|米|吨|条|册|张|位|所|处|公里|千|亿))"
# a year glued to its month when 年 was lost ("20159月") is a year too
_YEAR = re.compile(r"(?<![\d.])(19[789]\d|20[0-3]\d)(?:(?!\d)|(?=\d{1,2}月))" + _NOT_A_YEAR_AFTER)
_CN_YEAR = re.compile(rf"([一二][{_CN_ZEROS}〇一二三四五六七八九]{{3}})(?=\s*年)")
_ORDINAL = re.compile(r"(第\s*)(\d{1,2})(\s*(?:个|届))")


def _cn_year(y: int) -> str:
    return "".join(_CN_DIGITS[int(c)] for c in str(y))


def _cn_value(s: str) -> int | None:
    digits = []
    for c in s:
        if c in _CN_ZEROS:
            digits.append("0")
        elif c in _CN_DIGITS:
            digits.append(str(_CN_DIGITS.index(c)))
        else:
            return None
    return int("".join(digits))


def shift_years(text: str, by: int = 3) -> str:
    """Every year of ``text`` moved on by ``by`` (digits and Chinese numerals), and the campaign's ordinal
    ("第39个“质量月”") with it.

    >>> shift_years("二〇一六年9月，2016年第39个“质量月”，2000余份")
    '二〇一九年9月，2019年第42个“质量月”，2000余份'
    """
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + by), text)
    text = _CN_YEAR.sub(lambda m: _cn_year(v + by) if (v := _cn_value(m.group(1))) and 1978 <= v <= 2039 else m.group(1), text)
    return _ORDINAL.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + by}{m.group(3)}"
                        if "质量月" in text[m.end():m.end() + 8] else m.group(0), text)


def year_shift(page: Page, by: int = 3) -> list[Outcome]:
    """(b) Move every year on by ``by``: the extracted year must follow."""
    y = page.fields.get("year")
    if not y:
        return []
    text = shift_years(page.text, by)
    meta = tuple((k, shift_years(v, by)) for k, v in page.page_meta)
    got = _extract(page, text, meta)
    want = {"year": int(y) + by}
    have = {"year": got.get("year")}
    return [Outcome("year", page.doc_id, have == want, f"{y} → {int(y) + by}", want, have)]


def issuer_prefix_swaps(page: Page, k: int = 2) -> list[Outcome]:
    """(c) Replace the place prefix of an issuing body (everywhere on the page) by another place of the
    same level: the issuer list must follow."""
    issuers = list(page.fields.get("issuers") or [])
    prefixes = []
    for name in issuers:
        ms = find_places(name)
        if ms and ms[0].start == 0 and len(ms[0].regions) == 1:
            prefixes.append(ms[0])
    if not prefixes:
        return []
    rng = random.Random(page.doc_id + ":issuer")
    m = prefixes[0]
    old = _row(m.regions[0].name)
    if old is None or old["province"] in _SKIP_PROVINCES:
        return []
    pool = [r for r in _rows() if r["level"] == old["level"] and r["name"] != old["name"]
            and (r["city"] == "") == (old["city"] == "")
            and (r["province"] in MUNICIPALITIES) == (old["province"] in MUNICIPALITIES)]
    rng.shuffle(pool)
    out = []
    for target in pool:
        if len(out) == k:
            break
        if not _usable(target, page.text):
            continue
        mapping = _map_rows(old, target)
        text = _replace_all(page.text, mapping)
        meta = tuple((k_, _replace_all(v, mapping)) for k_, v in page.page_meta)
        got = _extract(page, text, meta)
        want = {"issuers": sorted(_replace_all(i, mapping) for i in issuers)}
        have = {"issuers": sorted(got.get("issuers") or [])}
        out.append(Outcome("issuer", page.doc_id, have == want, f"{old['name']} → {target['name']}", want, have))
    return out


def all_outcomes(pages, k_place: int = 3, k_issuer: int = 2) -> list[Outcome]:
    """Every perturbation of every page."""
    out: list[Outcome] = []
    for p in pages:
        out += place_swaps(p, k_place) + year_shift(p) + issuer_prefix_swaps(p, k_issuer)
    return out


def by_name_exists(name: str) -> bool:  # pragma: no cover - convenience for the report
    return by_name(name) is not None
