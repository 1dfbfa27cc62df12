"""The shortcuts taken for speed give exactly what the plain, slow forms give.

Each fast path (#5) replaced a simple formulation: a big regex alternation, a per-character
OpenCC call, a pattern tried at every position. These tests hold the two side by side, on real
vocabulary (gazetteer names, shared-corpus sentences) and on generated text (hypothesis).
"""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources
from qmcorpus.extract import gazetteer, issuers
from qmcorpus.extract.dates import _FULL
from qmcorpus.literals import LiteralMatcher
from qmcorpus.normalize import furniture
from qmcorpus.normalize.script import _converter, simplify_chars

from ..conftest import SHARED

SETTINGS = settings(max_examples=200, deadline=None)


def _alternation(words):
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


# ── LiteralMatcher = longest-first regex alternation ───────────────────────────────────────────
WORDS = ["天水", "天水市", "市", "甘肃", "甘肃省", "省市", "水市场", "秦州区", "州"]


@SETTINGS
@given(st.text(alphabet="天水市甘肃省场秦州区，。 a", max_size=40))
def test_literal_matcher_equals_the_regex_alternation(text):
    expected = [(m.start(), m.end(), m.group(0)) for m in _alternation(WORDS).finditer(text)]
    assert LiteralMatcher(WORDS).find(text) == expected


def test_gazetteer_lookup_equals_the_regex_alternation_on_the_shared_corpus():
    index = gazetteer._index()[0]
    pattern = _alternation(index)
    matcher = LiteralMatcher(index)
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "clean").glob("*.txt"))]
    found = 0
    for text in texts:
        expected = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
        assert matcher.find(text) == expected
        found += len(expected)
    assert found > 100  # the corpus names many places: the comparison is not vacuous


def test_literal_matcher_without_words_finds_nothing():
    assert LiteralMatcher([]).find("天水市") == []
    assert LiteralMatcher([""]).find("天水市") == []


# ── t2s by translate table = OpenCC character by character ────────────────────────────────────
def test_simplify_chars_equals_opencc_for_every_character_of_the_bmp():
    cc = _converter("t2s")
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    expected = []
    for ch in chars:
        out = cc.convert(ch)
        expected.append(out if len(out) == 1 else ch)
    assert simplify_chars("".join(chars)) == "".join(expected)


# ── patterns tried only near their anchors = tried everywhere ─────────────────────────────────
_ORGANISER_ALPHABET = "由质监局市场监管总局共青团中央等个部门单位联合共同印发开展主办会同和、，。：“”1２三 "


@pytest.mark.parametrize("rule", ["by", "joint", "joint_all", "joint_plain", "with"])
@SETTINGS
@given(text=st.text(alphabet=_ORGANISER_ALPHABET, max_size=80))
def test_organiser_patterns_near_their_anchors_find_what_finditer_finds(rule, text):
    pat, anchor, not_in_run = {
        "by": (issuers._BY, issuers._BY_ANCHOR, issuers._LIST_NOT),
        "joint": (issuers._JOINT, issuers._JOINT_ANCHOR, issuers._LIST_NOT),
        "joint_all": (issuers._JOINT_ALL, issuers._JOINT_ALL_ANCHOR, issuers._LIST_NOT),
        "joint_plain": (issuers._JOINT_PLAIN, issuers._JOINT_PLAIN_ANCHOR, issuers._LIST_NOT),
        "with": (issuers._WITH, issuers._WITH_ANCHOR, issuers._LEAD_NOT),
    }[rule]
    expected = [m.span() for m in pat.finditer(text)]
    assert [m.span() for m in issuers._finditer_near(pat, anchor, not_in_run, text, 0, len(text))] == expected


def test_organiser_patterns_near_their_anchors_on_the_shared_corpus():
    rules = [(issuers._BY, issuers._BY_ANCHOR, issuers._LIST_NOT), (issuers._JOINT, issuers._JOINT_ANCHOR, issuers._LIST_NOT),
             (issuers._JOINT_ALL, issuers._JOINT_ALL_ANCHOR, issuers._LIST_NOT),
             (issuers._JOINT_PLAIN, issuers._JOINT_PLAIN_ANCHOR, issuers._LIST_NOT),
             (issuers._WITH, issuers._WITH_ANCHOR, issuers._LEAD_NOT)]
    found = 0
    for p in sorted((SHARED / "clean").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        for sent in issuers._SENTENCE.finditer(text):
            a, b = sent.span()
            for pat, anchor, not_in_run in rules:
                expected = [m.span() for m in pat.finditer(text, a, b)]
                assert [m.span() for m in issuers._finditer_near(pat, anchor, not_in_run, text, a, b)] == expected
                found += len(expected)
    assert found > 10


@SETTINGS
@given(st.text(alphabet="20169年月日号份十一二三OＯ〇 至-/.", max_size=40))
def test_date_pattern_lookahead_changes_no_match(text):
    cn = resources.piece("patterns.toml", "extract.dates.pieces.cn_digit")
    plain = re.compile(_FULL.pattern.replace(f"(?=[0-9{cn}十])", "", 1))
    assert plain.pattern != _FULL.pattern
    assert [m.span() for m in _FULL.finditer(text)] == [m.span() for m in plain.finditer(text)]


# ── inline furniture: the whole-text probe never misses a line's match ─────────────────────────
@SETTINGS
@given(st.lists(st.text(alphabet="点击查看大图原图打开网易新闻更多图片[]责任编辑:张三 |｜正文。", max_size=30), max_size=6))
def test_inline_probe_finds_every_line_that_an_inline_pattern_matches(lines):
    rules = furniture.rules()
    text = "\n".join(lines)
    for pattern, (needs, probe) in zip(rules.inline, rules.inline_probe):
        if any(pattern.search(ln) for ln in lines):
            assert (not needs or any(w in text for w in needs)) and probe.search(text)


# ── derived tables cached on disk ─────────────────────────────────────────────────────────────
def test_derived_tables_are_cached_rebuilt_when_damaged_and_optional(tmp_path, monkeypatch):
    calls = []

    def build():
        calls.append(1)
        return {"质量": 3}

    src = tmp_path / "source.txt"
    src.write_text("质量 3\n", encoding="utf-8")
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path / "cache"))
    assert resources._derived("t", (src,), build) == {"质量": 3}
    assert resources._derived("t", (src,), build) == {"质量": 3}
    assert len(calls) == 1  # the second call read the cache
    (cached,) = (tmp_path / "cache").glob("t-*.cols")  # a flat table: kept in columns
    assert resources.load_columns(cached) == {"质量": 3}
    cached.write_bytes(b"not a pickle")
    assert resources._derived("t", (src,), build) == {"质量": 3}
    assert len(calls) == 2  # damaged entry: rebuilt
    src.write_text("质量 3\n月 1\n", encoding="utf-8")
    resources._derived("t", (src,), build)
    assert len(calls) == 3  # the source changed: rebuilt
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert resources._derived("t", (src,), build) == {"质量": 3}


def test_decode_samples_the_characters_the_per_character_definition_names():
    from qmcorpus.normalize.decode import _UNSCORED

    chars = "".join(chr(i) for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF)
    assert _UNSCORED.sub("", chars) == "".join(c for c in chars if ord(c) > 0x7F and not c.isspace())


def test_t2s_of_every_opencc_phrase_among_punctuation_equals_opencc():
    from qmcorpus.normalize.script import _opencc_keys, to_simplified

    cc = _converter("t2s")
    keys = _opencc_keys("TSPhrases.txt")
    # each phrase inside traditional text, between the separators OpenCC splits at, and twice in one piece
    text = "".join(f"質量{k}發展，{k}{k}。「{k}」 " for k in keys)
    assert to_simplified(text) == cc.convert(text)
    for k in keys:
        assert to_simplified(k) == cc.convert(k), k


def test_derived_tables_without_a_home_folder_are_built_in_memory(monkeypatch, tmp_path):
    from pathlib import Path

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("QMCORPUS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    src = tmp_path / "source.txt"
    src.write_text("质量 3\n", encoding="utf-8")
    assert resources.user_cache_dir() is None
    assert resources._derived("t", (src,), lambda: {"质量": 3}) == {"质量": 3}


# ── required_text: a literal every match contains (furniture's inline probes skip most pages) ───
_PATTERNS = [r"ab+c", r"a(b|c)d中国", r"x?中国y*", r"[a-z]{2}中\s*国", r"(?i)abc", r"a|bc", r"(?<=摄)报[)）]$", r"中国(?=x)"]


@SETTINGS
@given(st.text(alphabet="abcdxy中国摄报)） \n", max_size=30))
def test_every_match_contains_the_required_text(text):
    from qmcorpus.literals import required_text

    assert required_text(re.compile(_PATTERNS[1])) == "d中国" and required_text(re.compile(_PATTERNS[4])) == ""
    for p in [re.compile(x, re.M) for x in _PATTERNS] + [p for _, p in furniture.rules().inline_probe]:
        need = required_text(p)
        for m in p.finditer(text):
            assert need in m.group(0), (p.pattern, text)


_CLASS_PATTERNS = _PATTERNS + [r"[a-z]{2,8}\s*[(（]中国[)）]", r"a[bc]d+", r"[ab][cd][xy]中", r"[^a]b[cd]", r"(a|b)[(（]c"]


@SETTINGS
@given(st.text(alphabet="abcdxy中国摄报()（） \n", max_size=30))
def test_every_match_contains_one_of_the_required_texts(text):
    from qmcorpus.literals import required_texts

    assert required_texts(re.compile(_CLASS_PATTERNS[8])) == ("(中国)", "(中国）", "（中国)", "（中国）")
    assert required_texts(re.compile(_PATTERNS[4])) == ()
    for p in [re.compile(x, re.M) for x in _CLASS_PATTERNS] + [p for _, p in furniture.rules().inline_probe]:
        needs = required_texts(p)
        for m in p.finditer(text):
            assert not needs or any(w in m.group(0) for w in needs), (p.pattern, text)


# ── counting by removing the rest: the same counts as collecting every match ────────────────────
_MIXED = st.text(alphabet="质量月活動體 ，。；!?,a1\n\u3000\ufffd\x01㐀", max_size=300)


@SETTINGS
@given(_MIXED)
def test_is_prose_counts_as_the_plain_definition(s):
    cjk = len(re.findall(r"[\u3400-\u9fff]", s))
    punct = len(re.findall(r"[，。；！？,;!?]", s))
    assert furniture.is_prose(s) == (cjk > furniture.PROSE_MIN and punct >= 2)


@SETTINGS
@given(_MIXED)
def test_decoder_statistics_count_as_the_plain_definitions(text):
    from qmcorpus.normalize import decode

    sample = text[:20000]
    cjk = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]", sample))
    assert decode._text_stats(text)[2] == cjk / max(1, len(sample))
    scored = re.findall(r"[^\x00-\x7f\s]", text[:decode._SAMPLE])
    expected = 0.0 if not scored else sum(decode._char_score(c) for c in scored) / len(scored)
    assert decode.plausibility(text) == expected
    assert decode._at_least(decode._CJK.finditer(text, 0, 4000), 4) == (len(decode._CJK.findall(text, 0, 4000)) >= 4)
