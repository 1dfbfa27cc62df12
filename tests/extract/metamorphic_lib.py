"""Metamorphic perturbations of real test pages (used by tests/extract/test_metamorphic.py and
tools/metamorphic_report.py).

Each perturbation changes a page in a way that must not change how extraction behaves, only the values
it reports: (a) another real province→city→county chain of the same shape replaces the page's place
names (full and short forms); (b) every year moves on by three (digits, Chinese numerals, the campaign's
ordinal); (c) another place of the same level replaces the place prefix of an issuing body; (d) province
and city written by their short names outside body names; (e) another kind name of a quality body
(市场监督管理局 ↔ 质量技术监督局 …); (f) blank lines removed or added; (h) YYYY-MM-DD dates in other
styles. A check compares the perturbed extraction with the unperturbed one mapped through the change.
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
from qmcorpus.extract.gazetteer import find_places

ROOT = Path(__file__).resolve().parents[2]
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
        out += (place_swaps(p, k_place) + year_shift(p) + issuer_prefix_swaps(p, k_issuer) + short_forms(p)
                + body_kind_swaps(p) + layout_changes(p) + date_styles(p))
    return out


def short_forms(page: Page) -> list[Outcome]:
    """(d) Write the province and the city by their short names (浙江省 → 浙江, 嘉兴市 → 嘉兴) everywhere
    outside a body's name: province/city/county and level must stay."""
    prov, city, _ = _chain(page.fields)
    rows = [r for r in (prov, city) if r is not None and r["name"] not in MUNICIPALITIES]
    mapping = {}
    for r in rows:
        short = next(iter(filter(None, r["short"].split("|"))), None)
        if short and len(short) >= 2 and _short_owners().get(short, 0) == 1:
            mapping[r["name"]] = short
    if not mapping:
        return []
    issuers = list(page.fields.get("issuers") or [])
    # the names of bodies keep their full form (a body is named so); the rest of the text goes short
    protect = sorted({i for i in issuers if any(k in i for k in mapping)}, key=len, reverse=True)
    keep = {p: f"\x00{n}\x00" for n, p in enumerate(protect)}
    text = _replace_all(page.text, keep)
    text = _replace_all(text, mapping)
    text = _replace_all(text, {v: k for k, v in keep.items()})
    got = _extract(page, text, page.page_meta)
    want = {f: page.fields.get(f) for f in ("province", "city", "county", "level")}
    have = {f: got.get(f) for f in want}
    return [Outcome("short", page.doc_id, have == want, ", ".join(f"{k} → {v}" for k, v in mapping.items()), want, have)]


# names of the same kind of body in different years and places: swapping one for another must not
# change who organised or at which level
BODY_KINDS = ("市场监督管理局", "质量技术监督局", "市场监管局", "质监局")


def body_kind_swaps(page: Page) -> list[Outcome]:
    """(e) Replace the kind of a quality body in every issuer's name (市场监督管理局 → 质量技术监督局 …):
    the issuers follow, the level and place stay."""
    issuers = list(page.fields.get("issuers") or [])
    kinds = [k for k in BODY_KINDS if any(i.endswith(k) for i in issuers)]
    if not kinds:
        return []
    old = kinds[0]
    out = []
    for new in BODY_KINDS:
        if new == old or new in page.text:
            continue
        mapping = {old: new}
        text = _replace_all(page.text, mapping)
        got = _extract(page, text, page.page_meta)
        want = {"issuers": sorted(_replace_all(i, mapping) for i in issuers),
                **{f: page.fields.get(f) for f in ("province", "city", "county", "level")}}
        have = {"issuers": sorted(got.get("issuers") or []), **{f: got.get(f) for f in ("province", "city", "county", "level")}}
        out.append(Outcome("body_kind", page.doc_id, have == want, f"{old} → {new}", want, have))
    return out


_FIELDS_STABLE = ("province", "city", "county", "level", "issuers", "year", "theme", "doc_type")


def _stable(page: Page, kind: str, text: str, change: str, meta: tuple | None = None,
            fields: tuple[str, ...] = _FIELDS_STABLE) -> list[Outcome]:
    got = _extract(page, text, page.page_meta if meta is None else meta)
    norm = lambda f, v: sorted(v or []) if f == "issuers" else v  # noqa: E731
    want = {f: norm(f, page.fields.get(f)) for f in fields}
    have = {f: norm(f, got.get(f)) for f in fields}
    return [Outcome(kind, page.doc_id, have == want, change, want, have)]


def layout_changes(page: Page) -> list[Outcome]:
    """(f) Blank lines between paragraphs removed, or added between all lines: the fields stay."""
    tight = re.sub(r"\n\s*\n+", "\n", page.text)
    loose = re.sub(r"\n+", "\n\n", page.text)
    out = []
    if tight != page.text:
        out += _stable(page, "layout", tight, "blank lines removed")
    if loose != page.text:
        out += _stable(page, "layout", loose, "blank line after every line")
    return out


_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_STYLES = {
    "YYYY年M月D日": lambda y, m, d: f"{y}年{int(m)}月{int(d)}日",
    "YYYY/MM/DD": lambda y, m, d: f"{y}/{int(m):02d}/{int(d):02d}",
    "YYYY.MM.DD": lambda y, m, d: f"{y}.{int(m):02d}.{int(d):02d}",
}


def date_styles(page: Page) -> list[Outcome]:
    """(h) Dates written YYYY-MM-DD (page date lines, stamps) written in other styles sites use:
    publish date, year and period stay."""
    if not (_ISO_DATE.search(page.text) or any(_ISO_DATE.search(v) for _, v in page.page_meta)):
        return []
    out = []
    for name, style in _DATE_STYLES.items():
        sub = lambda s: _ISO_DATE.sub(lambda m: style(*m.groups()), s)  # noqa: E731
        meta = tuple((k, sub(v)) for k, v in page.page_meta)
        out += _stable(page, "date_style", sub(page.text), f"YYYY-MM-DD → {name}", meta,
                       ("publish_date", "year", "period_start", "period_end"))
    return out
