"""tools/build_regions.py on a small fixture shaped as jionlp's tables (a province, a municipality,
towns below counties, a statistical zone, a misnamed division, dated changes) and an old gazetteer."""
import csv
import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "build_regions.py"

LOCATION = "\n".join([
    "浙江省\t330000\t浙江",
    "\t杭州市\t330100\t杭州",
    "\t\t临安区\t330112\t临安",
    "\t\t\t锦城街道",  # a town: not read
    "\t\t\t\t某某社区",
    "\t\t桐庐县\t330122\t桐庐",
    "\t\t杭州经济技术开发区\t330171\t杭州经济技术开发区",  # a statistical zone: left out
    "\t台州市\t331000\t台州",
    "\t\t玉环市\t331083\t玉环",
    "陕西省\t610000\t陕西",
    "\t宝鸡市\t610300\t宝鸡",
    "\t\t凤翔市\t610322\t凤翔",  # the source's error: 凤翔区
    "上海市\t310000\t上海",
    "\t上海市\t310000\t上海",
    "\t\t静安区\t310106\t静安",
])
CHANGES = "\n".join([
    "2017-04-09\t民批\t浙江省\t浙江\t台州市\t台州\t玉环县\t玉环=>浙江省\t台州市\t玉环区",  # misnamed target
    "2021-01-29\t民批\t陕西省\t陕西\t宝鸡市\t宝鸡\t凤翔县\t凤翔=>陕西省\t宝鸡市\t凤翔市",
])
OLD_REGIONS = [
    ("330000", "浙江省", "province", "浙江省", "", "浙江"),
    ("330100", "杭州市", "city", "浙江省", "杭州市", "杭州|杭城"),  # a hand-made short name, kept
    ("330185", "临安市", "county", "浙江省", "杭州市", "临安"),  # gone: a former name of 临安区 (same stem)
    ("330122", "桐庐县", "county", "浙江省", "杭州市", "桐庐"),
    ("331000", "台州市", "city", "浙江省", "台州市", "台州"),
    ("331021", "玉环县", "county", "浙江省", "台州市", "玉环"),
    ("330199", "某某特区", "county", "浙江省", "杭州市", ""),  # the source lacks it: kept
    ("710000", "台湾省", "province", "台湾省", "", "台湾"),
]
CORRECTIONS = [
    ("陕西省", "凤翔市", "凤翔区", "610305", "a district since 2021"),
    ("浙江省", "玉环区", "玉环市", "", "the change file's error"),
]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("build_regions", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write(tmp: Path, old_former: list[dict]) -> tuple[Path, Path, Path]:
    src, data = tmp / "jionlp", tmp / "data"
    src.mkdir()
    data.mkdir()
    (src / "china_location.txt").write_text(LOCATION + "\n", encoding="utf-8")
    (src / "china_location_change.txt").write_text(CHANGES + "\n", encoding="utf-8")
    with open(data / "regions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["adcode", "name", "level", "province", "city", "short"])
        w.writerows(OLD_REGIONS)
    with open(data / "region_former_names.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["former", "current", "year_changed", "note"])
        w.writeheader()
        w.writerows(old_former)
    fixes = tmp / "corrections.csv"
    with open(fixes, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "name", "fixed_name", "fixed_adcode", "note"])
        w.writerows(CORRECTIONS)
    return src, data, fixes


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_tool_builds_todays_gazetteer_and_dated_former_names(tool, tmp_path):
    src, data, fixes = _write(tmp_path, [{"former": "杭州地区", "current": "杭州市", "year_changed": "1958", "note": "hand row"}])
    assert tool.main([str(src), "--data", str(data), "--corrections", str(fixes), "--quiet"]) == 0
    regions = {r["name"]: r for r in _read(data / "regions.csv")}
    # today's names, the source's error corrected, our short names kept, new ones derived
    assert {"临安区", "凤翔区", "玉环市", "静安区", "某某特区", "台湾省"} <= set(regions)
    assert not {"凤翔市", "临安市", "玉环县", "杭州经济技术开发区", "锦城街道"} & set(regions)
    assert regions["凤翔区"]["adcode"] == "610305" and regions["凤翔区"]["city"] == "宝鸡市"
    assert regions["杭州市"]["short"] == "杭州|杭城" and regions["临安区"]["short"] == "临安"
    # a municipality: no prefecture row, its districts without a city
    assert regions["静安区"]["city"] == "" and [r["level"] for r in _read(data / "regions.csv") if r["name"] == "上海市"] == ["province"]
    former = {r["former"]: r for r in _read(data / "region_former_names.csv")}
    assert former["凤翔县"] == {"former": "凤翔县", "current": "凤翔区", "year_changed": "2021", "adcode": "610305",
                             "kind": "rename", "note": "jionlp change file 2021-01-29"}
    assert (former["玉环县"]["current"], former["玉环县"]["year_changed"]) == ("玉环市", "2017")
    assert (former["临安市"]["current"], former["临安市"]["year_changed"]) == ("临安区", "")  # by its stem, year unknown
    assert (former["杭州地区"]["current"], former["杭州地区"]["year_changed"], former["杭州地区"]["note"]) == ("杭州市", "1958", "hand row")


def test_the_tool_is_idempotent(tool, tmp_path):
    src, data, fixes = _write(tmp_path, [])
    args = [str(src), "--data", str(data), "--corrections", str(fixes), "--quiet"]
    tool.main(args)
    first = [(data / f).read_bytes() for f in ("regions.csv", "region_former_names.csv")]
    tool.main(args)
    assert [(data / f).read_bytes() for f in ("regions.csv", "region_former_names.csv")] == first


def test_change_lines_are_read_at_the_level_that_changed(tool):
    county, city = tool.read_changes(CHANGES + "\n2010-12-09\t国批\t湖北省\t湖北\t襄樊市\t襄樊=>湖北省\t襄阳市")[1:]
    assert (county["old"], county["new"], county["level"], county["date"]) == ("凤翔县", "凤翔市", "county", "2021-01-29")
    assert (city["old"], city["new"], city["level"]) == ("襄樊市", "襄阳市", "city")
