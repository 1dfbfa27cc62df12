"""The level decision: invented cases for each class of level, the [level_weights] data, and the
cross-validated accuracy of the cues (tools/level_cv.py) on the test corpus."""
import sys
from pathlib import Path

import pytest

from qmcorpus import normalize
from qmcorpus.extract import extract
from qmcorpus.extract.layout import layout
from qmcorpus.extract.regions import level_cues
from qmcorpus.extract.structure import config

from ..conftest import case_params, load_cases

ROOT = Path(__file__).resolve().parents[2]
LEVELS = {"national", "provincial", "municipal", "county", "enterprise", "association", "other"}
CASES = load_cases("extract_level.jsonl")


@pytest.mark.parametrize("case", case_params(CASES))
def test_level_case(case):
    n = normalize(case["input"])
    assert extract(n.text, page_meta=n.page_meta).fields["level"] == case["expected"]


def test_the_level_cases_hold_negatives_and_every_class():
    assert sum(c["label"].startswith("negative") for c in CASES) >= 5
    assert {c["expected"] for c in CASES} >= {"county", "municipal", "provincial", "national", "enterprise", "association"}


def test_every_cue_kind_has_a_weight_and_every_level_is_known():
    """Each cue the weighing emits has a weight in [level_weights], each weight is used (or scales
    one), and each cue names a known level."""
    from qmcorpus.extract import fields as F
    from qmcorpus.extract.issuers import find_issuers
    from qmcorpus.extract.places import place_of

    weights = config()["level_weights"]
    seen = set()
    for c in CASES:
        lay = layout(normalize(c["input"]).text)
        title = F.find_title(lay)
        issuers = find_issuers(lay, title, F.find_doc_type(lay, title).value)
        for kind, lvl, value, ev in level_cues(lay, issuers, title, place_of(lay, issuers)):
            assert kind in weights and lvl in LEVELS and 0 < value <= 1 and ev.value == lvl
            seen.add(kind)
    assert seen >= {"lead_issuer", "other_issuer", "addressee", "scope_first", "place_depth", "place_qualified"}
    assert set(weights) - {"place_full_weight"} <= seen | {"scope_other"}
    assert {lvl for lvl, _ in config()["level"]["scope"]} <= LEVELS


@pytest.fixture(scope="module")
def level_cv():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import level_cv
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return level_cv


def test_the_cues_generalise_across_the_fold_split(level_cv):
    """Weights fitted on one fold (one weight per cue kind) decide the other fold's level: the cues
    themselves carry over to pages the weights never saw. The hand weights match extraction."""
    docs, y = level_cv.load(ROOT / "tests" / "corpus")
    r = level_cv.evaluate(docs, y, ["hand", "shared"], repeats=1)
    assert r["hand"]["whole"] >= 0.95
    assert r["shared"]["A→B"] >= 0.9 and r["shared"]["B→A"] >= 0.9
    assert min(r["shared"]["cv"]) >= 0.8


def test_departments_of_institutions_are_no_ministries():
    """A hospital's, a school's or a firm's department ends in 部 like a ministry: only ministries
    read as national (a name with no place, ending in 部)."""
    from qmcorpus.extract.regions import body_level

    for unit in ("医务部", "护理部", "教务部", "财务部", "质量管理部"):
        assert body_level(unit) != "national", unit
    for ministry in ("商务部", "教育部", "工业和信息化部", "农业部"):
        assert body_level(ministry) == "national", ministry
