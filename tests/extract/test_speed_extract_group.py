"""Speed shortcuts of extraction (#16: layout, dates, period, year, places, level, confidence) give
exactly what their plain definitions give.

Each test holds a shortcut beside the formulation it replaced, on generated text built from the
pieces the patterns look for (hypothesis).
"""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import dates, fields
from qmcorpus.extract.layout import layout
from qmcorpus.extract.structure import to_ascii_digits

SETTINGS = settings(max_examples=300, deadline=None)

_DATE_PIECES = ["2017年", "二〇一七年", "9月", "九月", "1日", "30日", "三十日", "15号", "13月", "至", "到", "-", "—", "/", ".",
                "前", "2017-09-01", "2017/9/30", "起", "开始", "从", "自", "质量月", "活动", "开展", "。", "；", ";", "\n",
                " ", "，", "时间", "一、活动时间\n", "份"]
_date_texts = st.lists(st.sampled_from(_DATE_PIECES), max_size=30).map("".join)


# ── dates: the sentences that may state a day = every sentence filtered ──────────────────────
@SETTINGS
@given(_date_texts)
@example("9月1日至30日。\n。；号")
def test_day_sentences_are_the_sentences_that_state_a_day(text):
    plain = [(m.start(), m.group()) for m in re.finditer(r"[^。；;\n]+", text)
             if any(c in m.group() for c in dates.DAY_MARKS + "-/.")]
    assert list(dates.day_sentences(text)) == plain


@SETTINGS
@given(_date_texts)
def test_a_text_without_a_day_holds_no_range(text):
    if not dates.may_state_day(text):
        assert dates._ranges(text, dates.find_dates(text)) == []
        assert not any(d.day for d in dates.find_dates(text))
    assert dates.find_ranges(text) == dates._ranges(text, dates.find_dates(text))


# ── find_period: sentences that state no day skipped = every sentence read ──────────────────
def _plain_find_period(lay, year):
    text, lines = lay.text, lay.lines
    for sec in lay.sections:
        if sec.kind != "time":
            continue
        lo = lines[sec.heading].start
        hi = lines[min(sec.last, sec.first + 2)].end if sec.first <= sec.last else lines[sec.heading].end
        rng = dates._ranges(text[lo:hi], dates.find_dates(text[lo:hi]))
        if rng:
            a, b = rng[0]
            y = a.year or year
            return (fields.Found(a.iso(y), lo + a.start, lo + a.end, "period:time_section"),
                    fields.Found(b.iso(b.year or y), lo + b.start, lo + b.end, "period:time_section"))
    for sent in re.finditer(r"[^。；;\n]+", text[:fields.PERIOD_WINDOW]):
        s = sent.group(0)
        if "月" not in s or ("质量月" not in s and "活动" not in s):
            continue
        rng = [r for r in dates._ranges(s, dates.find_dates(s)) if not fields._event_days(r, year)]
        if rng:
            a, b = rng[0]
            y = a.year or year
            if a.iso(y) and b.iso(b.year or y):
                o = sent.start()
                return (fields.Found(a.iso(y), o + a.start, o + a.end, "period:range_in_sentence"),
                        fields.Found(b.iso(b.year or y), o + b.start, o + b.end, "period:range_in_sentence"))
        if not year or ("开展" not in s and "活动" not in s):
            continue
        m = fields._PERIOD_START.search(to_ascii_digits(s))
        if m:
            ds = dates.find_dates(m.group(1))
            if ds:
                o = sent.start() + m.start(1)
                return fields.Found(ds[0].iso(year), o, o + len(m.group(1)), "period:start_only"), None
    return None, None


@SETTINGS
@given(_date_texts, st.sampled_from([None, 2017]))
@example("质量月活动9月1日至30日", 2017)
@example("开展活动从9月1日起", 2017)
def test_find_period_is_the_plain_sentence_loop(text, year):
    lay = layout(text)
    assert fields.find_period(lay, year) == _plain_find_period(lay, year)
