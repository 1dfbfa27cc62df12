"""Speed shortcuts of session 8 (#16) in extraction give exactly what their plain definitions give.

Each test holds a shortcut beside the plain formulation it replaces, on generated text built from
the characters and words the patterns look for (hypothesis).
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.extract import gazetteer, issuers, structure
from qmcorpus.extract.lookahead import closing_words, last_end
from qmcorpus.literals import LiteralMatcher

SETTINGS = settings(max_examples=200, deadline=None)


# ── issuers: the subject search stops after the last campaign verb = the search to the end ────
_SUBJECT_WORDS = ["由", "质监局", "某县", "联合", "开展", "组织开展", "组织", "举办", "印发", "发出", "下发", "启动",
                  "，", "。", "\n", " ", "“", "”", "日前", "在", "于", "9月", "2023年", "积极", "以", "为主题", "活动", "主题"]


def test_closing_words_read_the_last_literal_alternatives():
    assert closing_words(re.compile(r"x+(?:ab|c)")) == ("ab", "c")
    assert closing_words(re.compile(r"x+(?P<v>ab|cd)")) == ("ab", "cd")
    assert closing_words(re.compile(r"x+ab")) == ("b",)  # (the last item: a word's last character is enough)
    assert closing_words(re.compile(r"x+(?:ab|c+)")) is None  # a repeat: unknown
    assert closing_words(re.compile(r"x+(?:ab)?")) is None  # may end without it
    assert closing_words(re.compile(r"x+[ab]")) is None  # a class
    assert set(closing_words(issuers._SUBJECT)) >= {"开展", "举办"}
    assert last_end("a开展b举办c", ("开展", "举办")) == 6 and last_end("abc", ("开展",)) == -1
    assert last_end("abc", ("",)) == 3  # the empty word: no bound


@SETTINGS
@given(st.lists(st.sampled_from(_SUBJECT_WORDS), max_size=40).map("".join), st.integers(0, 6))
def test_subject_search_bounded_by_its_last_verb(text, pos):
    pat = issuers._SUBJECT
    plain = [(m.span(), m.groupdict()) for m in pat.finditer(text, pos)]
    fast = [(m.span(), m.groupdict()) for m in pat.finditer(text, pos, last_end(text, issuers._SUBJECT_ENDS))]
    assert fast == plain


# ── structure.headings: one search of every section name = section_kind(line) != "other" ─────
_SECTION_WORDS = ["活动", "主题", "时间", "要求", "工作", "重点", "安排", "指导思想", "存在问题", "下一步打算", "本次",
                  "宣传", "一", "质量", "月", "：", " "]


@SETTINGS
@given(st.lists(st.sampled_from(_SECTION_WORDS), min_size=1, max_size=5).map("".join))
def test_any_section_is_section_kind_not_other(line):
    line = line.strip()
    assert (structure._any_section().search(line) is not None) == (structure.section_kind(line) != "other")


# ── gazetteer: the names found by a DFA = the plain scan of the matcher ────────────────────────
_NAMES = sorted(gazetteer._index()[0])[::7][:400] + ["，", "市", "县", "省", "人民", "质量"]


@SETTINGS
@given(st.lists(st.sampled_from(_NAMES), max_size=30).map("".join))
def test_gazetteer_dfa_finds_what_the_plain_scan_finds(text):
    matcher = gazetteer._index()[2]
    assert matcher.find(text) == matcher.scan(text)


def test_literal_matcher_dfa_same_as_default():
    words = ["天水", "天水市", "市", "甘肃", "甘"]
    text = "甘肃天水市人民天水甘"
    assert LiteralMatcher(words, dfa=True).find(text) == LiteralMatcher(words).find(text) == LiteralMatcher(words).scan(text)
