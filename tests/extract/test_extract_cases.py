"""Case files for the extractors: dates, document numbers, themes, places and issuers, with negatives."""
import pytest

from qmcorpus import normalize
from qmcorpus.extract import extract

from ..conftest import case_params, load_cases

CASES = [c for f in ("extract_dates.jsonl", "extract_fields.jsonl", "extract_places.jsonl", "extract_issuers.jsonl",
                     "extract_theme_dates.jsonl", "extract_themes.jsonl") for c in load_cases(f)]


def _fields(text: str) -> dict:
    n = normalize(text)
    return extract(n.text, page_meta=n.page_meta).fields


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case):
    f = _fields(case["input"])
    want = case["expected"]
    if case["field"] == "period":
        assert [f["period_start"], f["period_end"]] == want
    elif case["field"] == "place":
        assert {k: f[k] for k in ("province", "city", "county", "level")} == want
    else:
        assert f[case["field"]] == want


def test_every_case_file_has_negative_cases():
    negatives = [c for c in CASES if c["expected"] in (None, [], [None, None]) or c["label"].startswith("negative")]
    assert len(negatives) >= 20
    for name in ("extract_places.jsonl", "extract_issuers.jsonl", "extract_theme_dates.jsonl", "extract_themes.jsonl"):
        assert any(c["label"].startswith("negative") for c in load_cases(name)), name


def test_a_bare_kind_word_or_a_founding_verb_names_no_body():
    from qmcorpus.extract.bodies import is_body

    # a branch referred to by its kind alone ("分公司召开…") and a group being set up ("成立活动领导小组")
    assert not any(is_body(x) for x in ("分公司", "子公司", "总公司", "分厂", "成立活动领导小组"))
    assert all(is_body(x) for x in ("某某工程集团第二分公司", "某某电网某某供电分公司", "活动领导小组"))
