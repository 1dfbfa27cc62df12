"""qmcorpus.extract.publish_date: the signing or publication date, decided by scored candidates.

Every place a page states a date that could be its own becomes a candidate with its evidence: where
it sits (signature block, title, page date line at the top, page metadata captured by normalisation,
news dateline, first sentence), what labels it (发布时间 … or an event's 会议时间/截止时间), its shape
(full date, time of day, no year) and whether its year agrees with the campaign's. Negative cues
(a range, a deadline, a planned event, a cited document, a time section, an event label) lower the
weight. Candidates naming the same day add up; the best group wins if it clears a threshold, and
its share of the evidence is the decision's margin. Weights and patterns: data/extract.toml
[publish_date].
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .bodies import is_body
from .dates import DateSpan, find_dates, find_ranges
from .layout import Layout
from .structure import config, date_reading, to_ascii_digits

# full-width separators of a date stamp ("２０２３－０９－０６"): same length, offsets stay valid
_SEPARATORS = str.maketrans({"－": "-", "／": "/", "．": ".", "：": ":"})


class Candidate(NamedTuple):  # (a named tuple: made several times faster than a frozen dataclass)
    iso: str
    start: int  # offsets into the clean text; -1 for page metadata
    end: int
    kind: str  # rule suffix: signature, title_date, page_date_line, page_metadata, dateline, …
    weight: float


@functools.cache
def _cfg() -> dict:
    raw = config()["publish_date"]
    out = {k: re.compile(v) for k, v in raw.items() if isinstance(v, str)}
    out["top_lines"] = raw["top_lines"]
    out["end_lines"] = raw["end_lines"]
    out["page_label_prefixes"] = tuple(sorted(raw["page_label_prefixes"], key=len, reverse=True))
    out["w"] = dict(raw["weights"])
    marks = raw["date_marks"]
    out["month"] = marks["month"]
    out["marks"] = (marks["month"], *marks["separators"])
    out["ends"] = frozenset(marks["ends"])
    # what a top line must hold for any candidate: a date mark (as written, or a full-width separator
    # that _plain makes one) or a parenthesis (a title date, a lead credit)
    wide = [k for k, v in _SEPARATORS.items() if v in out["marks"]]
    out["sought"] = re.compile("[" + "".join(re.escape(c) for c in (*out["marks"], *map(chr, wide), "(", "（")) + "]")
    return out


_SEPARATOR_PAIRS = tuple((chr(k), v) for k, v in _SEPARATORS.items())


def _plain(s: str) -> str:
    """``to_ascii_digits(s).translate(_SEPARATORS)``: each one-character replacement made by
    str.replace where the character occurs (translate looks up every character of the line)."""
    s = to_ascii_digits(s)
    for c, r in _SEPARATOR_PAIRS:
        if c in s:
            s = s.replace(c, r)
    return s


def _may_hold_date(t: str) -> bool:
    """Whether a line (ASCII digits and separators) may hold a date of any kind looked for here: its
    month mark or a separator ([publish_date] date_marks; a month-day and a day.month.year too)."""
    return any(c in t for c in _cfg()["marks"])


def _may_hold_paren(t: str) -> bool:
    """Whether a line holds an opening parenthesis (a title date's, a lead credit's)."""
    return "(" in t or "（" in t


def _may_hold_month(t: str) -> bool:
    """Whether a line holds the month mark every month-day "M月D日" holds (datelines, first sentences)."""
    return _cfg()["month"] in t


def _plain_top(s: str) -> str:
    """:func:`_plain` of a top line; a line without any character a candidate needs (a date mark, a
    separator that _plain makes one, a parenthesis) is returned as it is: made plain it would hold
    none either, and every use of it below is gated on them."""
    return _plain(s) if _cfg()["sought"].search(s) else s


def _ends_like_date(t: str) -> bool:
    """Whether the last non-space character of a line may end a date: a Chinese date's last mark
    ([publish_date] date_marks.ends) or a digit (a stamp's)."""
    last = t.rstrip()[-1:]
    return last in _cfg()["ends"] or last.isdecimal()


def _label_before(t: str, at: int) -> str | None:
    """The 时间/日期 label right before offset ``at`` of a line: "page" (发布时间, 日期, bare 时间),
    "event" (会议时间, 截止日期, 活动时间 …) or None when no such label precedes the date."""
    cfg = _cfg()
    m = cfg["date_label"].search(t[max(0, at - 16):at])
    if not m:
        return None
    if m.group("key") in ("发布于", "发表于"):
        return "page"
    head = t[max(0, at - 16):at][: m.start()]
    if not head or not re.match(r"[\u4e00-\u9fff]", head[-1]):
        return "page"  # a label standing alone: "时间:", "【日期："
    return "page" if head.endswith(cfg["page_label_prefixes"]) else "event"


def _year_adjust(y: int, year: int | None) -> float:
    """How a candidate's year agrees with the campaign year the text states."""
    w = _cfg()["w"]
    if not year:
        return 0.0
    if y == year:
        return w["year_agrees"]
    if y < year:
        return w["year_earlier"]  # an earlier year's date: history or a cited document
    return 0.0 if y == year + 1 else w["year_later"]  # years later: a repost


def _negatives(t: str, d: DateSpan, ranges: list[tuple[DateSpan, DateSpan]]) -> float:
    """Penalty of the cues that make a date some other thing's date (t: the line, d: the date)."""
    cfg, w = _cfg(), _cfg()["w"]
    pen = 0.0
    if d.deadline:
        pen += w["deadline"]
    if any(a.start == d.start or b.start == d.start for a, b in ranges):
        pen += w["range"]  # a period (9月1日至30日), never a single day's stamp
    if _label_before(t, d.start) == "event":
        pen += w["event_label"]
    before = t[max(0, d.start - 12):d.start]
    if cfg["planned_before"].search(before):
        pen += w["planned"]
    if cfg["cited_before"].search(before):
        pen += w["cited"]
    return pen


def _line_candidates(t: str, off: int, year: int | None, after_prose: bool) -> list[Candidate]:
    """Candidates of one line at the top of a page (t: the line with ASCII digits). An unlabelled
    stamp under a paragraph (``after_prose``) is more likely a caption or a timeline entry."""
    cfg, w = _cfg(), _cfg()["w"]
    unlabelled_pen = w["after_prose"] if after_prose else 0.0
    out: list[Candidate] = []
    if len(t) > 80 or not _may_hold_date(t):
        return out
    dates = find_dates(t)
    full = [d for d in dates if d.year and d.month and d.day]
    if full:  # (what only a full date is weighed with)
        ranges = find_ranges(t, dates)
        stamp = cfg["stamp_line"].match(t)
        weekday = cfg["weekday_line"].match(t)
    for d in full[:1]:
        label = _label_before(t, d.start)
        if label == "page" or cfg["meta_line"].search(t) and label is None:
            kind, base = "page_date_line", w["page_date_line"]
        elif weekday:
            kind, base = "page_date_line", w["page_date_line"] + unlabelled_pen
        elif stamp and d.start == stamp.start("d"):
            kind, base = "page_date_line", w["stamp_line"] + (w["time_of_day"] if stamp.group("time") else 0.0) + unlabelled_pen
        else:
            continue
        wt = base + _year_adjust(d.year, year) + _negatives(t, d, ranges)
        out.append(Candidate(d.iso(), off + d.start, off + d.end, kind, wt))
    m = cfg["day_month_year"].search(t)
    if m and len(t) <= 30:
        y, mo, dd = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= dd <= 31:
            out.append(Candidate(f"{y:04d}-{mo:02d}-{dd:02d}", off + m.start(), off + m.end(), "page_date_line",
                                 w["day_month_year"] + _year_adjust(y, year) + unlabelled_pen))
    m = cfg["month_day_line"].search(t)
    if m and year and not full:
        mo, dd = int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= dd <= 31 and _label_before(t, m.start("m")) == "page":
            out.append(Candidate(f"{year:04d}-{mo:02d}-{dd:02d}", off + m.start("m"), off + m.end("d"),
                                 "page_date_line_year_of_text", w["year_of_text"]))
    return out


def _posted_candidates(t: str, year: int | None) -> list[Candidate]:
    """Candidates of the page's date value captured by normalisation (its label is gone)."""
    cfg, w = _cfg(), _cfg()["w"]
    dates = find_dates(t)
    ds = [d for d in dates if d.year and d.month]
    if ds:
        d = ds[0]
        wt = w["page_metadata"] + _year_adjust(d.year, year) + _negatives(t, d, find_ranges(t, dates))
        return [Candidate(d.iso(), -1, -1, "page_metadata", wt)]
    if m := cfg["day_month_year"].search(t):
        y, mo, dd = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= dd <= 31:
            return [Candidate(f"{y:04d}-{mo:02d}-{dd:02d}", -1, -1, "page_metadata",
                              w["page_metadata"] + _year_adjust(y, year))]
    if year and (m := cfg["month_day_value"].match(t)):
        mo, dd = int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= dd <= 31:
            return [Candidate(f"{year:04d}-{mo:02d}-{dd:02d}", -1, -1, "year_from_text_page_metadata",
                              w["year_of_text"])]
    return []


def _bodies_then_date(ln) -> DateSpan | None:
    """The date closing a line that names only bodies before it ("某局 YYYY年M月D日"), else None."""
    if not _ends_like_date(ln.text):
        return None  # the line's last date must close it (ASCII digits change no character's kind)
    t = to_ascii_digits(ln.text)
    ds = [d for d in find_dates(t) if d.year and d.month]
    if not ds or ds[-1].end != len(t.rstrip()):
        return None
    names = t[:ds[-1].start].split()
    return ds[-1] if names and all(is_body(n) for n in names) else None


def _signed_line(lay: Layout) -> Candidate | None:
    """A signature written on one line near the end: the signing bodies, then the date
    ("某局 YYYY年M月D日"); a printing note ("…办公室 YYYY年M月D日印发") ends otherwise."""
    w = _cfg()["w"]
    for ln in reversed(lay.lines[-_cfg()["end_lines"]:]):
        if (d := _bodies_then_date(ln)) is not None:
            return Candidate(d.iso(), ln.start + d.start, ln.start + d.end, "signature", w["signature"])
    return None


HEADER_LINES = 3  # lines under a title where a bulletin prints its issuing body and its day


def _header_signed(lay: Layout) -> Candidate | None:
    """A bulletin's header under its title: the issuing body, then the day of the issue
    ("某某简报 第3期" ⏎ "某局办公室  YYYY年M月D日"): the issue's date, as a signature is a notice's."""
    for ln in lay.lines[1:1 + HEADER_LINES]:
        if (d := _bodies_then_date(ln)) is not None:
            return Candidate(d.iso(), ln.start + d.start, ln.start + d.end, "header_signed", _cfg()["w"]["header_signed"])
    return None


def _lead_credit(t: str, off: int, year: int | None) -> Candidate | None:
    """A credit in parentheses opening a line near the top, holding one full date and the writer
    ("（YYYY年M月D日  某处）为贯彻…", "（通讯员 某某 YYYY年M月D日）"): the story's own date, like a
    page date line. A range inside is a period, never the stamp."""
    cfg, w = _cfg(), _cfg()["w"]
    m = cfg["lead_credit"].match(t)
    if not m:
        return None
    inner = m.group("in")
    dates = find_dates(inner)
    full = [d for d in dates if d.year and d.month and d.day]
    if len(full) != 1:
        return None
    d = full[0]
    a = off + m.start("in") + d.start
    wt = w["lead_credit"] + _year_adjust(d.year, year) + _negatives(inner, d, find_ranges(inner, dates))
    return Candidate(d.iso(), a, a + (d.end - d.start), "lead_credit", wt)


def credit_end(t: str) -> int:
    """The end of the credit in parentheses opening ``t`` (0 when none)."""
    m = _cfg()["lead_credit"].match(t)
    return m.end() if m else 0


def _closes_cover(lay: Layout, i: int) -> bool:
    """Whether date line ``i`` closes a cover notice: the document its title transmits ("关于印发X的通知")
    begins on the next line (its title X), so the date is the cover's signing date, not a caption's."""
    if not lay.title or i + 1 >= len(lay.lines):
        return False
    title = "".join(lay.lines[k].text for k in lay.title)
    if not re.search(_cfg()["cover_title"], title):
        return False
    nxt = re.sub(r"[《》\s]", "", lay.lines[i + 1].text)
    return len(nxt) >= 6 and nxt in re.sub(r"[《》\s]", "", title)


def _in_time_section(lay: Layout, i: int) -> bool:
    return any(sec.kind == "time" and sec.heading < i <= max(sec.last, sec.heading + 1) for sec in lay.sections)


def candidates(lay: Layout, page_meta: dict, year: int | None) -> list[Candidate]:
    """Every publish-date candidate of a document, each with its weight."""
    cfg, w = _cfg(), _cfg()["w"]
    lines = lay.lines
    out: list[Candidate] = []
    bodies, sig = lay.signature
    if sig is not None:
        ln = lines[sig]
        ds = [d for d in find_dates(date_reading(ln.text)) if d.year]
        if ds:
            d = ds[0]
            if bodies or _closes_cover(lay, sig):
                wt = w["signature"]
            elif sig >= len(lines) - cfg["end_lines"] or sig >= 0.7 * len(lines) or (
                    sig + 1 < len(lines) and cfg["end_matter"].match(lines[sig + 1].text)):
                wt = w["date_line_end"]  # (at the end, or over the attachment and the 抄送 block)
            else:
                wt = w["date_line_middle"]  # a caption or a timeline entry inside the text
            if _in_time_section(lay, sig) and not bodies:
                # "二、活动时间 / 2023年9月": the period, not a signing date (a date under the signing
                # bodies closes the document, whatever section it follows)
                wt += w["time_section"]
            out.append(Candidate(d.iso(), ln.start + d.start, ln.start + d.end, "signature",
                                 wt + min(0.0, _year_adjust(d.year, year))))
    elif (signed := _signed_line(lay)) is not None:
        out.append(signed)
    if (head := _header_signed(lay)) is not None:
        out.append(head)
    for ln_i, ln in enumerate(lines[:6]):
        t = ln.text
        m = cfg["title_date"].search(t) if _may_hold_paren(t) else None  # a date in parentheses
        if m and (ln_i == 0 or len(t) <= 24):
            ds = [d for d in find_dates(t[m.start():]) if d.year]
            if ds:
                d = ds[-1]
                a = ln.start + m.start() + d.start
                out.append(Candidate(d.iso(), a, a + (d.end - d.start), "title_date", w["title_date"]))
    top = lines[: cfg["top_lines"]]
    plain = [_plain_top(ln.text) for ln in top]  # each top line's digits and separators made ASCII, once
    prose_upto = 0  # the top lines read for prose so far (none of them is)
    for k, (ln, t) in enumerate(zip(top, plain)):
        if len(t) <= 80 and _may_hold_date(t):
            # a line above is prose: each line is searched once, up to the first that is
            while prose_upto < k and not cfg["prose"].search(top[prose_upto].text):
                prose_upto += 1
            out += _line_candidates(t, ln.start, year, prose_upto < k)
    for ln, t in zip(top, plain):
        if _may_hold_paren(t) and (credit := _lead_credit(t, ln.start, year)) is not None:
            out.append(credit)
            break
    for ln in lines[-cfg["end_lines"]:]:
        # a repost's closing note naming the paper and the day it first printed the story ("（原载《某某日报》
        # YYYY年M月D日第2版）"): the original publication, which beats the portal's later copy date
        if (m := cfg["source_note"].match(ln.text)) and (ds := [d for d in find_dates(m.group("in")) if d.year and d.day]):
            d = ds[0]
            a = ln.start + m.start("in") + d.start
            out.append(Candidate(d.iso(), a, a + (d.end - d.start), "source_note",
                                 w["source_note"] + _year_adjust(d.year, year)))
            break
    for ln in lines[-cfg["end_lines"]:] if len(lines) > cfg["top_lines"] else ():
        # the same credit closing the story on a line of its own ("（通讯员 某某 一九九八年九月二十日）"):
        # its writer's date, which a repost years later keeps
        t = date_reading(ln.text).rstrip()
        if _may_hold_paren(t) and t[-1:] in ")）" and (credit := _lead_credit(t, ln.start, year)) is not None \
                and len(t) == credit_end(t):
            out.append(credit._replace(kind="closing_credit", weight=credit.weight - w["lead_credit"] + w["closing_credit"]))
            break
    posted, issue = page_meta.get("posted"), page_meta.get("issue")
    if issue:
        # a paper's issue date (its e-paper page header): the day it published the story, which beats
        # the dateline of a wire report it prints
        out += [c._replace(kind="issue_page_metadata", weight=c.weight - w["page_metadata"] + w["issue_date"])
                for c in _posted_candidates(_plain(issue), year)]
    if posted and posted != issue:
        out += _posted_candidates(_plain(posted), year)
    if year:
        for ln, t in zip(top, plain):
            if not _may_hold_month(t):
                continue  # each pattern below holds a month-day
            for kind, pat in (("dateline", cfg["dateline"]), ("byline_date", cfg["byline_date"]),
                              ("first_sentence", cfg["first_sentence"])):
                m = pat.match(t)
                ds = find_dates(m.group("md")) if m else []
                if ds and ds[0].month and ds[0].day:
                    d = ds[0]
                    a = ln.start + m.start("md")
                    if kind == "dateline" and m.group("end") == "讯":
                        kind = "dateline_report"
                    wt = w[kind] + (_year_adjust(d.year, year) if d.year else 0.0)
                    out.append(Candidate(d.iso(year), a, a + (d.end - d.start), kind, wt))
                    break
    return out


def decide(cands: list[Candidate]) -> tuple[Candidate, float] | None:
    """The best candidate and its share of the evidence (0–1), or None below the threshold.

    Candidates that name the same day (or the same month, one less precise) form a group: its score
    is its strongest candidate's weight plus a part of the others'. The group's value is that of its
    strongest candidate (a signing month beats a posting day, as the document's own date).
    """
    w = _cfg()["w"]
    live = [c for c in cands if c.weight > 0]
    if not live:
        return None
    live.sort(key=lambda c: -c.weight)
    groups: list[list[Candidate]] = []
    for c in live:
        for g in groups:
            if g[0].iso.startswith(c.iso) or c.iso.startswith(g[0].iso):
                g.append(c)
                break
        else:
            groups.append([c])
    scores = [g[0].weight + w["agreement"] * sum(c.weight for c in g[1:]) for g in groups]
    best = max(range(len(groups)), key=lambda i: scores[i])
    if scores[best] < w["threshold"]:
        return None
    share = scores[best] / sum(scores)
    return groups[best][0], round(share, 3)
