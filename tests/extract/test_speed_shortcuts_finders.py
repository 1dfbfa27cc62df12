"""Speed shortcuts of the finders of title, number, type, theme, dates, issuers and activities (#16,
session 6) give exactly what their plain definitions give.

Each test holds a shortcut beside the plain formulation it replaces (or with its gates opened), on
generated text built from the characters the patterns look for (hypothesis).
"""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import activities, fields, publish_date, theme
from qmcorpus.extract.dates import find_dates
from qmcorpus.extract.layout import layout
from qmcorpus.extract.structure import config, to_ascii_digits
from qmcorpus.literals import WordsPresent, words_re

SETTINGS = settings(max_examples=200, deadline=None)


def _opened(module, **plain):
    """A context in which ``module``'s names are replaced (gates opened: the plain definition)."""
    class _Ctx:
        def __enter__(self):
            self.saved = {k: getattr(module, k) for k in plain}
            for k, v in plain.items():
                setattr(module, k, v)

        def __exit__(self, *exc):
            for k, v in self.saved.items():
                setattr(module, k, v)
    return _Ctx()


# ── activities: the cues present found in one automaton pass = each cue tested as a substring ─
_ALL_CUES = sorted({c for cat in activities.taxonomy() for c in cat.cues if c})


@SETTINGS
@given(st.lists(st.sampled_from(_ALL_CUES + ["，", "。", "质量", "\x00", "a"]), max_size=12).map("".join))
def test_the_cues_present_are_the_cues_that_occur(text):
    finder = WordsPresent(_ALL_CUES)
    assert finder.present(text) == finder.plain(text) == frozenset(c for c in _ALL_CUES if c in text)
    # masking blanks characters: a cue absent from a text is absent from its masked text
    assert finder.present(activities.mask_non_activity(text)) <= finder.present(text)


def test_a_category_is_tried_where_one_of_its_cues_occurs():
    for i, cat in enumerate(activities.taxonomy()):
        for cue in filter(None, cat.cues):
            assert activities._cue_categories()[cue] >> i & 1
            assert words_re(cat.cues).search(cue)  # the plain test of the category finds it


# ── theme: a lookbehind moved after the opening mark = the lookbehind before it ─────────────
_THEME_WORDS = ["以", "为", "是", "主题", "质量月", "活动", "开展", "启动仪式", "的", "系列", "之", "“", "”", "‘", "’",
                "「", "」", '"', "，", "。", "\n", "提升品质", "质量强国", " ", "宣传"]


@SETTINGS
@given(st.lists(st.sampled_from(_THEME_WORDS), max_size=30).map("".join))
def test_a_lookbehind_after_the_opening_mark_is_the_one_before_it(text):
    for q, qe, nq in theme._STYLES.values():
        tail = f"(?P<t>{nq}{{4,40}}){qe}\\s*(?:质量月)?\\s*主题\\s*(?:[“\"]?质量月[”\"]?)?\\s*(?:宣传)?活动"
        plain = re.compile(f"(?={q})(?<!之)(?<!系列){q}" + tail)
        fast = re.compile(f"{q}(?<!之{q})(?<!系列{q})" + tail)
        assert [m.span("t") for m in fast.finditer(text)] == [m.span("t") for m in plain.finditer(text)]


def test_the_theme_template_is_the_fast_form():
    assert any(t.startswith("<Q>(?<!之<Q>)(?<!系列<Q>)") for _, t in config()["theme"]["patterns"])


# ── publish_date: lines without the characters a candidate needs skipped = all searched ─────
_DATE_WORDS = ["2023", "９", "0", "6", "年", "月", "日", "号", "份", "-", "/", ".", "－", "／", "．", ":", "：", "(", "（",
               ")", "）", "发布时间", "日期", "时间", "讯", "电", "本报", "记者", "，", "。", " ", "星期一", "某局", "市场监管局",
               "十", "二〇二三", "前", "至", "15:30"]
_LINES = st.lists(st.sampled_from(_DATE_WORDS), max_size=14).map("".join)


def _all_searched():
    sought = re.compile(r"[\s\S]")
    cfg = {**publish_date._cfg(), "sought": sought}
    return _opened(publish_date, _may_hold_date=lambda t: True, _may_hold_paren=lambda t: True,
                   _may_hold_month=lambda t: True, _ends_like_date=lambda t: True, _cfg=lambda: cfg)


@SETTINGS
@given(st.lists(_LINES, min_size=1, max_size=8), st.sampled_from([None, 2023, 2024]),
       st.sampled_from([{}, {"posted": "2023-09-06"}]))
@example(["关于开展质量月活动的通知", "（2023年9月6日）", "发布时间：2023－09－06 10:30", "本报讯 9月5日，某局开展活动。",
          "某局", "2023年9月8日"], 2023, {})
@example(["标题", "6.9.2023 15:30", "日期：9-6", "正文。", "某局 2023年9月8日"], 2023, {})
def test_publish_date_candidates_with_gates_are_those_without(lines, year, meta):
    lay = layout("\n".join(lines))
    fast = publish_date.candidates(lay, meta, year)
    with _all_searched():
        plain = publish_date.candidates(lay, meta, year)
    assert fast == plain


@SETTINGS
@given(_LINES)
def test_a_line_without_date_marks_holds_no_date(t):
    p = publish_date._plain(t)
    if not publish_date._may_hold_date(p):
        assert find_dates(p) == []
        cfg = publish_date._cfg()
        assert not cfg["day_month_year"].search(p) and not cfg["month_day_line"].search(p)
    if not publish_date._cfg()["sought"].search(t):  # the line is used as it is, not made plain
        assert publish_date._plain_top(t) == t
        assert not publish_date._may_hold_date(p) and not publish_date._may_hold_paren(p)
        assert not publish_date._may_hold_month(p)
    if not publish_date._ends_like_date(t):
        a = to_ascii_digits(t)
        assert all(d.end != len(a.rstrip()) for d in find_dates(a))


# ── doc_number: lines without what every number holds skipped = all tried ───────────────────
_NUMBER_WORDS = ["某市监质", "〔", "〕", "[", "]", "（", "）", "2024", "２０２４", "19", "第", "70", "号", " ", "关于", "\n"]


@SETTINGS
@given(st.lists(st.sampled_from(_NUMBER_WORDS), max_size=24).map("".join))
def test_doc_number_lines_without_its_text_hold_none(text):
    lay = layout(text)
    fast = fields.find_doc_number(lay, {})
    with _opened(fields, _docnum_needs=lambda: ""):
        assert fields.find_doc_number(lay, {}) == fast
    needs = fields._docnum_needs()
    assert needs and all(needs in m.group(0) for m in fields.DOCNUM.finditer(text))


# ── lookahead: a lazy group told what may follow it = the pattern as written ─────────────────
from qmcorpus import resources  # noqa: E402
from qmcorpus.extract import issuers  # noqa: E402
from qmcorpus.extract.lookahead import follow_class, gated  # noqa: E402

_GATED = {  # issuers' patterns (data/patterns.toml) and the lazy groups gated in the module
    "joint": ("list",), "joint_all": ("list",), "joint_plain": ("list",), "by": ("list",), "hosts_too": ("list",),
    "with": ("lead", "list"), "subject": ("s",), "leads_before": ("lead",), "authored": ("list",), "co": ("list",),
}
_ISSUER_WORDS = ["由", "质监局", "市场监管局", "某县", "等", "3个", "三", "部门", "单位", "联合", "共同", "印发", "开展", "主办",
                 "承办", "牵头", "会同", "携手", "制定", "本", "方案", "和", "、", "，", "。", "\n", "：", "“", "”", "《", "》", " ",
                 "日前", "在", "于", "9月", "2023年", "积极", "以", "为主题", "该局", "组织", "特", "负责", "决定", "举办"]


def _spans(pat, text):
    return [(m.span(), m.groupdict()) for m in pat.finditer(text)]


@SETTINGS
@given(st.lists(st.sampled_from(_ISSUER_WORDS), max_size=40).map("".join))
def test_gated_issuer_patterns_match_as_written(text):
    for key, groups in _GATED.items():
        plain = resources.pattern("patterns.toml", f"extract.issuers.{key}")
        fast = getattr(issuers, "_" + key.upper())
        assert fast.pattern != plain.pattern  # every one got its lookahead
        assert fast.pattern == gated(plain, *groups).pattern
        assert _spans(fast, text) == _spans(plain, text)


def test_follow_class_reads_what_can_follow_a_group():
    assert follow_class(re.compile(r"(?P<a>x+?)\s*(?:b|cd)?e"), "a") == r"[\sbce]"
    assert follow_class(re.compile(r"(?P<a>x+?)(?:\d{4}年)?\d月"), "a") == r"[\d]"
    assert follow_class(re.compile(r"(?P<a>x+?)(?=y)[yz]"), "a") == "[yz]"  # an assertion consumes nothing
    assert follow_class(re.compile(r"(?P<a>x+?)b?"), "a") is None  # may be followed by nothing
    assert follow_class(re.compile(r"(?P<a>x+?)[^b]"), "a") is None  # a negated class: unknown
    assert follow_class(re.compile(r"(?P<a>x+?)(?:b|$)"), "a") is None  # an end: unknown
    assert gated(re.compile(r"(?P<a>[^]]+?)\]"), "a").pattern == r"(?P<a>[^]]+?)(?=[\]])\]"


# ── to_ascii_digits: substring tests on long texts = the class scan = translate ──────────────
@SETTINGS
@given(st.text(alphabet="０１２３４５６７８９0123年月日质量 \n", max_size=300))
def test_to_ascii_digits_is_the_translation(text):
    assert to_ascii_digits(text) == text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert to_ascii_digits("质" * 120 + text) == ("质" * 120 + text).translate(str.maketrans("０１２３４５６７８９", "0123456789"))


# ── activities: the scan for names of bodies bounded by the suffixes = the whole scan ───────
_ORG_WORDS = ["某县", "质量", "工作", "领导小组", "办公室", "委员会", "有限公司", "公司", "协会", "集团", "开展", "由", "，", " ",
              "a", "食品", "分会", "成员单位"]


@SETTINGS
@given(st.lists(st.sampled_from(_ORG_WORDS), max_size=30).map("".join))
def test_names_of_bodies_are_those_of_the_whole_scan(text):
    assert [m.span() for m in activities._org_names(text)] == [m.span() for m in activities._org().finditer(text)]
    if activities._org_suffix().search(text):
        assert activities._last_suffix().match(text).end() == max(text.rfind(w) for w in activities._org_suffixes())


# ── theme: patterns starting alike scanned together = each scanned alone ────────────────────
from qmcorpus.extract.lookahead import any_start, first_chars, matches_at  # noqa: E402


@SETTINGS
@given(st.lists(st.sampled_from(_THEME_WORDS + ["这一", "是", "启动仪式", "围绕", "”的"]), max_size=30).map("".join))
def test_theme_patterns_scanned_together_match_as_alone(text):
    cfg = theme._cfg()
    assert any(t is not None for t in cfg["together"])
    for (_, _, pat, _), together in zip(cfg["patterns"], cfg["together"]):
        if together is not None:
            starts = [m.start() for m in together[1].finditer(text)]
            assert [(m.span(), m.group("t")) for m in matches_at(pat, starts, text)] == \
                   [(m.span(), m.group("t")) for m in pat.finditer(text)]
    lay = layout(text)
    fast = theme.candidates(lay)
    plain_cfg = {**cfg, "together": [None] * len(cfg["patterns"])}
    with _opened(theme, _cfg=lambda: plain_cfg):
        assert theme.candidates(lay) == fast


def test_any_start_and_first_chars():
    a, b = re.compile(r"[xy]a+(?P<t>b)"), re.compile(r"[xy]c")
    assert first_chars(a) == frozenset("xy") and first_chars(re.compile(r"a?b")) == frozenset("ab")
    assert first_chars(re.compile(r"a?")) is None and first_chars(re.compile(r"[^a]b")) is None
    text = "xab yc xaab xc"
    starts = [m.start() for m in any_start([a, b]).finditer(text)]
    assert starts == [0, 4, 7, 12]
    assert [m.span() for m in matches_at(a, starts, text)] == [m.span() for m in a.finditer(text)]


# ── doc_type: the formal phrase looked for only without a news marker = both looked for ─────
def _plain_doc_type(lay, title):
    """find_doc_type as it was: both whole-text phrases searched, then weighed."""
    from qmcorpus.extract.fields import Found, Line, _doc_type_patterns

    text, lines, addressee = lay.text, lay.lines, lay.addressee
    cfg = _doc_type_patterns()
    head_lines = lines[:4]
    if lines and cfg["book_section"].match(lines[0].text):
        return Found("other", lines[0].start, lines[0].end, "doc_type:book_section")
    for ln in head_lines:
        if len(ln.text) <= 80 and not ln.text.endswith("。") and cfg["other_title"].search(ln.text):
            return Found("other", ln.start, ln.end, "doc_type:other_title")
        if len(ln.text) <= 80 and cfg["speech_title"].search(ln.text):
            return Found("other", ln.start, ln.end, "doc_type:speech_title")
    title_like = [ln for ln in head_lines if len(ln.text) <= 80 and "。" not in ln.text]
    if title is not None and title.start >= 0 and cfg["summary_title"].search(title.value):
        return Found("other", title.start, title.end, "doc_type:summary_title")
    for ln in title_like:
        if cfg["notice_title"].search(ln.text) and not cfg["news_text"].search(ln.text):
            return Found("notice", ln.start, ln.end, "doc_type:title_genre")
    for ln in title_like:  # (a plan's title before its addressees)
        if cfg["plan_title"].search(ln.text):
            return Found("plan", ln.start, ln.end, "doc_type:title_plan")
    if addressee is not None:
        ln = lines[addressee]
        return Found("notice", ln.start, ln.end, "doc_type:addressees")
    m = cfg["notice_text"].search(text)
    news = cfg["news_text"].search(text)
    if m and not news:
        return Found("notice", m.start(), m.end(), "doc_type:formal_phrase")
    if news:
        return Found("news", news.start(), news.end(), "doc_type:news_marker")
    first = lines[0] if lines else Line(0, 0, "")
    return Found("news", first.start, first.end, "doc_type:default_report")


_DOC_WORDS = ["特此通知", "通知如下", "记者", "近日", "本报讯", "方案", "通知", "。", "\n", "活动", "各单位：", "总结", "的讲话",
              "现将", "印发", "安排如下", "由来", " ", "第三节 ", "往事"]


@SETTINGS
@given(st.lists(st.sampled_from(_DOC_WORDS), max_size=20).map("".join))
def test_doc_type_is_the_plain_decision(text):
    lay = layout(text)
    title = fields.find_title(lay)
    assert fields.find_doc_type(lay, title) == _plain_doc_type(lay, title)


# ── activities: an item's labels memoised = the keys categorize gives ──────────────────────
@SETTINGS
@given(st.lists(st.sampled_from(_ALL_CUES[:40] + ["，", "开展", "有限公司", "为"]), max_size=12).map("".join),
       st.lists(st.sampled_from(["", "质量强县", "某县市场监管局"]), max_size=2).map(tuple))
def test_labels_are_the_keys_of_categorize(text, mask):
    from qmcorpus.extract import segment

    keys = tuple(k for k, _, _ in activities.categorize(text, mask=mask))
    assert activities._labels(text, mask, segment.current()) == keys
    assert activities._item(1, "", text, 0, len(text), mask).categories == keys


# ── issuers: the last of some characters by one match = the largest rfind ───────────────────
@SETTINGS
@given(st.text(alphabet="，,。；;\n！？!?：:“”ab质", max_size=40), st.integers(-2, 45), st.integers(-2, 45),
       st.sampled_from([issuers._LIST_NOT, issuers._LEAD_NOT, issuers._TERMINATORS, issuers._CLAUSE_ENDS, "]^\\-"]))
def test_last_of_characters_is_the_largest_rfind(text, lo, hi, chars):
    lo, hi = max(lo, 0), max(hi, 0)
    assert issuers._last(text, chars, lo, hi) == max(text.rfind(c, lo, hi) for c in chars)


# ── issuers: the lead before a list searched only where its closing word occurs ─────────────
@SETTINGS
@given(st.lists(st.sampled_from(_ISSUER_WORDS + ["负责", "牵头"]), max_size=20).map("".join))
def test_a_lead_is_found_only_where_its_words_occur(head):
    if not any(w in head for w in issuers._LEADS_NEEDS):
        assert issuers._LEADS_BEFORE.search(head) is None
