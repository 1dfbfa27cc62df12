"""Build qmcorpus/data/regions.csv from the adcodes table shipped by the `cpca` package (MIT).

Superseded by tools/build_regions.py (a current gazetteer from jionlp's tables, our short names kept);
kept for the short-name rules of the first build.

    pip download --no-deps cpca==0.5.5 && unzip cpca-0.5.5-py3-none-any.whl
    python tools/build_gazetteer.py cpca/resources/adcodes.csv

Writes one row per province / prefecture-level division / county-level division with its
parents and the short names a document uses (浙江, 天水, 楚雄州 …). Former names come from
qmcorpus/data/region_former_names.csv (hand-kept, with sources) and are merged at load time.
"""
import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "qmcorpus" / "data" / "regions.csv"
SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_ETHNIC: re.Pattern | None = None  # built from cpca's 56_nations.csv next to adcodes.csv


def _ethnic_pattern(src: str) -> re.Pattern:
    """Ethnic-group names inside autonomous-area names (楚雄彝族自治州 → 楚雄州, 楚雄)."""
    names = [ln.strip() for ln in open(Path(src).with_name("56_nations.csv"), encoding="utf-8") if ln.strip()]
    stems = sorted({n[:-1] if n.endswith("族") else n for n in names}, key=len, reverse=True)
    alt = "|".join(map(re.escape, stems))
    # the stem is the shortest prefix of two characters or more: some stems end in a character that is
    # also an ethnic name (融水苗族 is 融水 + 苗族, not 融 + 水族 + 苗族)
    return re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?:{alt})族?)+自治(州|县|旗)$|^(?P<people>(?:{alt}))族?自治(?P<suf>州|县|旗)$")


def short_names(name: str, level: str) -> list[str]:
    out = []
    if level == "province":
        for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                out.append(name[: -len(suf)])
                break
    else:
        m = _ETHNIC.search(name)
        if m and m.group("stem"):
            out += [m.group("stem") + m.group(3), m.group("stem")]
        elif m:
            # an area named for its people alone (鄂伦春自治旗 → 鄂伦春旗; 东乡族自治县 → 东乡县)
            out.append(m.group("people") + m.group("suf"))
        for suf in ("地区", "盟", "市", "区", "县", "旗", "林区"):
            if name.endswith(suf) and len(name) - len(suf) >= 2 and not m:
                out.append(name[: -len(suf)])
                break
    return [s for s in out if s != name]


def main(src: str) -> None:
    global _ETHNIC
    _ETHNIC = _ethnic_pattern(src)
    rows = {}
    with open(src, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows[r["adcode"][:6]] = r["name"]
    out = []
    for code, name in sorted(rows.items()):
        if name in SKIP:
            continue
        if code.endswith("0000"):
            level, prov, city = "province", name, ""
        elif code.endswith("00"):
            level, prov, city = "city", rows.get(code[:2] + "0000", ""), name
        else:
            level = "county"
            prov = rows.get(code[:2] + "0000", "")
            parent = rows.get(code[:4] + "00", "")
            city = "" if parent in SKIP or not parent else parent
        out.append({"adcode": code, "name": name, "level": level, "province": prov, "city": city,
                    "short": "|".join(short_names(name, level))})
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["adcode", "name", "level", "province", "city", "short"])
        w.writeheader()
        w.writerows(out)
    print(f"{len(out)} divisions → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
