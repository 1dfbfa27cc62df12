"""replaced's shortcuts (#16) give what their plain forms give: spots found with str.find are the
patterns' matches, and the best two candidates of a window, segmenting only those that can be
among them, are the best two of segmenting every candidate."""
import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources
from qmcorpus.normalize import byteshift, replaced

SETTINGS = settings(max_examples=200, deadline=None)
DENSE = json.loads((Path(__file__).parent.parent / "golden" / "byteshift_dense.json").read_text(encoding="utf-8"))["cases"]

# the edges of the running-text class, marks, boxes and other characters
_SPOT_TEXT = st.lists(st.sampled_from(["\ufffd", "\u25a1", "质", "\u3400", "\u9fff", "\u33ff", "\ua000", "a", "，", "\n"]),
                      max_size=24).map("".join)


@SETTINGS
@given(_SPOT_TEXT)
def test_spots_found_with_find_are_the_patterns_matches(text):
    plain = sorted([m.start() for m in replaced._SPOT.finditer(text)] + [m.start() for m in replaced._BOX_SPOT.finditer(text)])
    assert replaced._spots(text) == plain
    assert replaced._pair_spots(text) == [m.start() for m in replaced._PAIR.finditer(text)]


@SETTINGS
@given(st.lists(st.sampled_from(["?", "质", "\u3400", "\u9fff", "\u33ff", "\ua000", "a", "？", "\n"]), max_size=24).map("".join))
def test_question_mark_spots_found_with_find_are_the_patterns_matches(text):
    # the pattern fill_lost_qmarks read its spots with: a '?' between two characters of running text
    plain = [m.start() for m in re.finditer(r"(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff])", text)]
    assert replaced._qmark_spots(text) == plain


def test_spot_shapes_each_met():
    # a mark after / before running text, a mark beside a pair, a run of three, a box after text, a box
    # opening a word
    text = "质\ufffd量 \ufffd量 质\ufffd\ufffd \ufffd\ufffd\ufffd 质\u25a1a \u25a1量"
    assert replaced._spots(text) == [1, 4, 16]
    # a pair after / before running text, a run of three, a pair alone
    text = "质\ufffd\ufffd a\ufffd\ufffd量 \ufffd\ufffd\ufffd量 \ufffd\ufffd"
    assert replaced._pair_spots(text) == [1, 5] == [m.start() for m in replaced._PAIR.finditer(text)]


def _plain_top(lft, rgt, chars, count=2):
    return sorted(zip(byteshift._segment_logprobs(lft, rgt, chars), chars), reverse=True)[:count]


_WINDOW_CHARS = "质量月活动发展工作会议开展全市的是管理局监督检查安全丂乂x1，"


@SETTINGS
@given(st.text(alphabet=_WINDOW_CHARS, max_size=4), st.text(alphabet=_WINDOW_CHARS, max_size=4),
       st.lists(st.sampled_from(_WINDOW_CHARS + "理督查全"), max_size=12, unique=True), st.integers(1, 3))
def test_best_candidates_equal_ranking_every_candidate(lft, rgt, chars, count):
    assert byteshift.segment_top(lft, rgt, chars, count) == _plain_top(lft, rgt, chars, count)


def test_best_candidates_of_real_spots_equal_ranking_every_candidate():
    # every eleventh character of the dense pages blanked, with the candidates replaced reads there:
    # the characters that make a dictionary word with some of its neighbours
    slots = resources.word_slots(byteshift.MIN_WORD_FREQ, 7)
    windows = 0
    for case in DENSE:
        text = case["input"]
        for q in range(3, len(text) - 3, 11):
            before, after = text[q - 3 : q], text[q + 1 : q + 4]
            cands = set()
            for i in range(4):
                for j in range(4):
                    if i + j:
                        cands.update(slots.get(f"{before[3 - i:]}\0{after[:j]}", ""))
            cands = sorted(c for c in cands if "\u3400" <= c <= "\u9fff")
            if len(cands) > 3:
                assert byteshift.segment_top(before, after, cands) == _plain_top(before, after, cands), q
                windows += 1
    assert windows > 100  # the comparison is not vacuous


def test_fills_of_the_blanked_word_table_come_most_frequent_word_first():
    # segment_top stops reading a fill at the first word too rare to matter: it relies on the order
    wf = resources.word_freq()
    slots = resources.word_slots(byteshift.MIN_WORD_FREQ, 7)
    for key, fill in slots.items():
        freqs = [wf[key.replace("\0", c)] for c in fill]
        assert freqs == sorted(freqs, reverse=True), key


def _own_plain(text, q, sides, unquoted):
    # the form _own had before it found the running text around the spot once
    for width in range(2 * replaced.CONTEXT, replaced.OWN_MIN - 1, -1):
        found = set()
        for i in range(0, width + 1):
            j = width - i
            if i > replaced.CONTEXT or j > replaced.CONTEXT or (sides == 2 and not (i and j)):
                continue
            left, right = text[q - i:q], text[q + 1:q + 1 + j]
            if len(left) != i or len(right) != j or any(m in left or m in right for m in replaced.MARKS):
                continue
            if not all("\u3400" <= c <= "\u9fff" for c in left + right):
                continue
            found.update(replaced.between(text, left, right))
            if unquoted is not None:
                found.update(replaced.between(unquoted, left, right))
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def test_own_spelling_equals_its_plain_form_on_real_pages():
    checked = 0
    for case in DENSE:
        text = case["input"]
        unquoted = replaced._unquoted(text)
        for q in range(0, len(text), 7):
            for sides in (1, 2):
                got = replaced._own(text, q, sides, unquoted)
                assert got == _own_plain(text, q, sides, unquoted), (q, sides)
                checked += got is not None
    assert checked > 20  # the comparison is not vacuous


@SETTINGS
@given(st.lists(st.sampled_from(list("质量月量质活动a?，\ufffd\u25a1“”\n")), max_size=30).map("".join), st.integers(0, 29),
       st.sampled_from([1, 2]))
def test_own_spelling_equals_its_plain_form(text, q, sides):
    if q < len(text):
        unquoted = replaced._unquoted(text)
        assert replaced._own(text, q, sides, unquoted) == _own_plain(text, q, sides, unquoted)


def test_values_alone_kept_with_the_tables_are_the_plain_ones():
    byteshift._tables()  # (loads the kept values)
    wf = resources.word_freq()
    kept = dict(byteshift._ALONE_LOG)
    assert len(kept) > 3000
    assert all(value == byteshift._log_freq(wf, c, 1) for c, value in kept.items())


def _both_plain(text, q, unquoted):
    one = replaced._own(text, q, 1, unquoted)
    return one, one is not None and replaced._own(text, q, 2, unquoted) == one


def test_own_spelling_of_both_kinds_read_together_equals_reading_each_on_real_pages():
    agreed = disagreed = 0
    for case in DENSE:
        text = case["input"]
        unquoted = replaced._unquoted(text)
        for q in range(0, len(text), 5):
            got = replaced._own_both(text, q, unquoted)
            assert got == _both_plain(text, q, unquoted), q
            agreed += got[1]
            disagreed += got[0] is not None and not got[1]
    assert agreed > 10 and disagreed > 3  # both outcomes met: the comparison is not vacuous


@SETTINGS
@given(st.lists(st.sampled_from(list("质量月量质活动a?，\ufffd\u25a1“”\n")), max_size=30).map("".join), st.integers(0, 29))
def test_own_spelling_of_both_kinds_read_together_equals_reading_each(text, q):
    if q < len(text):
        unquoted = replaced._unquoted(text)
        assert replaced._own_both(text, q, unquoted) == _both_plain(text, q, unquoted)


def _fill_lost_qmarks_plain(text):
    # the form fill_lost_qmarks had before it skipped the spots a round of fills cannot change
    if "?" not in text:
        return text, []
    fills = []
    spots = replaced._qmark_spots(text)[: replaced.MAX_SPOTS]
    while spots:
        unquoted = replaced._unquoted(text)
        found = [(q, ch) for q in spots if not replaced._asks(text, q)
                 and (ch := replaced._read_slot(text, q, unquoted)) is not None]
        if not found:
            break
        out = list(text)
        for q, ch in found:
            out[q] = ch
        text = "".join(out)
        fills += found
        done = {q for q, _ in found}
        spots = [q for q in spots if q not in done]
    return text, sorted(fills)


def _blanked_pages():
    # the gold texts with one character of running text in every nine turned into a '?' (a lost
    # character), some beside quotation marks; pieces of a page, so that a page holds fewer spots
    # than a page may fill and each round of fills leaves spots open
    clean = Path(__file__).parent.parent / "corpus" / "clean"
    for p in sorted(clean.glob("*.txt"))[:12]:
        text = p.read_text(encoding="utf-8")
        for start in range(0, min(len(text), 6000), 1500):
            piece = list(text[start : start + 1500])
            for q in range(1, len(piece) - 1, 9):
                if all("\u3400" <= c <= "\u9fff" for c in piece[q - 1 : q + 2]):
                    piece[q] = "?"
            yield "".join(piece)


def test_lost_characters_filled_as_reading_every_open_spot_again_fills_them(monkeypatch):
    rounds = []
    near_fills = replaced._near_fills
    monkeypatch.setattr(replaced, "_near_fills", lambda text, filled: rounds.append(1) or near_fills(text, filled))
    for page in _blanked_pages():
        assert replaced.fill_lost_qmarks(page) == _fill_lost_qmarks_plain(page)
    assert len(rounds) > 10  # rounds after the first, with spots left open: the comparison is not vacuous


@SETTINGS
@given(st.lists(st.sampled_from(list("质量月活动发展工作会议开展全市的是管理局监督检查安全??“”，\n")), max_size=40).map("".join))
def test_lost_characters_filled_as_reading_every_open_spot_again_fills_them_generated(text):
    assert replaced.fill_lost_qmarks(text) == _fill_lost_qmarks_plain(text)
