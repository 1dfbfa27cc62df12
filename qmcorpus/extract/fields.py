"""qmcorpus.extract.fields: title, document number, doc_type, theme, year and dates, each with evidence.

Every finder returns ``Found(value, start, end, rule)`` (offsets into the clean text) or None.
Values taken from page metadata that normalisation dropped carry start = end = -1.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import resources
from .dates import DateSpan, cn_number, find_dates, find_ranges
from .layout import Layout
from .structure import Line, config, to_ascii_digits


@dataclass(frozen=True)
class Found:
    value: object
    start: int
    end: int
    rule: str


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
DOCNUM = resources.pattern("patterns.toml", "extract.fields.doc_number")


def find_doc_number(lay: Layout, page_meta: dict) -> Found | None:
    """The document's own number: a line of its own near the top (maybe in parentheses).

    Numbers inside sentences are citations of other documents (按照《…》(X发〔YYYY〕N号)).
    """
    for ln in lay.lines[:10]:
        s = to_ascii_digits(ln.text)
        inner = s.strip("()（） ")
        m = DOCNUM.fullmatch(inner)
        if m:
            off = ln.start + s.index(inner)
            return Found(inner, off, off + len(inner), "doc_number:own_line")
    num = page_meta.get("doc_number")
    if num and DOCNUM.fullmatch(num.strip()):
        return Found(num.strip(), -1, -1, "doc_number:page_metadata")
    return None


# ── theme ────────────────────────────────────────────────────────────────────────────────────────
_THEME_PATTERNS = (
    # "主题为“…”", "主题是：“…”", "主题，是“…”": one construction, punctuation optional on either side
    ("theme:quoted_after_主题为", resources.pattern("patterns.toml", "extract.fields.theme_after_label")),
    ("theme:以…为主题", resources.pattern("patterns.toml", "extract.fields.theme_with_as")),
    ("theme:…为主题", resources.pattern("patterns.toml", "extract.fields.theme_before_label")),
    ("theme:围绕…主题", resources.pattern("patterns.toml", "extract.fields.theme_this")),
    ("theme:围绕…主题", resources.pattern("patterns.toml", "extract.fields.theme_around")),
    ("theme:“…”是…主题", resources.pattern("patterns.toml", "extract.fields.theme_is")),
    ("theme:主题——…", resources.pattern("patterns.toml", "extract.fields.theme_dash")),
    ("theme:unquoted_after_主题为", resources.pattern("patterns.toml", "extract.fields.theme_unquoted")),
    ("theme:“…”主题活动", resources.pattern("patterns.toml", "extract.fields.theme_activity")),
    ("theme:“…”质量月启动", resources.pattern("patterns.toml", "extract.fields.theme_launch")),
)


def _clean_theme(s: str) -> str:
    return s.strip().strip("“”\"「」『』").rstrip("。；;").strip()


def _theme_found(raw: str, raw_start: int, rule: str) -> Found:
    """The cleaned theme with the offsets of exactly that text inside the raw match."""
    value = _clean_theme(raw)
    at = raw.find(value)
    start = raw_start + max(at, 0)
    return Found(value, start, start + len(value), rule)


_EVENT_RULES = frozenset({"theme:“…”主题活动", "theme:以…为主题", "theme:…为主题"})


def _in_list_of_activities(text: str, start: int, end: int) -> bool:
    """The span sits in a sentence that lists several activities (clauses split by ；, or
    several themed events: "A开展以“…”为主题的…,B开展以“…”为主题的…")."""
    a = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    b = min([i for i in (text.find("。", end), text.find("\n", end)) if i >= 0] or [len(text)])
    sent = text[a:b]
    return any(c in sent for c in "；;") or sent.count("为主题") + sent.count("主题活动") >= 2


def find_theme(lay: Layout) -> Found | None:
    """The campaign theme (活动主题) as stated: a 主题 section's first line, or a quoted phrase."""
    text, lines = lay.text, lay.lines
    for sec in lay.sections:
        if sec.kind != "theme":
            continue
        head = lines[sec.heading].text
        m = resources.pattern("patterns.toml", "extract.fields.theme_heading_inline").search(head)
        if m:
            return _theme_found(m.group("t"), lines[sec.heading].start + m.start("t"), "theme:heading_inline")
        body_lines = [lines[i] for i in range(sec.first, sec.last + 1) if re.search(r"[\u4e00-\u9fff]", lines[i].text)]
        if body_lines:
            ln = body_lines[0]  # skip lines of dots a page put in place of cut text
            body = ln.text
            m = resources.pattern("patterns.toml", "extract.fields.theme_section_line").search(body)
            if m:
                return _theme_found(m.group("t"), ln.start + m.start("t"), "theme:section_主题为")
            if 4 <= len(body) <= 60 and not body.endswith("。"):
                return _theme_found(body, ln.start, "theme:section_line")
    for rule, pat in _THEME_PATTERNS:
        m = pat.search(text)
        if m and rule in _EVENT_RULES and _in_list_of_activities(text, m.start(), m.end()):
            continue  # one named event among several is not the campaign's theme
        if m:
            found = _theme_found(m.group("t"), m.start("t"), rule)
            if len(found.value) >= 4 and found.value != "质量月":
                return found
    return None


# ── doc_type ─────────────────────────────────────────────────────────────────────────────────────
def find_doc_type(lay: Layout, title: Found | None) -> Found:
    """notice / plan / news / other, from the title's genre word and the shape of the text."""
    text, lines, addressee = lay.text, lay.lines, lay.addressee
    cfg = config()["doc_type"]
    head_lines = lines[:4]
    for ln in head_lines:
        if len(ln.text) <= 80 and not ln.text.endswith("。") and re.search(cfg["other_title"], ln.text):
            return Found("other", ln.start, ln.end, "doc_type:other_title")
    title_like = [ln for ln in head_lines if len(ln.text) <= 80 and not re.search(r"[。]", ln.text)]
    for ln in title_like:
        if re.search(cfg["notice_title"], ln.text) and not re.search(cfg["news_text"], ln.text):
            return Found("notice", ln.start, ln.end, "doc_type:title_genre")
    if addressee is not None:
        ln = lines[addressee]
        return Found("notice", ln.start, ln.end, "doc_type:addressees")
    for ln in title_like:
        if re.search(cfg["plan_title"], ln.text):
            return Found("plan", ln.start, ln.end, "doc_type:title_plan")
    m = re.search(cfg["notice_text"], text)
    news = re.search(cfg["news_text"], text)
    if m and not news:
        return Found("notice", m.start(), m.end(), "doc_type:formal_phrase")
    if news:
        return Found("news", news.start(), news.end(), "doc_type:news_marker")
    first = lines[0] if lines else Line(0, 0, "")
    return Found("news", first.start, first.end, "doc_type:default_report")


# ── dates ────────────────────────────────────────────────────────────────────────────────────────
@functools.cache
def _pd_cfg() -> dict:
    cfg = config()["publish_date"]
    return {k: re.compile(v) for k, v in cfg.items() if isinstance(v, str)} | {"top_lines": cfg["top_lines"]}


def find_publish_date(lay: Layout, page_meta: dict, year: int | None) -> Found | None:
    """The signing or publication date, from the strongest source the text has.

    In order of trust: the signing date (落款); a date in parentheses under the title; a page
    date line near the top ("发布时间:YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss 来源…", "DD.MM.YYYY hh:mm",
    "日期:MM-DD" with the document's year); the page's stated date captured by normalisation; a
    news dateline ("新华社X地M月D日电", "X网Y地M月D日消息", year from the document).
    Patterns: data/extract.toml [publish_date].
    """
    cfg = _pd_cfg()
    lines = lay.lines
    _, sig = lay.signature
    candidates = []
    if sig is not None:
        candidates.append((sig, "publish_date:signature"))
    for ln_i, ln in enumerate(lines[:6]):
        t = ln.text
        m = resources.pattern("patterns.toml", "extract.fields.title_date").search(t)
        if m and (ln_i == 0 or len(t) <= 24):
            candidates.append((ln_i, "publish_date:title_date"))
    for i, rule in candidates:
        ln = lines[i]
        ds = [d for d in find_dates(ln.text) if d.year]
        if ds:
            d = ds[-1] if rule == "publish_date:title_date" else ds[0]
            return Found(d.iso(), ln.start + d.start, ln.start + d.end, rule)
    top = lines[: cfg["top_lines"]]
    for ln in top:
        t = to_ascii_digits(ln.text)
        if len(t) > 80:
            continue
        hit = _page_date(t, year, labelled=False)
        if hit:
            iso, a, b, suffix = hit
            return Found(iso, ln.start + a, ln.start + b, "publish_date:page_date_line" + suffix)
    # the page's date line dropped by normalisation as furniture: read by the same grammar
    posted = page_meta.get("posted")
    if posted:
        hit = _page_date(to_ascii_digits(posted), year, labelled=True)
        if hit:
            iso, _, _, suffix = hit
            return Found(iso, -1, -1, "publish_date:page_metadata" if not suffix
                         else "publish_date:year_from_text_page_metadata")
    if year:
        for ln in top:
            m = cfg["dateline"].match(to_ascii_digits(ln.text))
            if m:
                ds = find_dates(m.group("md"))
                if ds and ds[0].iso(year):
                    return Found(ds[0].iso(year), ln.start + m.start("md"), ln.start + m.end("md"), "publish_date:dateline")
    return None


def _page_date(t: str, year: int | None, *, labelled: bool) -> tuple[str, int, int, str] | None:
    """(iso, start, end, rule suffix) of the date a page date line states, or None.

    The shapes of data/extract.toml [publish_date]: a labelled line or a leading time stamp with
    a full date, "DD.MM.YYYY hh:mm", "日期:MM-DD" (year from the text). ``labelled`` says the
    text is already known to be the page's date value (captured page metadata), so no label is
    needed and a bare "MM-DD" takes the document's year.
    """
    cfg = _pd_cfg()
    if labelled or cfg["meta_line"].search(t) or cfg["stamp_line"].match(t):
        ds = [d for d in find_dates(t) if d.year and d.month and (d.day or labelled)]
        if ds:
            return ds[0].iso(), ds[0].start, ds[0].end, ""
    m = cfg["day_month_year"].search(t)
    if m and len(t) <= 30:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", m.start(), m.end(), ""
    m = cfg["month_day_line"].search(t) or (cfg["month_day_value"].match(t) if labelled else None)
    if m and year:
        mo, d = int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{year:04d}-{mo:02d}-{d:02d}", m.start("m"), m.end("d"), "_year_of_text"
    return None


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
        rng = find_ranges(chunk)
        if rng:
            a, b = rng[0]
            y = a.year or year
            return (Found(a.iso(y), lo + a.start, lo + a.end, "period:time_section"),
                    Found(b.iso(b.year or y), lo + b.start, lo + b.end, "period:time_section"))
    for sent in re.finditer(r"[^。；;\n]+", text[:PERIOD_WINDOW]):
        s = sent.group(0)
        if "月" not in s or ("质量月" not in s and "活动" not in s):
            continue
        rng = find_ranges(s)
        if rng:
            a, b = rng[0]
            y = a.year or year
            if a.iso(y) and b.iso(b.year or y):
                o = sent.start()
                return (Found(a.iso(y), o + a.start, o + a.end, "period:range_in_sentence"),
                        Found(b.iso(b.year or y), o + b.start, o + b.end, "period:range_in_sentence"))
        m = resources.pattern("patterns.toml", "extract.fields.period_start").search(to_ascii_digits(s))
        if m and ("开展" in s or "活动" in s) and year:
            ds = find_dates(m.group(1))  # empty for an impossible date (13月1日): ignored
            if ds:
                o = sent.start() + m.start(1)
                return Found(ds[0].iso(year), o, o + len(m.group(1)), "period:start_only"), None
    return None, None


# ── year ─────────────────────────────────────────────────────────────────────────────────────────
# "YYYY年全市“质量月”", "YYYY年X省(Y地区)质量月" — not a year that dates a month ("YYYY年M月…质量月")
_YEAR_NEAR_QM = resources.pattern("patterns.toml", "extract.fields.year_near_campaign")


# "YYYY‘质量月’活动": a year glued to the quoted campaign name
_YEAR_QUOTED_QM = resources.pattern("patterns.toml", "extract.fields.year_quoted_campaign")
# "今年9月是第N个“全国质量月”": the campaign's ordinal gives its year
_ORDINAL_QM = resources.pattern("patterns.toml", "extract.fields.campaign_ordinal")


def national_theme_years() -> dict[str, int]:
    """Comparable national theme → year, from data/national_themes.csv."""
    from ..values import comparable

    out = {}
    for row in resources.national_themes():
        if row.get("theme"):
            out[comparable("theme", row["theme"])] = int(row["year"])
    return out


def year_from_theme(theme: Found | None) -> Found | None:
    """The year whose national theme (data/national_themes.csv) the document's theme repeats.

    An inference, kept apart from ``year``: the gold convention leaves year null when the text
    does not state it.
    """
    if theme is None:
        return None
    from ..values import comparable

    y = national_theme_years().get(comparable("theme", theme.value))
    return Found(y, theme.start, theme.end, "year_from_theme:national_theme_table") if y else None


def find_year(text: str, title: Found | None, theme: Found | None, doc_type: str, dates: list[DateSpan]) -> Found | None:
    """The campaign year as the text states it: "YYYY年…质量月" (title first), a dated sentence
    about the campaign, else None."""
    t = to_ascii_digits(text)
    if title is not None and title.start >= 0:
        m = _YEAR_NEAR_QM.search(t, title.start, title.end)
        if m:
            return Found(int(m.group(1)), m.start(1), m.end(1), "year:title")
    m = _YEAR_NEAR_QM.search(t)
    if m:
        return Found(int(m.group(1)), m.start(1), m.end(1), "year:near_质量月")
    m = _YEAR_QUOTED_QM.search(t)
    if m:
        return Found(int(m.group(1)), m.start(1), m.end(1), "year:near_质量月")
    m = _ORDINAL_QM.search(t)
    if m:
        n = cn_number(m.group(1) or m.group(2))
        if n and 2 <= n <= 100:
            return Found(config()["year"]["first_campaign"] + n - 1, m.start(), m.end(), "year:ordinal_质量月")
    if doc_type in ("notice", "news", "plan"):
        for sent in re.finditer(r"[^。；;\n]+", t):
            if "质量月" not in sent.group(0):
                continue
            for d in dates:
                if sent.start() <= d.start < sent.end() and d.year and d.year >= 1997:
                    return Found(d.year, d.start, d.end, "year:dated_campaign_sentence")
    return None
