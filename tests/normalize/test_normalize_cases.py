"""Case files of normalisation: input → expected for each repair (normalize.jsonl) and for page
cleaning (cleaning.jsonl, see test_cleaning_cases.py), with negative cases that must stay unchanged."""
import pytest

from qmcorpus import normalize

from ..conftest import case_params, load_cases

CASE_FILES = ("normalize.jsonl", "cleaning.jsonl")
CASES = [case for name in CASE_FILES for case in load_cases(name)]


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case):
    out = normalize(case["input"]).text
    assert out == case["expected"]
    if case.get("expect") == "unchanged":
        assert out == case["input"]


@pytest.mark.parametrize("name", CASE_FILES)
def test_case_file_has_negative_cases(name):
    assert sum(c.get("expect") == "unchanged" for c in load_cases(name)) >= 8


def test_byte_shift_repairs_are_traced():
    n = normalize("會議上啟動了我市最大規?!百|(zhì)量月”活動")
    step = next(s for s in n.steps if s.action == "byte_shift")
    assert step.count == 1 and "?!百|" in step.detail and "模“質" in step.detail
    assert n.repairs >= 2  # the byte shift and the gloss


def test_undecidable_lost_character_is_marked_not_guessed():
    from qmcorpus.normalize.byteshift import UNRESOLVED, repair_byte_shifts

    # same damage shape as 规?!百| but with no neighbour that makes a word: the re-aligned
    # quote and character are restored, the lost one is marked
    text, reps = repair_byte_shifts("丂?!百|(zhì)量")
    assert reps and reps[0].repaired.endswith("“質")
    assert not reps[0].resolved and UNRESOLVED in text
