"""qmcorpus.extract.fields: title, document number, doc_type, theme, year and dates, each with evidence.

Every finder returns ``Found(value, start, end, rule)`` (offsets into the clean text) or None.
Values taken from page metadata that normalisation dropped carry start = end = -1.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from .. import resources
from ..literals import required_any
from .dates import DateSpan, ascii_digits, cn_number, cn_years_to_ascii, day_sentences, find_dates, find_ranges
from . import publish_date as _publish_date, theme as _theme  # (imported once, not at each call)
from .layout import Layout
from .structure import DOCNUM, Line, config, own_number, to_ascii_digits


class Found(NamedTuple):  # (a named tuple: made several times faster than a frozen dataclass, dozens a document)
    value: object
    start: int
    end: int
    rule: str
    share: float | None = None  # a weighed decision's share of the evidence (its margin), when it has one


# ── title ────────────────────────────────────────────────────────────────────────────────────────
def find_title(lay: Layout) -> Found | None:
    """The title: the first line(s) if they look like one (a split title is joined)."""
    idx, lines = lay.title, lay.lines
    if not idx:
        return None
    first, last = lines[idx[0]], lines[idx[-1]]
    value = "".join(lines[i].text for i in idx)
    return Found(value, first.start, last.end, "title:first_lines" if len(idx) > 1 else "title:first_line")


# ── document number ──────────────────────────────────────────────────────────────────────────────
@functools.cache
def _docnum_needs() -> str:
    """A text every document number holds (its closing 号; "" if none known: no gate)."""
    from ..literals import required_text

    return required_text(DOCNUM)


def find_doc_number(lay: Layout, page_meta: dict) -> Found | None:
    """The document's own number: a line of its own near the top (maybe in parentheses).

    Numbers inside sentences are citations of other documents (按照《…》(X发〔YYYY〕N号)).
    """
    for ln in lay.lines[:10]:
        if _docnum_needs() not in ln.text:
            continue  # what every number holds (its closing 号) is missing
        s = to_ascii_digits(ln.text)
        inner = own_number(s)
        if inner is not None:
            at = s.find(inner)  # (not found: a number read without a scan's stray spaces; the line is its place)
            off, end = (ln.start + at, ln.start + at + len(inner)) if at >= 0 else (ln.start, ln.end)
            return Found(inner, off, end, "doc_number:own_line")
    num = page_meta.get("doc_number")
    if num and DOCNUM.fullmatch(num.strip()):
        return Found(num.strip(), -1, -1, "doc_number:page_metadata")
    return None


# ── theme ────────────────────────────────────────────────────────────────────────────────────────
def find_theme(lay: Layout) -> Found | None:
    """The campaign theme (活动主题) as stated: a 主题 section's first line, or the best phrase a theme
    construction quotes (scored candidates: extract/theme.py, data/extract.toml [theme])."""
    best = _theme.find(lay)
    if best is None:
        return None
    c, share = best
    return Found(c.value, c.start, c.end, c.rule, share)


# ── doc_type ─────────────────────────────────────────────────────────────────────────────────────
@functools.cache
def _doc_type_patterns() -> dict[str, re.Pattern]:
    """The [doc_type] patterns of data/extract.toml, compiled once."""
    return {k: re.compile(v) for k, v in config()["doc_type"].items() if isinstance(v, str)}


SPEAKER_TURNS = 2  # lines opening with a speaker's label (主持人：) that make a text a transcript
TRANSCRIPT_HEAD = 6  # lines at the top where a transcript's header (时间/地点/主持人/发布人) stands
BRIEFING_HEAD = 4  # lines at the top that may hold a briefing's issue line (title, 第N期, issuer and date)


def _yearbook_entry(lines: list, pat: re.Pattern):
    """The line heading a yearbook's entry, or None: the first line in black brackets alone
    ("【某某活动】"), or the second opening with the first line's words so bracketed."""
    first = lines[0].text.strip()
    m = pat.match(first)
    if m and m.end() == len(first):
        return lines[0]
    if len(lines) > 1 and (m := pat.match(lines[1].text.strip())) and m.group("h") == first:
        return lines[1]
    return None


def find_doc_type(lay: Layout, title: Found | None) -> Found:
    """notice / plan / news / other, from the title's genre word and the shape of the text."""
    text, lines, addressee = lay.text, lay.lines, lay.addressee
    cfg = _doc_type_patterns()
    head_lines = lines[:4]
    if lines and cfg["book_section"].match(lines[0].text):
        return Found("other", lines[0].start, lines[0].end, "doc_type:book_section")
    if lines and (entry := _yearbook_entry(lines, cfg["yearbook_entry"])) is not None:
        return Found("other", entry.start, entry.end, "doc_type:book_section")
    for ln in head_lines:
        if len(ln.text) <= 80 and not ln.text.endswith("。") and cfg["other_title"].search(ln.text):
            return Found("other", ln.start, ln.end, "doc_type:other_title")
        if len(ln.text) <= 80 and not ln.text.endswith("。") and cfg["interpretation_title"].search(ln.text):
            return Found("other", ln.start, ln.end, "doc_type:interpretation_title")
        if len(ln.text) <= 80 and cfg["speech_title"].search(ln.text):
            return Found("other", ln.start, ln.end, "doc_type:speech_title")
        if len(ln.text) <= 80 and not ln.text.endswith("。") and cfg["transcript_title"].search(ln.text):
            return Found("other", ln.start, ln.end, "doc_type:transcript_title")
        if len(ln.text) <= 80 and cfg["event_title"].search(ln.text) and not cfg["event_verbs"].search(ln.text) \
                and sum(1 for x in lines if cfg["speaker_turn"].match(x.text)) >= SPEAKER_TURNS:
            return Found("other", ln.start, ln.end, "doc_type:transcript_title")
    # a broadcast talk in a host's turns under a title naming no event, or a record headed by the event's
    # place ("地点：…") over its speakers' turns, whatever its title says (a press conference's): a transcript
    if lines and len(lines[0].text) <= 80 and sum(1 for x in lines if cfg["host_turn"].match(x.text)) >= SPEAKER_TURNS \
            and (not cfg["event_verbs"].search(lines[0].text)
                 or any(cfg["venue_line"].match(x.text) for x in lines[1:TRANSCRIPT_HEAD])):
        return Found("other", lines[0].start, lines[0].end, "doc_type:transcript_title")
    title_like = [ln for ln in head_lines if len(ln.text) <= 80 and "。" not in ln.text]
    if title is not None and title.start >= 0 and cfg["summary_title"].search(title.value):
        return Found("other", title.start, title.end, "doc_type:summary_title")
    if title is not None and title.start >= 0 and cfg["briefing_title"].search(title.value) and any(
            cfg["briefing_issue"].match(ln.text) for ln in lines[:BRIEFING_HEAD]):
        return Found("other", title.start, title.end, "doc_type:briefing")
    for ln in title_like:
        if cfg["notice_title"].search(ln.text) and not cfg["news_text"].search(ln.text):
            return Found("notice", ln.start, ln.end, "doc_type:title_genre")
    # a plan's title decides before its addressees: a plan may be sent to its executors directly
    for ln in title_like:
        if cfg["plan_title"].search(ln.text) and not cfg["reported_plan"].search(ln.text):
            return Found("plan", ln.start, ln.end, "doc_type:title_plan")
    if title is not None and title.start >= 0 and cfg["schedule_title"].search(title.value):
        return Found("plan", title.start, title.end, "doc_type:title_plan")
    if addressee is not None:
        ln = lines[addressee]
        return Found("notice", ln.start, ln.end, "doc_type:addressees")
    news = cfg["news_text"].search(text)
    if news:  # a news marker decides; the formal phrase is looked for only without one
        return Found("news", news.start(), news.end(), "doc_type:news_marker")
    m = cfg["notice_text"].search(text)
    if m:
        return Found("notice", m.start(), m.end(), "doc_type:formal_phrase")
    first = lines[0] if lines else Line(0, 0, "")
    return Found("news", first.start, first.end, "doc_type:default_report")


# ── dates ────────────────────────────────────────────────────────────────────────────────────────
def find_publish_date(lay: Layout, page_meta: dict, year: int | None) -> Found | None:
    """The signing or publication date, decided by weighing every candidate the page states.

    Candidates: the signing date (落款), a date in parentheses under the title, page date lines near
    the top ("发布时间:YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss 来源…", "DD.MM.YYYY hh:mm", "日期:MM-DD" with
    the campaign year), the page's date line captured by normalisation, news datelines; negative cues
    (periods, deadlines, event labels, cited documents, other years) lower their weight. See
    extract/publish_date.py; weights in data/extract.toml [publish_date].
    """
    best = _publish_date.decide(_publish_date.candidates(lay, page_meta, year))
    if best is None:
        return None
    c, share = best
    return Found(c.iso, c.start, c.end, f"publish_date:{c.kind}", share)


_PERIOD_START = resources.pattern("patterns.toml", "extract.fields.period_start")
# texts one of which every match holds (the pattern, with its optional opening, is tried at every
# offset: most sentences hold none of them and are not searched); digits made ASCII change none
_PERIOD_START_NEEDS = required_any(_PERIOD_START)
_PERIOD_END = resources.pattern("patterns.toml", "extract.fields.period_end")
_PERIOD_END_NEEDS = required_any(_PERIOD_END)
_PERIOD_STAGE = resources.pattern("patterns.toml", "extract.fields.period_stage")


_PERIOD_STAGE_BEFORE = resources.pattern("patterns.toml", "extract.fields.period_stage_before")
STAGE_NAME_MAX = 12  # characters before a range where the stage it dates is named


def _stage(text: str, rng: tuple[DateSpan, DateSpan]) -> bool:
    """A range naming a stage of the campaign ("9月1日至5日为动员阶段", "某某阶段（9月X日至Y日）")."""
    return _PERIOD_STAGE.match(text, rng[1].end) is not None or \
        _PERIOD_STAGE_BEFORE.search(text[max(0, rng[0].start - STAGE_NAME_MAX):rng[0].start]) is not None
PERIOD_WINDOW = 20000  # the campaign period is stated early; bounded work on huge pages


def find_period(lay: Layout, year: int | None) -> tuple[Found | None, Found | None]:
    """Campaign period (start, end) when given as dates; deadlines (9月25日前) are not periods."""
    text, lines = lay.text, lay.lines
    for sec in lay.sections:
        if sec.kind != "time":
            continue
        lo = lines[sec.heading].start
        hi = lines[min(sec.last, sec.first + 2)].end if sec.first <= sec.last else lines[sec.heading].end
        chunk = text[lo:hi]
        rng = [r for r in find_ranges(chunk) if not _stage(chunk, r)]
        if rng:
            a, b = rng[0]
            y = a.year or year
            return (Found(a.iso(y), lo + a.start, lo + a.end, "period:time_section"),
                    Found(b.iso(b.year or y), lo + b.start, lo + b.end, "period:time_section"))
    # a range and a start date both state a day: the sentences that state none are skipped unread
    for o, s in day_sentences(text[:PERIOD_WINDOW]):
        if "月" not in s or ("质量月" not in s and "活动" not in s):
            continue
        rng = [r for r in find_ranges(s) if not _event_days(r, year) and not _stage(s, r)]
        if rng:
            a, b = rng[0]
            y = a.year or year
            if a.iso(y) and b.iso(b.year or y):
                return (Found(a.iso(y), o + a.start, o + a.end, "period:range_in_sentence"),
                        Found(b.iso(b.year or y), o + b.start, o + b.end, "period:range_in_sentence"))
        if not year or ("开展" not in s and "活动" not in s):
            continue  # (the cheap conditions first: the pattern is tried only where they hold)
        if not _PERIOD_START_NEEDS or any(w in s for w in _PERIOD_START_NEEDS):
            # (every start date the pattern reads is followed by one of these words)
            m = _PERIOD_START.search(to_ascii_digits(s))
            if m:
                ds = find_dates(m.group(1))  # empty for an impossible date (13月1日): ignored
                if ds:
                    at = o + m.start(1)
                    return Found(ds[0].iso(year), at, at + len(m.group(1)), "period:start_only"), None
        if not _PERIOD_END_NEEDS or any(w in s for w in _PERIOD_END_NEEDS):
            m = _PERIOD_END.search(to_ascii_digits(s))
            g = next((k for k in (1, 2, 3) if m.group(k)), None) if m else None  # (the alternative that read the day)
            if m and g and (ds := find_dates(m.group(g))):
                at = o + m.start(g)
                return None, Found(ds[0].iso(year), at, at + len(m.group(g)), "period:end_only")
    return None, None


def _event_days(rng: tuple[DateSpan, DateSpan], year: int | None) -> bool:
    """Whether a range in a sentence spans fewer days than a campaign ([period] min_days_in_sentence):
    an event held over a day or three, not the campaign's period."""
    a, b = rng
    y = a.year or year or 2000  # any year: only the span counts
    month = b.month or a.month
    if a.month is None or month is None:  # a side without its month: no span
        return False
    try:
        days = (dt.date(b.year or y, month, b.day or 1) - dt.date(y, a.month, a.day or 1)).days
    except ValueError:  # (an impossible day: 9月31日)
        return False
    return 0 <= days < config()["period"]["min_days_in_sentence"]


# ── year ─────────────────────────────────────────────────────────────────────────────────────────
# "YYYY年全市“质量月”", "YYYY年X省(Y地区)质量月" — not a year that dates a month ("YYYY年M月…质量月")
_YEAR_NEAR_QM = resources.pattern("patterns.toml", "extract.fields.year_near_campaign")


_ORDINAL_LOOSE = resources.pattern("patterns.toml", "extract.fields.campaign_ordinal_loose")
_TITLE_YEAR = resources.pattern("patterns.toml", "extract.fields.title_year")
# "YYYY‘质量月’活动": a year glued to the quoted campaign name
_YEAR_QUOTED_QM = resources.pattern("patterns.toml", "extract.fields.year_quoted_campaign")
# "今年9月是第N个“全国质量月”": the campaign's ordinal gives its year
_ORDINAL_QM = resources.pattern("patterns.toml", "extract.fields.campaign_ordinal")


def year_from_theme(theme: Found | None) -> Found | None:
    """The year whose national theme (data/national_themes.csv) the document's theme repeats.

    An inference, kept apart from ``year``: the gold convention leaves year null when the text
    does not state it.
    """
    if theme is None:
        return None
    from ..values import comparable

    y = _theme.national_theme_years().get(comparable("theme", theme.value))
    return Found(y, theme.start, theme.end, "year_from_theme:national_theme_table") if y else None


def _ordinal_year(t: str, start: int, end: int) -> Found | None:
    """The year of "第N个全国“质量月”" in t[start:end]: the campaigns are counted from the first one."""
    m = _ORDINAL_QM.search(t, start, end)
    if m:
        n = cn_number(m.group(1) or m.group(2))
        if n and 2 <= n <= 100:
            return Found(config()["year"]["first_campaign"] + n - 1, m.start(), m.end(), "year:ordinal_质量月")
    return None


def find_year(text: str, title: Found | None, theme: Found | None, doc_type: str,
              dates: list[DateSpan] | None = None) -> Found | None:
    """The campaign year as the text states it: "YYYY年…质量月" (title first), a dated sentence
    about the campaign, else None. A year in Chinese numerals (一九九六年) counts as one in digits.
    ``dates``: the text's dates if the caller has them (else found here, and only when the last
    cue, a dated sentence, is read: most texts state their year before)."""
    t = cn_years_to_ascii(ascii_digits(text))  # (the text's dates read it with ASCII digits already)
    if title is not None and title.start >= 0:
        m = _YEAR_NEAR_QM.search(t, title.start, title.end)
        if m:
            return Found(int(m.group(1)), m.start(1), m.end(1), "year:title")
        # a title counting the campaign ("…第N个全国“质量月”…"): its ordinal beats years the body recalls
        if (found := _ordinal_year(t, title.start, title.end)) is not None:
            return found
    m = _YEAR_NEAR_QM.search(t)
    if m:
        return Found(int(m.group(1)), m.start(1), m.end(1), "year:near_质量月")
    m = _YEAR_QUOTED_QM.search(t)
    if m:
        return Found(int(m.group(1)), m.start(1), m.end(1), "year:near_质量月")
    if (found := _ordinal_year(t, 0, len(t))) is not None:
        return found
    if doc_type in ("notice", "news", "plan"):
        if dates is None:
            dates = find_dates(text)
        # a count of the campaign without 全国 ("第五个“质量月”"): the year it gives, if a date agrees
        loose = {config()["year"]["first_campaign"] + n - 1 for m in _ORDINAL_LOOSE.finditer(t)
                 if (n := cn_number(m.group(1))) and 2 <= n <= 100}
        for sent in re.finditer(r"[^。；;\n]+", t):
            if "质量月" not in sent.group(0):
                continue
            for d in dates:
                # (an earlier year only as the campaign's own month, or as the year the campaign's count
                # gives: a sentence recalling 1978 is history)
                if sent.start() <= d.start < sent.end() and d.year and (d.year >= 1997 or d.month == 9 or d.year in loose):
                    return Found(d.year, d.start, d.end, "year:dated_campaign_sentence")
    if title is not None and title.start >= 0:
        # one year the title states (a review looking back on its year, published after it)
        years = {m.group(1): m for m in _TITLE_YEAR.finditer(t, title.start, title.end)}
        if len(years) == 1:
            m = next(iter(years.values()))
            return Found(int(m.group(1)), m.start(1), m.end(1), "year:title_year")
    return None
