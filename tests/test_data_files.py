"""Data files are validated when they load: a broken entry names the file, the line and the key."""
import json
import shutil

import pytest

from qmcorpus import resources
from qmcorpus.errors import ResourceError


def _cached():
    return (resources.toml, resources.furniture, resources.word_list, resources.pattern, resources.piece,
            resources.checked)


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A copy of qmcorpus/data to break, read instead of the real one (caches emptied around)."""
    data = tmp_path / "data"
    shutil.copytree(resources._DATA_DIR, data)
    for f in _cached():
        f.cache_clear()
    monkeypatch.setattr(resources, "_DATA_DIR", data)
    yield data
    for f in _cached():
        f.cache_clear()


def _replace(p, old, new):
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # the line changed


def test_the_shipped_lists_and_patterns_load():
    assert "局" in resources.word_list("extract.toml", "issuers.suffixes")
    assert resources.pattern("extract.toml", "issuers.bare_suffix").fullmatch("市局")
    assert resources.word_list("furniture.toml", "meta.kinds.source") == ("来源", "出处", "来自")


def test_an_invalid_pattern_names_file_line_and_key(broken_data):
    line = _replace(broken_data / "extract.toml", "bare_suffix = '[局委", "bare_suffix = '(局委")
    with pytest.raises(ResourceError, match=rf"extract\.toml:{line}: issuers\.bare_suffix: invalid regular expression"):
        resources.pattern("extract.toml", "issuers.bare_suffix")


def test_the_shipped_patterns_file_loads_whole_with_its_pieces_expanded():
    assert resources.checked("patterns.toml") == "patterns.toml"
    year = resources.pattern("patterns.toml", "extract.dates.year_only")
    assert "${" not in year.pattern and year.search("二〇二三年度").group("y") == "二〇二三"
    assert resources.piece("patterns.toml", "extract.issuers.pieces.lead_not") == "。；;，,\n“”"


def test_a_broken_pattern_in_the_patterns_file_names_file_line_and_key(broken_data):
    line = _replace(broken_data / "patterns.toml", "period_start = '''(?:从", "period_start = '''((?:从")
    # the whole file is checked at first use: any pattern of it reports the broken one
    with pytest.raises(ResourceError, match=rf"patterns\.toml:{line}: extract\.fields\.period_start: invalid regular "
                                            "expression"):
        resources.pattern("patterns.toml", "extract.activities.aim")


def test_an_unknown_piece_and_a_missing_key_of_the_patterns_file_are_named(broken_data):
    line = _replace(broken_data / "patterns.toml", "year_only = '''${year}", "year_only = '''${yr}")
    with pytest.raises(ResourceError, match=rf"patterns\.toml:{line}: extract\.dates\.year_only: unknown piece "
                                            r"\$\{yr\} \(no key 'extract\.dates\.pieces\.yr'\)"):
        resources.pattern("patterns.toml", "extract.dates.year_only")
    _replace(broken_data / "patterns.toml", "${yr}", "${year}")
    for f in _cached():
        f.cache_clear()
    with pytest.raises(ResourceError, match=r"patterns\.toml: missing key 'extract\.fields\.nothing'"):
        resources.pattern("patterns.toml", "extract.fields.nothing")


def test_a_pattern_that_is_not_a_string_is_named(broken_data):
    line = _replace(broken_data / "patterns.toml", 'with_anchor = \'\'\'(?:以\\s*[“"][^“”"\\n]{1,40}[”"]\\s*为\\s*(?:活动|宣传)?主题\\s*[，,]?\\s*)?(?:联合|会同|携手)\'\'\'', "with_anchor = ['联合', '会同', '携手']")
    with pytest.raises(ResourceError, match=rf"patterns\.toml:{line}: extract\.issuers\.with_anchor: expected a "
                                            "regular expression"):
        resources.checked("patterns.toml")


def test_a_word_listed_twice_names_file_and_line(broken_data):
    line = _replace(broken_data / "furniture.toml", 'source = ["来源", "出处", "来自"]', 'source = ["来源", "来源"]')
    with pytest.raises(ResourceError, match=rf"furniture\.toml:{line}: meta\.kinds\.source: a word is listed twice"):
        resources.word_list("furniture.toml", "meta.kinds.source")


def test_an_empty_word_and_a_missing_key_are_errors(broken_data):
    line = _replace(broken_data / "extract.toml", 'national_prefixes = ["国家"', 'national_prefixes = [" 国家"')
    with pytest.raises(ResourceError, match=rf"extract\.toml:{line}: level\.national_prefixes: not a word"):
        resources.word_list("extract.toml", "level.national_prefixes")
    with pytest.raises(ResourceError, match=r"extract\.toml: missing key 'activities.nothing'"):
        resources.word_list("extract.toml", "activities.nothing")


def test_broken_toml_names_the_line(broken_data):
    _replace(broken_data / "extract.toml", "[activities]", "[activities")
    with pytest.raises(ResourceError, match=r"extract\.toml: invalid TOML: .*line"):
        resources.toml("extract.toml")


def test_every_case_file_names_its_cases_and_their_outcome(tmp_path, monkeypatch):
    import tests.conftest as conftest

    names = sorted(p.name for p in conftest.CASES.glob("*.jsonl"))
    assert names and all(conftest.load_cases(n) for n in names)
    (tmp_path / "bad.jsonl").write_text('{"label": "x", "input": "y"}\n', encoding="utf-8")
    monkeypatch.setattr(conftest, "CASES", tmp_path)
    with pytest.raises(ValueError, match="bad.jsonl: case 1: needs a label and an outcome"):
        conftest.load_cases("bad.jsonl")


def test_a_kept_toml_file_is_the_parsed_one(tmp_path, monkeypatch):
    """The data files are kept between runs as JSON: read back, each is what TOML parses."""
    import tomllib

    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path))
    for name in ("furniture.toml", "extract.toml", "patterns.toml", "categories.toml", "warmup.toml"):
        plain = tomllib.loads(resources.path(name).read_text(encoding="utf-8"))
        for _ in range(2):  # built, then read from the kept file
            resources.toml.cache_clear()
            assert resources.toml(name) == plain
            assert json.dumps(resources.toml(name)) == json.dumps(plain)  # the same order and types
    assert len(list(tmp_path.glob("toml_*.json"))) == 5
    resources.toml.cache_clear()


def test_a_user_dictionary_word_holding_a_category_cue_is_found_as_that_category():
    """A word of userdict.txt is one token to the segmenter: a cue inside it (质量奖 in 政府质量奖) is
    found only if the word is a cue itself or the categoriser reads the cue inside it."""
    from qmcorpus.extract.activities import categorize, taxonomy

    words = [ln.split()[0] for ln in resources.path("userdict.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    for w in words:
        for cat in taxonomy():
            if any(c in w for c in cat.cues) and not any(x in w for x in cat.exclude):
                assert cat.key in {k for k, _, _ in categorize(f"{w}。")}, (w, cat.key)
