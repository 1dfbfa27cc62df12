"""The extraction shortcuts taken for speed (#16) give exactly what their plain definitions give.

Each test holds a shortcut beside the simple formulation it replaced, on generated text built from
the characters the patterns look for (hypothesis) and, where a table is involved, on every entry.
"""
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import confidence, issuers, publish_date, theme
from qmcorpus.extract.structure import config, to_ascii_digits

from .test_speed_s7_group import _plain_candidates

SETTINGS = settings(max_examples=200, deadline=None)


# ── confidence: one lookup per distinct (field, rule, bin) = the plain lookup ────────────────
_RULES = ["issuers:title", "issuers:signature", "level:scope_words", "province:gazetteer_x", "in_2_items",
          "theme:以…为主题", "publish_date:signature", "no:such_rule"]


@SETTINGS
@given(field=st.sampled_from([*confidence.CONFIDENCE_FIELDS, "other"]), rule=st.sampled_from(_RULES),
       raw=st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0)))
def test_scored_is_the_plain_confidence_and_keys(field, rule, raw):
    assert confidence.scored(field, rule, raw) == (confidence.confidence(field, rule, raw),
                                                   confidence.keys(field, rule, raw))


def test_scored_gives_every_key_of_the_calibration_table_its_confidence():
    for key in confidence.table():
        field, *rest = key.split("|")
        rule = f"x:{rest[0]}" if rest and rest[0] != "*" else "x:y"
        for raw in (None, 0.1, 0.4, 0.6, 0.7, 0.85, 0.95):
            assert confidence.scored(field, rule, raw) == (confidence.confidence(field, rule, raw),
                                                           confidence.keys(field, rule, raw))


# ── issuers: sentences without an anchor skipped = every sentence searched ──────────────────
_ORGANISER_WORDS = ["由", "质监局", "市场监管局", "总局", "等", "3个", "三", "部门", "单位", "联合", "共同", "印发",
                    "开展", "主办", "牵头", "会同", "携手", "制定", "本", "方案", "和", "、", "，", "。", "！", "\n", "：",
                    "“", "”", "《", "》", " "]
_ANCHORED = {
    "by": (issuers._BY, issuers._BY_ANCHOR, issuers._LIST_NOT),
    "joint": (issuers._JOINT, issuers._JOINT_ANCHOR, issuers._LIST_NOT),
    "joint_all": (issuers._JOINT_ALL, issuers._JOINT_ALL_ANCHOR, issuers._LIST_NOT),
    "joint_plain": (issuers._JOINT_PLAIN, issuers._JOINT_PLAIN_ANCHOR, issuers._LIST_NOT),
    "with": (issuers._WITH, issuers._WITH_ANCHOR, issuers._LEAD_NOT),
    "authored": (issuers._AUTHORED, issuers._AUTHORED_ANCHOR, issuers._LIST_NOT),
}


_WITNESS = {"joint_all": issuers._JOINT_ALL_WITNESS}


def _sentences(text):
    return [m.span() for m in issuers._SENTENCE.finditer(text)]


def _plain_anchored(anchor, text):
    """Every sentence in turn, kept when the next anchor match from its start lies inside it."""
    out = []
    for a, b in _sentences(text):
        m = anchor.search(text, a)
        if m is not None and m.start() < b:
            out.append((a, b))
    return out


@pytest.mark.parametrize("rule", sorted(_ANCHORED))
@SETTINGS
@given(text=st.lists(st.sampled_from(_ORGANISER_WORDS), max_size=60).map("".join))
@example(text="。。由市场监管局主办！\n\n等3个部门联合印发?")
def test_only_anchored_sentences_are_searched_and_nothing_is_missed(rule, text):
    pat, anchor, not_in_run = _ANCHORED[rule]
    plain = [m.span() for a, b in _sentences(text) for m in issuers._finditer_near(pat, anchor, not_in_run, text, a, b)]
    witness = _WITNESS.get(rule)
    assert [m.span() for m in issuers._in_sentences(pat, anchor, not_in_run, text, witness)] == plain
    for a in (anchor, witness) if witness is not None else (anchor,):
        assert list(issuers._anchored(a, text)) == _plain_anchored(a, text)
    holding = [s for s in _sentences(text) if anchor.search(text, s[0], s[1])]
    assert [s for s in issuers._anchored(anchor, text) if s in holding] == holding
    if witness is not None:  # every anchor match holds a witness match
        assert all(witness.search(m.group(0)) for m in anchor.finditer(text))


@SETTINGS
@given(text=st.text(alphabet="由主办联合印发开展等3个部门。！？!?\n ", max_size=60))
def test_anchored_sentences_on_any_arrangement_of_terminators(text):
    for anchor in (issuers._BY_ANCHOR, issuers._JOINT_PLAIN_ANCHOR, issuers._JOINT_ANCHOR, re.compile(r"[。\n]")):
        assert list(issuers._anchored(anchor, text)) == _plain_anchored(anchor, text)


@pytest.mark.parametrize("rule", sorted(_ANCHORED))
def test_anchors_hold_no_assertion(rule):
    # the skip is exact because a match inside a sentence is a match in the whole text
    for pat in (_ANCHORED[rule][1], *([_WITNESS[rule]] if rule in _WITNESS else [])):
        anchor = re.sub(r"\[\^?\]?(?:\\.|[^\]\\])*\]", "", pat.pattern)  # classes hold none
        assert not re.search(r"\(\?[=!<]|\\[bBAZ]|\^|\$", anchor), anchor


# ── publish_date: replacements where the separator occurs = translate ───────────────────────
@SETTINGS
@given(st.text(alphabet="２０２３－０９／０６．：:2023-09年月日时间 abc", max_size=40))
def test_plain_is_ascii_digits_translated(s):
    assert publish_date._plain(s) == to_ascii_digits(s).translate(publish_date._SEPARATORS)


# ── theme: quoted patterns skipped when the text lacks their quotation mark = all run ───────
_THEME_WORDS = ["以", "为", "是", "主题", "质量月", "活动", "围绕", "开展", "启动仪式", "这一", "的", "系列", "之", "“", "”",
                "‘", "’", "「", "」", '"', "，", "。", "；", "：", "——", "\n", "提升品质", "质量强国", " "]


@SETTINGS
@given(st.lists(st.sampled_from(_THEME_WORDS), max_size=40).map("".join))
@example("活动主题——提升品质质量强国。")  # an unquoted construction in a text without quotation marks
@example("以‘提升品质’为主题")
def test_theme_gates_skip_no_candidate(text):
    from qmcorpus.extract.layout import layout

    lay = layout(text)
    assert theme.candidates(lay) == _plain_candidates(lay)


def test_a_template_needs_its_quote_only_when_the_quote_is_outside_any_group():
    assert theme._needs_quote("以\\s*<Q>(?P<t><NQ>{2,40})<QE>")
    assert theme._needs_quote("(?=<Q>)(?<!之)<Q>(?P<t><NQ>{4,40})<QE>")
    assert not theme._needs_quote("(?:<Q>)?主题")
    assert not theme._needs_quote("<Q>?主题")
    assert not theme._needs_quote("<Q>主题|主题为")
    assert not theme._needs_quote("主题(?:<Q>|：)")
    assert not theme._needs_quote("主题\\s*(?P<t>[^。；(|<Q>]{4,40})")
    assert any(theme._needs_quote(t) for _, t in config()["theme"]["patterns"])


# ── rendering: fast cells and one writer per block = cell() per value and a writer per row ──
from qmcorpus import schema  # noqa: E402

_CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["=1+2", "-5", "-inf", "+x", "@a", "\tx", "a,b", 'say "hi"', "two\r\nlines", "x" * 40000]),
    st.lists(st.sampled_from(["publicity", "=x", "-1", "a,b", ""]), max_size=3),
)


@SETTINGS
@given(st.lists(_CELL_VALUES, max_size=8))
def test_cells_are_the_plain_cell_of_each_value(values):
    plain = [schema.cell(v) for v in values]
    assert schema.cells(values) == (["" if c is None else c for c, _ in plain], any(cut for _, cut in plain))


@SETTINGS
@given(st.lists(st.lists(_CELL_VALUES, max_size=6).map(lambda r: ("doc", *r)), max_size=6))
def test_a_rendered_block_is_its_rows_rendered_one_by_one(rows):
    lines = [f"{text},{cut}{schema.CSV_LINE_END}".encode() for text, cut in map(schema._render, (r[1:] for r in rows))]
    block, lengths = schema._rendered_block(rows)
    assert block == b"".join(lines)
    if lengths is None:  # each CRLF ends a line
        assert block.count(b"\r\n") == len(rows) == block.count(b"\r") == block.count(b"\n")
    else:
        assert lengths == [len(x) for x in lines]


# ── activities: purpose and aim patterns run only where what each match holds occurs ────────
from qmcorpus.extract import activities  # noqa: E402

_MASK_WORDS = ["为", "为了", "旨在", "助推", "以期", "力争", "推进", "质量", "建设", "日前", "9月1日", "开展", "活动",
               "，", ",", "。", "；", "！", " ", "\n", "提升"]


@SETTINGS
@given(st.lists(st.sampled_from(_MASK_WORDS), max_size=40).map("".join))
def test_purpose_and_aim_patterns_match_nothing_without_their_gate(text):
    def blank(m):
        return "\x00" * len(m.group(0))

    if not activities._PURPOSE_OPEN.search(text):
        assert activities._PURPOSE_CHAIN.sub(blank, text) == text
        assert activities._PURPOSE.sub(blank, text) == text
    if not activities._AIM_WORDS.search(text):
        assert activities._AIM.sub(blank, text) == text
    # the leading lookahead of the purpose patterns changes no match
    for pat in (activities._PURPOSE, activities._PURPOSE_CHAIN):
        plain = re.compile(pat.pattern.replace("(?=\\s*为)", "", 1))
        assert plain.pattern != pat.pattern
        assert [m.span() for m in pat.finditer(text)] == [m.span() for m in plain.finditer(text)]


_ROLE_WORDS = ["“我们将持续推进质量提升”", "告诉记者", "表示", "说", "近年来", "负责人", "局长", "（同期声）", "为",
               "贡献", "支撑", "以", "为己任", "全市质量工作", "，", "。", "\n"]


@SETTINGS
@given(st.lists(st.sampled_from(_ROLE_WORDS), max_size=40).map("".join))
@example("“我们将持续推进质量提升”负责人告诉记者。")  # (each pattern's rarest construction, tried every run)
@example("近年来，全市质量工作为全省贡献力量。")
@example("（同期声）局长：我们将持续推进质量提升")
def test_sentence_role_patterns_match_nothing_without_their_gate(text):
    def blank(m):
        return "\x00" * len(m.group(0))

    for gate, pattern in ((activities._STATEMENT_WORDS, activities._STATEMENT),
                          (activities._CONTRIBUTION_WORDS, activities._CONTRIBUTION),
                          (activities._RETROSPECTIVE_CUES, activities._RETROSPECTIVE),
                          (activities._QUOTED_STATEMENT_WORDS, activities._QUOTED_STATEMENT)):
        if not gate.search(text):
            assert pattern.sub(blank, text) == text, pattern.pattern


# ── segment: a window's tokens memoised = segmented again ───────────────────────────────────
from qmcorpus.extract import segment  # noqa: E402


@SETTINGS
@given(st.lists(st.sampled_from(["品牌", "建设", "培训", "班", "信用", "社", "质量", "检查", "安全", "，", "a"]),
                max_size=12).map("".join))
@example("班班班品牌品牌品牌品牌a品牌品牌品牌a")  # (the whole text and the window segment its edge apart)
def test_window_tokens_are_the_tokens(text):
    assert segment._window_tokens(text, segment.current()) == tuple(segment.tokens(text))
    for i in range(len(text)):
        for j in range(i + 1, min(len(text), i + 4) + 1):
            # compound_part reads the window of _WINDOW characters either side of the span (not the
            # whole text, whose segmentation may differ at the window's edge: 班班班品牌…)
            lo, hi = max(0, i - segment._WINDOW), min(len(text), j + segment._WINDOW)
            plain = any(s + lo <= i and j <= e + lo and (s + lo, e + lo) != (i, j)
                        for _, s, e in segment.tokens(text[lo:hi]))
            if not plain:
                assert not segment.compound_part(text, i, j)


# ── categorize: the cue table read once, results memoised = the plain loop over the taxonomy ─
from qmcorpus.extract.segment import compound_part, is_word_span  # noqa: E402
from qmcorpus.literals import words_re  # noqa: E402


def _plain_categorize(text, mask=()):
    base = activities.mask_non_activity(text, also=mask)
    out = []
    for cat in activities.taxonomy():
        if not words_re(cat.cues).search(base):
            continue
        masked = base
        for ex in cat.exclude:
            masked = masked.replace(ex, "\x00" * len(ex))
        for cue in cat.cues:
            i = masked.find(cue) if cue else -1
            tries, found = 0, -1
            while i != -1 and tries < activities._MAX_TRIES:
                tries += 1
                if (is_word_span(text, i, i + len(cue), need_end=len(cue) < 3) or (
                        len(cue) < 3 and compound_part(text, i, i + len(cue)))) \
                        and not activities.yields(cat.key, cue, text, i) \
                        and not activities.in_other_sense(cat.key, cue, text, i):
                    found = i
                    break
                i = masked.find(cue, i + 1)
            if found >= 0:
                out.append((cat.key, cue, found))
                break
    return tuple(out)


_CUE_WORDS = sorted({c for cat in activities.taxonomy() for c in (*cat.cues[:6], *cat.exclude[:2])}) + [
    "开展", "为", "，", "。", "县", "有限公司", "领导小组", "“", "”", "主题"]


@SETTINGS
@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=16).map("".join),
       st.lists(st.sampled_from(["", "质量强县", "某县市场监管局", "宣传"]), max_size=2).map(tuple))
def test_categorize_is_the_plain_loop(text, mask):
    assert activities.categorize(text, mask=mask) == _plain_categorize(text, mask)
    assert activities.categorize(text, mask=mask) == _plain_categorize(text, mask)  # the memoised answer too


@SETTINGS
@given(st.lists(st.sampled_from(_ORGANISER_WORDS + ["(", "）", "以下简称", "日前", "2023年", "X县"]), max_size=10).map("".join))
def test_a_memoised_clean_name_is_the_name_cleaned_again(piece):
    assert issuers._clean_name(piece) == issuers._clean_name.__wrapped__(piece)
    assert issuers._clean_name(piece) == issuers._clean_name.__wrapped__(piece)
