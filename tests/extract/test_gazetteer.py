"""The gazetteer's place lookup in running text."""
from qmcorpus.extract.gazetteer import find_places


def test_renamed_county_needs_its_city_and_is_not_a_word_start():
    """A county renamed since the gazetteer (某县 → 某区/某市) is read after its own city only, and
    "X市场监管局" is the word 市场, not a county-level city X市."""
    def surfaces(t):
        return [m.surface for m in find_places(t)]

    assert surfaces("杭州市桐庐区市场监督管理局") == ["杭州市", "桐庐区"]
    assert surfaces("承德市宽城市场监管局") == ["承德市"]
    assert surfaces("桐庐区市场监督管理局") == []
    assert surfaces("杭州市临安市") == ["杭州市", "临安市"]  # the gazetteer's own name stays


def test_a_division_is_named_as_in_the_documents_year():
    """The name in force in a year: each change of a unit renamed twice (萧山县 → 萧山市 1988 →
    萧山区 2001), today's without a year; a merge names no year's division (济南 held no other
    name when 莱芜市 went into it); a former name the text writes is kept up to the grace years."""
    from qmcorpus.extract.gazetteer import by_name, name_in_year

    xiaoshan = by_name("萧山区")
    assert [name_in_year(xiaoshan, y)[0] for y in (1982, 1987, 1988, 1995, 2000, 2001, 2020, None)] == [
        "萧山县", "萧山县", "萧山市", "萧山市", "萧山市", "萧山区", "萧山区", "萧山区"]
    assert name_in_year(by_name("济南市"), 2015) == ("济南市", "")
    bijie = by_name("毕节市")
    assert name_in_year(bijie, 2013, "毕节地区", grace=2) == ("毕节地区", "written")
    assert name_in_year(bijie, 2014, "毕节地区", grace=2) == ("毕节市", "")
    assert name_in_year(bijie, None, "毕节地区", grace=2) == ("毕节地区", "written")
    assert name_in_year(by_name("阿勒泰地区"), 1990) == ("阿勒泰地区", "")


def test_a_former_name_reads_as_todays_division_under_that_name():
    from qmcorpus.extract.gazetteer import find_places, today

    (m,) = find_places("郫县质监局")
    (r,) = m.regions
    assert (r.name, r.city, r.adcode, today(r).name) == ("郫县", "成都市", "510117", "郫都区")
    (m,) = find_places("襄樊开展")  # a former prefecture's short name, borne by no division of today
    assert [(r.name, today(r).name) for r in m.regions] == [("襄樊市", "襄阳市")]


def test_the_adcode_column_groups_a_place_across_its_names():
    from qmcorpus import normalize
    from qmcorpus.extract import extract

    def fields(t):
        f = extract(normalize(t).text).fields
        return f["city"], f["adcode"]

    assert fields("毕节地区开展2008年“质量月”活动\n9月1日，全区质量月活动启动。") == ("毕节地区", "520500")
    assert fields("毕节市开展2016年“质量月”活动\n9月1日，全市质量月活动启动。") == ("毕节市", "520500")
    assert extract(normalize("关于开展全国“质量月”活动的通知\n各省、自治区、直辖市：\n现将有关事项通知如下。").text).fields["adcode"] is None


def test_every_former_name_belongs_to_a_division_of_today_and_codes_are_unique():
    import csv

    from qmcorpus import resources
    from qmcorpus.extract.gazetteer import _former_rows, regions

    codes = [r.adcode for r in regions() if r.level != "province" or r.adcode[:2] not in ("71", "81", "82")]
    assert len(codes) == len(set(codes))
    with open(resources.path("region_former_names.csv"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(_former_rows()) == len(rows) > 250
    assert all(r["kind"] in ("rename", "merge") and (not r["year_changed"] or 1949 < int(r["year_changed"]) < 2100)
               for r in rows)
