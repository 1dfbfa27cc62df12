"""qmcorpus.extract.issuers: the bodies issuing or running the campaign, as written (simplified).

Sources, strongest first: the signature block (落款), the title ("X关于开展…的通知"), a body named
on its own line under the title, then sentences that name organisers ("由A、B等N个部门联合开展",
"A联合B、C开展", "A等N个部门联合印发", "A组织/举办/开展 …"). A portal's "来源:" line is not
an issuer, nor are bodies named in a clause that cites another document (根据/按照《…》).
"""
from __future__ import annotations

import functools
import itertools
import re

from .. import resources
from ..literals import required_any
from . import gazetteer
from .bodies import is_body  # noqa: F401 (also read from here)
from .fields import Found
from .layout import Layout
from .lookahead import closing_words, gated, last_end, searcher
from .structure import CITED_TITLE, bodies_line, config, own_number, signature_parts, signed_line_cut, to_ascii_digits

LETTERHEAD_LINES = 2  # lines at the top that may hold a formal document's letterhead
ORGANISER_WINDOW = 4000  # characters searched for sentences naming organisers
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_SEP = re.compile(r"\s*(?:、|，|,|；|;)\s*")
_AND = resources.pattern("patterns.toml", "extract.issuers.and")
_AND_STRONG = resources.pattern("patterns.toml", "extract.issuers.and_strong")
_LEAD_JOIN = resources.pattern("patterns.toml", "extract.issuers.lead_join")
_CITING = resources.pattern("patterns.toml", "extract.issuers.citing")
_LEAD_WORD = resources.pattern("patterns.toml", "extract.issuers.lead_word")
_TAIL_WORD = resources.pattern("patterns.toml", "extract.issuers.tail_word")
_COUNTED_BODIES = resources.pattern("patterns.toml", "extract.issuers.counted_bodies")
_LEAD_JUNK = resources.pattern("patterns.toml", "extract.issuers.lead_junk")


@functools.lru_cache(maxsize=4096)  # a pure function of the name; a corpus names the same bodies again and again
def _strip_locative(name: str) -> str:
    """"X省Y县质监局" → "Y县质监局": a province glued before a county is a locative (a city
    keeps its province, X省Z市质监局; a municipality's district keeps it, 某直辖市Y区…)."""
    places = gazetteer.find_places(name[:12])
    if len(places) >= 2 and places[0].start == 0 and all(r.level == "province" for r in places[0].regions):
        nxt = places[1]
        # a province-level region named 市 is a municipality (its districts sit right under it)
        municipality = any(r.name.endswith("市") for r in places[0].regions)
        if nxt.start == places[0].end and not municipality and all(r.level == "county" for r in nxt.regions):
            return name[places[0].end:]
    return name


def _mask_titles(text: str) -> str:
    """Blank out 《…》 titles (same length): a cited notice's issuers are not this document's; and the
    clause "在B的领导下，" set between a lead and its partners ("A在B的领导下，会同C、D…": A leads)."""
    if "下" in text:  # (every such clause holds it)
        text = _UNDER_LEAD.sub(lambda m: " " * len(m.group(0)), text)
    if "《" not in text:
        return text  # every title opens with it: nothing to blank (what sub gives: an equal text)
    return CITED_TITLE.sub(lambda m: "《" + "＿" * (len(m.group(0)) - 2) + "》", text)


_UNDER_LEAD = resources.pattern("patterns.toml", "extract.issuers.under_lead")


_PAREN_PLACE = re.compile(r"[(（](?P<p>[^()（）]{2,8})[)）]")
_SHORT_NAME_NOTE = resources.pattern("patterns.toml", "extract.issuers.short_name_note")


_LEAD_MODIFIER = resources.pattern("patterns.toml", "extract.issuers.lead_modifier")


@functools.cache
def _firm_paren_words() -> frozenset[str]:
    """Words a firm's name holds in parentheses (data/extract.toml [issuers] firm_paren_words)."""
    return frozenset(config()["issuers"]["firm_paren_words"])


@functools.lru_cache(maxsize=4096)  # a pure function of the piece; a text names its bodies again and again
def _clean_name(piece: str) -> str:
    piece = piece.strip()
    # a place in parentheses inside a firm's name ("X(某地)制造有限公司") is part of the name
    piece = _SHORT_NAME_NOTE.sub("", piece)
    keep = {m.group(0): "\0" * len(m.group(0)) for m in _PAREN_PLACE.finditer(piece)
            if (gazetteer.find_places(m.group("p")) and gazetteer.find_places(m.group("p"))[0].start == 0)
            or is_body(m.group("p")) or m.group("p") in _firm_paren_words()}
    for k, v in keep.items():
        piece = piece.replace(k, v)
    name = _LEAD_JUNK.sub("", piece)
    for k, v in keep.items():
        name = name.replace(v, k)
    name = _LEAD_WORD.sub("", name)
    name = _LEAD_MODIFIER.sub("", name)
    name = _TAIL_WORD.sub("", name)
    return _COUNTED_BODIES.sub("", name).strip()


def _bodies_in(segment: str, offset: int, rule: str) -> list[Found]:
    """Bodies listed in a segment ("A、B和C"); "工业和信息化部" stays whole, two bodies joined by 和 ("X总工会和Y团委") split."""
    return [Found(part, offset + at, offset + at + len(part), rule) for part, at in _bodies_at(segment)]


@functools.lru_cache(maxsize=4096)
def _bodies_at(segment: str) -> tuple[tuple[str, int], ...]:
    """(body, its offset in the segment) of :func:`_bodies_in`: a pure function of the segment,
    kept (a corpus names the same lists of organisers in sentence after sentence)."""
    return tuple((f.value, f.start) for f in _plain_bodies_in(segment, 0, ""))


def _plain_bodies_in(segment: str, offset: int, rule: str) -> list[Found]:
    """:func:`_bodies_in` worked out anew (its definition)."""
    out = []
    pos = 0
    for piece in _SEP.split(segment):
        at = segment.find(piece, pos)
        pos = at + len(piece)
        name = _clean_name(piece)
        parts = [name]
        if not is_body(name) or _AND.search(name):
            for joiner in (_AND_STRONG, _AND):
                split = [_clean_name(x) for x in joiner.split(name)]
                if len(split) > 1 and all(is_body(x) for x in split):
                    parts = split
                    break
        for part in parts:
            if is_body(part):
                s = offset + segment.find(part, at)
                out.append(Found(part, s, s + len(part), rule))
    return out


# (each lazy list is told what may follow it, extract/lookahead.py: the same matches, found sooner)
_LIST_NOT = resources.piece("patterns.toml", "extract.issuers.pieces.list_not")  # never in a list of bodies
_LEAD_NOT = resources.piece("patterns.toml", "extract.issuers.pieces.lead_not")
# what closes a list of organisers; each pattern is a list followed by its closing words
_JOINT = gated(resources.pattern("patterns.toml", "extract.issuers.joint"), "list")
_JOINT_ALL = gated(resources.pattern("patterns.toml", "extract.issuers.joint_all"), "list")
_JOINT_PLAIN = gated(resources.pattern("patterns.toml", "extract.issuers.joint_plain"), "list")
_BY = gated(resources.pattern("patterns.toml", "extract.issuers.by"), "list")
_DECIDED = gated(resources.pattern("patterns.toml", "extract.issuers.decided"), "list")
_DECIDED_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.decided_anchor")
# "由A主办、B承办": the bodies that co-host or carry out the event are organisers too
_HOSTS_TOO = gated(resources.pattern("patterns.toml", "extract.issuers.hosts_too"), "list")
# "由A牵头，会同B、C共同组织": the lead's partners, named in the next clause, run it too
_BY_PARTNERS = gated(resources.pattern("patterns.toml", "extract.issuers.by_partners"), "list")
# a part of every match of each pattern, cheap to find: where the costly pattern is tried
_BY_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.by_anchor")
_JOINT_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.joint_anchor")
_JOINT_ALL_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.joint_all_anchor")
_JOINT_ALL_WITNESS = resources.pattern("patterns.toml", "extract.issuers.joint_all_witness")
_JOINT_PLAIN_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.joint_plain_anchor")
_PARTNERS_HEAD = resources.pattern("patterns.toml", "extract.issuers.partners_head")
_WITH = gated(resources.pattern("patterns.toml", "extract.issuers.with"), "lead", "list")
_WITH_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.with_anchor")
_SUBJECT = gated(resources.pattern("patterns.toml", "extract.issuers.subject"), "s")
_SUBJECT_ENDS = closing_words(_SUBJECT) or ("",)  # the verbs every match ends with ("": unknown, no bound)
_LABELLED = resources.pattern("patterns.toml", "extract.issuers.labelled")
_LEADS_BEFORE = gated(resources.pattern("patterns.toml", "extract.issuers.leads_before"), "lead")
_LEADS_NEEDS = required_any(_LEADS_BEFORE) or ("",)  # words one of which every match holds ("": unknown)
LABEL_LINES = 12  # lines under the title where "主办单位：…" may name the organisers (not a site footer)
_LABELLED_HEADING = resources.pattern("patterns.toml", "extract.issuers.labelled_heading")
_ATTENDING = gated(resources.pattern("patterns.toml", "extract.issuers.attending"), "list")
_ATTENDING_LEADERS = gated(resources.pattern("patterns.toml", "extract.issuers.attending_leaders"), "list")
_ATTENDING_LEADERS_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.attending_leaders_anchor")
_ATTENDING_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.attending_anchor")
ATTENDING_MIN = 2  # bodies an attendance list names, at least, to stand for the organisers
_AUTHORED = gated(resources.pattern("patterns.toml", "extract.issuers.authored"), "list")
_AUTHORED_ANCHOR = resources.pattern("patterns.toml", "extract.issuers.authored_anchor")


_CLAUSE_ENDS = "，,。；;\n"


@functools.lru_cache(maxsize=None)
def _last_re(chars: str) -> re.Pattern:
    return re.compile("(?s:.*)[" + "".join(map(re.escape, chars)) + "]")


def _last(text: str, chars: str, lo: int, hi: int) -> int:
    """``max(text.rfind(c, lo, hi) for c in chars)``: the offset of the last of ``chars`` in
    ``text[lo:hi]`` (-1: none), by one match (everything, then back to the last such character)
    instead of one backward search a character."""
    m = _last_re(chars).match(text, lo, hi) if lo < hi else None
    return m.end() - 1 if m else -1


def _finditer_near(pat: re.Pattern, anchor: re.Pattern, not_in_run: str, text: str, a: int, b: int):
    """The matches of ``pat.finditer(text, a, b)``, searched for only near its anchor.

    Every match of ``pat`` contains a match of ``anchor`` (its closing words), and from the start of
    the match to that anchor no character of ``not_in_run`` occurs. So the next match cannot start
    before the run of such characters that holds the next anchor: the search starts there instead
    of trying the (lazy, costly) pattern at every position of the sentence.
    """
    pos = a
    find = searcher(anchor).search  # (anchor.search: the same matches)
    while pos < b:
        am = find(text, pos, b)
        if am is None:
            return
        run_start = _last(text, not_in_run, pos, am.start()) + 1
        m = pat.search(text, max(pos, run_start), b)
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def _in_sentences(pat: re.Pattern, anchor: re.Pattern, not_in_run: str, text: str,
                  witness: re.Pattern | None = None):
    """The matches of :func:`_finditer_near` in each sentence (``_SENTENCE``) in turn (those of
    the sentences :func:`_anchored` skips are none; ``witness``: a part of every anchor match,
    cheaper to find, that picks the sentences instead)."""
    for a, b in _anchored(witness or anchor, text):
        yield from _finditer_near(pat, anchor, not_in_run, text, a, b)


_TERMINATORS = "。！？!?\n"  # what _SENTENCE never holds but at a sentence's end


def _anchored(anchor: re.Pattern, text: str):
    """The sentences ``(start, end)`` of ``text`` (``_SENTENCE.finditer``) that may hold a match of
    ``anchor``, in order: the others hold none.

    An anchor holds no assertion (lookaround, ^, $, \\b): a match of it inside a sentence is a match
    in the whole text. So the next match in the whole text shows the next sentence that can hold
    one: the sentence around it (or, if it lies in none, the next one); the sentences before it
    hold none. Only those sentences are delimited (most texts hold no anchor: one search in all).
    """
    pos = 0
    find = searcher(anchor).search  # (anchor.search: the same matches)
    while True:
        m = find(text, pos)
        if m is None:
            return
        p = m.start()
        # sentences start after a terminator: the one holding p, if any, is the first from there
        a = _last(text, _TERMINATORS, pos, p) + 1 if p > pos else pos
        sent = _SENTENCE.search(text, max(a, pos))
        while sent is not None and sent.end() <= p:
            sent = _SENTENCE.search(text, sent.end())
        if sent is None:
            return
        if sent.start() <= p:
            yield sent.span()
            pos = sent.end()
        else:  # p lies in no sentence: the next sentence may hold a later match
            pos = sent.start()


# what names the bodies running the campaign in a speech's own words (its speaker's body does not)
_ORGANISING_RULES = frozenset({"issuers:由…主办", "issuers:joint_等N个部门", "issuers:joint_N部门", "issuers:联合发文",
                               "issuers:A联合B", "issuers:subject_of_campaign_verb", "issuers:决定"})


def find_issuers(lay: Layout, title: Found | None, doc_type: str) -> list[Found]:
    """Issuing/organising bodies with evidence, in order of appearance, without duplicates.

    A speech names its speaker's body on the line under its title; the bodies its text says run the
    campaign ("经省政府同意，A、B决定…开展", "A会同B、C制定了活动方案") are its issuers, the speaker's body
    only when the text names none (a vice-governor opens a campaign the bureaus run)."""
    if _titled(title, "speech_title") \
            and (said := next((b for ln in lay.lines[1:SPEAKER_LINES] if (b := _speaker_body(ln.text))), None)):
        named = _find_issuers(lay, title, doc_type, speaker=False)
        # (bodies of the speaker's level: a campaign of another level the speech recalls is not its own)
        if named and all(f.rule in _ORGANISING_RULES for f in named) and _same_level(said, named):
            return named
    return _find_issuers(lay, title, doc_type)


def _titled(title: Found | None, *genres: str) -> bool:
    """Whether the document's own title (not a heading standing in for one) names one of these genres
    (data/extract.toml doc_type: speech_title, interpretation_title)."""
    return title is not None and title.start >= 0 and any(_genre(g).search(title.value) for g in genres)


@functools.cache
def _genre(name: str) -> re.Pattern:
    """The compiled title pattern of a genre (data/extract.toml doc_type), once."""
    return _genre_in("doc_type", name)


@functools.cache
def _genre_in(section: str, key: str) -> re.Pattern:
    """The pattern ``key`` of data/extract.toml [section], compiled once."""
    return re.compile(config()[section][key])


def _same_level(said: str, named: list[Found]) -> bool:
    """Whether the bodies ``named`` include the body ``said`` is a unit of ("某总局某司" of 某总局), or one of
    its level (an association's: the reach of the place it is named with, 中国… national)."""
    from .regions import _association_scope, body_level  # (regions reads issuers' results: imported here)

    def reach(name: str) -> str | None:
        lvl = body_level(name)
        return (_association_scope(name) or "national") if lvl == "association" else lvl

    level = reach(said)
    return any(said.startswith(f.value) for f in named) or \
        (level is not None and any(reach(f.value) == level for f in named))


def _find_issuers(lay: Layout, title: Found | None, doc_type: str, speaker: bool = True) -> list[Found]:
    """:func:`find_issuers`, the speaker line of a speech read (``speaker``) or not."""
    text, lines = lay.text, lay.lines
    found: list[Found] = []
    bodies, _ = lay.signature
    for n, i in enumerate(bodies):
        ln = lines[i]
        if n and _PROXY_SEAL.search(lines[bodies[n - 1]].text):
            continue  # the body sealing for the signer named above it ("某办公室（代章）" ⏎ "某局")
        # bodies and the date on one line: the bodies are the text before the date
        cut = signed_line_cut(ln.text) if i == lay.signature[1] else None
        for a, b in signature_parts(ln.text[:cut] if cut is not None else ln.text) or []:
            if doc_type == "news" and ln.text[a:b] in resources.body_suffixes():
                continue  # a report signed by an office's kind alone ("教务处"): its writer's credit, no named body
            probe = Found(ln.text[a:b], 0, b - a, "")
            if _outer_body(probe) is not probe:
                continue  # signed by an office of a body ("某厂质量管理处"): the body is told by the rest of the text
            found.append(Found(ln.text[a:b], ln.start + a, ln.start + b, "issuers:signature"))
    if title is not None and title.start >= 0:
        # (a joint head over the "关于…" line: its lines break like its spaces; same length, offsets stay)
        t = text[title.start:title.end].replace("\n", " ")
        m = resources.pattern("patterns.toml", "extract.issuers.title_issuers").match(t)
        if m:
            lst = m.group("list")
            # a joint notice's title lists its bodies separated by spaces ("A局 B委 C会关于…"):
            # read the spaces as separators when every piece they leave is a body
            pieces = lst.split()
            if len(pieces) > 1 and all(is_body(_clean_name(x)) for x in pieces):
                lst = re.sub(r"\s", "、", lst)  # same length: offsets stay
            found += _bodies_in(lst, title.start, "issuers:title")
    for ln in lines[:LABEL_LINES]:
        m = _LABELLED.match(ln.text)
        if m:
            lst = m.group("list")
            if len(lst.split()) > 1 and all(is_body(_clean_name(x)) for x in lst.split()):
                lst = re.sub(r"\s", "、", lst)  # bodies separated by spaces; same length: offsets stay
            found += _bodies_in(lst, ln.start + m.start("list"), "issuers:labelled_organiser")
    for ln, nxt in zip(lines[:LABEL_LINES], lines[1:LABEL_LINES + 1]):
        if _LABELLED_HEADING.match(ln.text):
            # the heading's next line lists the bodies, and nothing else (every piece a body)
            pieces = [x for x in _SEP.split(nxt.text.strip()) if x]
            if pieces and all(is_body(_clean_name(x)) for x in pieces):
                found += _bodies_in(nxt.text, nxt.start, "issuers:labelled_organiser")
    if speaker and _titled(title, "speech_title"):
        # a speech's speaker line under its title ("某市人民政府副市长 某某"): the speaker's body
        for ln in lines[1:SPEAKER_LINES]:
            if (body := _speaker_body(ln.text)) is not None:
                found.append(Found(body, ln.start, ln.start + len(body), "issuers:speaker_line"))
                break
    found += _joint_head(lay)
    if (head := _letterhead(lines)) is not None and not any(f.value == head.value for f in found):
        found.append(head)
    for ln in lines[1:6]:
        # (a bulletin's header line names its body, then the day of the issue: "某局办公室  YYYY年M月D日")
        cut = signed_line_cut(ln.text)
        name = _unspaced_body(ln.text[:cut].rstrip() if cut else ln.text)
        if name is not None and not any(f.value == name for f in found) \
                and not (doc_type == "news" and name in resources.body_suffixes()):  # (a kind alone: as a signature)
            found.append(Found(name, ln.start, ln.start + (cut or len(ln.text)), "issuers:header_line"))
            break
    # organisers are named in the lead; a bounded window also keeps the patterns linear on huge pages
    masked = _mask_titles(text[:ORGANISER_WINDOW])
    if found:
        # the lead: the text before the first numbered heading (an item's sentence names one event's partners)
        lead_end = lines[lay.headings[0].line].start if lay.headings else len(text)
        found += _partners(masked, found, lead_end, _organiser_sections(lay))
    elif doc_type in ("notice", "plan"):
        # unsigned: the makers the lead names ("结合我地区实际，X局制定本方案") are its issuers
        found += _authors(masked)
    joint_title = title is not None and re.search(config()["issuers"]["joint_title"], title.value)
    if found and doc_type in ("notice", "plan") and not joint_title:
        return _dedupe(_with_owner(found, text, title))
    joint: list[Found] = []
    partners_of: list[Found] = []  # the subject a joint list "与A、B联合开展" holds the partners of
    for rule, pat, anchor, witness in (
            ("issuers:由…主办", _BY, _BY_ANCHOR, None), ("issuers:joint_等N个部门", _JOINT, _JOINT_ANCHOR, None),
            ("issuers:joint_N部门", _JOINT_ALL, _JOINT_ALL_ANCHOR, _JOINT_ALL_WITNESS),
            ("issuers:联合发文", _JOINT_PLAIN, _JOINT_PLAIN_ANCHOR, None),
            ("issuers:决定", _DECIDED, _DECIDED_ANCHOR, None)):
        # the (costly) patterns run sentence by sentence, only where their closing words occur
        for m in _in_sentences(pat, anchor, _LIST_NOT, masked, witness):
            seg_start = m.start("list")
            seg = masked[seg_start:m.end("list")]
            cut = max(seg.rfind("，"), seg.rfind(","), seg.rfind("由"), seg.rfind(")"), seg.rfind("）"))
            if rule != "issuers:由…主办" and cut >= 0:
                # "A牵头，B、C等部门…": the body leading, in the clause before the partners, is one too
                head = seg[:cut]
                # (searched only where one of the words every match holds occurs)
                lead = _LEADS_BEFORE.search(head) if any(w in head for w in _LEADS_NEEDS) else None
                if lead and seg[cut] in "，,":
                    joint += _bodies_in(lead.group("lead"), seg_start + lead.start("lead"), rule)
                seg_start += cut + 1
                seg = seg[cut + 1:]
                if masked[seg_start - 1] == "由":
                    # "由A联合B、C等N个部门…": the lead and its first partner, joined by a word (same length)
                    seg = _LEAD_JOIN.sub(lambda m: "、" * len(m.group(0)), seg, count=1)
            if rule != "issuers:由…主办" and doc_type not in ("notice", "plan") and (j := _LEAD_JOIN.search(seg)) \
                    and is_body(_clean_name(seg[:j.start()])) and is_body(_clean_name(_SEP.split(seg[j.end():])[0])):
                # a report's "A联合B、C等N个部门开展…" (the list opening its clause): A leads, B (a body, not
                # "N个部门") is its first partner; a notice citing the national list this way runs none of it
                seg = seg[:j.start()] + "、" * (j.end() - j.start()) + seg[j.end():]
            head_word = _PARTNERS_HEAD.match(seg) if rule != "issuers:由…主办" else None
            if head_word:
                # "…，与A、B联合开展": A and B are partners of the body the lead is about, who leads
                seg_start, seg = seg_start + head_word.end(), seg[head_word.end():]
                partners_of = partners_of or _subject(masked, title)
            clause_start = _last(masked, _CLAUSE_ENDS, 0, seg_start) + 1
            if _CITING.search(masked[clause_start:seg_start] + seg):
                continue
            listed = _bodies_in(seg, seg_start, rule)
            if rule == "issuers:决定" and len(listed) < 2:
                continue  # (one body deciding: the lead's subject, read below)
            joint += listed
            if rule == "issuers:由…主办":
                for more in (_HOSTS_TOO.match(masked, m.end()), _BY_PARTNERS.match(masked, m.end())):
                    if more:
                        joint += _bodies_in(more.group("list"), more.start("list"), rule)
    if joint:
        found += _first_naming(joint, masked, short_forms=bool(joint_title))
    if found and partners_of:
        found = partners_of + found  # the lead, named in an earlier sentence than its partners
    if not found:
        lead_end = _lead_end(masked, title)
        for m in _in_sentences(_WITH, _WITH_ANCHOR, _LEAD_NOT, masked):
            # (the campaign may be named inside the title of the document the bodies made: "A会同B等N部门
            # 制定了《某年某省“质量月”活动方案》", masked as a cited title, read as written)
            if m.start() >= lead_end and not _CAMPAIGN_NAMED.search(text, m.start(), _sentence_end(masked, m.start())):
                continue  # a later sentence's "A联合B开展…" of one event: its partners, not the campaign's organisers
            clause_start = _last(masked, _CLAUSE_ENDS, 0, m.start()) + 1
            if _CITING.search(masked[clause_start:m.start("list")]):
                continue
            lead = _bodies_in(m.group("lead"), m.start("lead"), "issuers:A联合B")
            if lead:
                found += lead + _bodies_in(m.group("list"), m.start("list"), "issuers:A联合B")
                break
    # (a speech and an interpretation are other, yet the body their lead is about is the campaign's: the
    # speaker's, the one that made the document interpreted)
    speech = _titled(title, "speech_title", "interpretation_title")
    if (doc_type != "other" or speech) and (not found or all(f.rule == "issuers:A联合B" for f in found)):
        # the body the lead is about, when named before any "A联合B" sentence
        subject = _subject(masked, title)
        if subject and (not found or subject[0].start < found[0].start):
            found = subject + found  # the lead's subject, then the bodies a later "A联合B" names
    if not found and doc_type == "plan":
        found = _schedule_lead(lines)  # a schedule alone: the unit leading most of its activities
    if not found and doc_type == "news":
        found = _attending(masked) or _spokesperson(masked) or _next_step(masked) or _interviewee(title)
    elif doc_type == "news" and found and all(f.rule == "issuers:subject_of_campaign_verb" for f in found):
        # a later clause's subject among the bodies the report says attended the event: one of its organisers,
        # who are the list
        att = _attending(masked)
        if len(att) > len(found) and all(any(_same_body(a.value, f.value) for a in att) for f in found):
            found = att
    return _dedupe([_locative(_in_full(_outer_body(f), masked)) for f in _with_owner(found, text, title)])


@functools.cache
def _offices() -> tuple[str, ...]:
    """data/extract.toml [issuers] offices, in their order, read once."""
    return tuple(resources.toml("extract.toml")["issuers"]["offices"])


def _outer_body(f: Found) -> Found:
    """An office named after its body ("某厂质量管理处", "某协会秘书处", data/extract.toml offices) → that body,
    whose campaign the office runs; an office alone stays."""
    offices = _offices()
    if not f.value.endswith(offices):  # (most names end with no office: the list walked only for those)
        return f
    for office in offices:
        if f.value.endswith(office):
            head = f.value[:-len(office)]
            for k in range(len(head), 1, -1):  # the longest body the office's name opens with (某厂 of 某厂质量管理处)
                if is_body(head[:k]):
                    return Found(head[:k], f.start, f.start + k, f.rule, f.share)
            break
    return f


WITH_SENTENCES = 2  # sentences of a report's lead where "A联合B…开展" names the campaign's organisers
# … or a later sentence naming the campaign itself (its name: data/patterns.toml campaign_named)
_CAMPAIGN_NAMED = resources.pattern("patterns.toml", "extract.issuers.campaign_named")


def _lead_end(masked: str, title: Found | None) -> int:
    """Where the lead's first WITH_SENTENCES sentences after the title end."""
    body_from = title.end if title is not None and title.start >= 0 else 0
    end = body_from
    for sent in itertools.islice(_SENTENCE.finditer(masked, body_from), WITH_SENTENCES):
        end = sent.end()
    return end


SHORT_FORM_REACH = 8  # characters of a place's name that may stand before a short form's level


def _in_full(f: Found, masked: str) -> Found:
    """A body named by a short form opening with its level ("县市场监督管理局", "市质监局"), given by the
    name the text writes it in full with its place ("某某县市场监督管理局", "某某市质量技术监督局"): the
    naming outside a clause citing another document, if the text names one body so (two, a
    city's and its parent's, leave the short form as written). Only a naming before the short form:
    the text introduces the body in full, then shortens it; a body written short first stays so."""
    v = f.value
    if v[:1] not in _LEVEL_CHARS or not is_body(v):
        return f
    fulls: dict[str, int] = {}
    for core in {v, _full_kind(v)}:
        j = masked.find(core)
        while j != -1 and j < f.start:
            for k in range(SHORT_FORM_REACH, 0, -1):
                cand = masked[max(0, j - k):j + len(core)]
                if len(cand) > len(core) and is_body(cand) and (_place_short_form(cand, v) or _same_body(cand, v)) \
                        and (places := gazetteer.find_places(cand)) and places[0].start == 0:
                    if not _CITING.search(masked[_last(masked, _CLAUSE_ENDS, 0, j) + 1:j]):
                        fulls.setdefault(cand, j - (len(cand) - len(core)))
                    break  # the longest name opening with a place
            j = masked.find(core, j + 1)
    if len(fulls) != 1:
        return f
    (name, at), = fulls.items()
    return Found(name, at, at + len(name), f.rule)


def _joint_head(lay: Layout) -> list[Found]:
    """The bodies a joint notice's head names on the lines over its number and title, one or more a
    line ("A局 ⏎ B委 ⏎ C会 ⏎ 某发〔YYYY〕N号 ⏎ 关于…"): every line before the title names only bodies
    (or is the number). None when the head is one body (the letterhead's)."""
    if not lay.title or lay.title[0] == 0:
        return []
    out: list[Found] = []
    for ln in lay.lines[:lay.title[0]]:
        if own_number(to_ascii_digits(ln.text)) is not None:
            continue
        if not bodies_line(ln.text):
            return []
        out += _bodies_in(re.sub(r"\s", "、", ln.text), ln.start, "issuers:joint_head")  # same length
    return out if len(out) > 1 else []


_PROXY_SEAL = resources.pattern("patterns.toml", "extract.structure.proxy_seal")


def _letterhead(lines: list) -> Found | None:
    """The body a formal document's letterhead (版头) names: "某局文件" on one of its first lines, or
    the body's name alone on the first line over the document's number (文号)."""
    letterhead = _genre_in("issuers", "letterhead")
    for k, ln in enumerate(lines[:LETTERHEAD_LINES]):
        m = letterhead.match(ln.text.strip())
        name = _unspaced_body(m.group("name").strip() if m else ln.text.strip())
        if name is None:
            continue
        if m or (k == 0 and len(lines) > 1 and own_number(to_ascii_digits(lines[1].text)) is not None):
            at = ln.start + max(0, ln.text.find(name))
            return Found(name, at, at + len(name), "issuers:letterhead")
    return None


_CELLS = re.compile(r"\t|\s{2,}|\u3000")  # what a flattened table separates its cells by


def _schedule_lead(lines: list) -> list[Found]:
    """The body a schedule of activities names in its lead column (牵头单位) for most of its rows (at
    least half): who runs the campaign a page holding the schedule alone is about; else none."""
    lead = re.compile(config()["issuers"]["lead_column"])
    col, counts, rows = None, {}, 0
    for ln in lines:
        cells = [c for c in _CELLS.split(ln.text.strip()) if c]
        if col is None:
            hit = [k for k, c in enumerate(cells) if lead.match(c)]
            if hit and len(cells) >= 3:
                col, width = hit[0], len(cells)
            continue
        if len(cells) < 3:
            continue  # a cell's wrapped part, a note
        rows += 1
        name = cells[-1] if col == width - 1 else (cells[col] if len(cells) == width else None)
        if name is not None and is_body(name):
            counts.setdefault(name, []).append(ln)
    if not counts:
        return []
    name, where = max(counts.items(), key=lambda kv: len(kv[1]))
    if 2 * len(where) < rows:
        return []
    ln = where[0]
    at = ln.start + ln.text.rfind(name)
    return [Found(name, at, at + len(name), "issuers:schedule_lead")]


def _unspaced_body(line: str) -> str | None:
    """``line`` as one body's name, or None; a name a scan's text broke by a stray space ("某某市场
    监督管理 局") is read whole, when the pieces the space leaves are not bodies each."""
    if is_body(line):
        return line
    pieces = line.strip().split(" ")
    if len(pieces) == 2 and all(pieces) and not all(is_body(p) for p in pieces) and is_body("".join(pieces)):
        return "".join(pieces)  # (one single space: a table's row or two bodies are spaced otherwise)
    return None


def _with_owner(found: list[Found], text: str, title: Found | None) -> list[Found]:
    """``found``, led by the owner the title opens with (:func:`_title_owner`) when no organiser is
    named, or only the owner's own units by a bare reference ("厂质量月领导小组", "学院质量办公室")."""
    if title is None or title.start < 0:
        return found
    unit = config()["issuers"]["internal_unit"]
    if found and not all(re.match(unit, f.value) for f in found):
        return found
    owner = _title_owner(text, title)
    if owner:  # the organisation named by a bare reference to itself is the owner
        found = [f for f in found if not re.match(config()["issuers"]["self_reference"], f.value)]
    return owner + found


def _title_owner(text: str, title: Found) -> list[Found]:
    """The body a title opens with, right before the campaign ("某某厂质量月活动安排", "某某局“质量月”
    期间…"): whose campaign it is, when nothing else names an organiser. Named in full in the text
    ("某县质监局" in the title, "某县质量技术监督局" in the lead), the full name is given."""
    m = _TITLE_OWNER.match(text, title.start, title.end)
    if not m or not is_body(name := _clean_name(m.group("owner"))):
        return []
    at = m.start("owner") + m.group("owner").find(name)
    full = _full_kind(name)
    if full != name and (j := text.find(full, title.end)) != -1:
        return [Found(full, j, j + len(full), "issuers:title_owner")]
    return [Found(name, at, at + len(name), "issuers:title_owner")]


def _attending(masked: str) -> list[Found]:
    """The bodies a report says took part in the campaign's event, in the first list of at least
    ATTENDING_MIN of them closed by their count ("A、B、C等8家单位参加了咨询活动"), else by their leaders who
    attend ("A、B、C负责同志和职工代表参加大会")."""
    return _attending_by(_ATTENDING, _ATTENDING_ANCHOR, masked) \
        or _attending_by(_ATTENDING_LEADERS, _ATTENDING_LEADERS_ANCHOR, masked)


def _attending_by(pat: re.Pattern, anchor: re.Pattern, masked: str) -> list[Found]:
    """:func:`_attending` for one construction."""
    for m in _in_sentences(pat, anchor, _LIST_NOT, masked):
        # (the list is the clause before the count: "…讲话，A、B等部门负责人参加")
        if (listed := _uncited_list(m, masked)) is None:
            continue
        seg_start, seg = listed
        found = _bodies_in(seg, seg_start, "issuers:attending")
        if len(found) >= ATTENDING_MIN:
            return found
    return []


def _last_clause_list(m: re.Match) -> tuple[int, str]:
    """(start, text) of the match's ``list`` from after its last comma: the clause before it names
    no body of the list ("结合实际，X局制定本方案")."""
    seg_start, seg = m.start("list"), m.group("list")
    cut = max(seg.rfind("，"), seg.rfind(","))
    if cut >= 0:
        seg_start, seg = seg_start + cut + 1, seg[cut + 1:]
    return seg_start, seg


def _uncited_list(m: re.Match, masked: str) -> tuple[int, str] | None:
    """:func:`_last_clause_list`, or None when its clause cites another document (根据…)."""
    seg_start, seg = _last_clause_list(m)
    clause_start = _last(masked, _CLAUSE_ENDS, 0, seg_start) + 1
    return None if _CITING.search(masked[clause_start:seg_start] + seg) else (seg_start, seg)


def _spokesperson(masked: str) -> list[Found]:
    """The body whose spokesperson states what the campaign does ("X局相关负责人表示，…将开展…"):
    the first such body whose statement holds a campaign verb."""
    if "负责人" not in masked:
        return []  # (every match holds it)
    for m in _SPOKESPERSON.finditer(masked):
        if not (_CAMPAIGN_VERB.search(m.group("says")) or _NEXT_STEP_SAYS.match(m.group("says"))):
            continue  # a comment on the campaign, not what it does nor what its body does next
        found = _bodies_in(m.group("s"), m.start("s"), "issuers:spokesperson")
        if found and not any(_former(f.value) for f in found):
            return found
    return []


def _next_step(masked: str) -> list[Found]:
    """The body a report's closing statement says acts next ("下一步，X局将…", "展望来年，X局将继续…"): a
    report written after the campaign speaks for the body that ran it. The last such statement counts
    (the closing one); none when its subject names no body ("下一步，各地将…")."""
    for m in reversed(list(_NEXT_STEP.finditer(masked))):
        found = _bodies_in(m.group("s"), m.start("s"), "issuers:next_step")
        if found and not any(_former(f.value) for f in found):
            return found
    return []


SPEAKER_LINES = 4  # lines of a speech's head where its speaker is named
_NAME_AFTER_TITLE = re.compile(r"\s*[\u4e00-\u9fff·]{2,4}\s*$")  # the speaker's name closing the line


_INTERVIEWEE = resources.pattern("patterns.toml", "extract.issuers.interviewee")


def _interviewee(title: Found | None) -> list[Found]:
    """The body of the person an interview visits, as its title names them ("…——访X公司总经理某某"):
    whose campaign the interview tells, when the text names no organiser."""
    if title is None or title.start < 0 or (m := _INTERVIEWEE.search(title.value)) is None:
        return []
    body = _speaker_body(m.group("who"))
    if body is None:
        return []
    at = title.start + m.start("who")
    return [Found(body, at, at + len(body), "issuers:interviewee")]


def _speaker_body(line: str) -> str | None:
    """The body in a speaker line: a body's name, a person's title, the person's name."""
    s = line.strip()
    if len(s) > 40 or _SENTENCE_MARK.search(s):
        return None
    for k in range(2, len(s) - 2):
        m = _PERSON_AFTER.match(s[k:])  # (anchored at ^: matched on the rest, not at a position)
        if m and _NAME_AFTER_TITLE.fullmatch(s, k + m.end()) and is_body(s[:k]):
            return s[:k]
    return None


_SENTENCE_MARK = re.compile(r"[，。；！？,;!?]")


def _first_naming(joint: list[Found], masked: str, short_forms: bool = False) -> list[Found]:
    """The organisers are named together: what the earliest naming sentence says, unless a later
    sentence names all of its bodies and more (a headline's "A等五部门部署…" shortens the lead's list;
    with ``short_forms``, a notice's title "A等N部门关于…", the lead may name A by a short form)."""
    groups: dict[int, list[Found]] = {}
    for f in sorted(joint, key=lambda f: f.start):
        groups.setdefault(_sentence_end(masked, f.start), []).append(f)
    ordered = [groups[k] for k in sorted(groups)]
    first = ordered[0]
    same = _same_body if short_forms else lambda a, b: canonical(a) == canonical(b)
    for later in ordered[1:]:
        # (a headline's short form opening with its level, 省技术监督局, names a body the lead names in full)
        if len(later) > len(first) and all(any(same(f.value, g.value) or _same_body(g.value, f.value)
                                                for g in later) for f in first):
            return later
    return first


def _former(name: str) -> bool:
    """A body named by its former name (data/extract.toml [issuers] former_prefix): recalled history."""
    return name.startswith(config()["issuers"]["former_prefix"])


@functools.lru_cache(maxsize=8192)  # a pure function of two names: a corpus compares the same bodies again and again
def _same_body(full: str, other: str) -> bool:
    """Whether ``other`` names the body ``full``: the same canonical name, or a short form opening
    with its level (市市场监管局 for 某某市市场监督管理局)."""
    if canonical(full) == canonical(other):
        return True
    if full == other:
        return False
    youth_open, youth_end = config()["issuers"]["youth_full"]
    if (m := re.match(config()["issuers"]["youth_short"], other)) and full.startswith(youth_open) \
            and full.endswith(m.group("level") + youth_end):
        return True  # the Youth League's committee of that level, named in full
    return (other[:1] in _LEVEL_CHARS and full.endswith((other, _full_kind(other)))) or _place_short_form(full, other)


def _place_short_form(full: str, other: str) -> bool:
    """Whether ``other`` names the body ``full`` by a shorter place name: its place's short form
    (黔南州市场监管局 for 黔南布依族苗族自治州市场监管局), or without the parent place before it
    (某区市场监管局 for 某市某区市场监督管理局); the kind may be short too."""
    short = _full_kind(other)
    places = gazetteer.find_places(short)
    if not places or places[0].start != 0:
        return False
    lead = places[0]
    names = {r.name for r in lead.regions}
    for name in names | {lead.surface}:
        expanded = name + short[lead.end:]
        if full == expanded:
            return True
        if full.endswith(expanded):
            head = full[: len(full) - len(expanded)]
            # what precedes is the place's parent (its province or its city), named in full
            if any(head in (r.province, r.city) for r in lead.regions if r.name in names):
                return True
    return False


def _organiser_sections(lay: Layout) -> list[tuple[int, int]]:
    """(start, end) of the sections whose heading names the organisers ("组织机构", "主办单位")."""
    pat = _genre_in("issuers", "organisers_heading")
    out = []
    for n, h in enumerate(lay.headings):
        if pat.search(h.title.strip()):
            end = lay.lines[lay.headings[n + 1].line].start if n + 1 < len(lay.headings) else len(lay.text)
            out.append((lay.lines[h.line].start, end))
    return out


def _partners(masked: str, found: list[Found], lead_end: int,
              organiser_spans: list[tuple[int, int]] = ()) -> list[Found]:
    """Bodies the lead names beside a body already found (in the signature or the title): the
    co-authors of "A、B制定本方案", the partners of "A联合/会同B、C开展…" when A is that body (in the
    lead, before ``lead_end``, A may be its short form), the co-hosts of :func:`_co_hosts`."""
    known = {canonical(f.value) for f in found}
    out: list[Found] = []
    authored = set(_anchored(_AUTHORED_ANCHOR, masked))
    partnered = set(_anchored(_WITH_ANCHOR, masked))
    for a, b in sorted(authored | partnered):  # in text order
        out += _authors_between(masked, a, b)
        for m in _finditer_near(_WITH, _WITH_ANCHOR, _LEAD_NOT, masked, a, b):
            clause_start = _last(masked, _CLAUSE_ENDS, 0, m.start()) + 1
            if _CITING.search(masked[clause_start:m.start("list")]):
                continue
            lead = _bodies_in(m.group("lead"), m.start("lead"), "issuers:A联合B")
            # the lead may name the signer by a short form opening with its level (省技术监督局)
            short_ok = m.start() < lead_end
            if lead and all(canonical(f.value) in known or (short_ok and _names_found(f.value, found))
                            for f in lead):
                out += _bodies_in(m.group("list"), m.start("list"), "issuers:partner_of_signer")
    return out + _co_hosts(masked, found, [(0, lead_end), *organiser_spans]) + _co_deciders(masked, found, lead_end)


def _co_deciders(masked: str, found: list[Found], lead_end: int) -> list[Found]:
    """The bodies a lead's "A、B、C等N个部门决定/联合印发…" names with the signer (by its name or a short
    form): a joint decision the notice only one of them signs (a national notice signed by its lead).
    Bodies found already in a joint head or signature are the decision's, named again in short forms."""
    out: list[Found] = []
    if len({canonical(f.value) for f in found}) != 1:
        return out
    for pat, anchor in ((_JOINT, _JOINT_ANCHOR), (_DECIDED, _DECIDED_ANCHOR)):
        for m in _in_sentences(pat, anchor, _LIST_NOT, masked[:lead_end]):
            if (uncited := _uncited_list(m, masked)) is None:
                continue
            seg_start, seg = uncited
            listed = _bodies_in(seg, seg_start, "issuers:co_decider_of_signer")
            if len(listed) > 1 and any(_names_found(f.value, found) for f in listed):
                out += listed
    return out


def _names_found(name: str, found: list[Found]) -> bool:
    """Whether ``name`` names one of the bodies ``found`` (the same body, or its short form)."""
    return any(_same_body(f.value, name) for f in found)


def _co_hosts(masked: str, found: list[Found], spans: list[tuple[int, int]]) -> list[Found]:
    """The bodies a "由A、B、C联合主办/共同组织" sentence of the lead or of the section naming the
    organisers (``spans``) names beside a body already found (the signer, by its name or a short
    form): it runs the campaign with them."""
    out: list[Found] = []
    for m in (m for a, b in spans for m in _in_sentences(_BY, _BY_ANCHOR, _LIST_NOT, masked[:b]) if m.start() >= a):
        seg_start = m.start("list")
        clause_start = _last(masked, _CLAUSE_ENDS, 0, seg_start) + 1
        if _CITING.search(masked[clause_start:m.end("list")]):
            continue
        listed = _bodies_in(m.group("list"), seg_start, "issuers:co_host_of_signer")
        if len(listed) > 1 and any(_names_found(f.value, found) for f in listed):
            out += listed
            for more in (_HOSTS_TOO.match(masked, m.end()), _BY_PARTNERS.match(masked, m.end())):
                if more:
                    out += _bodies_in(more.group("list"), more.start("list"), "issuers:co_host_of_signer")
    return out


def _authors_between(masked: str, a: int, b: int) -> list[Found]:
    """The bodies of "A、B(特)制定本方案" in masked[a:b]: the makers of this document, named in its lead
    (the clause before them cut off: "结合我市实际，X局制定本方案")."""
    out: list[Found] = []
    for m in _finditer_near(_AUTHORED, _AUTHORED_ANCHOR, _LIST_NOT, masked, a, b):
        seg_start, seg = _last_clause_list(m)
        if not _CITING.search(seg):
            out += _bodies_in(seg, seg_start, "issuers:authors_of_this_document")
    return out


def _authors(masked: str) -> list[Found]:
    """The makers an unsigned plan or notice names in its lead ("X局制定本方案"), in text order."""
    out: list[Found] = []
    for a, b in sorted(set(_anchored(_AUTHORED_ANCHOR, masked))):
        out += _authors_between(masked, a, b)
    return out


LEAD_SENTENCES = 4  # sentences of the lead whose opening body may be the organiser
# what may follow the opening body of a clause: the clause ends, or the body acts
_ACTS_AFTER = resources.pattern("patterns.toml", "extract.issuers.acts_after")
LEAD_CLAUSES = 6  # clauses of such a sentence that may open with it (after purpose and time clauses)
# a paper's credit before the lead ("本报讯 2023年…期间", "X融媒讯(记者…)"): not part of a name
_DATELINE_HEAD = resources.pattern("patterns.toml", "extract.issuers.dateline_head")
_CAMPAIGN_VERB = resources.pattern("patterns.toml", "extract.issuers.campaign_verb")
_PRINT_NOTE = resources.pattern("patterns.toml", "extract.issuers.print_note")
_CLAUSE_HEAD = re.compile(r"(?:^|[。；;，,\n])\s*(?P<s>[^。；;，,\n“”《》]{2,40})")
_PERSON_AFTER = resources.pattern("patterns.toml", "extract.issuers.person_after")
_SPOKESPERSON = resources.pattern("patterns.toml", "extract.issuers.spokesperson")
_NEXT_STEP = resources.pattern("patterns.toml", "extract.issuers.next_step")
_NEXT_STEP_SAYS = resources.pattern("patterns.toml", "extract.issuers.next_step_says")
_TITLE_OWNER = resources.pattern("patterns.toml", "extract.issuers.title_owner")
# "该局联合A局、B局及X街道…": co-organisers of the subject named in the same sentence
_CO = gated(resources.pattern("patterns.toml", "extract.issuers.co"), "list")


def _subject(masked: str, title: Found | None) -> list[Found]:
    """:func:`_subject_of`, kept for the last few leads: a document may ask twice (for the partners
    of a joint list, then for the lead's subject), and the answer depends on nothing else."""
    return list(_subject_of(masked, title))


@functools.lru_cache(maxsize=16)
def _subject_of(masked: str, title: Found | None) -> tuple[Found, ...]:
    return tuple(_plain_subject(masked, title))


def _plain_subject(masked: str, title: Found | None) -> list[Found]:
    """The body a report is about: the subject of a campaign verb in the lead (the body's own
    wording there beats the headline's short form), else a body opening one of the lead's first
    sentences that runs a campaign verb, else the headline's subject; co-organisers named with
    "该局联合…" come along."""
    body_from = title.end if title is not None and title.start >= 0 else 0
    # every match ends with a campaign verb: the search stops after the last one (same matches)
    for m in _SUBJECT.finditer(masked, body_from, last_end(masked, _SUBJECT_ENDS)):
        if _CITING.search(m.group("s")):
            continue  # "根据A、B联合下发的《…》": the bodies of a cited document
        if _PARTNERS_HEAD.match(m.group("s")):
            continue  # "…，与A、B联合开展": the partners of a subject named before
        if masked[m.end():m.end() + 1] in ("", "\n") and _PRINT_NOTE.search(m.group(0)):
            continue  # a printing note on a line of its own ("某局办公室 2004年8月17日印发")
        found = _bodies_in(m.group("s"), m.start("s"), "issuers:subject_of_campaign_verb")
        if found and all(_former(f.value) for f in found):
            continue  # "原国家经委组织开展了第一个…": a body of the past, recalled
        if found:
            return found + _co_organisers(masked, m.end())
    for sent in itertools.islice(_SENTENCE.finditer(masked, body_from), LEAD_SENTENCES):
        if _CAMPAIGN_VERB.search(sent.group(0)):
            found = _clause_subject(masked, sent)
            if found and not all(_former(f.value) for f in found):
                return found
    if body_from:
        for m in _SUBJECT.finditer(masked, 0, body_from):
            if _CITING.search(m.group("s")):
                continue
            found = _bodies_in(m.group("s"), m.start("s"), "issuers:subject_of_campaign_verb")
            if found:
                return found
    return []


def _clause_subject(masked: str, sent: re.Match) -> list[Found]:
    """A body opening one of the first clauses of a sentence (after time words and a dateline),
    not a person's title ("X局局长")."""
    hit = _opening_body(sent.group(0))
    if hit is None:
        return []
    name, at = hit
    st = sent.start() + at
    return [Found(name, st, st + len(name), "issuers:clause_subject")] + _co_organisers(masked, st)


@functools.lru_cache(maxsize=4096)  # a pure function of the sentence; leads repeat their opening sentences
def _opening_body(sentence: str) -> tuple[str, int] | None:
    """(the body of :func:`_clause_subject`, its offset in the sentence), or None."""
    for c in itertools.islice(_CLAUSE_HEAD.finditer(sentence), LEAD_CLAUSES):
        name = _clean_name(_DATELINE_HEAD.sub("", c.group("s")))
        if _CITING.search(name):
            return None
        if len(name) < 2 or name.startswith("为"):
            continue  # a clause of time words ("近日,") or of purpose ("为全面提升…")
        ends = _body_ends()
        for k in range(len(name), 1, -1):
            if name[k - 1] not in ends and not name[k - 1].isspace():
                continue  # is_body would say no: no body's name ends with this character
            if is_body(name[:k]):
                if _PERSON_AFTER.match(name[k:]) or not _ACTS_AFTER.match(name[k:]):
                    break  # "X局局长": a person of the body speaks; or the name runs on into a word
                return name[:k], c.start("s") + c.group("s").find(name)
    return None


@functools.cache
def _body_ends() -> frozenset[str]:
    """The characters a name that :func:`.bodies.is_body` accepts can end with (stripped): the last
    of a body suffix, of a known body's name, or a closing parenthesis (a name with its alias)."""
    from .bodies import known_bodies

    names = (*resources.body_suffixes(), *known_bodies(), ")", "）")
    return frozenset(n[-1] for n in names if n)


def _co_organisers(masked: str, pos: int) -> list[Found]:
    end = min(len(masked), pos + 600)
    m = _CO.search(masked, pos, end)
    return _bodies_in(m.group("list"), m.start("list"), "issuers:co_organiser") if m else []


_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.end() if m else len(text)


def canonical(name: str) -> str:
    """The canonical full name of a body (质检总局 → 国家质量监督检验检疫总局), else the name itself."""
    return resources.body_aliases().get(name, name)


def _locative(f: Found) -> Found:
    v = _strip_locative(f.value)
    if v == f.value:
        return f
    return Found(v, f.end - len(v), f.end, f.rule)


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop repeats, also of the same body under another name (市场监管总局 = 国家市场监督管理总局),
    and a short form opening with its level (市总工会) of a body named in full (某某市总工会)."""
    seen, out = set(), []
    for f in found:
        key = canonical(f.value)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return [f for f in out if not any(g.value != f.value and _same_body(g.value, f.value) for g in out)]


@functools.lru_cache(maxsize=4096)  # a pure function of the name (data/extract.toml short_kinds)
def _full_kind(name: str) -> str:
    """``name`` with the short form of its kind written in full (市市场监管局 → 市市场监督管理局)."""
    for short, full in config()["issuers"]["short_kinds"]:
        if name.endswith(short):
            return name[: len(name) - len(short)] + full
    return name


_LEVEL_CHARS = frozenset("省市县区州旗")  # the last character of a place's name: 市总工会 is 某某市总工会
