"""qmcorpus.normalize.furniture: drop page furniture from simplified text (str → str + Steps + metadata).

Navigation, page-metadata lines, widget labels, SEO spam, link bars, footers and the site header
before a page's title are removed, judged by each line's shape with the patterns of
``data/furniture.toml`` and by its context: at the top of a page (before the first paragraph) a
site menu above the title, a site name over furniture lines and counters between furniture lines
go; lines an earlier line repeats go (``repeats``); a closing credit line goes. The metadata that
is dropped (posted time, source, author …) is captured. Titles, headings, captions, bylines inside
paragraphs, signatures, contacts and the source's own typos are kept. A paragraph of prose is
never dropped whole for a pattern: a breadcrumb or footer glued to it is cut off, and any prose
line dropped all the same is reported whole (repair kind ``dropped_prose``).
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
import dataclasses
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterable, Iterator

from .. import resources
from ..literals import LiteralMatcher, WordsPresent, any_of, words_re
from .cuelines import EVERY_CHAR, CueLines, EveryChar, SharedScan, anchored, first_chars, lines_holding, needs
from .repeats import find_repeats

_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_SEPARATOR_LINE = re.compile(r"^[\s|｜•·\-—_=*#~>＞]+$")
# its characters other than spaces: what a stripped line it matches starts with
_SEPARATOR_CHARS = frozenset("|｜•·-—_=*#~>＞")
_DATE_IN = resources.pattern("patterns.toml", "normalize.furniture.date_in_line")
_BULLETS = " \t•·*-[]【】"
HEAD_LINES = 8  # non-empty lines at the top of a page where the site header lives
TITLE_BY = 4  # the metadata line under a page title comes within the first five non-empty lines
TITLE_MAX = 80  # longer than this, a line is a paragraph, not a title



@functools.cache
def meta_kinds() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, words a key of that kind holds) of data/furniture.toml [meta.kinds], in file order:
    the first kind whose word is in a metadata key names the key."""
    kinds = resources.furniture()["meta"].get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        raise resources.ResourceError(f"{resources.path('furniture.toml')}: missing table [meta.kinds]")
    return tuple((k, resources.word_list("furniture.toml", f"meta.kinds.{k}")) for k in kinds)


@dataclass(frozen=True)
class _Rules:
    nav: tuple[re.Pattern, ...]
    nav_any: tuple[re.Pattern | None, re.Pattern | None]  # (its anchored patterns, the others): see _split
    nav_cues: CueLines  # the lines of a page a nav pattern may match
    foot_head: re.Pattern | None  # the footer patterns anchored at a line's start, less their "^" (match)
    foot_rest: re.Pattern | None  # … the others (search)
    tail_head: re.Pattern | None  # the tail-block patterns anchored at a line's start (all of them) …
    tail_rest: re.Pattern | None  # … and the others
    # what a match of tail_head may start with (its characters, whether any decimal digit): a line
    # opening otherwise skips the match (most lines; the alternation is tried at the start of each)
    tail_first: frozenset[str] | EveryChar
    tail_digit: bool
    foot_cues: CueLines  # the lines of a page a footer or tail-block pattern not anchored may match
    inline_cues: CueLines  # … an inline pattern may match (a line without any has no inline widget)
    meta_head: re.Pattern  # post_line, dated_lines, credit_lines, date_only: a line matching none …
    meta_anywhere: re.Pattern  # post_line, dated_lines, credit_lines: metadata wherever it stands
    meta_cue: re.Pattern  # the cue texts of meta_head's patterns (cuelines.needs), one alternation
    meta_key: re.Pattern
    strong_keys: frozenset[str]
    colophon: re.Pattern  # the 抄送/印发 line of a formal document's 版记
    date_only: re.Pattern
    date_lead: re.Pattern
    meta_max: int
    post_line: re.Pattern
    post_cues: tuple[str, ...]  # texts one of which every post line holds (read off post_line)
    dated_lines: tuple[re.Pattern, ...]  # header lines holding the page's date (e-paper, repost)
    issue_lines: frozenset[str]  # … the patterns of those that are an e-paper's page header (its issue date)
    dated_any: re.Pattern  # … one of them, as one test
    dated_cue: re.Pattern  # the cue texts of the dated lines' patterns, one alternation
    credit_lines: tuple[re.Pattern, ...]  # a repost's source and credit lines (key, value groups)
    credit_line: re.Pattern
    surnames: frozenset[str]
    ui_words: frozenset[str]
    ui_patterns: re.Pattern
    ui_first: frozenset[str]  # what a match of a widget pattern or a counter may start with, …
    ui_first_digit: bool  # … or any decimal digit
    ui_heads: frozenset[str]  # the first two characters of each widget word (the word if shorter)
    ui_cues: re.Pattern  # the cue texts of the widget patterns whose first characters are not known
    ui_cue_texts: tuple[str, ...]  # … as texts
    spam_words: LiteralMatcher  # every vocabulary word, found by an automaton (a regex of hundreds
    # of words would try each of them at every position: many times slower on a line)
    spam_min: int
    spam_title_words: frozenset[str]  # vocabularies whose two words make a short line spam alone
    spam_title_max: int
    spam_share: float
    spam_avg: int
    spam_segments: int
    spam_contact: re.Pattern  # an advertiser's contact closing a line
    spam_contact_in: re.Pattern  # … anywhere in a short line
    spam_url: re.Pattern  # a web address
    spam_phone: re.Pattern  # a telephone number ("400-826-7788", "0931-8825416")
    ad_label: re.Pattern  # an ad's label opening a line ("广告｜", "【推荐】")
    ad_frame: re.Pattern  # a run of decorative symbols opening an ad's banner line ("▲▲▲")
    ad_ends: re.Pattern  # decorative symbols, one or more, at an end of an ad's line ("★…★")
    stuffed_segments: int
    stuffed_share: float
    file_name: re.Pattern  # a file's name before a download site's metadata keys
    footer: re.Pattern  # the patterns of a kind joined into one alternation: one scan per line
    card_id: re.Pattern  # a post's account card: the line of its id ("微信号：abc")
    card_name: re.Pattern  # … and its name on the line before (a name, no sentence)
    tail_block: re.Pattern
    link_sep: re.Pattern
    link_min: int
    link_max: int
    link_suffix: re.Pattern
    inline: tuple[re.Pattern, ...]
    # each inline pattern less its leading spaces, for a whole text, after the literal texts one of
    # which every match of it contains (() if none known): most pages skip the search
    inline_probe: tuple[tuple[tuple[str, ...], re.Pattern], ...]
    inline_needs: WordsPresent  # the probes' required texts present in a text, found in one pass
    site_banner: re.Pattern
    programme: re.Pattern  # a broadcaster's programme header ("某县广播电视台《某某新闻》播出文稿")
    programme_key: str  # the metadata key its station is kept under
    english_label: re.Pattern
    english_first: frozenset[str] | EveryChar  # what a line english_label matches starts with
    blurb_min: int
    account: re.Pattern  # an aggregator's account card in the head (name + follow button, counters, platform)
    # the cue lines of nav, footer, inline, spam-suffix and bracket-or-widget-cue, by one scan of a
    # page (None: a rule without cues, each set found by its own scan or every line)
    page_scan: SharedScan | None = None
    # the lines an anchored footer pattern (foot_head) may match: a line without one of their cue
    # texts skips that match, whose patterns open with long negated classes (a scan of the line)
    foot_head_cues: CueLines | None = None


def _by_first_char(alternatives: list[str], firsts: list[str]) -> str:
    """``"|".join(alternatives)`` with the alternatives sharing a first character (``firsts``: the
    literal character each starts with) grouped under it, in their order: at a position only
    the ones starting with its character can match, so the same one wins, and the regex engine
    enters one group instead of trying every alternative (a key alternation searched on a line)."""
    groups: dict[str, list[str]] = {}
    for alt, c in zip(alternatives, firsts):
        escaped = re.escape(c)
        assert alt.startswith(escaped)
        groups.setdefault(c, []).append(alt[len(escaped):])
    return "|".join(re.escape(c) + ("(?:" + "|".join(rests) + ")" if rests != [""] else "")
                    for c, rests in groups.items())


def _probe(pattern: re.Pattern) -> tuple[tuple[str, ...], re.Pattern]:
    return needs(pattern), pattern


def _split(patterns: list[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(one regex of the patterns anchored at the start, less their "^", one of the others):
    ``any(re.search(p, s) for p in patterns)`` is ``head.match(s) or rest.search(s)``. An anchored
    pattern (no multi-line flag) can match only at the start: one ``match`` there instead of a
    search trying every position of a long line, one call instead of one per pattern."""
    head = [p[1:] for p in patterns if anchored(p)]
    rest = [p for p in patterns if not anchored(p)]
    return (_any_match(head) if head else None), (_any_match(rest) if rest else None)


def _cue_of(patterns: list[str]) -> re.Pattern:
    """One regex finding a cue text of any of ``patterns`` (one matching anywhere when a pattern
    has none known: a line is never wrongly found to hold none)."""
    texts = [needs(re.compile(p)) for p in patterns]
    return words_re(w for t in texts for w in t) if all(texts) else re.compile("")


def _dated(d: dict) -> list[str]:
    """The patterns of the header lines that carry the page's date: an e-paper's page headers
    ([meta] issue_lines) first, then the others ([meta] dated_lines)."""
    return [*d["meta"]["issue_lines"], *d["meta"]["dated_lines"]]


def _any_match(patterns: list[str]) -> re.Pattern:
    """One regex matching at the start where one of ``patterns`` does (``match``; named groups of
    the same name in several patterns become plain groups: only whether one matches counts)."""
    return any_of(tuple(re.sub(r"\(\?P<\w+>", "(?:", p) for p in patterns))


@functools.cache
def rules() -> _Rules:
    """Compiled furniture rules from ``data/furniture.toml``."""
    r = _rules()
    nav, foot, inline = r.nav_cues.texts, r.foot_cues.texts, r.inline_cues.texts
    if nav is None or foot is None or inline is None:
        return r  # a rule without cue texts: each set is found by its own scan (or is every line)
    parts: dict[str, Iterable[str]] = {"nav": nav, "foot": foot, "inline": inline, "suffix": _SUFFIX_SEPARATOR_CHARS,
                                       "ui": (*_BRACKET_CHARS, *r.ui_cue_texts)}
    if r.foot_head_cues is not None and r.foot_head_cues.texts is not None:
        parts["foot_head"] = r.foot_head_cues.texts  # (else every line is matched, as before)
    if r.post_cues:
        parts["post"] = r.post_cues  # the lines holding a forum post line's cue (any: a thread to mark)
    return dataclasses.replace(r, page_scan=SharedScan(parts))


def _rules() -> _Rules:
    d = resources.furniture()
    keys = sorted(d["meta"]["keys"], key=len, reverse=True)
    key_alt = _by_first_char([r"\s*".join(map(re.escape, k)) for k in keys], [k[0] for k in keys])
    comp = lambda pats: tuple(re.compile(p) for p in pats)  # noqa: E731
    foot_head, foot_rest = _split(d["footer"]["patterns"])
    tail_head, tail_rest = _split(d["tail_block"]["patterns"])
    tail_first, tail_digit = _opening(tail_head)
    return _Rules(
        nav=comp(d["nav"]["patterns"]),
        nav_any=_split(d["nav"]["patterns"]),
        nav_cues=CueLines(comp(d["nav"]["patterns"])),
        foot_head=foot_head,
        foot_rest=foot_rest,
        tail_head=tail_head,
        tail_rest=tail_rest,
        tail_first=tail_first,
        tail_digit=tail_digit,
        # (the anchored ones are one match at a line's start: no scan of the page needed for them)
        foot_cues=CueLines(comp([p for p in d["footer"]["patterns"] + d["tail_block"]["patterns"]
                                 if not anchored(p)])),
        foot_head_cues=CueLines(comp([p for p in d["footer"]["patterns"] if anchored(p)])),
        meta_head=_any_match([d["meta"]["post_line"], *_dated(d), *d["meta"]["credit_lines"],
                              d["meta"]["date_only"]]),
        meta_anywhere=_any_match([d["meta"]["post_line"], *_dated(d), *d["meta"]["credit_lines"]]),
        meta_cue=_cue_of([d["meta"]["post_line"], *_dated(d), *d["meta"]["credit_lines"],
                          d["meta"]["date_only"]]),
        meta_key=re.compile(rf"(?P<key>{key_alt})\s*[:：]"),
        strong_keys=frozenset(d["meta"]["strong_keys"]),
        colophon=re.compile(d["meta"]["colophon"]),
        date_only=re.compile(d["meta"]["date_only"]),
        date_lead=re.compile(d["meta"]["date_lead"]),
        meta_max=int(d["meta"]["max_len"]),
        post_line=re.compile(d["meta"]["post_line"]),
        post_cues=needs(re.compile(d["meta"]["post_line"])),
        dated_lines=tuple(re.compile(x) for x in _dated(d)),
        issue_lines=frozenset(_dated(d)[: len(d["meta"]["issue_lines"])]),
        dated_any=_any_match(_dated(d)),
        dated_cue=_cue_of(_dated(d)),
        credit_lines=tuple(re.compile(x) for x in d["meta"]["credit_lines"]),
        credit_line=re.compile(d["meta"]["credit_line"]),
        surnames=frozenset(d["meta"]["surnames"]),
        ui_words=frozenset(d["ui"]["words"]),
        # (read with match: a "^" of a pattern is no test there; without it each alternative starts
        # with its first character, which the regex engine checks before entering it)
        ui_patterns=any_of(tuple(p[1:] if anchored(p) else p for p in d["ui"].get("patterns", []))),
        **_ui_first(d["ui"]["words"], d["ui"].get("patterns", [])),
        spam_words=LiteralMatcher(tuple(w for words in d["spam"]["vocabulary"].values() for w in words)),
        spam_min=int(d["spam"]["shape"]["min_cues"]),
        spam_title_words=frozenset(w for v in d["spam"]["shape"]["title_vocabularies"]
                                   for w in d["spam"]["vocabulary"][v]),
        spam_title_max=int(d["spam"]["shape"]["title_max"]),
        spam_share=float(d["spam"]["shape"]["min_share"]),
        spam_avg=int(d["spam"]["shape"]["max_avg_segment"]),
        spam_segments=int(d["spam"]["shape"]["min_segments"]),
        spam_contact=re.compile(d["spam"]["shape"]["contact_end"]),
        spam_contact_in=re.compile(d["spam"]["shape"]["contact"]),
        spam_url=re.compile(d["spam"]["shape"]["url"]),
        spam_phone=re.compile(d["spam"]["shape"]["phone"]),
        ad_label=re.compile(d["spam"]["shape"]["ad_label"]),
        ad_frame=re.compile(d["spam"]["shape"]["ad_frame"]),
        ad_ends=re.compile(d["spam"]["shape"]["ad_ends"]),
        stuffed_segments=int(d["spam"]["shape"]["stuffed_segments"]),
        stuffed_share=float(d["spam"]["shape"]["stuffed_share"]),
        file_name=re.compile(d["meta"]["file_name"]),
        footer=any_of(tuple(d["footer"]["patterns"])),
        card_id=re.compile(d["footer"]["card_id"]),
        card_name=re.compile(d["footer"]["card_name"]),
        tail_block=any_of(tuple(d["tail_block"]["patterns"])),
        link_sep=re.compile(d["link_list"]["separators"]),
        link_min=int(d["link_list"]["min_segments"]),
        link_max=int(d["link_list"]["max_segment"]),
        link_suffix=re.compile(d["link_list"]["name_suffix"]),
        inline=comp(d["inline"]["patterns"]),
        # a pattern matching in a line also matches, less a leading \s* or \s+, in the whole
        # text read line-wise (re.M): a cheap test that most pages need no inline pass at all
        inline_probe=(probes := tuple(_probe(re.compile(re.sub(r"^\\s[*+]", "", p), re.M)) for p in d["inline"]["patterns"])),
        # the cue texts of the patterns (a line) and of their probes (the text): none in a page, no
        # probe matches; and the probes' required texts: one in the page stands in a marked line
        inline_needs=WordsPresent(w for needs, _ in probes for w in needs),
        inline_cues=CueLines(comp(d["inline"]["patterns"]) + tuple(p for _, p in probes),
                             texts=[w for needs, _ in probes for w in needs]),
        site_banner=re.compile(d["header"]["site_banner"]),
        programme=re.compile(d["header"]["programme"]),
        programme_key=d["header"]["programme_key"],
        english_label=re.compile(d["header"]["english_label"]),
        english_first=_first_or_any(d["header"]["english_label"]),
        blurb_min=int(d["header"]["blurb_min"]),
        account=_any_match([*d["account"]["patterns"],
                            "^(" + "|".join(map(re.escape, d["account"]["platforms"])) + ")$"]),
    )


def _ui_first(words: list[str], patterns: list[str]) -> dict:
    """What is_ui_line's gate reads: the characters a match of a widget pattern or a counter may
    start with, the cue texts of the patterns whose first characters are not known (a match of
    one holds one of its cues: "如有" of "^[^。]{0,30}如有…指正$"), and the first two characters of
    each widget word. A pattern with neither known leaves the gate always open."""
    heads = frozenset(w[:2] for w in words if w)
    chars: set[str] = set()
    cues: set[str] = set()
    digit = False
    for p in [*patterns, _COUNTER.pattern]:
        first = first_chars(re.compile(p))
        if first is None:
            if not (texts := needs(re.compile(p))):
                return {"ui_first": EVERY_CHAR, "ui_first_digit": True, "ui_heads": heads, "ui_cues": words_re(()),
                        "ui_cue_texts": ()}
            cues.update(texts)
            continue
        chars |= first[0]
        digit = digit or first[1]
    return {"ui_first": frozenset(chars), "ui_first_digit": digit, "ui_heads": heads, "ui_cues": words_re(cues),
            "ui_cue_texts": tuple(sorted(cues))}


def _opening(pattern: re.Pattern | None) -> tuple[frozenset[str] | EveryChar, bool]:
    """(the characters a match of ``pattern`` may start with, whether any decimal digit too):
    every character when not known (none for no pattern)."""
    if pattern is None:
        return frozenset(), False
    first = first_chars(pattern)
    return (EVERY_CHAR, True) if first is None else first


def _opens_tail(s: str, r: _Rules) -> bool:
    """Whether ``s`` starts as a match of ``tail_head`` may (else ``tail_head.match(s)`` is None)."""
    c = s[:1]
    return c in r.tail_first or (r.tail_digit and c.isdecimal())


def _first_or_any(pattern: str) -> frozenset[str] | EveryChar:
    """The characters a match of ``pattern`` may start with (a decimal digit among them: every
    character, as when they are not known)."""
    first = first_chars(re.compile(pattern))
    return first[0] if first is not None and not first[1] else EVERY_CHAR




def parse_meta(line: str) -> list[tuple[str, str]] | None:
    """(key, value) pairs if ``line`` is a page-metadata line, else None.

    >>> parse_meta("时间:2016-09-02 15:41 来源:质量科 点击:0")
    [('时间', '2016-09-02 15:41'), ('来源', '质量科'), ('点击', '0')]
    """
    r = rules()
    s = line.strip().strip(_BULLETS).strip()
    if not s or len(s) > r.meta_max or "。" in s:
        return None
    # (a line matching one holds one of their cue texts: most lines need no match at all)
    if r.meta_cue.search(s) and r.meta_head.match(s):  # else none of the four kinds below: one test, not seven
        if post := _post_line(s):
            return [("发表时间", post.group("date"))]
        for p in r.dated_lines:
            if dated := p.match(s):
                date = dated.group("date")
                # an e-paper's header: the page's date is the day of the paper's issue, its publication
                return [("发表时间", date), ("出版日期", date)] if p.pattern in r.issue_lines else [("发表时间", date)]
        for p in r.credit_lines:
            if credit := p.match(s):
                return [(credit.group("key"), credit.group("value"))]
        if r.date_only.match(s):
            return [("日期", s)]
    if line.lstrip()[:1] in "【[" and s.count("】") + s.count("]") >= 2:
        # a database's keys in brackets ("【发布部门】某局 【发布日期】…"): read as keys with colons
        s = _BRACKETED_KEY.sub(_colon_key, s)
    if ":" not in s and "：" not in s:
        return None  # every metadata key ends in a colon: no key (the search below finds none)
    keys = list(r.meta_key.finditer(s))
    if not keys:
        return None
    prefix = s[: keys[0].start()].strip()
    pairs: list[tuple[str, str]] = []
    if prefix:
        # "2008年09月20日 00:00 信息来源:…" or "中央政府门户网站 www.gov.cn 2007年08月23日 来源:…"
        if _SENTENCE_PUNCT.search(prefix):
            return None
        if (r.site_banner.match(prefix) or _SITE_OWNER.search(prefix)) and (
                len(keys) >= 2 or _strong_key(keys[0])):
            # "某某网  时间:… 点击:…", "某县人民政府  时间:… 来源:…": the site's name, then its metadata keys;
            # "某某网 热门关键词：…": the site's name, then one key only a page's furniture has
            pass
        elif is_ui_line(prefix):
            pass  # "【纠错】 责任编辑:…": widgets, then metadata keys
        elif r.file_name.search(prefix) and len(keys) >= 2:
            pass  # "某方案.docx  上传者:…  页数:…": a download site's item, then its keys
        elif len(prefix) <= SECTION_LABEL_MAX and len(keys) >= 2 and _CJK_ONLY.fullmatch(prefix):
            pass  # "内地资讯 发布日期:… 阅读次数:…": the page's column, then its metadata keys
        elif _WIRE_TAG.fullmatch(prefix):
            pass  # "【某某网讯】转载自：… 发布时间：…": a portal's dateline tag, then its metadata keys
        elif len(prefix) > 40 or not (date := _DATE_IN.search(prefix)):
            return None
        else:
            pairs.append(("日期", date.group(0)))
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(s)
        value = s[m.end() : end].strip()
        if len(value) > 80:
            return None
        key = "".join(m.group("key").split())  # the key less its spaces (\s: str.isspace)
        if _kind_of_key(key) not in ("posted", "entered", "doc_number") and (stamp := _VALUE_STAMP.search(value)):
            # "来源:某某网 2016-09-02 09:31:44": the page's date printed unlabelled after another key's
            # value is the page's date, not part of that value
            pairs.append((key, (value[: stamp.start()] + value[stamp.end():]).strip()))
            pairs.append(("日期", stamp.group("date")))
        else:
            pairs.append((key, value))
    if len(pairs) == 1 and _EVENT_SPAN.search(pairs[0][1]):
        return None  # "时间：9月20日至22日": when the document's event takes place, not page metadata
    if len(pairs) == 1 and pairs[0][0] in _SPEAKER_KEYS and _SPEAKER_VALUE.search(pairs[0][1]):
        return None  # "发布人：某局局长 某某": a transcript's speaker, not the page's clerk
    return pairs


# a date stamp standing as a word of its own inside a metadata value (after or before its other words)
_VALUE_STAMP = resources.pattern("patterns.toml", "normalize.furniture.value_stamp")
_SPEAKER_KEYS = frozenset(resources.word_list("furniture.toml", "meta.speaker_keys"))
_SPEAKER_VALUE = resources.pattern("furniture.toml", "meta.speaker_value")
_BRACKETED_KEY = re.compile(r"(?:^|[【\[])([\u4e00-\u9fff]{2,6})[】\]]\s*")  # (the line's first bracket is stripped)


def _colon_key(m: re.Match) -> str:
    """A bracketed key written with a colon ("【发布日期】" → "发布日期："), and a word in brackets as it is."""
    return m.group(1) + "：" if rules().meta_key.fullmatch(m.group(1) + "：") else m.group(0)


_EVENT_SPAN = resources.pattern("patterns.toml", "normalize.furniture.event_span")


# a line printed letter by letter: five or more single characters, each after a space (a comma may
# stand glued to one)
_LETTER_SPACED = re.compile(r"(?:[，,。]?\S[，,。]?\s+){5,}[，,。]?\S[，,。]?")
# a portal's dateline tag in brackets before a repost's metadata keys ("【某某网讯】")
_WIRE_TAG = resources.pattern("furniture.toml", "meta.wire_tag")
SECTION_LABEL_MAX = 6  # characters of a column's name printed before a page's metadata keys
# the name of a site's owner, printed before the page's metadata keys ("某县人民政府  时间:… 来源:…")
_SITE_OWNER = resources.pattern("furniture.toml", "meta.site_owner")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _page_key(pairs: list[tuple[str, str]]) -> bool:
    """Keys that only a page's metadata has (its source, author, editor, views): in a long head before the
    first paragraph such a line is the page's ("来源：某县广播电视台" under a post's header), where a time key
    may be an event's ("时间：某日上午10:00" of a press conference)."""
    return all(_kind_of_key(k) in _PAGE_KINDS for k, _ in pairs)


_PAGE_KINDS = frozenset(("source", "author", "editor", "views"))


def _strong_key(m: re.Match) -> bool:
    """Whether a metadata key found in a line is one that only labels a page's furniture."""
    return "".join(m.group("key").split()) in rules().strong_keys


def _is_strong_meta(pairs: list[tuple[str, str]]) -> bool:
    keyed = [k for k, _ in pairs if k != "日期"]
    return len(pairs) >= 2 or any(k in rules().strong_keys for k in keyed)


# (a blog's counters are separated by dashed bars: "阅读(12)┆ 评论 (3)┆ 收藏(1)", "阅读(218)┊ 评论 (0)")
_TOKEN_SEP = re.compile(r"[\s|｜•·┆┊¦]+")
_TOKEN = re.compile(r"[^\s|｜•·┆┊¦]+")  # what _TOKEN_SEP separates
_TOKEN_SEP_CHARS = frozenset("|｜•·┆┊¦")  # _TOKEN_SEP's characters other than spaces
# widget labels printed in brackets and glued together ("【打印本页】【关闭窗口】")
_BRACKETED = re.compile(r"[【\[]([^【】\[\]]{1,12})[】\]]")  # "【字号 大 中 小】": words inside
_UNPAIRED = re.compile(r"[【】\[\]]")
_BRACKET_CHARS = "【】[]"  # _UNPAIRED's characters: a line without any has nothing to unbracket


def _unbracket(m: re.Match) -> str:
    # "【打印】" stays a token of its own when it is a widget word itself, else its word is read
    return f" {m.group(0) if m.group(0) in rules().ui_words else m.group(1)} "
_COUNTER = re.compile(r"^[\d:：\-/.()（）]+$")
_SPAM_SEP = re.compile(r"[,，、\s_|｜]+")  # keyword runs are joined by commas, spaces, _ or |
_SPAM_SEGMENT = re.compile(r"[^,，、\s_|｜]+")  # what _SPAM_SEP separates


def is_ui_line(s: str) -> bool:
    """A line made only of widget words ("返回", "只看楼主 收藏 回复", "举报 | 1楼 回复"); counters
    and times among them count as neither ("查看: 120|回复: 3"), a bare number is no widget.

    >>> is_ui_line("查看: 120|回复: 3"), is_ui_line("2")
    (True, False)
    """
    r = rules()
    if "【" in s or "[" in s or "】" in s or "]" in s:  # else there is nothing to unbracket
        # brackets left unpaired (a line cut at "【", "打印】【关闭") separate words like spaces
        s = _UNPAIRED.sub(" ", _BRACKETED.sub(_unbracket, s))
    elif _ui_start_closed(s, r) and not r.ui_cues.search(s):
        # (most lines stop here, before any regex)
        return False
    return _ui_tokens(s, r)


def _ui_start_closed(s: str, r: _Rules) -> bool:
    """The first token of ``s`` (from s[0]) starts as no widget word does (its first two
    characters, or itself if one character long) and with no character a widget pattern's match
    or a counter starts with: unless ``s`` holds a cue of a pattern starting anyhow (``ui_cues``)
    or a bracket, ``s`` is no widget line."""
    return bool(s) and (c := s[0]) not in r.ui_first and not c.isspace() and c not in _TOKEN_SEP_CHARS \
        and not (r.ui_first_digit and c.isdecimal()) \
        and (c if len(s) == 1 or s[1].isspace() or s[1] in _TOKEN_SEP_CHARS else s[:2]) not in r.ui_heads


def _ui_tokens(s: str, r: _Rules) -> bool:
    """Every token of ``s`` (no brackets left) a widget word, a widget pattern's match or a counter,
    and one at least no counter."""
    any_token = False
    # the tokens _TOKEN_SEP.split gives, less the empty ones, one at a time: most lines stop at
    # their first token, before the rest of the line is split
    for m in _TOKEN.finditer(s):
        t = m.group(0)
        if _COUNTER.match(t):
            continue
        if t not in r.ui_words and not r.ui_patterns.match(t):
            return False  # most lines stop at their first token
        any_token = True
    return any_token


def is_spam_line(s: str) -> bool:
    """An SEO spam line: a run of short keyword segments (no sentences), several of them holding
    adult, gambling, lottery or pharmacy vocabulary (``[spam.vocabulary]``).

    >>> is_spam_line("国产精品一区二区,日韩无码,久久综合网,欧美性爱")
    True
    >>> is_spam_line("严厉打击赌场、博彩等违法犯罪活动,开展专项整治。")
    False
    """
    if "。" in s:
        return False
    r = rules()
    if len(s) <= AD_LINE_MAX and r.ad_label.match(s):
        return True  # a short line under an ad's label ("广告｜某某楼盘 详询电话")
    segs = _SPAM_SEGMENT.findall(s)  # the pieces _SPAM_SEP.split gives, less the empty ones
    cues = _cues_in(s, r)  # (found once: every test but the keyword stuffing asks for some)
    if not cues and r.spam_min > 0:
        # no vocabulary word (most lines): each test below holding a seller's cue fails, and the
        # keyword stuffing is left; the same answer, without their regexes
        return _keyword_run(segs, r) and _stuffed(segs, r)
    if len(s) <= AD_LINE_MAX and _framed(s, r) and cues:
        return True  # an ad's banner framed on both ends holding a seller's cue ("▲▲ 某某认证，全国包通过 ▲▲")
    # (a phone number holds a dash: a line without one skips the search)
    if len(s) <= AD_LINE_MAX and ("-" in s or "－" in s) and r.spam_phone.search(s) \
            and len(cues) >= r.spam_min:
        return True  # a short ad: two sellers' cues and a phone number ("采购热线：400-… 扫码领取…")
    if len(s) <= AD_LINE_MAX and (r.spam_url.search(s) or r.spam_contact_in.search(s)) \
            and not _SENTENCE_PUNCT.search(s) and cues:
        return True  # a short ad: a seller's cue and a web address or a contact ("某某范文下载 www.…", "代开… 联系QQ …")
    if len(segs) <= 2 and len(s) <= r.spam_title_max \
            and len(cues & r.spam_title_words) >= r.spam_min:
        return True  # a download site's item title ("某某方案范文大全下载"), an ad's link of two keywords
    if not _keyword_run(segs, r):
        return False
    if _stuffed(segs, r):
        return True
    if cues and (r.spam_contact.search(s) or r.spam_url.search(s)):
        return True  # a keyword run holding a cue and an advertiser's contact or web address is an ad
    if len(cues) < r.spam_min:
        return False
    # distinct cues suffice for a short run; a long run needs cues spread over its segments
    hit_segs = sum(1 for x in segs if r.spam_words.find(x))
    return len(segs) <= 6 or hit_segs >= r.spam_share * len(segs) or len(cues) >= 2 * r.spam_min


AD_LINE_MAX = 60  # characters: an ad's line with a phone number and no keyword run


def _keyword_run(segs: list[str], r: _Rules) -> bool:
    """Segments shaped like a keyword run: enough of them, short on average."""
    return len(segs) >= r.spam_segments and sum(map(len, segs)) / len(segs) <= r.spam_avg


def _framed(s: str, r: _Rules) -> bool:
    """The line opens and closes with decorative symbols ("★★★ … ★★★", "★ … ★")."""
    return bool(r.ad_ends.match(s)) and bool(r.ad_ends.match(s[::-1]))


def _cues_in(s: str, r: _Rules) -> set[str]:
    """The vocabulary words in ``s``: those a longest-first alternation of them finds (the automaton
    finds the same leftmost-longest words)."""
    return {w for _, _, w in r.spam_words.find(s)}


def _drop_ad_frames(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """The other lines of an ad block, next to an ad line and holding no sentence: its banner,
    opening with decorative symbols ("▲▲▲ 某某阀门 · 专注球阀二十年"), or a short line of its own
    sellers' words ("点击领取→某某证书速成班，限时5折！": two vocabulary cues, however punctuated)."""
    if "spam" not in kind.values():
        return  # no ad line on the page: no banner to look for
    r = rules()
    for n, i in enumerate(nonempty):
        if kind.get(i) != "spam":
            continue
        for j in nonempty[max(0, n - 1): n] + nonempty[n + 1: n + 2]:
            s = lines[j].strip()
            if j not in kind and len(s) <= AD_LINE_MAX and "。" not in s and (
                    r.ad_frame.match(s) or len(_cues_in(s, r)) >= r.spam_min):
                kind[j] = "spam"


def _stuffed(segs: list[str], r: _Rules) -> bool:
    """Keyword stuffing: most segments of a long run hold the same three characters (the page's
    topic repeated for a search engine: "质量月方案 质量月标语 广东质量月 2021质量月主题 …");
    two-character tags (the places a page tags itself with: "宾川 大理 云南") count for neither side."""
    if len(segs) < r.stuffed_segments:
        return False
    words = [x for x in segs if len(x) >= 3]
    if len(words) < r.stuffed_segments:
        return False  # (cheap test first)
    suffixes = resources.body_suffixes()
    if any(x.endswith(suffixes) for x in segs):
        return False  # a joint title's bodies ("某省某局 某省某厅 …") share their place, not a topic
    if max(Counter(x[:3] for x in words).values()) >= r.stuffed_share * len(words):
        return True  # (most runs open with their topic: no need to count the trigrams inside)
    held = Counter(t for x in words for t in {x[k:k + 3] for k in range(len(x) - 2)})
    return max(held.values()) >= r.stuffed_share * len(words)


def is_link_bar(s: str) -> bool:
    """A line of site/section names ("中国质量网 | 中国质量检验协会 | 联系我们")."""
    if _SENTENCE_PUNCT.search(s) or "“" in s:
        return False
    r = rules()
    segs = [x for x in r.link_sep.split(s.strip()) if x]
    if len(segs) < r.link_min:
        return False
    if any(len(x) > r.link_max for x in segs):
        return False
    named = sum(1 for x in segs if r.link_suffix.search(x))
    return named * 2 >= len(segs)


_DATED_END = frozenset("])）】")  # what may follow the date at the end of a dated item
_DATED_ITEM = re.compile(r"(?:^|\s|[\[(（【])(\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}[\])）】]?$")
_BREADCRUMB_MARK = re.compile(r"(>>|>|»|›|＞|→)")
FOOTER_TAIL = 300  # characters: a footer glued to a paragraph is at most this long
PROSE_MIN = 80  # CJK characters: a line this long with sentences is body text, never dropped whole
# a text with more than PROSE_MIN CJK characters (possessive: linear, whatever the text)
_MORE_CJK_THAN_PROSE_MIN = re.compile(rf"(?:[^\u3400-\u9fff]*+[\u3400-\u9fff]){{{PROSE_MIN + 1}}}")


def is_prose(s: str) -> bool:
    """A line of running text: long in CJK characters and made of sentences."""
    # most lines are too short to hold PROSE_MIN CJK characters: no need to count them; the
    # others count theirs only up to PROSE_MIN + 1 (= more than PROSE_MIN of them), and stop at a
    # second sentence mark
    if len(s) <= PROSE_MIN or not _MORE_CJK_THAN_PROSE_MIN.match(s):
        return False
    first = _SENTENCE_PUNCT.search(s)
    return first is not None and _SENTENCE_PUNCT.search(s, first.end()) is not None


def _trim_breadcrumb(s: str) -> str:
    """The body glued after a breadcrumb on one line ("当前位置:首页>新闻>正文 近日,…")."""
    marks = [m.end() for m in _BREADCRUMB_MARK.finditer(s[:120])]
    if not marks:
        m = resources.pattern("patterns.toml", "normalize.furniture.breadcrumb_head").match(s)
        return s[m.end():] if m else s
    rest = s[marks[-1]:].lstrip()
    # the last crumb is a short name ending at the first space, or the crumb runs into the text
    m = re.match(r"^[^\s，。,]{1,12}\s+", rest)
    return rest[m.end():] if m else rest


def _trim_footer(s: str, start: int) -> str:
    """The body before a footer glued to the end of its line ("…奠定基础。 版权所有 …")."""
    head = s[:start]
    cut = max(head.rfind(c) for c in "。！？!?| \t")
    return head[: cut + 1].rstrip(" |\t") if cut >= 0 else head


@dataclass(frozen=True)
class FurnitureResult:
    text: str
    meta: tuple[tuple[str, str], ...]
    dropped: dict  # kind → what was removed (each line or inline widget, cut to 60 characters)
    dropped_prose: tuple[str, ...] = ()  # whole text of every dropped line that reads as prose

    def __reduce__(self) -> tuple[type[FurnitureResult], tuple[str, tuple[tuple[str, str], ...], dict, tuple[str, ...]]]:
        # pickled by its fields (compiled by mypyc, the class has no __dict__ a pickle could fill)
        return FurnitureResult, (self.text, self.meta, self.dropped, self.dropped_prose)

    @property
    def removed(self) -> Counter:
        """kind → how many lines (or inline widgets) were removed."""
        return Counter({k: len(v) for k, v in self.dropped.items()})


def remove_furniture(text: str) -> FurnitureResult:
    """Drop page furniture line by line; returns the text, what was removed and the metadata seen.

    A line of running prose is never dropped whole: a breadcrumb or footer glued to it is cut off,
    and any other dropped line that reads as prose is reported in ``dropped_prose``.

    >>> remove_furniture("当前位置: 首页>>要闻\\n标题\\n时间:2016-09-02 来源:质量科\\n正文。").text
    '标题\\n正文。'
    """
    r = rules()
    lines = text.split("\n")
    stripped = [ln.strip() for ln in lines]  # every test reads a line stripped: strip each once
    nonempty = [i for i, s in enumerate(stripped) if s]
    if not nonempty:
        return FurnitureResult(text, (), {})
    half = max(1, len(text)) * 0.5
    last3 = len(nonempty) - 3
    offsets = list(accumulate([len(ln) + 1 for ln in lines], initial=0))  # where each line starts

    kind: dict[int, str] = {}
    trimmed: dict[int, tuple[str, str]] = {}  # line → (kept text, kind of the part cut off)
    meta: list[tuple[str, str]] = []
    cut_from: int | None = None
    # the lines a breadcrumb, a footer, an inline widget, a spam suffix or a bracketed widget may
    # stand in, by one scan of the page: the others skip those tests (a line without a cue text
    # of a rule cannot match it)
    # (a footer is looked for in the late lines only: from the first of them on; offsets grow, so
    # a line past the half or among the last three comes after that one)
    first_late = min(bisect.bisect_left(offsets, half), nonempty[max(last3, 0)])
    cues = _cue_lines(text, offsets, lines, first_late, r)
    nav_at, foot_at, ui_at = cues["nav"], cues["foot"], cues["ui"]
    head_at = cues.get("foot_head", _EVERY_LINE)  # (the late lines holding a cue of foot_head)
    nav_head, nav_rest = r.nav_any
    prose_of: dict[int, bool] = {}  # is_prose of each line tested (read again below)
    # (every post line holds one of post_cues: the page scan tells whether one is in the page)
    if not r.post_cues or (cues["post"] if "post" in cues else any(w in text for w in r.post_cues)):
        _mark_forum_thread(stripped, nonempty, kind, meta)
    seen_prose = False  # a prose line came before this one (the page's head ends at its first paragraph)
    for rank, i in enumerate(nonempty):  # rank: index among non-empty lines
        if i in kind:
            continue  # a forum thread's post line or reply, known already
        s = stripped[i]
        late = offsets[i] >= half or rank >= last3
        seen_prose = seen_prose or (rank > 0 and prose_of.get(nonempty[rank - 1], False))
        prose = prose_of[i] = is_prose(s)
        if s[0] in _SEPARATOR_CHARS and _SEPARATOR_LINE.match(s):
            kind[i] = "separator"
        elif "日" in s and "。" not in s and r.dated_cue.search(s) and r.dated_any.match(s) and (pairs := parse_meta(s)):
            # (parse_meta reads no line holding "。": a paragraph skips the regexes)
            kind[i] = "metadata"  # a dated header shaped like a breadcrumb still gives the page's date
            meta.extend(pairs)
        elif i in nav_at and ((nav_head and nav_head.match(s)) or (nav_rest and nav_rest.search(s))):
            if prose and is_prose(rest := _trim_breadcrumb(s)):
                trimmed[i] = (rest, "navigation")
            else:
                kind[i] = "navigation"
        elif is_spam_line(s):
            kind[i] = "spam"  # a long keyword run is no prose, however many commas it has
        elif prose:
            # a footer glued to the end of the last paragraph: it must be the line's tail, and no
            # prose itself (a paragraph about copyright holders stays whole)
            # (searched only late in the page: earlier, nothing is cut whatever it finds)
            at = _footer_start(s, i in foot_at, r, i in head_at) if late else None
            if at is not None and len(s) - at <= FOOTER_TAIL and "。" not in s[at:] \
                    and is_prose(body := _trim_footer(s, at)):
                trimmed[i] = (body, "footer")
                cut_from = i
                break
        elif (pairs := parse_meta(s)) is not None and (
            rank < HEAD_LINES or _is_strong_meta(pairs) or (not seen_prose and _page_key(pairs)) or rank >= last3 + 1 or r.meta_anywhere.match(s)
        ) and not (rank > 0 and _signed_stamp(s, stripped[nonempty[rank - 1]], r)) \
                and not (rank + 1 < len(nonempty) and r.colophon.match(stripped[nonempty[rank + 1]])):
            # (a key line over the 抄送 line — "公开方式：主动公开" — is the document's own 版记, not the page's)
            # a forum post line ("发表于 <date> | <widgets>") is the post's date wherever it sits
            kind[i] = "metadata"
            meta.extend(pairs)
        elif late and rank > 0 and r.tail_head is not None and _opens_tail(s, r) and r.tail_head.match(s):
            # (before the widget test: a link block's heading that is a widget word too, "相关阅读",
            # still ends the page, the links under it with it)
            cut_from = i
            break
        elif is_ui_line(s) if i in ui_at else not _ui_start_closed(s, r) and _ui_tokens(s, r):
            # (a line holding no bracket and no cue of a widget pattern starting anyhow: is_ui_line
            # less those tests)
            kind[i] = "widget"
        elif late and rank > 0 and _footer_start(s, i in foot_at, r, i in head_at) is not None:
            cut_from = i
            break
        elif late and rank > 0 and " " in s and _LETTER_SPACED.fullmatch(s) \
                and _footer_start("".join(s.split()), True, r) is not None:
            # a footer printed letter by letter ("某 某 网 版 权 所 有 ，未 经 授 权 …"): read closed up
            cut_from = i
            break
        elif late and is_link_bar(s) and not (
                rank + 1 < len(nonempty) and _signers_row(s, stripped[nonempty[rank + 1]], r)):
            kind[i] = "link_bar"
        elif (rank < HEAD_LINES or not seen_prose) and not prose and r.account.match(s):
            kind[i] = "widget"  # the posting account's card (its name with the follow button, its counters)
        elif rank == 0 and r.site_banner.match(s):
            kind[i] = "site_banner"
        elif rank < HEAD_LINES and (m := r.programme.match(s)):
            # a broadcaster's programme header over a transcript: its station is the publisher (kept)
            kind[i] = "site_banner"
            meta.append((r.programme_key, m.group("station")))
        elif s[0] in r.english_first and r.english_label.match(s):
            kind[i] = "section_label"

    if cut_from is not None and cut_from not in trimmed and r.card_id.match(stripped[cut_from]):
        # an account's card: its name stands on the line above its id, and goes with it
        before = [i for i in nonempty if i < cut_from]
        if before and before[-1] not in kind and r.card_name.match(stripped[before[-1]]):
            cut_from = before[-1]
    if cut_from is not None:
        for i in nonempty:
            if i > cut_from or (i == cut_from and i not in trimmed):
                kind[i] = "footer"
    # (the passes below read lines stripped: each test of theirs gives the same on the line as is)
    _drop_label_table(stripped, nonempty, kind, meta, offsets, half)
    _drop_ad_frames(stripped, nonempty, kind)
    _drop_dated_lists(stripped, nonempty, kind)
    _drop_bulleted_tail(stripped, nonempty, kind)
    _drop_title_nav(stripped, nonempty, kind)
    _drop_account_name(stripped, nonempty, kind, prose_of)
    _drop_header(stripped, nonempty, kind)
    _drop_head_runs(stripped, nonempty, kind, prose_of)
    _drop_column_line(stripped, nonempty, kind)
    _drop_tail_fragment(stripped, nonempty, kind)
    _drop_closing_credit(stripped, nonempty, kind)
    _extend_meta_runs(stripped, nonempty, kind, meta)
    _keep_labelled_title(stripped, nonempty, kind, trimmed)
    # a spam site's name glued to a line's end needs a separator: only lines holding one are tried
    for i in sorted(cues["suffix"]):
        if stripped[i] and i not in kind \
                and (cut := _spam_suffix(trimmed[i][0] if i in trimmed else lines[i])) is not None:
            trimmed[i] = (cut, "spam")
    kept = [i for i in nonempty if i not in kind]
    for i, why in find_repeats([trimmed[i][0] if i in trimmed else lines[i] for i in kept]).items():
        kind[kept[i]] = why

    # the lines that may hold an inline widget (most pages: none, and no pattern is probed)
    inline_at = cues["inline"]
    # (a cue text in the page stands in one of those lines: they are searched for it, not the page)
    # (joined: a cue text holds no line break, so it is in the joined lines when in one of them)
    cue_text = "\n".join([lines[i] for i in inline_at]) if isinstance(inline_at, set) else text
    # (the required texts present found at once: not one scan of the lines per text)
    present = r.inline_needs(cue_text) if inline_at else frozenset()
    candidates = [(p, probe) for p, (needs, probe) in zip(r.inline, r.inline_probe)
                  if not needs or not present.isdisjoint(needs)] if inline_at else []
    if candidates and isinstance(inline_at, set) and not any(
            p.search(trimmed[i][0] if i in trimmed else lines[i])
            for i in inline_at if i not in kind for p, _ in candidates):
        # none of them matches a line it would be cut from: nothing would be cut, and _render
        # without them gives the same (no probe of the page needed: a search of the whole page
        # costs more than one of those few lines)
        candidates = []
    inline = [p for p, probe in candidates if probe.search(text)]
    out, dropped, prose_lost = _render(lines, stripped, kind, trimmed, prose_of, inline, inline_at)
    return FurnitureResult(out, tuple(_canonical_meta(meta)), dropped, tuple(prose_lost))


def _render(lines: list[str], stripped: list[str], kind: dict[int, str], trimmed: dict[int, tuple[str, str]],
            prose_of: dict[int, bool], inline: list[re.Pattern], inline_at) -> tuple[str, dict, list[str]]:
    """(the page less its dropped lines, cut lines cut and ``inline`` widgets cut from the lines
    ``inline_at``; what was removed, by kind; the prose lines dropped). Without inline patterns
    only the lines dropped or cut are visited; with patterns none of which matches a line, the
    result is the same."""
    dropped: dict[str, list[str]] = {}
    prose_lost: list[str] = []
    if inline:
        out_lines = []
        for i, ln in enumerate(lines):
            if i in kind:
                _record_dropped(dropped, prose_lost, kind[i], ln, prose_of)
                continue
            if i in trimmed:
                new, why = trimmed[i]
                dropped.setdefault(why, []).append(ln.strip().replace(new, "…")[:60])
            else:
                new = ln
            for p in inline if i in inline_at else ():
                for m in p.finditer(new):
                    dropped.setdefault("inline_widget", []).append(m.group(0).strip()[:60])
                new = p.sub("", new)
            out_lines.append(new)
    else:  # the same, without the inline widgets: only the lines dropped or cut are visited
        for i in sorted(kind.keys() | trimmed.keys()):
            if i in kind:
                _record_dropped(dropped, prose_lost, kind[i], lines[i], prose_of, i)
            else:
                new, why = trimmed[i]
                dropped.setdefault(why, []).append(stripped[i].replace(new, "…")[:60])
        out_lines = [trimmed[i][0] if i in trimmed else ln for i, ln in enumerate(lines) if i not in kind]
    out = "\n".join(out_lines)
    if dropped:
        # close the gaps the dropped lines leave (text untouched when nothing was removed)
        out = _GAPS.sub("\n\n", out).strip("\n")
    return out, dropped, prose_lost


_GAPS = re.compile(r"\n[ \t]*\n([ \t]*\n)+")


def _record_dropped(dropped: dict[str, list[str]], prose_lost: list[str], why: str, line: str,
                    prose_of: dict[int, bool], i: int = -1) -> None:
    """Note a dropped line under its kind, and whole if it reads as prose (``prose_of``: is_prose
    of the lines known, stripped or not: spaces are no CJK characters)."""
    dropped.setdefault(why, []).append(line.strip()[:60])
    if prose_of[i] if i in prose_of else is_prose(line):
        prose_lost.append(line.strip())


def _footer_start(s: str, cue: bool, r: _Rules, head_cue: bool = True) -> int | None:
    """Where ``footer.search(s) or tail_block.search(s)`` starts (None: neither matches): the
    footer's leftmost match, else the tail block's. An anchored pattern can only match at 0 (the
    leftmost place there is); one not anchored only in a line holding its cue (``cue``), an
    anchored footer pattern only in a line holding one of theirs (``head_cue``)."""
    if head_cue and r.foot_head and r.foot_head.match(s):
        return 0
    if cue and r.foot_rest and (m := r.foot_rest.search(s)):
        return m.start()
    if r.tail_head and _opens_tail(s, r) and r.tail_head.match(s):
        return 0
    if cue and r.tail_rest and (m := r.tail_rest.search(s)):
        return m.start()
    return None


def _cue_lines(text: str, offsets: list[int], lines: list[str], first_late: int, r: _Rules) -> dict:
    """The lines of a page holding a cue of: a nav pattern ("nav"), a footer or tail-block pattern
    not anchored, from line ``first_late`` on ("foot"), an inline pattern or probe ("inline"), a
    spam suffix's separator ("suffix"), a bracket or a cue of a widget pattern starting anyhow
    ("ui"). One scan of the page for them all (``page_scan``), else one scan each."""
    if r.page_scan is not None:
        return r.page_scan.lines(text, offsets, lines, {"foot": first_late, "foot_head": first_late})
    return {"nav": _or_every_line(r.nav_cues.lines(text, offsets)),
            "foot": _or_every_line(r.foot_cues.lines(text, offsets, first_late)),
            "inline": _or_every_line(r.inline_cues.lines(text, offsets)),
            "suffix": lines_holding(_SUFFIX_SEPARATOR, text, offsets),
            "ui": _EVERY_LINE}


class _EveryLine:
    """Stands for the set of all lines (a rule without cue texts may match any line)."""

    def __contains__(self, i: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


_EVERY_LINE = _EveryLine()


def _or_every_line(lines: set[int] | None) -> set[int] | _EveryLine:
    return _EVERY_LINE if lines is None else lines


_SUFFIX_SEPARATOR_CHARS = "-_–—|｜"  # _SUFFIX_SEP's separators: every match holds one
_SUFFIX_SEPARATOR = re.compile("[" + re.escape(_SUFFIX_SEPARATOR_CHARS) + "]")
_SUFFIX_SEP = re.compile(r"\s*[-_–—|｜]+\s*(?=[^-_–—|｜]{2,12}$)")
_FURNITURE_KINDS = ("widget", "navigation", "metadata", "separator", "header", "site_banner", "section_label", "spam")
RUN_SHORT = 6  # lines this short between furniture lines at the top of a page are more of it (labels, counters)


def _spam_suffix(line: str) -> str | None:
    """The line less a spam site's name glued to its end ("…标题-某某娱乐") or its start, or None."""
    if not _SUFFIX_SEPARATOR.search(line):
        return None  # no separator: _SUFFIX_SEP cannot match
    m = _SUFFIX_SEP.search(line.rstrip())
    if m and m.start() > 0 and rules().spam_words.find(line[m.end():]):
        return line[: m.start()]
    # … or glued before it ("棋牌游戏-某县2017年质量月活动方案"): the same short piece, first
    m = _PREFIX_SEP.match(line.lstrip())
    if m and m.end() < len(line.strip()) and rules().spam_words.find(m.group(0)):
        return line.lstrip()[m.end():]
    return None


_PREFIX_SEP = re.compile(r"[^-_–—|｜\s]{2,12}\s*[-_–—|｜]+\s*")  # a short piece, then a separator


SIGNER_MAX = 30  # a signing body's line is at most this long


def _signed_stamp(s: str, above: str, r: _Rules) -> bool:
    """A date stamp alone on a line ("2010/08/20") right under a short line naming a body ("品保部",
    "某某有限公司"): the document's signing date, not the page's metadata."""
    return bool(r.date_only.match(s)) and len(above) <= SIGNER_MAX and not _SENTENCE_PUNCT.search(above) \
        and above.endswith(resources.body_suffixes()) and not r.date_only.match(above)


_SIGNING_DATE = resources.pattern("patterns.toml", "extract.structure.date_line")


def _signers_row(s: str, below: str, r: _Rules) -> bool:
    """A row of a joint signature block ("某某有限公司　　某某有限公司工会") over the signing date
    alone on the next line: every piece a body's name, not a bar of site names ending in 公司."""
    segs = [x for x in r.link_sep.split(s) if x]
    return bool(_SIGNING_DATE.match(below)) and all(x.endswith(resources.body_suffixes()) for x in segs)


REPLY_HEAD = 5  # lines over a reply's post line that may be its header (floor, poster, signature)
_POSTER = re.compile(r"^[A-Za-z0-9_\-.\u4e00-\u9fff]{1,20}$")  # a poster's name: one word
# a forum signature framed by dashes or stars under a post ("—— 某某论坛，与你同行 ——"), or of short
# phrases between bars, no sentence ("专注某某二十年 | 某某QQ群：12345")
_SIGNATURE = re.compile(r"^[—\-─~=*☆★◆◇]{2}.{1,30}[—\-─~=*☆★◆◇]{2}$|^[^。！？，；|｜]{2,24}(\s*[|｜]\s*[^。！？，；|｜]{2,24})+$")


def _post_lines(lines: list[str], nonempty: list[int]) -> list[int]:
    """The forum post lines of a page ("发表于 <date> | 只看该作者 | 1#"): a date, then widgets."""
    return [i for i in nonempty if _post_line(lines[i])]


def _post_line(s: str) -> re.Match | None:
    """The match of a forum post line's date (``meta.post_line``) when only widgets follow it
    ("| 只看该作者 | 楼主"), else None."""
    post = rules().post_line.match(s)
    if post is None:
        return None
    rest = s[post.end():]
    return post if not rest.strip() or is_ui_line(rest) else None


POST_TEXT_MIN = 10  # a line of a post's text: this long, with a sentence mark


def _is_post_text(s: str) -> bool:
    return len(s) >= POST_TEXT_MIN and bool(_SENTENCE_PUNCT.search(s)) and not is_ui_line(s)


# the poster's panel over a post: its counters ("UID 20731"; "帖子 312 积分 861" are widget words)
# (several on one line: "主题 12 帖子 300 积分 900")
_POSTER_STAT = re.compile(r"^[A-Za-z\u4e00-\u9fff]{1,6}\s*[:：]?\s*\d+(\s+[A-Za-z\u4e00-\u9fff]{1,6}\s*[:：]?\s*\d+){0,5}$")
# the poster's name labelled by the thread's first floor ("楼主 某某", "楼主：某某")
_FLOOR_POSTER = resources.pattern("patterns.toml", "normalize.furniture.floor_poster")


POSTER_CJK = 4  # a poster's name of CJK characters only is at most this long


def _is_poster(s: str) -> bool:
    """A poster's name: one short word, with a Latin letter or a digit (a nickname) unless it is
    at most POSTER_CJK characters long (a title is longer)."""
    s = _FLOOR_POSTER.sub("", s, count=1)
    return bool(_POSTER.match(s)) and not _DATE_IN.search(s) and not s.endswith(resources.body_suffixes()) \
        and (len(s) <= POSTER_CJK or any(c.isascii() and c.isalnum() for c in s))



def _mark_poster(lines: list[str], nonempty: list[int], at: int, kind: dict[int, str]) -> None:
    """The poster's header over the first post line (``nonempty[at]``): widgets, the poster's
    counters and the poster's name (one line), right above it."""
    seen = False
    for n in range(at - 1, max(-1, at - 1 - REPLY_HEAD), -1):
        i = nonempty[n]
        s = lines[i]
        if is_ui_line(s) or _POSTER_STAT.match(s):
            kind.setdefault(i, "widget")
        elif not seen and _is_poster(s):
            seen = True
            kind.setdefault(i, "header")
        else:
            break


def _mark_forum_thread(lines: list[str], nonempty: list[int], kind: dict[int, str],
                       meta: list[tuple[str, str]]) -> None:
    """A forum thread: its first post line is the post's metadata (its date); a later post line
    under a paragraph opens the replies, which with their header lines (the poster's name, the
    floor, the first post's signature) and all after them are no part of the document."""
    posts = _post_lines(lines, nonempty)
    if not posts:
        return
    first = posts[0]
    if pairs := parse_meta(lines[first]):
        kind[first] = "metadata"
        meta.extend(pairs)
    order = {i: n for n, i in enumerate(nonempty)}
    _mark_poster(lines, nonempty, order[first], kind)
    reply = next((p for p in posts[1:] if any(_is_post_text(lines[j]) for j in nonempty[order[first] + 1:order[p]])),
                 None)
    if reply is None:
        return
    start = order[reply]
    poster_seen = False
    for n in range(order[reply] - 1, max(order[first], order[reply] - 1 - REPLY_HEAD), -1):
        s = lines[nonempty[n]]
        if is_ui_line(s) or _SIGNATURE.match(s):
            start = n
        elif not poster_seen and _is_poster(s):
            poster_seen = True  # one name only: a second short line is the post's own (its signer)
            start = n
        else:
            break
    for i in nonempty[start:]:
        kind[i] = "forum_reply"


def _drop_head_runs(lines: list[str], nonempty: list[int], kind: dict[int, str],
                    prose_of: dict[int, bool] | None = None) -> None:
    """Context at the top of a page, before the first prose line: a first short line followed by
    two furniture lines is the site's name; a run of very short lines (counters, labels) between
    two furniture lines is more furniture (forum user statistics, widget labels). ``prose_of``:
    is_prose of lines known already (of a line stripped: the same, spaces are no CJK)."""
    known = prose_of or {}
    first_prose = next((n for n, i in enumerate(nonempty)
                        if (known[i] if i in known else is_prose(lines[i]))), len(nonempty))
    head = nonempty[:first_prose]
    _drop_vertical_menu(lines, head, kind)
    for i in head:  # a menu sits above the page's title: stop at the first title-like line
        if i not in kind and _is_menu(lines[i]):
            kind[i] = "navigation"
        elif i not in kind and len(lines[i].strip()) >= TITLE_MIN:
            break
    furn = [kind.get(i) in _FURNITURE_KINDS for i in head]
    if len(head) >= 3 and not furn[0] and furn[1] and furn[2] and len(lines[head[0]].strip()) <= 12 \
            and not _SENTENCE_PUNCT.search(lines[head[0]]):
        kind[head[0]] = "header"
        furn[0] = True
    n = 0
    while n < len(head):
        if furn[n]:
            n += 1
            continue
        m = n
        while m < len(head) and not furn[m] and len(lines[head[m]].strip()) <= RUN_SHORT:
            m += 1
        # one short line between furniture may be a short title; counters or several labels are not
        # (the run between two furniture lines is only read then)
        if m > n and n > 0 and m < len(head) and furn[n - 1] and furn[m] and (
                m - n >= 2 or _COUNTER.match(lines[head[n]].strip())):
            for j in head[n:m]:
                kind[j] = "widget"
        n = max(m, n + 1)


_COLUMN_LINE = resources.pattern("patterns.toml", "normalize.furniture.column_line")  # a column's name line


def _drop_column_line(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """The page's first line, when it is a column's name (:data:`_COLUMN_LINE`) and the headline stands on its
    own line under it, before the first paragraph: the line over a headline is no part of the document
    (one line alone over the paragraphs is the headline itself, its tag and all)."""
    kept = [i for i in nonempty if i not in kind]
    if len(kept) < 3 or not _COLUMN_LINE.match(lines[kept[0]]):
        return
    title, first = lines[kept[1]], lines[kept[2]]
    # (the paragraph under the headline: a sentence closed, however short)
    if _SENTENCE_END.search(first) and TITLE_MIN <= len(title) <= TITLE_MAX \
            and not _SENTENCE_PUNCT.search(title) and not title.startswith(_SUBTITLE_DASHES) \
            and not _COLUMN_LINE.match(title):
        kind[kept[0]] = "header"


_HOME = frozenset(("首页", "网站首页", "主页", "返回首页"))


def _drop_vertical_menu(lines: list[str], head: list[int], kind: dict[int, str]) -> None:
    """A site menu printed one item a line at the top of a page ("网站首页⏎局务公开⏎质量管理⏎…"):
    MENU_MIN or more short names in a row, one of them the home link; a short first line just
    above it is the site's name."""
    n = 0
    while n < len(head):
        m = n
        while m < len(head) and _is_menu_item(lines[head[m]].strip()):
            m += 1
        run = head[n:m]
        if len(run) >= MENU_MIN and any(lines[i].strip() in _HOME for i in run):
            for i in run:
                kind[i] = "navigation"
            site = lines[head[0]].strip()
            if n == 1 and len(site) <= 20 and (site.endswith(resources.body_suffixes())
                                               or rules().site_banner.match(site)):
                kind.setdefault(head[0], "header")  # the site's owner or the site itself
        n = max(m, n + 1)


def _is_menu_item(s: str) -> bool:
    return 0 < len(s) <= MENU_ITEM and not _SENTENCE_PUNCT.search(s) and "、" not in s \
        and not any(c.isdigit() for c in s)


TITLE_MIN = 8  # a line this long that is no furniture may be the page's title
MENU_MIN = 4  # a site menu names at least this many sections
MENU_ITEM = 6  # … each at most this long


_MENU_SEP = re.compile(r"\s+|\s*[|｜/]\s*")


def _is_menu(line: str) -> bool:
    """A site menu at the top of a page: several short section names and nothing else
    ("首页 新闻中心 政务公开 办事服务 互动交流"); a headline in two halves is no menu."""
    if _SENTENCE_PUNCT.search(line) or "“" in line:
        return False
    items = [x for x in _MENU_SEP.split(line.strip()) if x]
    return len(items) >= MENU_MIN and all(len(x) <= MENU_ITEM and not x.isdigit() for x in items)


def _drop_closing_credit(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """A credit on its own line closing an article ("(融媒体记者 张某)", or a bare 2-3 character name
    under the last paragraph) is author metadata; a byline inside a paragraph stays, and so does a
    credit holding the story's date ("（通讯员 某某 一九九八年九月二十日）", its date line)."""
    kept = [i for i in _last_kept(nonempty, kind, 2)][::-1]  # the last two lines not dropped
    if len(kept) < 2:
        return
    last, prev = kept[-1], kept[-2]
    s = lines[last].strip()
    bare_name = _BARE_NAME.fullmatch(s) and lines[prev].rstrip().endswith(("。", "!", "！", "”"))
    if (rules().credit_line.match(s) and not _CREDIT_DATE.search(s)) or (bare_name and s[0] in rules().surnames and not _ORG_END.search(s)):
        kind[last] = "author"


_ORG_END = resources.pattern("patterns.toml", "normalize.furniture.org_end")
_CREDIT_DATE = resources.pattern("patterns.toml", "normalize.furniture.credit_date")


BULLETED_MAX = 40  # characters of a headline in a list of other articles


_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _last_kept(nonempty: list[int], kind: dict[int, str], most: int | None = None) -> Iterator[int]:
    """The lines not dropped, from the last one up (at most ``most`` of them)."""
    found = 0
    for i in reversed(nonempty):
        if i not in kind:
            yield i
            found += 1
            if found == most:
                return


def _drop_bulleted_tail(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """A list of other articles closing a page without a label: two or more short bulleted
    lines ("·某某活动启动"), none a sentence, after the article's last sentence."""
    run: list[int] = []
    before = ""  # the line not dropped before the run (none: the run is the whole page)
    for i in _last_kept(nonempty, kind):
        s = lines[i].strip()
        if s[:1] in _BULLET_MARKS and len(s) <= BULLETED_MAX and not _SENTENCE_END.search(s):
            run.append(i)
        else:
            before = lines[i].rstrip()
            break
    # the article has ended before them (a list after "主要活动：" is the article's own)
    if len(run) >= 2 and before[-1:] in _CLOSING:
        for j in run:
            kind[j] = "link_list"


_TITLE_NAV = resources.pattern("furniture.toml", "title_nav.heading")


def _drop_title_nav(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """An e-paper's list of the page's headlines under its label ("本版标题导航"), above the article:
    the label, and the headlines up to the one the article prints again as its own title. Without
    that repeat the list's end is not known: only the label goes (a headline may be the title)."""
    head = [i for i in nonempty[:HEAD_LINES] if i not in kind]
    at = next((n for n, i in enumerate(head) if _TITLE_NAV.match(lines[i])), None)
    if at is None:
        return
    kind[head[at]] = "navigation"
    seen: list[str] = []
    for n in range(at + 1, len(nonempty)):
        i = nonempty[n]
        if i in kind:
            continue
        s = lines[i].strip()
        if s in seen:  # the article's title: the list ends above it
            for j in nonempty[nonempty.index(head[at]) + 1:n]:
                kind.setdefault(j, "navigation")
            return
        if len(s) > BULLETED_MAX or _SENTENCE_END.search(s):
            return  # prose before any repeat: the list's end is not known
        seen.append(s)


_BULLET_MARKS = frozenset("·•▪◆●■")
_SENTENCE_END = re.compile(r"[。！？；]")
_CLOSING = frozenset("。！？”）)")


def _drop_dated_lists(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """Lists of other articles: runs of two or more short lines each ending in a date
    ("某某活动启动 2023-09-01"), or one such line after a dropped "更多" bar."""
    def dated(s: str) -> bool:
        if len(s) > 80 or "。" in s:
            return False
        m = _DATED_ITEM.search(s)
        return m is not None and m.start() > 0

    # a dated item ends in a digit (\d: a decimal) or a closing bracket: the positions (among the
    # non-empty lines) of the items, then their runs of consecutive positions
    items = [n for n, i in enumerate(nonempty)
             if ((c := lines[i].rstrip()[-1:]).isdecimal() or c in _DATED_END) and i not in kind
             and dated(lines[i].strip())]
    start = 0
    for k in range(1, len(items) + 1):
        if k < len(items) and items[k] == items[k - 1] + 1:
            continue
        run = [nonempty[n] for n in items[start:k]]  # a run ends here
        prev = nonempty[items[start] - 1] if items[start] > 0 else None
        if len(run) >= 2 or (prev is not None and kind.get(prev) in ("widget", "navigation")):
            for j in run:
                kind[j] = "link_list"
        start = k


def _drop_header(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """Drop the site header: what precedes a breadcrumb, or a page title followed by metadata."""
    r = rules()
    head = nonempty[:HEAD_LINES]
    # a breadcrumb ends the header only in the page's first half: a short page closing on a menu
    # keeps what precedes it
    half = nonempty[: (len(nonempty) + 1) // 2]
    # (a bar of widgets only, "下载文档 | 收藏 | 分享", is shaped like a menu but ends no site header: the
    # document's title may stand above it)
    navs = [i for i in head if kind.get(i) == "navigation" and i in half and not is_ui_line(lines[i])]
    if navs:
        for i in head:
            if i < navs[-1]:
                kind.setdefault(i, "header")
    # the page title sits right above the first metadata line (or, failing that, a widget bar)
    trigger = next((i for i in head if kind.get(i) == "metadata"), None)
    if trigger is None:
        trigger = next((i for i in head if kind.get(i) == "widget"), None)
    if trigger is None or nonempty.index(trigger) > TITLE_BY:
        return
    if kind.get(trigger) == "metadata":
        _drop_account_echo(lines, nonempty, kind, trigger)
    kept_before = [i for i in head if i < trigger and i not in kind]
    if not kept_before:
        return
    title = lines[kept_before[-1]].strip()
    if len(title) > TITLE_MAX or "。" in title:
        return  # what precedes the metadata is a paragraph, not a title: leave the page alone
    if len(title) <= ACCOUNT_MAX and kind.get(trigger) == "metadata" and title in lines[trigger] \
            and title != lines[trigger].strip():
        # the account's name over a post's header line that names it again ("某某汽车" over "原创 质量部
        # 某某汽车 2022-09-06 17:42 发表于广西"): a banner, the post's title follows the header
        kind[kept_before[-1]] = "header"
    if title.startswith(_SUBTITLE_DASHES) and len(kept_before) >= 2:
        kept_before = kept_before[:-1]  # a subtitle ("——某某活动综述"): the title is the line above it
    for i in kept_before[:-1]:
        s = lines[i].strip()
        if len(s) >= r.blurb_min or len(s) <= 12:
            kind[i] = "header"


def _drop_account_name(lines: list[str], nonempty: list[int], kind: dict[int, str],
                       prose_of: dict[int, bool]) -> None:
    """An aggregator's account name alone on the line over its author line in the page's head ("某某发布"
    over "YYYY-MM-DD hh:mm·某某号 某某发布 某省"): the card's name, which the metadata line names again
    (a line that is no part of the metadata line, a title, stays)."""
    for n, i in enumerate(nonempty):
        if prose_of.get(i):
            return  # the head ends at the first paragraph
        if n == 0 or kind.get(i) != "metadata":
            continue
        j = nonempty[n - 1]
        s = lines[j]
        # (the card's name need not echo in the metadata line when the follow button closes the card under it:
        # "某某日报" ⏎ "YYYY-MM-DD hh:mm某某报社官方账号" ⏎ "关注")
        button = n + 1 < len(nonempty) and rules().account.match(lines[nonempty[n + 1]]) is not None
        if j not in kind and 2 <= len(s) <= ACCOUNT_MAX and not _SENTENCE_PUNCT.search(s) \
                and (s in lines[i] or button) and s != lines[i] and not _CUE_DATE.search(s):
            kind[j] = "account"


_CUE_DATE = re.compile(r"\d")  # a name holds no digits here (a date or a time would be the metadata's own)
ACCOUNT_MAX = 20  # characters of an account's name standing over a post's header line


def _drop_account_echo(lines: list[str], nonempty: list[int], kind: dict[int, str], header: int) -> None:
    """The account's name alone on the line under a post's header line that names it ("原创 某某市场监管
    YYYY-MM-DD hh:mm 发表于某省" over "某某市场监管"): the account's banner, printed again (a word of the
    header line as a whole, so a sentence or a title holding the name stays)."""
    n = nonempty.index(header) + 1
    if n >= len(nonempty) or nonempty[n] in kind:
        return
    s = lines[nonempty[n]].strip()
    if len(s) <= ACCOUNT_MAX and not _SENTENCE_PUNCT.search(s) and s in lines[header].split():
        kind[nonempty[n]] = "account"  # (not a kind the head-run rule counts: the title above stays)
_SUBTITLE_DASHES = ("——", "—", "--", "－－")


def _keep_labelled_title(lines: list[str], nonempty: list[int], kind: dict[int, str],
                         trimmed: dict[int, tuple[str, str]]) -> None:
    """A metadata line holding only the page's title under its label ("标题：某某通知", an old forum's
    thread subject) at the head of the page, whose title no kept line prints: the title is the
    document's, kept without its label (a portal's 标题 key over a heading that prints it again goes)."""
    head = [i for i in nonempty[:HEAD_LINES] if i not in kind or kind[i] == "metadata"]
    for i in head:
        if kind.get(i) != "metadata":
            return  # the first kept line comes before any labelled title
        pairs = parse_meta(lines[i])
        if not pairs or len(pairs) != 1 or not _TITLE_KEY.match(pairs[0][0]):
            continue
        title = pairs[0][1].strip()
        core = _bare(_TAG_LEAD.sub("", title))
        at = nonempty.index(i)
        table = [n for n in range(max(0, at - 2), min(len(nonempty), at + 3)) if kind.get(nonempty[n]) == "metadata"]
        if len(core) < TITLE_MIN or len(table) >= 3 or any(
                core in (b := _bare(lines[j])) or b in core
                for j in nonempty if j not in kind and len(lines[j]) >= TITLE_MIN):
            return  # no title, or a portal's table of keys (索引号 … 标题 … 发文字号), or a title printed again
        del kind[i]
        trimmed[i] = (title, "metadata")
        return


_TITLE_KEY = resources.pattern("patterns.toml", "normalize.furniture.title_key")
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]")


def _bare(s: str) -> str:
    """``s`` less its punctuation and spaces (a title quoted one way in a key, another in its heading)."""
    return _NOT_WORD.sub("", s)


_TAG_LEAD = re.compile(r"^([\[【][^\]】]{1,4}[\]】]\s*)+")


def _drop_tail_fragment(lines: list[str], nonempty: list[int], kind: dict[int, str]) -> None:
    """A short cut-off line right after a dropped link bar belongs to it ("中国质量检")."""
    if len(nonempty) < 2:
        return
    last, prev = nonempty[-1], nonempty[-2]
    s = lines[last].strip()
    if last not in kind and kind.get(prev) == "link_bar" and len(s) <= 12 and not _SENTENCE_PUNCT.search(s):
        kind[last] = "link_bar"


def _canonical_meta(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Map raw metadata keys to posted/source/author/editor/views; first non-empty value wins."""
    seen: dict[str, str] = {}
    for key, value in pairs:
        if value and (name := _kind_of_key(key)) is not None:
            seen.setdefault(name, value)
    return sorted(seen.items())


@functools.lru_cache(maxsize=4096)
def _kind_of_key(key: str) -> str | None:
    """The first kind of [meta.kinds] whose word ``key`` holds, None if none (keys are few and
    repeat on every page: each is looked up once)."""
    for name, stems in meta_kinds():
        if any(st in key for st in stems):
            return name
    return None


_CELL_LABEL = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff\s\u3000]{0,8}[:：]$")  # "成文日期：", "名　　称："
CELL_LABEL_MAX = 10  # characters: the longest label _cell_key knows (one, eight more and a colon)
CELL_VALUE_MAX = 60  # characters: a metadata cell's value (an index number, a body, a date, a title)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")  # a counter's value with its thousands separated ("1,234")


def _cell_key(label: str, r: _Rules) -> str | None:
    """The key of a metadata table's label cell: "成文日期：" (its colon), or a metadata key standing
    bare on its line ("来源", "发布时间": a table printed without colons); else None."""
    if _CELL_LABEL.match(label):
        return "".join(label[:-1].split())
    if len(label) <= 8 and _CJK_ONLY.fullmatch(label) and r.meta_key.fullmatch(label + "："):
        return label
    return None


def _drop_label_table(lines: list[str], nonempty: list[int], kind: dict[int, str], meta: list,
                      offsets: list[int], half: float) -> None:
    """A page-metadata table read cell by cell (an information-disclosure page's 索引号, 发布机构,
    成文日期, 发文字号 …; a news page's 来源 / 时间 printed without colons): label lines, each followed
    by its value's line. A run of two or more such pairs in the page's first half, two of whose
    labels are metadata keys, is metadata, its other labels (名称：) too; the keys' values join the
    page's metadata."""
    r = rules()
    n = 0
    while n < len(nonempty) - 1:
        # (a label line is at most CELL_LABEL_MAX long: a longer one skips _cell_key's regexes)
        if len(label := lines[nonempty[n]].strip()) > CELL_LABEL_MAX or _cell_key(label, r) is None:
            n += 1  # no label line (_cell_key): no run starts here
            continue
        pairs: list[tuple[int, int, str, str]] = []  # (label line, value line, key, value)
        m = n
        while m + 1 < len(nonempty) and offsets[nonempty[m]] < half:
            label, value = lines[nonempty[m]].strip(), lines[nonempty[m + 1]].strip()
            key = _cell_key(label, r)
            if key is None or _cell_key(value, r) is not None or len(value) > CELL_VALUE_MAX \
                    or (_SENTENCE_PUNCT.search(value) and not _THOUSANDS.fullmatch(value)):
                break
            pairs.append((nonempty[m], nonempty[m + 1], key, value))
            m += 2
        keyed = [(k, v) for _, _, k, v in pairs if r.meta_key.fullmatch(k + "：")]
        if len(pairs) >= 2 and len(keyed) >= 2:
            for i, j, _, _ in pairs:
                kind[i] = kind[j] = "metadata"
            meta.extend(keyed)
        n = m + 1 if pairs else n + 1


_KV_ROW = resources.pattern("furniture.toml", "meta.kv_row")
_KV_DOCUMENT_LABEL = resources.pattern("furniture.toml", "meta.kv_document_label")


def _is_kv_row(s: str) -> bool:
    """A key-value line shaped as a disclosure block's row ("时效：已失效"): a short label of no
    document's own field, a colon, a short value holding no sentence."""
    if not _KV_ROW.match(s):
        return False
    label = "".join(s[: min(i for i in (s.find(":"), s.find("：")) if i >= 0)].split())
    return not _KV_DOCUMENT_LABEL.search(label)


def _extend_meta_runs(lines: list[str], nonempty: list[int], kind: dict[int, str], meta: list) -> None:
    """Metadata lines whose place alone did not tell: one continuing a run of two metadata lines (a
    page's metadata list runs past the header's first lines), keyed ones right above a metadata line,
    and keyed ones closing the page with only furniture after them ("来源：某某" above a post's widgets).
    A row of a key the lexicon lacks ("公开形式：网站") goes with the block it stands in: between two
    metadata lines, or continuing a run of two."""
    # (a run needs two metadata lines already: fewer, and the first pass finds nothing)
    for n, i in enumerate(nonempty if list(kind.values()).count("metadata") >= 2 else ()):
        if i in kind or n < 1 or kind.get(nonempty[n - 1]) != "metadata":
            continue
        run = n >= 2 and kind.get(nonempty[n - 2]) == "metadata"
        if run and (pairs := parse_meta(lines[i])) is not None:
            kind[i] = "metadata"
            meta.extend(pairs)
        elif (run or (n + 1 < len(nonempty) and kind.get(nonempty[n + 1]) == "metadata")) and _is_kv_row(lines[i]):
            kind[i] = "metadata"  # a row of the block, its key unknown: no value of the page's metadata
    # … and keyed lines right above a metadata line ("发布机构：某局⏎生成日期：…⏎公开方式：主动公开"): one list
    for n in range(len(nonempty) - 1, 0, -1):
        if kind.get(nonempty[n]) != "metadata":
            continue
        k = n - 1
        while k >= 0 and nonempty[k] not in kind and (pairs := parse_meta(lines[nonempty[k]])) is not None \
                and not all(key == "日期" for key, _ in pairs):
            kind[nonempty[k]] = "metadata"
            meta.extend(pairs)
            k -= 1
    for i in reversed([i for i in nonempty if i not in kind]):
        if i == nonempty[-1]:
            break  # nothing after it: the last-lines rule already judged it
        pairs = parse_meta(lines[i])
        if pairs is None or all(k == "日期" for k, _ in pairs):
            break  # a bare date may be the document's own, under its signature
        kind[i] = "metadata"
        meta.extend(pairs)
