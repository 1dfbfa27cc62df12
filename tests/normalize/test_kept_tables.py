"""Tables kept between runs (so that a process starts in a fraction of a second) hold exactly
what they were computed from: pinyin readings = pypinyin's, script tables = OpenCC's."""
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize import pinyin, script

GLOSSABLE = st.one_of(st.integers(0x3400, 0x9FFF), st.integers(0xF900, 0xFAFF)).map(chr)


@settings(max_examples=400, deadline=None)
@given(GLOSSABLE)
def test_kept_readings_equal_pypinyin(ch):
    assert pinyin.readings.__wrapped__(ch) == pinyin._pypinyin_readings(ch)


def test_readings_of_a_character_outside_the_table_still_come_from_pypinyin():
    assert pinyin.readings.__wrapped__("a") == pinyin._pypinyin_readings("a")
    assert "zhì" in pinyin.readings("質") and "zhi4" in pinyin.readings("質")


def test_no_ascii_character_has_a_reading_and_asking_imports_no_pypinyin():
    import subprocess

    ascii_chars = [chr(i) for i in range(128)]
    assert all(pinyin.readings.__wrapped__(ch) == pinyin._pypinyin_readings(ch) == frozenset() for ch in ascii_chars)
    code = ("import sys; from qmcorpus.normalize.pinyin import readings; "
            "print([readings(chr(i)) for i in range(128)] == [frozenset()] * 128, 'pypinyin' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["True", "False"], res.stdout + res.stderr


def test_script_classes_hold_exactly_the_characters_opencc_converts_one_way():
    trad, simp = script._script_patterns()
    plain = script._build_tables()
    for pattern, chars in ((trad, plain["trad"]), (simp, plain["simp"])):
        assert len(chars) > 1000  # not vacuous
        inside = {chr(cp) for cp in range(0x3400, 0xA000) if pattern.fullmatch(chr(cp))}
        assert inside == set(chars)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0x20, 0x9FFF), unique=True, max_size=60))
def test_char_class_as_ranges_is_the_same_set(cps):
    chars = "".join(sorted(map(chr, cps)))
    cls = script._char_class(chars) if chars else None
    for cp in range(0x20, 0x9FFF, 97):
        assert bool(cls and cls.fullmatch(chr(cp))) == (chr(cp) in chars)
    for c in chars:
        assert cls.fullmatch(c)


def test_to_simplified_of_text_without_phrases_does_not_load_opencc():
    code = ("import sys; from qmcorpus.normalize import script; script._tables(); "
            "print(script.to_simplified('質量月活動')); print('opencc' in sys.modules)")
    import subprocess

    script._tables()  # kept in the test's cache folder, which the child process uses too
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["质量月活动", "False"]
    assert script.to_simplified("據瞭解,質量月活動") == "据了解,质量月活动"  # a phrase: OpenCC's parse
