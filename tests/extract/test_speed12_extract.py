"""Session 12's extraction shortcuts (#16) give exactly what their plain definitions give.

- mask_non_activity's gates read from the words one automaton pass finds (beside the taxonomy's
  cues and exclusions) = each gate's regex searched in the text being masked;
- an exclusion blanked only where the pass found it = every exclusion replaced;
- a schedule's header looked for only on lines that may hold enough cells = every line split;
- issuers' name comparisons memoised = worked out again.
"""
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import activities, issuers
from qmcorpus.extract.activities import (
    _AIM, _AIM_WORDS, _CONTRIBUTION, _CONTRIBUTION_WORDS, _PURPOSE, _PURPOSE_CHAIN, _PURPOSE_OPEN, _QUOTED_STATEMENT,
    _QUOTED_STATEMENT_WORDS, _RETROSPECTIVE, _RETROSPECTIVE_CUES, _STATEMENT, _STATEMENT_WORDS, _THEMED, CITED_TITLE,
)

SETTINGS = settings(max_examples=300, deadline=None)


def _plain_mask(text, also=()):
    """mask_non_activity as it was: each gate a regex search of the text being masked."""
    def blank(m):
        return "\x00" * len(m.group(0))

    out = CITED_TITLE.sub(activities._blank_cited, text) if "《" in text else text
    if "为" in out and _PURPOSE_OPEN.search(out):
        out = _PURPOSE_CHAIN.sub(blank, out)
        out = _PURPOSE.sub(blank, out)
    if _AIM_WORDS.search(out):
        out = _AIM.sub(blank, out)
    if _STATEMENT_WORDS.search(out):
        out = _STATEMENT.sub(blank, out)
    if _CONTRIBUTION_WORDS.search(out):
        out = _CONTRIBUTION.sub(blank, out)
    if _RETROSPECTIVE_CUES.search(out):
        out = _RETROSPECTIVE.sub(blank, out)
    if "“" in out and _QUOTED_STATEMENT_WORDS.search(out):
        out = _QUOTED_STATEMENT.sub(blank, out)
    parts, pos = [], 0
    for m in activities._org().finditer(out):
        name = m.group(0)
        cut = max((x.end() for x in activities._not_in_org().finditer(name)), default=0)
        if len(name) - cut >= 4:
            parts += (out[pos: m.start() + cut], "\x00" * (len(name) - cut))
            pos = m.end()
    if parts:
        out = "".join(parts) + out[pos:]
    if "主题" in out:
        out = _THEMED.sub(blank, out)
    for phrase in also:
        if phrase and len(phrase) >= 4:
            out = out.replace(phrase, "\x00" * len(phrase))
    return out


_GATE_WORDS = sorted({w for ws in activities._gate_words() for w in ws})
_MASK_WORDS = _GATE_WORDS + [
    "为", "为了", "推进质量强县建设", "日前", "近日", "，", "。", "；", "\n", "《", "》", "“", "”", "主题", "以",
    "是", "的", "负责人", "局长", "会议", "开展", "质量月", "检查", "某县", "食品", "开展了", "某某", "提供", "作出",
    "重要", "抓手", "近年", "来", "年来", "表", "示", "同期", "声", "（同期声）", "签署", "承诺书", "a", " "]


@SETTINGS
@given(st.lists(st.sampled_from(_MASK_WORDS), max_size=24).map("".join),
       st.lists(st.sampled_from(["", "质量强县", "某县市场监管局"]), max_size=2).map(tuple))
@example("为推进质量强县建设，日前，某县开展了检查", ())
@example("“我们将持续推进”，负责人表示，开展检查", ())
@example("近年来，某县食品有限公司开展检查。", ())
@example("某县企业共同签署了《质量诚信承诺书》，开展检查", ())  # a pledge signed under its title stays
def test_the_gated_mask_is_the_plain_mask(text, also):
    assert activities.mask_non_activity(text, also=also) == _plain_mask(text, also)
    words = activities._word_finder().present(text)
    assert activities.mask_non_activity(text, also=also, found=words) == _plain_mask(text, also)


@SETTINGS
@given(st.lists(st.sampled_from(_GATE_WORDS + ["，", "质量", "\x00", "a"] + sorted(activities._cue_set())[:40]),
                max_size=12).map("".join))
def test_the_one_pass_finds_every_word_that_occurs(text):
    finder = activities._word_finder()
    assert finder.present(text) == finder.plain(text) == frozenset(w for w in finder.words if w in text)
    # the cues among them are the taxonomy's cues that occur
    assert finder.present(text) & activities._cue_set() == frozenset(c for c in activities._cue_set() if c in text)


def test_every_gate_of_the_mask_has_its_words_and_they_are_in_the_pass():
    words = activities._word_finder().words
    for gate in activities._gate_words():
        assert gate and gate <= set(words)
    # each exclusion of the taxonomy is in the pass: an exclusion it did not find is never skipped
    assert {ex for cat in activities.taxonomy() for ex in cat.exclude if ex} <= set(words)


_CELL_CHARS = ["a", "活动", "时间", "\t", " ", "  ", "\u3000", "\xa0", "\u2003", "\x1f", "。"]


@SETTINGS
@given(st.lists(st.sampled_from(_CELL_CHARS), max_size=14).map("".join))
@example("a\t\xa0\tb")  # (a tab, then a lone other space: a cell of its own, which the word count misses)
@example("a\xa0b c")
def test_a_line_skipped_as_fewer_cells_has_fewer_cells(text):
    cells = [c for c in activities._CELLS.split(text.strip()) if c]
    if activities._fewer_cells(text):
        assert len(cells) < activities.SCHEDULE_MIN_CELLS


_BODY_WORDS = ["某某市", "某某县", "市", "县", "区", "市场监督管理局", "市场监管局", "质监局", "质量技术监督局", "总工会",
               "黔南州", "黔南布依族苗族自治州", "贵州省", "浙江省", "杭州市", "西湖区", "团委", "共青团", "委员会"]


@SETTINGS
@given(st.lists(st.sampled_from(_BODY_WORDS), min_size=1, max_size=4).map("".join),
       st.lists(st.sampled_from(_BODY_WORDS), min_size=1, max_size=4).map("".join))
def test_memoised_name_comparisons_are_worked_out_again(full, other):
    for _ in range(2):  # (the second answer comes from the memo)
        assert issuers._same_body(full, other) == issuers._same_body.__wrapped__(full, other)
        assert issuers._full_kind(other) == issuers._full_kind.__wrapped__(other)


# ── structure: a date line looked for only on lines short enough; look-alikes only where a letter is ─
from qmcorpus.extract import structure  # noqa: E402

_DATE_PIECES = ["2023", "201 7", "二〇二三", "年", "9", "1l", "O1", "月", "2", "日", "号", "□", " ", "  ", "\u3000", "\t",
                "（", "）", "(", "・", "某某局", "印发", "２０２３", "l", "I", "o", "质量月活动", "，"]


def _plain_date_reading(text):
    t = structure.to_ascii_digits(text)
    if structure._LOOKALIKE.search(t):
        t = structure._LOOKALIKE.sub(lambda m: structure._AS_DIGIT[m.group(0)], t)
    if " " in t:
        t = structure._SPACED_YEAR.sub(structure._unspaced_year, t)
    return t


@SETTINGS
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=16).map("".join))
@example("2023年9月1l日")
@example("二〇二三年 九 月  某某局印发")
def test_date_reading_and_the_date_line_width(text):
    assert structure.date_reading(text) == _plain_date_reading(text)
    if structure._DATE_LINE.match(structure.date_reading(text)):
        assert structure._short_enough(text)


def test_a_long_line_of_prose_is_too_long_for_a_date_line():
    assert structure._date_line_width() is not None
    line = "2023年9月1日" + "某" * structure._date_line_width()
    assert not structure._short_enough(line) and not structure._DATE_LINE.match(structure.date_reading(line))


# ── activities: names of bodies found with the suffixes tried only before their first characters ─
import re  # noqa: E402

_SUFFIXES = list(activities._org_suffixes())
_NAME_PIECES = _SUFFIXES + ["某某", "县", "质量", "工作", "开展", "，", "。", "a", " ", "领导", "小组", "有限", "监督"]


@SETTINGS
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=16).map("".join))
@example("某县质量工作领导小组办公室开展")
def test_gated_name_patterns_find_what_the_plain_ones_find(text):
    suffix = activities._org_suffix().pattern
    plain_org = re.compile(rf"[\u4e00-\u9fff]{{2,{activities._ORG_NAME_MAX}}}?(?:{suffix})")
    assert [m.span() for m in activities._org().finditer(text)] == [m.span() for m in plain_org.finditer(text)]
    plain_last = re.compile(f"(?s:.*)(?={suffix})").match(text)
    last = activities._last_suffix().match(text)
    assert (last and last.span()) == (plain_last and plain_last.span())


# ── structure: a joint title looked for only in a line holding the words every such title holds ─
_TITLE_PIECES = ["某某市", "市场监督管理局", "质量技术监督局", "关于", "转发", "开展", "质量月", "活动", "的通知", "方案", " ",
                 "、", "和", "2023年", "工作"]


@SETTINGS
@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=14).map("".join))
@example("某某市市场监督管理局 某某市质量技术监督局关于开展2023年质量月活动的通知")
def test_the_gated_joint_title_is_the_plain_one(text):
    from qmcorpus import resources
    from qmcorpus.extract.structure import bodies_line, config

    m = resources.pattern("patterns.toml", "extract.issuers.title_issuers").match(text)
    genre = config()["doc_type"]
    plain = bool(m and bodies_line(m.group("list"))
                 and (re.search(genre["notice_title"], text) or re.search(genre["plan_title"], text)))
    assert structure._joint_title(text) == plain


def _plain_signed_line_cut(text):
    for cut in (m.start() for m in re.finditer(r"\s+", text)):
        if structure._DATE_LINE.match(structure.to_ascii_digits(text[cut:].strip())):
            return cut if structure.signature_parts(text[:cut]) is not None else None
    return None


@SETTINGS
@given(st.lists(st.sampled_from(_DATE_PIECES + ["某某市市场监督管理局", "某某县人民政府", "　　"]), max_size=14).map("".join))
@example("某某市市场监督管理局　　2021年8月25日")
@example("某某县人民政府 二〇二三年九月一日")
def test_a_signed_line_is_cut_where_the_plain_search_cuts_it(text):
    assert structure.signed_line_cut(text) == _plain_signed_line_cut(text)


# ── issuers: the lead's subject kept for the document's second question = worked out again ──────
from qmcorpus.extract.fields import Found  # noqa: E402

_LEAD_PIECES = ["某某市市场监督管理局", "某县质监局", "联合", "开展", "组织开展", "举办", "了", "日前", "，", "。", "\n",
                             "质量月", "活动", "在", "广场", "积极", "“", "”", "根据", "《", "》", "该局"]


@SETTINGS
@given(st.lists(st.sampled_from(_LEAD_PIECES), max_size=16).map("".join), st.sampled_from([None, 0, 3]))
@example("某某市市场监督管理局日前在广场开展质量月活动。", None)
def test_the_kept_subject_is_the_subject_worked_out_again(masked, title_end):
    title = None if title_end is None else Found(masked[:title_end], 0, title_end, "title:first_line")
    for _ in range(2):
        assert issuers._subject(masked, title) == issuers._plain_subject(masked, title)
