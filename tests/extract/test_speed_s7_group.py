"""Speed shortcuts of session 7 in the per-document fixed cost (#16): each shortcut gives exactly what
its plain definition gives (hypothesis properties; the plain definitions are written out here)."""
from __future__ import annotations

import re
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus import schema
from qmcorpus.extract import _items_per_category, _with_confidence, structure, theme
from qmcorpus.extract.confidence import scored
from qmcorpus.extract.layout import layout
from qmcorpus.types import Activity, Evidence

SETTINGS = settings(max_examples=200, deadline=None)


# ── structure: lines split with one strip and tuple.__new__ = split, strip and lstrip ───────
def _plain_lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + lead + len(s), s))
        pos += len(raw) + 1
    return out


@SETTINGS
@given(st.text(alphabet=st.sampled_from("ab质 \t\r\n\u3000\u00a0\x1c\u2028。:："), max_size=40))
def test_split_lines_is_the_plain_split(text):
    got = structure.split_lines(text)
    assert got == _plain_lines(text)
    assert all(type(ln) is structure.Line for ln in got)


# ── structure: the addressee line's end tested before its pattern = the pattern alone ───────
_ADDR_WORDS = ["各", "县区", "单位", "有关", "企业", "，", ":", "：", "\n", " ", "。", "通知如下", "a"]


def _plain_addressee(lines):
    from qmcorpus import resources

    for i, ln in enumerate(lines[:8]):
        t = ln.text
        if not structure._ADDRESSEE.match(t) or \
                resources.pattern("patterns.toml", "extract.structure.not_addressee").search(t):
            continue
        if t.startswith("各") or resources.pattern("patterns.toml", "extract.structure.addressee_groups").search(t):
            return i
    return None


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(_ADDR_WORDS), min_size=1, max_size=8).map("".join), max_size=9))
@example(["各单位:\n"])  # ($ holds before a last line break: a line given as is, not stripped)
def test_addressee_line_is_the_pattern_alone(texts):
    lines = [structure.Line(0, len(t), t) for t in texts]
    assert structure.addressee_line(lines) == _plain_addressee(lines)


# ── theme: patterns matched where their first characters stand = scanned over the text ──────
_THEME_WORDS = ["以", "为", "是", "主题", "质量月", "活动", "围绕", "紧扣", "突出", "立足", "开展", "启动仪式", "这一", "的",
                "系列", "之", "“", "”", "‘", "’", "「", "」", "『", "』", '"', "》", "，", "。", "；", "：", "——", "\n",
                "提升品质", "质量强国", " "]


def _plain_candidates(lay):
    """theme.candidates with every pattern scanned over the whole text, none gated or shared."""
    cfg = theme._cfg()
    n = len(cfg["patterns"])
    plain = {**cfg, "patterns": [(r, s, p, None) for r, s, p, _ in cfg["patterns"]], "together": [None] * n,
             "first": [None] * n, "quote_chars": {k: None for k in cfg["quote_chars"]}}
    fast = theme._cfg
    theme._cfg = lambda: plain
    try:
        return theme.candidates(lay)
    finally:
        theme._cfg = fast


@SETTINGS
@given(st.lists(st.sampled_from(_THEME_WORDS), max_size=40).map("".join))
@example("以“提升品质”为主题，围绕“质量强国”主题")
@example('紧扣"质量强国"主题，“提升品质”质量月启动仪式')
def test_theme_candidates_are_those_of_whole_scans(text):
    lay = layout(text)
    assert theme.candidates(lay) == _plain_candidates(lay)


def test_first_literals_are_read_off_the_patterns():
    assert any(f is not None for f in theme._cfg()["first"])  # the shortcut is in use
    assert theme._first_literals(re.compile("[“「]a")) == "“「"
    assert theme._first_literals(re.compile("(?:围绕|紧扣)x")) == "围紧"
    assert theme._first_literals(re.compile("主题")) is None  # one literal: the engine's own search
    assert theme._first_literals(re.compile("[a-z]x")) is None
    assert theme._first_literals(re.compile(r"\d")) is None
    assert theme._first_literals(re.compile("x?y")) == "xy"  # (an optional first item: the next one's too)


@SETTINGS
@given(st.text(alphabet=st.sampled_from('ab“"「『”\n'), max_size=30), st.sampled_from(['“"「『', "“", "a", '"b']))
def test_offsets_are_those_of_a_class_scan(text, chars):
    assert theme._offsets(text, chars) == [m.start() for m in re.finditer("[" + re.escape(chars) + "]", text)]


# ── extract: confidences from a table of plain rules = scored() for every value ──────────────
_FIELDS = ["theme", "year", "level", "province", "city", "issuers", "categories", "headings", "contacts", "doc_type"]
_RULES = ["theme:以…为主题", "year:title", "level:scope_county", "province:place_1", "issuers:title",
          "categories:activity_1", "categories:activity_2", "structure:heading_一、", "doc_type:default_report", "x"]


def _plain_with_confidence(ev, out, raw, cat_rules):
    from qmcorpus.extract import _CONFIDENCE_COL

    done, ckeys = [], []
    for e in ev:
        field, value, _, _, rule = e
        col = _CONFIDENCE_COL.get(field)
        if col is None:
            done.append(Evidence(*e))
            ckeys.append(())
            continue
        if field == "categories":
            rule = cat_rules.get(value, rule)
        c, k = scored(field, rule, raw.get(field))
        done.append(Evidence(*e, c))
        ckeys.append(k)
        old = out.get(col)
        out[col] = c if old is None else min(old, c)
    return done, ckeys


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(_FIELDS), st.sampled_from(["a", "publicity", "b"]), st.integers(-1, 9),
                          st.integers(-1, 9), st.sampled_from(_RULES)), max_size=8),
       st.dictionaries(st.sampled_from(_FIELDS), st.floats(0, 1)),
       st.dictionaries(st.sampled_from(["a", "publicity"]), st.sampled_from(["in_1_items", "in_3_items"])))
def test_confidences_are_those_of_scored(ev, raw, cat_rules):
    out_fast, out_plain = {}, {}
    assert _with_confidence(ev, out_fast, raw, cat_rules) == _plain_with_confidence(ev, out_plain, raw, cat_rules)
    assert out_fast == out_plain


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4).map(tuple), max_size=5))
def test_items_per_category_is_the_count_of_items(cat_lists):
    acts = [Activity(i, "", "", 0, 0, cats) for i, cats in enumerate(cat_lists)]
    cats = list(dict.fromkeys(c for cs in cat_lists for c in cs))
    per_item = Counter(c for a in acts for c in set(a.categories))
    assert _items_per_category(acts, cats) == {c: per_item[c] for c in cats}


# ── schema: the row as JSON and CSV in one pass = the encoder and the line of each ───────────
_CELL = st.one_of(st.none(), st.text(alphabet=st.sampled_from('ab质,"\r\n\t=+-@ %'), max_size=8),
                  st.integers(-3, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.lists(st.one_of(st.text(alphabet="ab,|", max_size=3), st.integers(0, 3)), max_size=3),
                  st.tuples(st.text(max_size=2)), st.just("x" * 32770))


def _plain_parts(row):
    try:
        body = schema._JSON.encode(row)
    except ValueError:
        body = ValueError
    return body, schema._document_line(row, "")


@SETTINGS
@given(st.fixed_dictionaries({c: _CELL for c in schema._ROW_KEYS}))
@example({c: None for c in schema._ROW_KEYS})
@example({c: 0.5 for c in schema._ROW_KEYS})
def test_row_parts_are_the_json_and_the_line(row):
    try:
        fast = schema._row_parts(row)
    except ValueError:
        fast = (ValueError, None)
    plain = _plain_parts(row)
    assert fast[0] == plain[0]
    if plain[0] is not ValueError:
        assert fast[1] == plain[1]


def test_row_parts_keep_the_column_order():
    row = {c: None for c in reversed(schema._ROW_KEYS)}  # (never made so: the plain pair then)
    assert schema._row_parts(row) == (schema._JSON.encode(row), schema._document_line(row, ""))


# ── theme: a sentence's end found without a list = the least offset found ────────────────────
def _plain_sentence(text, start, end):
    a = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    b = min([i for i in (text.find("。", end), text.find("\n", end)) if i >= 0] or [len(text)])
    return a, b


@SETTINGS
@given(st.text(alphabet="a。\n", max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_sentence_is_the_plain_span(text, start, end):
    assert theme._sentence(text, start, end) == _plain_sentence(text, start, end)


@SETTINGS
@given(st.lists(st.sampled_from(["a", "；", ";", "为主题", "主题活动", "主题"]), max_size=8).map("".join))
def test_list_of_activities_is_the_plain_test(sent):
    plain = any(c in sent for c in "；;") or sent.count("为主题") + sent.count("主题活动") >= 2
    assert theme._in_list_of_activities(sent) == plain


# ── fields: the start-date pattern tried only where a word it needs stands = tried everywhere ─
_PERIOD_WORDS = ["9月1日", "９月２日", "开始", "起", "从", "自", "于", "开展", "活动", "质量月", "至", "30日", "。", "\n",
                 " ", "二、活动时间", "2017年", "前"]


@SETTINGS
@given(st.lists(st.sampled_from(_PERIOD_WORDS), max_size=24).map("".join), st.sampled_from([None, 2017]))
@example("活动自9月1日起开展", 2017)
@example("活动从９月１日开始", 2017)
def test_period_gate_skips_no_start_date(text, year):
    from qmcorpus.extract import fields

    assert fields._PERIOD_START_NEEDS  # the gate is in use
    lay = layout(text)
    fast = fields.find_period(lay, year)
    gate = fields._PERIOD_START_NEEDS
    fields._PERIOD_START_NEEDS = ()
    try:
        assert fields.find_period(lay, year) == fast
    finally:
        fields._PERIOD_START_NEEDS = gate


def test_empty_fields_are_the_plain_dict():
    from qmcorpus.extract import _ALL_FIELDS, empty_fields

    a, b = empty_fields(), empty_fields()
    plain = {f: ([] if listed else None) for f, listed in _ALL_FIELDS}
    assert a == plain and list(a) == list(plain)
    assert all(a[f] is not b[f] for f, listed in _ALL_FIELDS if listed)  # each document its own lists
