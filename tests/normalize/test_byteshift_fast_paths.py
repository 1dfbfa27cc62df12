"""Byte-shift repair's shortcuts give exactly what the plain, slower forms give (#16).

The search was made cheaper per spot: re-alignments read character by character instead of every
reading of every length, candidates ranked by one look-up per span of neighbours instead of one per
candidate, a re-alignment dropped once it cannot beat the best so far, lines read from their end.
Each is held here against its plain form, on pages dense with real damage (a spot every 30-40
characters of the test corpus's gold texts) and on generated text (hypothesis); the pages'
repairs are held against those the plain search made before (tests/golden/byteshift_dense.json).
"""
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources
from qmcorpus.normalize import byteshift

SETTINGS = settings(max_examples=200, deadline=None)
DENSE = json.loads((Path(__file__).parent.parent / "golden" / "byteshift_dense.json").read_text(encoding="utf-8"))["cases"]


def _rows(repairs):
    return [[r.start, r.end, r.garbled, r.repaired, r.resolved] for r in repairs]


def _spots(text):
    return [i for i, c in enumerate(text) if c == "?"]


@pytest.mark.parametrize("case", DENSE, ids=[c["label"] for c in DENSE])
def test_dense_damage_is_repaired_as_the_plain_search_repaired_it(case):
    assert len(case["repairs"]) > 40  # the pages are dense with spots: the comparison is not vacuous
    assert _rows(byteshift.find_repairs(case["input"])) == case["repairs"]


def test_dropping_re_alignments_that_cannot_win_changes_no_repair(monkeypatch):
    plain = byteshift._render
    monkeypatch.setattr(byteshift, "_render", lambda text, pos, end, pairs, beat=None, line=None: plain(text, pos, end, pairs, None, line))
    for case in DENSE:
        assert _rows(byteshift.find_repairs(case["input"])) == case["repairs"]


@pytest.mark.parametrize("window", [8, 40, 10**9])
def test_reading_only_the_end_of_a_long_line_changes_no_repair(monkeypatch, window):
    # each dense page as one long line (a page scraped without line breaks): a repair reads only
    # the end of the line before its spot, and the whole line when that end does not tell
    pages = [case["input"].replace("\n", " ") for case in DENSE]
    default = [_rows(byteshift.find_repairs(page)) for page in pages]
    assert sum(map(len, default)) > 80
    monkeypatch.setattr(byteshift, "_LINE_WINDOW", window)
    assert [_rows(byteshift.find_repairs(page)) for page in pages] == default


def test_line_index_finds_what_scanning_the_line_finds():
    for case in DENSE:
        text = case["input"]
        index = byteshift._LineIndex(text)
        for pos in _spots(text):
            start = text.rfind("\n", 0, pos) + 1
            line = index.line(pos)
            assert line.start == max(start, pos - byteshift._LINE_WINDOW)
            assert line.opened == text.count("“", start, pos) - text.count("”", start, pos)
            assert (line.whole() if line.whole else text[line.start : pos]) == text[start:pos]


# ── re-alignments read character by character = every reading of every length ─────────────────
def test_re_alignment_search_equals_trying_every_reading_on_dense_pages():
    found = 0
    for case in DENSE:
        text = case["input"]
        for pos in _spots(text):
            fast = list(byteshift._hypotheses(text, pos))
            assert fast == list(byteshift._hypotheses_by_product(text, pos)), pos
            found += len(fast)
    assert found > 200


# garbled characters of real damage, ASCII twins of fullwidth forms, lost bytes, plain text
_GARBLED = "?耐ㄖ┮饧锎葱梅瘴刍肪诳谂谑匈百規模质量月“”，。!|(:;,.a1 "


@SETTINGS
@given(st.text(alphabet=_GARBLED, max_size=20))
def test_re_alignment_search_equals_trying_every_reading(tail):
    text = "质?" + tail
    assert list(byteshift._hypotheses(text, 1)) == list(byteshift._hypotheses_by_product(text, 1))


# ── best word by one look-up per span = scoring every candidate ────────────────────────────────
def test_best_word_search_equals_scoring_every_candidate_on_dense_pages():
    slots = byteshift._tables()[0]
    kinds = [(None, 0xA1), (None, 0xBF), (None, 0xD6), (0xD6, None), (0xB9, None), (0xA1, None)]
    words = 0
    for case in DENSE:
        text = case["input"]
        for pos in _spots(text)[::6]:
            left = byteshift._context(text[:pos], reverse=True)
            right = byteshift._context(text[pos + 1 : pos + 17], reverse=False)
            contexts = byteshift._word_contexts(left, right)
            for key in kinds:
                slot = slots[key]
                plain = {s: byteshift._word_score(contexts, c) for c, s in zip(slot.words, slot.simple)}
                best = max(plain.values(), default=byteshift._NO_WORD)
                expected = {s: sc for s, sc in plain.items() if sc[1] >= 2 and sc[:2] == best[:2]}
                assert byteshift._top_words.__wrapped__(left, right, slot.simple) == expected, (pos, key)
                words += len(expected)
    assert words > 100


# ── tie-break segmentation shared across candidates = one segmentation per candidate ───────────
@SETTINGS
@given(st.text(alphabet="质量月活动发展工作会议开展全市", max_size=3), st.text(alphabet="质量月活动发展工作会议开展全市", max_size=3),
       st.lists(st.sampled_from("质量月活动发展工作会议开展全市的是"), max_size=6))
def test_shared_segmentation_equals_segmenting_each_reading(lft, rgt, chars):
    assert byteshift._segment_logprobs(lft, rgt, chars) == [byteshift._segment_logprob(lft + c + rgt) for c in chars]


# ── a line read from its end = the whole line ──────────────────────────────────────────────────
@SETTINGS
@given(st.text(alphabet="质量月活動（）()zhìlagnü，。 a1", max_size=160))
def test_left_context_from_the_end_of_a_long_line_equals_the_whole_line(before):
    assert byteshift._left_context(before) == byteshift._context(before, reverse=True)


def test_character_tests_equal_the_patterns_on_every_character():
    for code in range(0x10000):
        ch = chr(code)
        assert (ch in byteshift._CLAUSE_END_CHARS) == bool(byteshift._CLAUSE_END.match(ch)), hex(code)
        in_ranges = "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
        assert in_ranges == bool(byteshift._CJK.match(ch)), hex(code)


@SETTINGS
@given(st.text(alphabet="质量月活動。，；：“”!?\n ab1", max_size=40))
def test_clause_length_read_backwards_equals_splitting_the_line(before):
    clause = byteshift._CLAUSE_END.split(before)[-1]
    assert byteshift._clause_is_long(before) == (len(byteshift._cjk_only(clause)) >= byteshift.CLAUSE_MIN)


@SETTINGS
@given(st.text(alphabet="质量月活動（）()zhìlagnü，。 ab1", max_size=120), st.integers(0, 130))
def test_end_of_a_line_with_the_whole_at_hand_reads_as_the_whole_line(line, cut):
    end = line[-cut:] if cut else ""
    whole = (lambda: line) if len(end) < len(line) else None
    assert byteshift._left_context(end, whole) == byteshift._context(line, reverse=True)
    assert byteshift._clause_is_long(end, whole) == byteshift._clause_is_long(line)


@SETTINGS
@given(st.text(alphabet="质量月活動。，“ ab1", max_size=30), st.one_of(st.none(), st.integers(0, 5)))
def test_tail_word_read_backwards_equals_the_anchored_pattern(s, limit):
    word = re.search(r"[\u3400-\u9fff\uf900-\ufaff]*$", s).group(0)
    expected = word if limit is None else (word[-limit:] if limit else "")
    assert byteshift._tail_word(s, limit) == expected


# ── the slot table kept on disk = computing it from the codec and the dictionaries ────────────
def test_slot_table_is_plain_data_that_can_be_kept_between_runs():
    # the derived-table cache keeps JSON only: a table it cannot write is rebuilt by every process
    built = byteshift._build_tables()
    assert json.loads(json.dumps(built, ensure_ascii=False, allow_nan=False)) == built


def test_slot_table_holds_what_the_codec_and_the_dictionaries_give():
    by_trail, by_lead = byteshift._gbk_tables()
    slots, valid, total = byteshift._tables()
    lf = resources.char_logfreq()
    keyed = [((None, t), c) for t, c in by_trail.items()] + [((ld, None), c) for ld, c in by_lead.items()]
    assert len(keyed) > 300
    for key, cands in keyed:
        slot = slots[key]
        words = [c for c in cands if byteshift._CJK.match(c) and lf.get(byteshift.simplified_char(c), 0.0) > 0]
        assert slot.cands == "".join(cands)
        assert slot.best_plaus == max(map(byteshift._plaus, cands))
        assert slot.marks == "".join(c for c in cands if c in byteshift._SENTENCE_MARKS)
        assert slot.words == "".join(words)
        assert slot.simple == "".join(map(byteshift.simplified_char, words))
        assert {c for cs in slot.by_simple.values() for c in cs} == set(words)
        assert all(byteshift.simplified_char(c) == s for s, cs in slot.by_simple.items() for c in cs)
    assert slots[(None, 0x7F)].cands == ""  # no character has that trail byte
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            ok = trail != 0x7F and byteshift._decode_pair(lead, trail) is not None
            assert bool(valid[lead << 8 | trail]) == ok
            if ok:  # a valid pair is read from the table of decoded pairs
                assert byteshift._DECODED[lead - 0x81][trail - 0x40] == byteshift._decode_pair(lead, trail)
    assert total == float(sum(resources.word_freq().values()))


def test_remembered_plausibility_equals_computing_it():
    for case in DENSE:
        for ch in set(case["input"]):
            assert byteshift._PLAUS[ch] == byteshift._plaus(ch)


@SETTINGS
@given(st.text(alphabet="质量月活動。，“”(（ ab1\n丂", max_size=12), st.text(alphabet="质量月活動。，“”(（ ab1\n丂", max_size=12))
def test_near_context_read_by_comparisons_equals_the_patterns(left, right):
    assert byteshift._near_context(left, right) == byteshift._near_context_plain(left, right)


def test_readings_from_the_table_of_byte_pairs_equal_encoding_each_character():
    """Every GBK character's readings come from the table of its byte pairs built with the tables,
    not from encoding it: the same readings as _char_options (a space among them: none); the long
    fills of the blanked-word table, built as sets with the tables, hold what the strings hold."""
    byteshift._tables()
    chars = [c for row in byteshift._DECODED for c in row if c != "\0"]
    assert len(chars) > 20000 and len(byteshift._GBK_PAIRS) == len(chars)
    assert all(byteshift._OPTIONS[c] == byteshift._char_options.__wrapped__(c) for c in chars)
    assert byteshift._OPTIONS["\u3000"] is None and byteshift._OPTIONS["a"] == byteshift._char_options("a")
    slots = byteshift._word_tables()[1]
    assert byteshift._FILL_SETS and all(
        byteshift._FILL_SETS[k] == frozenset(v) for k, v in slots.items() if len(v) > byteshift._FILL_SET_MIN)


# ── segmentations of many candidates share what does not depend on them ───────────────────────
@SETTINGS
@given(st.text(alphabet="质量月活动发展工作会议开展全市的是丂乂x1，", max_size=12),
       st.text(alphabet="质量月活动发展工作会议开展全市的是丂乂x1，", max_size=4),
       st.lists(st.sampled_from("质量月活动发展工作会议开展全市的是丂乂x，"), max_size=8))
def test_shared_segmentation_with_long_left_text_equals_segmenting_each_reading(lft, rgt, chars):
    # (lost_lead reads a long stretch before its spot)
    assert byteshift._segment_logprobs(lft, rgt, chars) == [byteshift._segment_logprob(lft + c + rgt) for c in chars]


@SETTINGS
@given(st.text(alphabet="质量\n“”ab", max_size=60))
def test_line_index_positions_equal_finding_each_character(text):
    index = byteshift._LineIndex(text)
    for ch, found in (("\n", index.newlines), ("“", index.opening), ("”", index.closing)):
        assert found == [i for i, c in enumerate(text) if c == ch]


def test_an_ascii_character_has_no_reading():
    # byte-shift repair answers this without loading pinyin's tables: what they answer
    for code in range(0x80):
        for gloss in ("n", "zh", "zhì", "de", "a", "o", "e", "er", "m", "ng", "hm"):
            assert byteshift._reads_as(chr(code), gloss) is False
            assert byteshift.is_reading(chr(code), gloss) is False, (hex(code), gloss)


# ── a spot with no one-byte reading before an unreadable character has no re-alignment ─────────
_UNREADABLE_TOO = _GARBLED + "\ue034\ue086\u3000\t质量活动"  # private-use and blank characters read as nothing


@SETTINGS
@given(st.text(alphabet=_UNREADABLE_TOO, max_size=20))
def test_re_alignment_needs_a_one_byte_reading_before_the_run_stops(tail):
    text = "质?" + tail
    byteshift._tables()
    if not byteshift._may_re_align(text, 1, byteshift._OPTIONS):
        assert list(byteshift._hypotheses_by_product(text, 1)) == []
    assert list(byteshift._hypotheses(text, 1)) == list(byteshift._hypotheses_by_product(text, 1))


def test_spots_skipped_without_reading_them_have_no_re_alignment_on_dense_pages():
    byteshift._tables()
    skipped = 0
    for case in DENSE:
        text = case["input"]
        for pos in _spots(text):
            if not byteshift._may_re_align(text, pos, byteshift._OPTIONS):
                assert list(byteshift._hypotheses_by_product(text, pos)) == [], pos
                skipped += 1
    assert skipped > 20  # the test is not vacuous


# ── the mark's test stops below the word that beats the mark = the search without a floor ──────
def test_mark_test_with_a_floor_decides_as_the_full_search_on_dense_pages():
    slots = byteshift._tables()[0]
    marked = [slot for slot in slots.values() if slot.marks and slot.words][:6]
    floor = byteshift._MARK_LOSES
    outcomes = set()
    for case in DENSE:
        text = case["input"]
        for pos in _spots(text)[::3]:
            left = byteshift._context(text[:pos], reverse=True)
            right = byteshift._context(text[pos + 1 : pos + 17], reverse=False)
            for slot in marked:
                plain = byteshift._top_words.__wrapped__(left, right, slot.simple)
                wins = max(plain.values(), default=byteshift._NO_WORD)[:2] >= floor
                assert byteshift._top_words.__wrapped__(left, right, slot.simple, floor) == (plain if wins else {})
                outcomes.add(wins)
    assert outcomes == {True, False}  # both ways met: the test is not vacuous
