"""Property tests (hypothesis) for the text transforms: never crash, never lose real characters."""
import functools
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qmcorpus import normalize
from qmcorpus.normalize.byteshift import repair_byte_shifts
from qmcorpus.normalize.decode import decode_bytes
from qmcorpus.normalize.pinyin import strip_glosses
from qmcorpus.normalize.repeats import find_repeats
from qmcorpus.normalize.script import _char_kind, to_simplified

from ..conftest import SHARED

SETTINGS = settings(max_examples=150, deadline=None)


@functools.cache
def _alphabets() -> tuple[str, str]:
    """(simplified, traditional) CJK characters seen in the shared gold clean texts."""
    chars = set()
    for p in sorted((SHARED / "clean").glob("*.txt")):
        chars.update(c for c in p.read_text(encoding="utf-8") if "\u4e00" <= c <= "\u9fff")
    simp = "".join(sorted(c for c in chars if _char_kind(c) == ""))
    trad = "".join(sorted({c for c in (ch for ch in chars if _char_kind(ch) == "s")}))
    return simp, trad


def paragraphs(alphabet: str):
    """Clean text: paragraphs of real characters with ordinary punctuation, ending in 。 (no paragraph
    twice: a repeated paragraph is page furniture the cleaning removes, see the identity test)."""
    para = st.text(alphabet=alphabet + "，、“”《》0123456789", min_size=8, max_size=60).map(lambda s: s + "。")
    return st.lists(para, min_size=1, max_size=5).map("\n\n".join)


@SETTINGS
@given(st.data())
def test_normalising_clean_simplified_text_is_identity(data):
    text = data.draw(paragraphs(_alphabets()[0]))
    # a paragraph the page prints again is dropped on purpose (tests/cases/normalize.jsonl): clean
    # text here means no paragraph repeating another
    assume(not find_repeats(text.split("\n\n")))
    assert normalize(text).text == text


@SETTINGS
@given(st.data())
def test_repeated_paragraph_is_dropped_once_and_first_copy_kept(data):
    simp = _alphabets()[0]
    first = data.draw(st.text(alphabet=simp, min_size=21, max_size=40)) + "。"  # longer than a signature
    text = first + "\n\n" + data.draw(paragraphs(simp))
    paras = text.split("\n\n")
    assume(len(set(paras)) == len(paras) and not find_repeats(paras))
    assert normalize(text + "\n\n" + first).text == text


@SETTINGS
@given(st.data())
def test_normalisation_is_idempotent(data):
    simp, _ = _alphabets()
    noise = st.sampled_from(["(zhì)", "(de)", "?", "(北京)", "\u3000", "\u200b", "当前位置: 首页>>", "\n时间:2016-09-02 来源:网\n"])
    pieces = data.draw(st.lists(st.one_of(st.text(alphabet=simp, min_size=1, max_size=20), noise), max_size=12))
    once = normalize("".join(pieces)).text
    assert normalize(once).text == once


# A gloss between a byte-shift spot and the characters before it hid the spot from the first
# reading; the second normalisation then repaired it (found by the property test above).
@pytest.mark.parametrize("text", ["一媒底(de)?", "一媒底(de)?面"])
def test_a_gloss_before_a_spot_does_not_hide_it(text):
    once = normalize(text)
    assert normalize(once.text).text == once.text
    assert "?" not in once.text and any(s.action == "byte_shift" for s in once.steps)


# A '?' filled as a lost character is evidence for another one (the page's own spelling now holds
# the word): the spots are read again until nothing changes (found with HYPOTHESIS_PROFILE=explore).
def test_a_filled_lost_character_is_evidence_for_the_next():
    once = normalize("一一一七?一一一?一")
    assert once.text == "一一一七一一一一七一"
    assert normalize(once.text).text == once.text


@SETTINGS
@given(st.text(max_size=300))
def test_normalize_never_raises_on_any_str(text):
    normalize(text)


@SETTINGS
@given(st.binary(max_size=600))
def test_normalize_never_raises_on_any_bytes(data):
    normalize(data)


@SETTINGS
@given(st.text(max_size=200))
def test_byte_shift_repair_never_raises_and_keeps_text_without_question_marks(text):
    out, reps = repair_byte_shifts(text)
    if "?" not in text:
        assert out == text and not reps


@SETTINGS
@given(st.text(max_size=200))
def test_gloss_stripping_only_removes_parenthesised_latin(text):
    out, n = strip_glosses(text)
    # what is removed is only ASCII/pinyin letters and parentheses
    removed = [c for c in text if c not in out] if n else []
    assert all(c.isascii() or c in "（）āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ" for c in removed)
    if n == 0:
        assert out == text


@SETTINGS
@given(st.data())
def test_decode_roundtrip_gb18030(data):
    text = data.draw(paragraphs(_alphabets()[0]))
    dec = decode_bytes(text.encode("gb18030"))
    assert dec.text == text and dec.encoding == "gb18030"


@SETTINGS
@given(st.data())
def test_decode_roundtrip_big5_traditional(data):
    _, trad = _alphabets()
    big5_ok = "".join(c for c in trad if _encodable(c, "big5"))
    text = data.draw(st.text(alphabet=big5_ok + "，。、", min_size=12, max_size=80))
    dec = decode_bytes(text.encode("big5"))
    assert dec.text == text and dec.encoding == "big5"
    assert to_simplified(dec.text)


@SETTINGS
@given(st.data(), st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]))
def test_decode_roundtrip_utf16(data, codec):
    text = data.draw(paragraphs(_alphabets()[0]))
    dec = decode_bytes(text.encode(codec))
    assert dec.text == text and dec.encoding == "utf-16"


def _encodable(c: str, enc: str) -> bool:
    try:
        c.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


@functools.cache
def _opencc_phrase_chars() -> str:
    import os

    import opencc

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSPhrases.txt")
    return "".join(sorted({c for line in open(path, encoding="utf-8") for c in line.split("\t")[0].strip()}))


@SETTINGS
@given(st.data())
def test_fast_t2s_equals_opencc(data):
    import opencc

    _, trad = _alphabets()
    alphabet = trad + _opencc_phrase_chars() + "，。、“”,.!? \n質量瞭解乾淨"
    text = data.draw(st.text(alphabet=alphabet, max_size=120))
    assert to_simplified(text) == opencc.OpenCC("t2s").convert(text)


@SETTINGS
@given(st.text(alphabet=st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF) | st.sampled_from("質量月活動于并，。 a1"), max_size=80))
def test_script_counts_match_the_per_character_definition(text):
    from qmcorpus.normalize.script import count_script_chars

    kinds = [_char_kind(c) for c in text if "\u3400" <= c <= "\u9fff"]
    assert count_script_chars(text) == (kinds.count("t"), kinds.count("s"))
