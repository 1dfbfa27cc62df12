"""Regenerate qmcorpus/data/regions.csv and region_former_names.csv from the jionlp wheel's tables.

    pip download --no-deps jionlp==1.5.31          # Apache-2.0; not a dependency of qmcorpus
    python tools/build_regions.py jionlp-1.5.31-py2.py3-none-any.whl

Source: ``jionlp/dictionary/china_location.zip`` (china_location.txt: province / prefecture /
county with adcodes and short names, indented by tabs; towns and villages below are skipped) and
``jionlp/dictionary/china_location_change.txt`` (dated changes since 2002, ``old chain=>new chain``).
SOURCE may also be a directory holding ``china_location.txt`` (or the .zip) and the change file.

What is kept from the files already in qmcorpus/data:
- the hand-made short names of every division whose name the source still has (same province);
- divisions the source lacks that are no former name (special areas the source leaves out), and
  the provinces of Hong Kong, Macau and Taiwan, whose divisions the source lists with made-up codes;
- every row of region_former_names.csv (hand-kept, with notes): rows are added, never dropped.

Corrections of the source's errors are in tools/region_corrections.csv (a row a division:
province, the name the source writes, the right name, the right adcode where the source's is
stale). The former-names table gets: the source's changes; every division of the old
regions.csv the source no longer has, matched to its successor (same adcode, or the one division
of its city whose name begins with its stem); each with the year of the change where known
(``kind``: ``rename`` when one unit changed its name or status, ``merge`` when it went into another).
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "qmcorpus" / "data"
CORRECTIONS = Path(__file__).resolve().parent / "region_corrections.csv"
REGION_FIELDS = ["adcode", "name", "level", "province", "city", "short"]
FORMER_FIELDS = ["former", "current", "year_changed", "adcode", "kind", "note"]
PSEUDO = {"市直辖行政区划", "省直辖行政区划", "自治区直辖县级行政区划", "省直辖县级行政区划", "市辖区"}
OWN_PROVINCES = ("71", "81", "82")  # Taiwan, Hong Kong, Macau: the old rows are kept, the source's not read
# a statistical zone the source lists among counties under a code of its own (开发区, 示范区 …)
ZONE_WORDS = ("开发区", "产业园", "工业园", "示范区", "管理区", "实验区", "行政委员会")
SUFFIXES = ("地区", "林区", "盟", "市", "区", "县", "旗")


# ---------------------------------------------------------------- reading the source

def _source_texts(src: Path) -> tuple[str, str]:
    """(china_location.txt, china_location_change.txt) of a wheel or a directory."""
    if src.is_dir():
        loc = src / "china_location.txt"
        text = loc.read_text(encoding="utf-8") if loc.exists() else _unzip_one((src / "china_location.zip").read_bytes())
        return text, (src / "china_location_change.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(src) as whl:
        base = "jionlp/dictionary/"
        return _unzip_one(whl.read(base + "china_location.zip")), whl.read(base + "china_location_change.txt").decode("utf-8")


def _unzip_one(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("china_location.txt").decode("utf-8")


def read_locations(text: str, skipped: set | None = None) -> list[dict]:
    """The province / prefecture / county rows of china_location.txt (depth by leading tabs), in
    our format: a municipality has no prefecture row and its districts no city; a county under a
    pseudo-prefecture (省直辖…) has no city. (``skipped`` gets the (province, name) of the
    statistical zones left out.)"""
    skipped = set() if skipped is None else skipped
    out = []
    prov = city = ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip("\t").split("\t")
        if depth > 2 or len(parts) < 3:
            continue  # towns, villages; entries without a code
        name, code, short = parts[0], parts[1], parts[2]
        if depth == 0:
            prov, city = name, ""
            out.append(dict(adcode=code, name=name, level="province", province=name, city="", src_short=short))
            continue
        if code[:2] in OWN_PROVINCES:
            continue
        if depth == 1:
            city = "" if name in PSEUDO or name == prov else name
            if city:
                out.append(dict(adcode=code, name=name, level="city", province=prov, city=name, src_short=short))
            continue
        if name in PSEUDO or "70" < code[4:6] < "80" or name.endswith(ZONE_WORDS):
            skipped.add((prov, name))
            continue  # a pseudo-unit, or a statistical zone (开发区 …, codes xxxx7x): no administration of its own
        out.append(dict(adcode=code, name=name, level="county", province=prov, city=city, src_short=short))
    return out


def read_changes(text: str) -> list[dict]:
    """Each line of the change file: {date, province, old, new, level} (old/new: the names of the
    division at the level that changed; a line moving a county to another city unchanged is kept
    with old == new)."""
    out = []
    for line in text.splitlines():
        if "=>" not in line:
            continue
        left, right = line.split("=>")
        lf, rf = left.split("\t"), right.split("\t")
        date = lf[0]
        names = lf[2::2]  # (name, short) pairs after the date and the approval kind
        new = rf[1:]
        if len(names) == 3 and len(new) == 2:
            out.append(dict(date=date, province=rf[0], old=names[2], new=new[1], old_city=names[1], city=new[0], level="county"))
        elif len(names) == 2 and len(new) == 1:
            out.append(dict(date=date, province=rf[0], old=names[1], new=new[0], old_city="", city=new[0], level="city"))
    return out


# ---------------------------------------------------------------- corrections and short names

def read_corrections(path: Path) -> dict[tuple[str, str], dict]:
    """(province, name as the source writes it) → {name, adcode, note}."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["province"], r["name"]): r for r in csv.DictReader(fh) if not r["province"].startswith("#")}


def correct(rows: list[dict], changes: list[dict], fixes: dict) -> list[str]:
    """Apply the corrections to the source's rows and to the new names of its changes; the list of
    what was corrected."""
    done = []
    for r in rows:
        fix = fixes.get((r["province"], r["name"]))
        if fix:
            old = (r["name"], r["adcode"])
            r["name"] = fix["fixed_name"] or r["name"]
            r["adcode"] = fix["fixed_adcode"] or r["adcode"]
            if r["level"] == "city":
                r["city"] = r["name"]
            done.append(f"{r['province']} {old[0]} {old[1]} -> {r['name']} {r['adcode']}")
    for c in changes:
        fix = fixes.get((c["province"], c["new"]))
        if fix and fix["fixed_name"] and fix["fixed_name"] != c["new"]:
            done.append(f"change {c['date']} {c['old']} -> {c['new']} read as {fix['fixed_name']}")
            c["new"] = fix["fixed_name"]
    return done


def derived_short(name: str, level: str, src_short: str) -> str:
    """Short names of a division new to the gazetteer: the source's for autonomous areas, else
    the name without its suffix (two characters or more left)."""
    if "自治" in name:
        return src_short if src_short and src_short != name else ""
    if level == "province":
        return src_short if src_short != name else ""
    for suf in SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return ""


# ---------------------------------------------------------------- building

def _read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _stem(name: str) -> str:
    for suf in SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            return name[: -len(suf)]
    return name


def build(src: Path, old_regions: list[dict], old_former: list[dict], fixes: dict) -> tuple[list[dict], list[dict], list[str]]:
    """(regions rows, former-names rows, a log of corrections and decisions)."""
    loc_text, change_text = _source_texts(src)
    zones: set = set()
    rows, changes = read_locations(loc_text, zones), read_changes(change_text)
    log = correct(rows, changes, fixes)
    old_by_key = {(r["province"], r["name"]): r for r in old_regions}
    for r in rows:
        old = old_by_key.get((r["province"], r["name"]))
        r["short"] = old["short"] if old is not None else derived_short(r["name"], r["level"], r["src_short"])
    new_keys = {(r["province"], r["name"]) for r in rows}
    by_name: dict[str, list[dict]] = {}
    for r in rows:
        by_name.setdefault(r["name"], []).append(r)
    by_code = {r["adcode"]: r for r in rows}

    # former names: the hand-kept rows, then the source's changes, then the old divisions gone
    former: dict[tuple[str, str], dict] = {}

    def add(name: str, cur: dict, year: str, kind: str, note: str) -> None:
        key = (name, cur["adcode"])
        if name == cur["name"] or key in former:
            return
        former[key] = dict(former=name, current=cur["name"], year_changed=year, adcode=cur["adcode"], kind=kind, note=note)

    for r in old_former:
        if r["former"] == r["current"]:
            continue  # (a note, no change)
        cands = [by_code[r["adcode"]]] if r.get("adcode") in by_code else by_name.get(r["current"], [])
        if len(cands) != 1:
            log.append(f"former {r['former']}: current {r['current']} is {len(cands)} divisions; row kept as it is")
            former[(r["former"], r.get("adcode", ""))] = {k: r.get(k, "") for k in FORMER_FIELDS}
            continue
        add(r["former"], cands[0], r.get("year_changed", ""), r.get("kind") or "rename", r.get("note", ""))
    per_target: dict[tuple[str, str, str], int] = {}
    for c in changes:
        per_target[(c["date"], c["province"], c["new"])] = per_target.get((c["date"], c["province"], c["new"]), 0) + 1
    for c in changes:
        if c["old"] == c["new"]:
            continue  # moved to another city under the same name
        cands = [r for r in by_name.get(c["new"], []) if r["province"] == c["province"] and r["level"] == c["level"]]
        if len(cands) != 1:
            log.append(f"change {c['date']} {c['old']} -> {c['new']}: no single division {c['new']}; skipped")
            continue
        same = _stem(c["old"]).startswith(_stem(c["new"])) or _stem(c["new"]).startswith(_stem(c["old"]))
        kind = "rename" if same or per_target[(c["date"], c["province"], c["new"])] == 1 else "merge"
        add(c["old"], cands[0], c["date"][:4], kind, f"jionlp change file {c['date']}")
    kept = []
    gone_from_source = new_keys | zones  # (a division the source lists, or leaves out as a zone)
    known_former = {f["former"] for f in former.values()}
    for r in old_regions:
        if (r["province"], r["name"]) in gone_from_source or r["adcode"][:2] in OWN_PROVINCES:
            continue  # (the old rows of Taiwan, Hong Kong and Macau: their provinces are kept below)
        succ = by_code.get(r["adcode"])
        if succ is not None and succ["level"] != r["level"]:
            succ = None
        if succ is None:
            stem = _stem(r["name"])
            near = [x for x in rows if x["province"] == r["province"] and x["city"] == r["city"] and x["level"] == r["level"]
                    and (x["province"], x["name"]) not in old_by_key and _stem(x["name"]).startswith(stem)]
            succ = near[0] if len(near) == 1 else None
        if succ is not None:
            add(r["name"], succ, "", "rename", "the old gazetteer's division; successor by code or stem")
        elif r["name"] not in known_former:
            kept.append({k: r[k] for k in REGION_FIELDS})
            log.append(f"kept from the old gazetteer (the source lacks it): {r['name']} {r['adcode']}")
    out = [{k: r[k] for k in REGION_FIELDS} for r in rows if r["level"] != "province" or r["adcode"][:2] not in OWN_PROVINCES]
    out += [{k: r[k] for k in REGION_FIELDS} for r in old_regions if r["level"] == "province" and r["adcode"][:2] in OWN_PROVINCES]
    out += kept
    out.sort(key=lambda r: (r["adcode"], r["name"]))
    codes = [r["adcode"] for r in out]
    dup = {c for c in codes if codes.count(c) > 1}
    if dup:
        log.append(f"adcodes held by several divisions: {sorted(dup)}")
    rows_former = sorted(former.values(), key=lambda f: (f["year_changed"] or "9999", f["adcode"], f["former"]))
    return out, rows_former, log


def write_csv(path: Path, fields: list[str], rows: list[dict], eol: str = "\n") -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator=eol)
        w.writeheader()
        w.writerows({k: r.get(k, "") for k in fields} for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", type=Path, help="the jionlp wheel, or a directory with its two files")
    ap.add_argument("--data", type=Path, default=DATA, help="folder of regions.csv and region_former_names.csv")
    ap.add_argument("--corrections", type=Path, default=CORRECTIONS)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    old_regions = _read_csv(a.data / "regions.csv")
    old_former = _read_csv(a.data / "region_former_names.csv")
    regions, former, log = build(a.source, old_regions, old_former, read_corrections(a.corrections))
    write_csv(a.data / "regions.csv", REGION_FIELDS, regions, "\r\n")  # (the file's own line ends)
    write_csv(a.data / "region_former_names.csv", FORMER_FIELDS, former)
    if not a.quiet:
        print("\n".join(log), file=sys.stderr)
        print(f"{len(regions)} divisions, {len(former)} former names -> {a.data}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
