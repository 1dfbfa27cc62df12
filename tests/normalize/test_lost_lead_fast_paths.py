"""Shortcuts of normalize.lost_lead = the plain definitions they replace (hypothesis properties)."""
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus import resources
from qmcorpus.normalize import lost_lead
from qmcorpus.normalize.byteshift import segment_logprob as logprob

SETTINGS = settings(max_examples=200, deadline=None)
# characters of words and of no word, marks (ranked by their order in _MARKS) and a Latin letter
ALPHABET = "质量月活动发展工作会议开展全市的是丂丄乂宣传资料，。“”、x"
CONTEXT = st.text(alphabet=ALPHABET, max_size=4)
CANDS = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=12)


def _plain_best(cands, left, right):
    # at a line's or paragraph's end the full stop ranks first among marks (_best's rule)
    marks = lost_lead._LINE_END_MARKS if not right or right[0] in "<\n" else lost_lead._MARKS
    return max(cands, key=lambda c: (logprob(left + c + right), -marks.find(c) if c in marks else 0))


def _plain_top(cands, left, right):
    lf = resources.char_logfreq()
    return sorted(cands, key=lambda c: (logprob(left + c + right), lf.get(c, 0.0)), reverse=True)[:lost_lead.JOINT_TOP]


@SETTINGS
@given(CANDS, CONTEXT, CONTEXT)
@example(cands=["。", "、"], left="", right="")  # at the end: the full stop first (found at 200 examples)
def test_best_candidate_read_together_equals_reading_each(cands, left, right):
    assert lost_lead._best(cands, left, right) == _plain_best(cands, left, right)


@SETTINGS
@given(CANDS, CONTEXT, CONTEXT)
def test_top_candidates_read_together_equal_reading_each(cands, left, right):
    assert lost_lead._top(cands, left, right) == _plain_top(cands, left, right)


@SETTINGS
@given(CANDS, CANDS, CONTEXT, st.text(alphabet=ALPHABET, max_size=2), CONTEXT)
def test_best_pair_read_together_equals_reading_each_pair(fs, ls, left, mid, right):
    plain = max(((f, l) for f in fs for l in ls), key=lambda fl: logprob(left + fl[0] + mid + fl[1] + right))
    assert lost_lead._best_pair(fs, ls, left, mid, right) == plain


def _plain_fills(cands, before, after):
    slots = resources.word_slots(lost_lead.MIN_WORD_FREQ, 2 * lost_lead.CONTEXT + 1)
    ok = None if cands is None else set(cands)
    out = set()
    for i in range(0, lost_lead.CONTEXT + 1):
        for j in range(0, lost_lead.CONTEXT + 1):
            if i + j:
                out.update(c for c in slots.get(f"{before[len(before) - i:]}\0{after[:j]}", "") if ok is None or c in ok)
    return out


@SETTINGS
@given(st.one_of(st.none(), CANDS), st.text(alphabet=ALPHABET, max_size=6), st.text(alphabet=ALPHABET, max_size=6))
def test_fills_as_one_set_equal_testing_each_character(cands, before, after):
    assert lost_lead._fills(cands, before, after) == _plain_fills(cands, before, after)


def test_fills_find_the_characters_of_a_word():
    # (a case the property must see: a slot some characters fill, kept to the candidates)
    assert "量" in lost_lead._fills(None, "质", "月") and lost_lead._fills(["量", "x"], "质", "月") == {"量"}


def test_ties_keep_the_first_candidate_as_the_plain_forms_do():
    # characters in no word read alike (and have no frequency of their own): the plain max/sort keep
    # their order
    a, b = "丂", "丄"
    assert logprob(a) == logprob(b)
    assert lost_lead._best([a, b], "", "") == _plain_best([a, b], "", "") == a
    assert lost_lead._best([b, a], "", "") == b
    assert lost_lead._top([b, a], "", "") == _plain_top([b, a], "", "")
    assert lost_lead._best_pair([a, b], [b, a], "", "", "") == (a, b)
