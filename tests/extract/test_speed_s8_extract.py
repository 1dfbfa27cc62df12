"""Speed shortcuts of session 8 (#16) in extraction give exactly what their plain definitions give.

Each test holds a shortcut beside the plain formulation it replaces, on generated text built from
the characters and words the patterns look for (hypothesis).
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.extract import issuers, structure
from qmcorpus.extract.lookahead import closing_words, last_end

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


# ── rendering: an evidence line's cells around value, start and end, kept per key = written ──
from qmcorpus import schema  # noqa: E402
from qmcorpus.types import Document, Evidence  # noqa: E402


def _doc(evidence):
    return Document(doc_id="d", source="d.txt", encoding="utf-8", script="simplified", text="t", steps=(),
                    page_meta=(), fields={}, evidence=tuple(evidence), activities=(), warnings=())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["year", "theme", "a,b"]), st.text(alphabet='ab质,"\n', max_size=5),
                          st.sampled_from(["theme:x", "year:y", "=r"]),
                          st.one_of(st.none(), st.sampled_from([0.0, -0.0, 1.0, 0.5, float("nan"), float("inf")]),
                                    st.floats(0, 1))), max_size=8))
def test_evidence_lines_kept_per_key_are_the_plain_lines(items):
    evidence = [Evidence(f, v, 1, 2, r, c) for f, v, r, c in items]
    for _ in range(2):  # the second time from the kept cells
        try:
            fast = schema._evidence_lines(_doc(evidence), "d,")
        except schema._Exact:
            continue  # a cell the quick lines leave to the plain ones (a formula start)
        assert fast == schema._exact_lines(schema.evidence_rows(_doc(evidence)), "d,")


def test_evidence_line_of_a_zero_or_an_integer_confidence_is_written_as_such():
    for confs in ((0.0, -0.0), (-0.0, 0.0), (1.0, 1), (1, 1.0), (1.0, True)):
        lines = [schema._evidence_lines(_doc([Evidence("year", "v", 1, 2, "year:y", c)]), "") for c in confs]
        assert [x[0].split(",")[-2] for x in lines] == [str(c) for c in confs]
