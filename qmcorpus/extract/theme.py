"""qmcorpus.extract.theme: the campaign theme (活动主题), decided by scored candidates.

Candidates: the first line of a 主题 section (or its heading "活动主题：…"), and every phrase a theme
construction states ("以“…”为主题", "主题为“…”", "围绕“…”这一主题", "“…”主题活动" …), in double or
single quotation marks. Each construction has a weight; cues of the sentence lower it: one themed
event among several, a phrase inside a cited document's title (《…》), a theme recalled from past
years, a slogan's label. The best candidate wins when it reaches the threshold. Constructions,
cues and weights: data/extract.toml [theme].
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .. import resources
from .layout import Layout
from .lookahead import any_start, first_chars, matches_at
from .structure import config

# quotation styles a theme is written in: (opening, closing, a character inside)
_STYLES = {
    "double": (r"[“\"「『]", r"[”\"」』]", r"[^”\"」』\n]"),
    "single": (r"[‘]", r"[’]", r"[^’‘”“\n]"),
}


class Candidate(NamedTuple):  # (a named tuple: made several times faster than a frozen dataclass)
    value: str
    start: int
    end: int
    rule: str
    weight: float


@functools.cache
def _cfg() -> dict:
    raw = config()["theme"]
    pats = []
    for rule, template in raw["patterns"]:
        for style, (q, qe, nq) in _STYLES.items():
            if style == "single" and "<Q>" not in template:
                continue  # an unquoted construction is matched once
            rx = template.replace("<Q>", q).replace("<QE>", qe).replace("<NQ>", nq)
            # a pattern every match of which holds the style's opening mark runs only where one occurs
            pats.append((rule, style, re.compile(rx), style if _needs_quote(template) else None))
    return {
        "patterns": pats,
        "together": _together(pats),
        "first": [_first_literals(pat) for _, _, pat, _ in pats],
        "quote": {style: re.compile(q) for style, (q, _, _) in _STYLES.items()},
        "quote_chars": {style: _first_literals(re.compile(q), 1) for style, (q, _, _) in _STYLES.items()},
        "w": dict(raw["weights"]),
        "event_rules": frozenset(raw["event_rules"]),
        "past": re.compile(raw["past_words"]),
        "slogan": re.compile(raw["slogan_words"]),
        "this_year": re.compile(raw["this_year_words"]),
        "other_campaign": re.compile(raw["other_campaign"]),
        "campaign_frame": re.compile(raw["campaign_frame"]),
        "campaign_themed": re.compile(raw["campaign_themed"]),
        "counted_themed": re.compile(raw["counted_themed"]),
    }


def _together(pats: list) -> list:
    """For each pattern, the scan it shares with the patterns that start with the same characters
    (and run on the same texts): a lookahead of them all (lookahead.any_start) finds, in one pass,
    the offsets where any of them matches; each is then matched only there. None: scanned alone."""
    groups: dict = {}
    for _, _, pat, needs in pats:
        first = first_chars(pat)
        if first is not None and len(first) > 1:  # (a pattern opening with a literal is found faster alone)
            groups.setdefault((first, needs), []).append(pat)
    shared = {key: (k, any_start(members)) for k, (key, members) in enumerate(groups.items()) if len(members) > 1}
    return [shared.get((first_chars(pat), needs)) for _, _, pat, needs in pats]  # (its number, the scan)


def _first_literals(pat: re.Pattern, least: int = 2) -> str | None:
    """The characters every match of ``pat`` starts with, when they are at least ``least`` single
    literal characters (a pattern opening with one literal is found by the engine's own fast
    search; one opening with a class is tried by it at every offset); else None."""
    first = first_chars(pat)
    if first is None or len(first) < least or any(len(c) != 1 for c in first):
        return None  # (an escaped character, a range, \d or \s: not a character to look for)
    return "".join(sorted(first))


def _offsets(text: str, chars: str) -> list[int]:
    """Every offset of ``text`` holding one of ``chars``, ascending: str.find jumps from one to the
    next (the regex engine tests a class at every character)."""
    out = []
    for c in chars:
        k = text.find(c)
        while k >= 0:
            out.append(k)
            k = text.find(c, k + 1)
    if len(chars) > 1:
        out.sort()
    return out


def _needs_quote(template: str) -> bool:
    """Whether every match of a template holds its opening quotation mark: ``<Q>`` stands at the
    top level of the template (outside any group), not quantified, and the template has no top-level
    alternative. Then a text without the mark holds no match, and the pattern need not run."""
    depth, i, mandatory = 0, 0, False
    while i < len(template):
        c = template[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class: skip to its closing bracket
            j = i + 1 + (template[i + 1:i + 2] == "^")
            j = template.index("]", j + 1 if template[j:j + 1] == "]" else j)
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        elif template.startswith("<Q>", i) and depth == 0 and template[i + 3:i + 4] not in ("?", "*", "{"):
            mandatory = True
        i += 1
    return mandatory


def _clean(s: str) -> str:
    s = s.strip().rstrip("。；;").strip()  # a quoted line may close with a full stop after the quote
    return s.strip("“”\"「」『』‘’").rstrip("。；;").strip()


def _candidate(raw: str, raw_start: int, rule: str, weight: float) -> Candidate:
    """The cleaned theme with the offsets of exactly that text inside the raw match."""
    value = _clean(raw)
    at = raw.find(value)
    start = raw_start + max(at, 0)
    return Candidate(value, start, start + len(value), rule, weight)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    b, c = text.find("。", end), text.find("\n", end)  # the first of them found, else the end
    if b < 0 or 0 <= c < b:
        b = c if c >= 0 else len(text)
    return a, b


# a line that is one quoted phrase, closed by a full stop ("“A B”。"): a phrase, not a sentence
_QUOTED_LINE = re.compile(r"^\s*[“\"「『][^“”\"「」『』\n]{2,40}[”\"」』]\s*[。.]?\s*$")


def _in_list_of_activities(sent: str) -> bool:
    """A sentence that lists several activities (clauses split by ；, or several themed events; the
    campaign itself called a themed activity by its name, data/extract.toml campaign_themed, is none of them,
    nor is a count announcing its list of activities, counted_themed)."""
    cfg = _cfg()
    themed = sent.count("主题活动") - len(cfg["campaign_themed"].findall(sent)) - len(cfg["counted_themed"].findall(sent))
    return "；" in sent or ";" in sent or sent.count("为主题") + themed >= 2


def _before_enumeration(text: str, b: int, end: int) -> int:
    """The end of a sentence's part up to a colon after ``end`` ("以“…”为主题，重点开展四项活动：一是…；
    二是…"): the list the colon opens follows the theme, it does not hold it."""
    return min([i for i in (text.find("：", end, b), text.find(":", end, b)) if i >= 0] or [b])


_QUOTED_HEAD = re.compile(r"^\s*[“\"「『][^“”\"「」『』\n]{2,40}[”\"」』]")


def _quoted_head(value: str) -> str:
    """A value opening with a quoted phrase that closes before the line goes on ("“A B”，同时…"):
    the phrase; else the value."""
    m = _QUOTED_HEAD.match(value)
    return m.group(0) if m and value[m.end():].strip(" 。；;") else value


def _slogan_line(s: str) -> bool:
    """A line of two or three parallel phrases closed by a full stop ("A，B。"): a theme written
    unquoted, not a sentence."""
    return resources.pattern("patterns.toml", "extract.fields.theme_slogan_line").match(s) is not None


LABELLED_MAX = 30  # characters of a theme its section's label line states, closed by a full stop


def _short_labelled(value: str) -> bool:
    """A labelled theme closed by a full stop ("活动主题：某某是某某的基础。"): one short
    statement without a clause break, or parallel phrases ("A，B。"); no sentence of clauses."""
    v = value.strip().rstrip("。").strip()
    if not 4 <= len(v) <= LABELLED_MAX or re.search(r"[。；;！？]", v):
        return False
    return not re.search(r"[，,：:]", v) or _slogan_line(v + "。")


def _section_candidates(lay: Layout) -> list[Candidate]:
    """The theme a 主题 section states: its heading "活动主题：…", "主题为…" or its first line."""
    lines, w = lay.lines, _cfg()["w"]
    out = []
    for sec in lay.sections:
        if sec.kind != "theme":
            continue
        head = lines[sec.heading].text
        m = resources.pattern("patterns.toml", "extract.fields.theme_heading_inline").search(head)
        if m:
            out.append(_candidate(m.group("t"), lines[sec.heading].start + m.start("t"), "theme:heading_inline", w["section"]))
            continue
        body = [lines[i] for i in range(sec.first, sec.last + 1) if re.search(r"[\u4e00-\u9fff]", lines[i].text)]
        label = resources.pattern("patterns.toml", "extract.fields.theme_label_line")
        after = next((k + 1 for k, ln in enumerate(body[:-1]) if label.match(ln.text)), None)
        if after is not None and 4 <= len(body[after].text) <= 60 and (
                not body[after].text.endswith("。") or _QUOTED_LINE.match(body[after].text)
                or _slogan_line(body[after].text)):
            # a label line ("活动主题：") whose theme is the line after it, wherever in the section
            ln = body[after]
            out.append(_candidate(ln.text, ln.start, "theme:section_after_label", w["section"]))
            continue
        if body and not label.match(body[0].text):
            ln = body[0]  # skip lines of dots a page put in place of cut text
            m = resources.pattern("patterns.toml", "extract.fields.theme_section_line").search(ln.text)
            inline = resources.pattern("patterns.toml", "extract.fields.theme_label_inline").match(ln.text)
            if inline and (not ln.text.endswith("。") or _short_labelled(inline.group("t"))):
                # the section's line labels its theme ("（二）主题和时间 ⏎ 活动主题：…"): the label is no part of it
                out.append(_candidate(inline.group("t"), ln.start + inline.start("t"), "theme:section_line",
                                      w["section"]))
            elif m:
                value = _quoted_head(m.group("t"))
                out.append(_candidate(value, ln.start + m.start("t"), "theme:section_主题为", w["section"]))
            elif 4 <= len(ln.text) <= 60 and (not ln.text.endswith("。") or _QUOTED_LINE.match(ln.text)
                                              or _slogan_line(ln.text)):
                out.append(_candidate(ln.text, ln.start, "theme:section_line", w["section"]))
    if not out and "主题" in lay.text:
        # no theme section: a line of its own labelling the theme ("活动主题：A，B")
        label = resources.pattern("patterns.toml", "extract.fields.theme_label_inline")
        for ln in lines:
            if (m := label.match(ln.text)) and not ln.text.endswith("。"):
                out.append(_candidate(m.group("t"), ln.start + m.start("t"), "theme:label_inline", w["section"]))
                break
    return out


_QUOTED_PHRASE = re.compile(r"[“\"「『](?P<t>[^“”\"「」『』\n]{4,40})[”\"」』]")


@functools.cache
def national_theme_years() -> dict[str | None, int]:
    """Comparable national theme → its year (data/national_themes.csv), read once (a theme of no
    comparable text is under None, as ``comparable`` gives)."""
    from ..values import comparable

    return {comparable("theme", row["theme"]): int(row["year"]) for row in resources.national_themes() if row.get("theme")}


def _national_candidates(text: str) -> list[tuple[Candidate, int, int]]:
    """Quoted phrases in the lead (the title or the first paragraph) that are the national theme of a year the text
    names (a report opening "“<that year's theme>。”9月2日，全省YYYY年“质量月”活动…"): the campaign's motto quoted without the
    word 主题 (further on, a goal the text closes on is no theme). (candidate, match start, end)."""
    from ..values import comparable

    themes, out = national_theme_years(), []
    w = _cfg()["w"]["theme:national_quoted"]
    lead_end = text.find("\n", text.find("\n") + 1)
    for m in _QUOTED_PHRASE.finditer(text, 0, len(text) if lead_end < 0 else lead_end):
        c = _candidate(m.group("t"), m.start("t"), "theme:national_quoted", w)
        year = themes.get(comparable("theme", c.value))
        if year is not None and str(year) in text:
            out.append((c, m.start(), m.end()))
    return out


def candidates(lay: Layout) -> list[Candidate]:
    """Every theme candidate of a document with its weight (cues of its sentence applied)."""
    cfg = _cfg()
    w, text = cfg["w"], lay.text
    out = _section_candidates(lay)
    # where the characters that open matches stand, found once a document for every pattern opening
    # with them (a match starts at one: the pattern is matched only there, see lookahead.matches_at)
    at: dict[str, list[int]] = {}

    def offsets(chars: str) -> list[int]:
        got = at.get(chars)
        if got is None:
            got = at[chars] = _offsets(text, chars)
        return got

    quoted = {style: (bool(offsets(chars)) if chars is not None else cfg["quote"][style].search(text) is not None)
              for style, chars in cfg["quote_chars"].items()}
    starts: dict = {}  # the offsets each shared scan finds in this text
    for (rule, style, pat, needs), together, first in zip(cfg["patterns"], cfg["together"], cfg["first"]):
        if needs is not None and not quoted[needs]:
            continue  # every match holds the style's opening quotation mark, which the text lacks
        if together is not None and together[0] not in starts:
            scan = together[1]
            starts[together[0]] = ([m.start() for m in scan.finditer(text)] if first is None else
                                   [k for k in offsets(first) if scan.match(text, k)])
        if together is not None:
            found = matches_at(pat, starts[together[0]], text)
        else:
            found = pat.finditer(text) if first is None else matches_at(pat, offsets(first), text)
        for m in found:
            c = _candidate(m.group("t"), m.start("t"), rule, w[rule] - (w["single_quotes"] if style == "single" else 0.0))
            if len(c.value) < 4 or c.value == "质量月":
                continue
            out.append(_weighed(c, m.start(), m.end(), text, rule))
    for c, ms, me in _national_candidates(text) if quoted["double"] else ():
        out.append(_weighed(c, ms, me, text, c.rule))
    return out


def _weighed(c: Candidate, ms: int, me: int, text: str, rule: str) -> Candidate:
    """A candidate (its construction matched at ``ms``–``me``) with the cues of its sentence added to its weight."""
    cfg = _cfg()
    w = cfg["w"]
    a, b = _sentence(text, ms, me)
    sent = text[a:b]
    head_end = _before_enumeration(text, b, me)
    if rule == "theme:以…为主题" and text[me:me + 1] in ("，", ",") and cfg["campaign_frame"].search(text, a, ms):
        # the campaign's frame ("“质量月”期间，X以“…”为主题，…"): the clauses after it are its activities
        head_end = min([i for i in (text.find("；", me, head_end), text.find(";", me, head_end))
                        if i >= 0] or [head_end])
    head = text[a:head_end]
    wt = c.weight - w["position"] * (ms / max(1, len(text)))
    if rule in cfg["event_rules"] and _in_list_of_activities(head):
        wt += w["list_of_activities"]  # one named event among several is not the campaign's theme
    if text.rfind("《", a, ms) > text.rfind("》", a, ms):
        wt += w["cited_title"]  # inside a cited document's title
    if cfg["past"].search(sent):
        wt += w["past"]
    if cfg["slogan"].search(text, a, ms):
        wt += w["slogan"]
    head_of = text[a:ms]
    if ("”" in head_of or '"' in head_of) and cfg["other_campaign"].search(head_of):
        wt += w["other_campaign"]  # the theme of another campaign the sentence names
    if cfg["this_year"].search(sent):
        wt += w["this_year"]
    return Candidate(c.value, c.start, c.end, rule, wt)


def find(lay: Layout) -> tuple[Candidate, float] | None:
    """The best theme candidate and its share of the evidence, or None below the threshold.

    Candidates with the same value add up (a theme stated twice is surer)."""
    w = _cfg()["w"]
    live = [c for c in candidates(lay) if c.weight > 0]
    if not live:
        return None
    by_value: dict[str, list[Candidate]] = {}
    for c in sorted(live, key=lambda c: -c.weight):
        by_value.setdefault(c.value, []).append(c)
    scores = {v: cs[0].weight + w["agreement"] * sum(c.weight for c in cs[1:]) for v, cs in by_value.items()}
    best = max(scores, key=lambda v: scores[v])
    if scores[best] < w["threshold"]:
        return None
    return by_value[best][0], round(scores[best] / sum(scores.values()), 3)
