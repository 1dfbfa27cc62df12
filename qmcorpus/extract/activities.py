"""qmcorpus.extract.activities: activity items and their categories (taxonomy in data/categories.toml).

Items are the numbered points under an activities section (活动重点/活动内容/主要活动/…): its
（一）（二）… points, else its 1. 2. points, else its paragraphs. A document without such a section
(a news report) contributes its paragraphs that announce activities, split at 一是/二是 … .
Cue words in the guiding-ideology, theme, time or closing-requirement sections never count; nor do
cues in clauses that state an aim, a contribution, a look back or a quoted statement
(:func:`mask_non_activity`), nor cues meaning something else where they stand (:func:`in_other_sense`:
an industry, a topic, a service to firms, a firm's own checks). See docs/CATEGORIES.md.
"""
from __future__ import annotations

import functools
import re

from .. import resources
from ..types import Activity
from ..literals import WordsPresent, required_any
from ..normalize.cuelines import cue_regex
from .layout import Layout
from .lookahead import first_chars, gated
from . import flat_tables, segment
from .segment import compound_part, is_word_span
from .structure import CITED_TITLE, Line, Section, config
from .taxonomy import Category, taxonomy  # noqa: F401 (also read from here)

_ENUM = resources.pattern("patterns.toml", "extract.activities.enumerated_point")


_MAX_TRIES = 30  # a cue found inside a longer word this often is not going to stand alone
# "为深入推进质量强X建设," opens a sentence with its purpose, not with an activity
_PURPOSE = resources.pattern("patterns.toml", "extract.activities.purpose")
# a lead's chain of purpose clauses up to the time of the event ("为…,…,加快推进…建设,日前,X局开展…")
# and a clause stating an aim ("活动旨在…,", "助推…建设,"): aims, not activities
_PURPOSE_CHAIN = resources.pattern("patterns.toml", "extract.activities.purpose_chain")
_AIM = resources.pattern("patterns.toml", "extract.activities.aim")
# what every match of the patterns above holds: a text without it needs no substitution
_PURPOSE_OPEN = resources.pattern("patterns.toml", "extract.activities.purpose_open")
_AIM_WORDS = resources.pattern("patterns.toml", "extract.activities.aim_words")
# an official's statement of what will be done ("…负责人表示，…"), a transcript's sound bite: an intent
_STATEMENT = resources.pattern("patterns.toml", "extract.activities.statement")
_STATEMENT_WORDS = resources.pattern("patterns.toml", "extract.activities.statement_words")
_ORG_NAME_MAX = 20
SCHEDULE_MIN_CELLS = 3  # cells of a schedule's rows (an activity and at least when and who)


@functools.cache
def _org_suffix() -> re.Pattern:
    """Suffixes ending a body's or a firm's name (data/extract.toml [activities]), in their order."""
    return re.compile("|".join(map(re.escape, _org_suffixes())))


def _org_names(text: str):
    """``_org().finditer(text)``, the scan bounded by the suffixes: a name ends with one, so none
    starts before the first suffix less the longest name, nor ends after the last suffix; the
    pattern holds no assertion, so a scan cut there (endpos) finds the same names."""
    first = _org_suffix().search(text)
    if first is None:
        return ()
    last = _last_suffix().match(text)  # (everything, then back to where a suffix starts)
    assert last is not None  # (it matches: a suffix is in the text)
    end = min(len(text), last.end() + max(map(len, _org_suffixes())))
    return _org().finditer(text, max(0, first.start() - _ORG_NAME_MAX), end)


@functools.cache
def _last_suffix() -> re.Pattern:
    """Matches up to the start of the last suffix of a text that holds one (backing off from the
    end, the suffixes are tried only before one of their first characters: the same match)."""
    first = first_chars(_org_suffix())
    gate = "(?=[" + "".join(sorted(first)) + "])" if first else ""
    return re.compile(f"(?s:.*){gate}(?={_org_suffix().pattern})")


@functools.cache
def _org_suffixes() -> tuple[str, ...]:
    return resources.word_list("extract.toml", "activities.org_suffixes")


@functools.cache
def _org() -> re.Pattern:
    """A name of 2–_ORG_NAME_MAX Chinese characters ending with an organisation suffix (the name
    grown a character at a time, the suffixes tried only before one of their first characters:
    lookahead.gated, the same matches)."""
    return gated(re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,{_ORG_NAME_MAX}}}?)(?:{_org_suffix().pattern})"), "name")




@functools.cache
def _announces() -> re.Pattern:
    """Verbs and nouns by which a paragraph announces an activity (data/extract.toml [activities])."""
    return re.compile("(" + "|".join(map(re.escape, resources.word_list("extract.toml", "activities.announce_words"))) + ")")


def _not_in_org() -> re.Pattern:
    """What ends a body's name read backwards: a verb or a particle before it (data/extract.toml)."""
    return resources.pattern("extract.toml", "activities.not_in_org")


# a quoted theme ("以“…”为主题", "主题为“…”"): its words name the campaign's aim, not an activity
_THEMED = resources.pattern("patterns.toml", "extract.activities.themed")
# what the work contributes to ("为建设质量强市贡献力量") and what a speaker says in quotes
# ("“下一步，我们将…”负责人表示"): aims and intentions, not activities
_CONTRIBUTION = resources.pattern("patterns.toml", "extract.activities.contribution")
_CONTRIBUTION_WORDS = resources.pattern("patterns.toml", "extract.activities.contribution_words")
_QUOTED_STATEMENT = resources.pattern("patterns.toml", "extract.activities.quoted_statement")
_QUOTED_STATEMENT_WORDS = resources.pattern("patterns.toml", "extract.activities.quoted_statement_words")
_RETROSPECTIVE = resources.pattern("patterns.toml", "extract.activities.retrospective")
_RETROSPECTIVE_CUES = cue_regex(_RETROSPECTIVE)  # (every match holds one of its opening words)


# a pledge signed under its title ("共同签署了《质量诚信承诺书》"): the signing is the activity, its title
# names what is pledged (not a cited document)
_SIGNED_BEFORE = resources.pattern("patterns.toml", "extract.activities.signed_before")


def _blank_cited(m: re.Match) -> str:
    """A cited title blanked, unless it is a pledge signed right before it."""
    if _SIGNED_BEFORE.search(m.string, max(0, m.start() - 6), m.start()):
        return m.group(0)
    return "\x00" * len(m.group(0))


def mask_non_activity(text: str, *, also: tuple[str, ...] = (), found: frozenset[str] | None = None) -> str:
    """Blank out (same length) what names no activity: cited titles 《…》, a leading purpose clause,
    an official's statement of intent (…负责人表示，…), what the work contributes to (为…贡献力量), a
    look back over past years (近年来…), a speaker's quoted statement, names of bodies and firms
    (X县某某工作领导小组, X食品有限公司), and ``also`` (the theme). ``found``: the words of
    :func:`_word_finder` that occur in ``text``, when the caller has them."""
    def blank(m):
        return "\x00" * len(m.group(0))

    if found is None:
        found = _word_finder().present(text)
    aim, statement, contribution, retrospective, quoted, suffixes = _gate_words()
    # each pattern needs a character or a word of its own (《, 为, its words): most items lack it and
    # skip the scan. The words are looked up in ``text``, found in the one pass: a word absent from
    # the text is absent from ``out`` (masking only blanks), so its gate search on ``out`` would
    # fail; where the word occurs, that search decides as before
    out = CITED_TITLE.sub(_blank_cited, text) if "《" in text else text
    if "为" in out and _PURPOSE_OPEN.search(out):
        out = _PURPOSE_CHAIN.sub(blank, out)
        out = _PURPOSE.sub(blank, out)
    if not aim.isdisjoint(found) and _AIM_WORDS.search(out):
        out = _AIM.sub(blank, out)
    if not statement.isdisjoint(found) and _STATEMENT_WORDS.search(out):
        out = _STATEMENT.sub(blank, out)
    if not contribution.isdisjoint(found) and _CONTRIBUTION_WORDS.search(out):
        out = _CONTRIBUTION.sub(blank, out)
    if not retrospective.isdisjoint(found) and _RETROSPECTIVE_CUES.search(out):
        out = _RETROSPECTIVE.sub(blank, out)
    if "“" in out and not quoted.isdisjoint(found) and _QUOTED_STATEMENT_WORDS.search(out):
        out = _QUOTED_STATEMENT.sub(blank, out)
    # the names found are blanked in one pass at the end (not one rebuild of the text per name)
    parts: list[str] = []
    pos = 0
    for m in (_org_names(out) if not suffixes.isdisjoint(found) else ()):
        name = m.group(0)
        # trim to the name proper: drop what precedes the last verb or function word
        cut = max((x.end() for x in _not_in_org().finditer(name)), default=0)
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


@functools.cache
def _cue_table() -> tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]], ...]:
    """Per category: its key, its excluded phrases with their blanks, and its (non-empty) cues in
    order, read once instead of per item."""
    return tuple((c.key, tuple((ex, "\x00" * len(ex)) for ex in c.exclude), tuple(x for x in c.cues if x))
                 for c in taxonomy())


@functools.cache
def _cue_categories() -> dict[str, int]:
    """Each cue → the set of categories (bit i: the i-th of the taxonomy) that list it."""
    out: dict[str, int] = {}
    for i, (_, _, cues) in enumerate(_cue_table()):
        for cue in cues:
            out[cue] = out.get(cue, 0) | 1 << i
    return out


@functools.cache
def _cue_ranks() -> dict[str, tuple[tuple[int, int], ...]]:
    """Each cue → (category index, the cue's first place in that category's cues) of every category
    of :func:`_cue_table` that lists it."""
    out: dict[str, list[tuple[int, int]]] = {}
    for i, (_, _, cues) in enumerate(_cue_table()):
        for rank, cue in enumerate(cues):
            got = out.setdefault(cue, [])
            if not got or got[-1][0] != i:
                got.append((i, rank))
    return {cue: tuple(v) for cue, v in out.items()}


@functools.cache
def _exclude_sets() -> tuple[frozenset[str], ...]:
    """Per category of :func:`_cue_table`: its excluded phrases as a set (most texts hold none)."""
    return tuple(frozenset(ex for ex, _ in exclude) for _, exclude, _ in _cue_table())


@functools.cache
def _cue_set() -> frozenset[str]:
    """The taxonomy's cue words (those :func:`_word_finder` finds beside its other words)."""
    return frozenset(x for c in taxonomy() for x in c.cues if x)


@functools.cache
def _gate_words() -> tuple[frozenset[str], ...]:
    """The literal words one of which every match of each gate of :func:`mask_non_activity` holds
    (aims, statements, contributions, look backs, quoted statements' speech verbs, names' suffixes):
    a text holding none of a gate's words skips its step."""
    gates = (_AIM_WORDS, _STATEMENT_WORDS, _CONTRIBUTION_WORDS, _RETROSPECTIVE_CUES, _QUOTED_STATEMENT_WORDS,
             _org_suffix())
    words = tuple(frozenset(required_any(p, 256)) for p in gates)
    if not all(words):  # (a gate of unknown words would be skipped wrongly: they are plain alternations)
        raise ValueError("a gate of mask_non_activity holds no literal words (data/patterns.toml)")
    return words


@functools.cache
def _word_finder() -> WordsPresent:
    """The taxonomy's cues and excluded phrases and the gate words of :func:`mask_non_activity`,
    found in one pass."""
    return WordsPresent([*(x for c in taxonomy() for x in (*c.cues, *c.exclude) if x),
                       *(w for ws in _gate_words() for w in ws)])


def categorize(text: str, *, mask: tuple[str, ...] = (), level: str | None = None) -> tuple[tuple[str, str, int], ...]:
    """(category key, cue, offset) for each category whose cue occurs in ``text`` as a word, in a
    document of level ``level`` (a firm's own checks are no enforcement: see ``internal_cues``).

    >>> [k for k, _, _ in categorize("开展电梯安全大检查和质量知识竞赛,严厉打击假冒伪劣")]
    ['education_training', 'enforcement', 'special_equipment']
    """
    return _categorize(text, tuple(mask), segment.current(), level)


@functools.lru_cache(maxsize=8192)
def _categorize(text: str, mask: tuple[str, ...], segmenter: str, level: str | None = None) -> tuple[tuple[str, str, int], ...]:
    # memoised (keyed on the segmenter too): documents repeat whole activity paragraphs (a county's
    # notice copies its province's list of activities), and the result depends on nothing else
    # a category is tried only when one of its cues occurs in the text: the cues present are found
    # once for all categories (none: nothing to label, nor to mask). Masking only blanks characters,
    # so a cue absent from the text is absent from the masked text: its search would find nothing
    words = _word_finder().present(text)  # (the cues, the exclusions, the words of mask_non_activity's gates)
    present = words & _cue_set()
    if not present:
        return ()
    base = mask_non_activity(text, also=mask, found=words)
    # the categories with a cue present, in the taxonomy's order, each with its present cues in
    # its own order (the same tries as walking every category's cue list, the absent ones skipped)
    ranks = _cue_ranks()
    tried: dict[int, list[tuple[int, str]]] = {}
    for cue in present:
        for i, rank in ranks[cue]:
            got = tried.get(i)
            if got is None:
                tried[i] = [(rank, cue)]
            else:
                got.append((rank, cue))
    table, excluded = _cue_table(), _exclude_sets()
    out = []
    for k in sorted(tried):
        key, exclude, _ = table[k]
        masked = base
        if not excluded[k].isdisjoint(words):
            for ex, blank in exclude:
                if ex in words:  # (an exclusion absent from the text is absent from base: nothing to blank)
                    masked = masked.replace(ex, blank)
        cues = tried[k]
        if len(cues) > 1:
            cues.sort()
        for _, cue in cues:
            i = masked.find(cue)
            tries = 0
            found = -1
            while i != -1 and tries < _MAX_TRIES:
                tries += 1
                # a cue counts where it is a word (or words) of its own: 检验 in 检验检疫局 does not;
                # a longer cue may open a longer lexicon word (群众性质量 in 群众性质量活动)
                if (is_word_span(text, i, i + len(cue), need_end=len(cue) < 3) or (
                        len(cue) < 3 and compound_part(text, i, i + len(cue)))) and not yields(key, cue, text, i) \
                        and not in_other_sense(key, cue, text, i, level):
                    found = i
                    break
                i = masked.find(cue, i + 1)
            if found >= 0:
                out.append((key, cue, found))  # one cue is enough to label the category
                break
    return tuple(out)


def in_other_sense(key: str, cue: str, text: str, at: int, level: str | None = None) -> bool:
    """Whether the cue ``cue`` of category ``key`` at offset ``at`` means something else where it
    stands: an industry, not a product ("汽车零部件", "食品等重点行业": a ``sector_cue`` whose list
    ends with a sector word), the topic of knowledge education ("全面质量管理知识培训": a
    ``topic_cue``), a service to firms, not the public ("走进50家中小企业开展质量诊断": a
    ``firm_cue`` whose clause names firms), what is publicised ("宣传质量强省战略": a
    ``publicised_cue`` after or before 宣传 in its clause), or, in a document of one of the category's ``internal_levels``, the body's own
    quality control ("公司开展质量专项检查": an ``internal_cue``). The patterns are anchored by
    ``match`` at the end of the cue. In every category but publicity, a cue naming results that are
    reported ("通报全省质量强省工作成效": a report verb before it in its clause, results after it) is
    publicity's topic."""
    end = at + len(cue)
    if key != "publicity" and _REPORTED_AFTER.match(text, end) \
            and _REPORTED_BEFORE.search(text, _clause_start(text, at), at):
        return True
    rule = _context_rules().get(key)
    if rule is None:
        return False
    sector, topic, internal, levels, firm, publicised = rule
    if cue in publicised:
        if _BEFORE_PUBLICISED.search(text, _clause_start(text, at), at) or _AFTER_PUBLICISED.match(text, end):
            return True
    if cue in sector and _SECTOR_AFTER.match(text, end):
        return True
    if cue in firm and _FIRM_RECIPIENT.search(_clause(text, at, end)):
        return True
    if cue in topic and _TOPIC_AFTER.match(text, end):
        return True
    return level is not None and level in levels and cue in internal


_SECTOR_AFTER = resources.pattern("patterns.toml", "extract.activities.sector_after")
_REPORTED_BEFORE = resources.pattern("patterns.toml", "extract.activities.reported_before")
_REPORTED_AFTER = resources.pattern("patterns.toml", "extract.activities.reported_after")
_TOPIC_AFTER = resources.pattern("patterns.toml", "extract.activities.topic_after")
_FIRM_RECIPIENT = resources.pattern("patterns.toml", "extract.activities.firm_recipient")
_BEFORE_PUBLICISED = resources.pattern("patterns.toml", "extract.activities.before_publicised")
_AFTER_PUBLICISED = resources.pattern("patterns.toml", "extract.activities.after_publicised")
_CLAUSE_ENDS = "，,。；;：:！!？?\n"
_OWN_OBJECT = resources.pattern("patterns.toml", "extract.activities.own_object")


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding ``text[at]`` begins (after a comma, colon or full stop)."""
    return max(text.rfind(c, 0, at) for c in _CLAUSE_ENDS) + 1


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``text[start:end]`` (between commas, colons, full stops)."""
    a = _clause_start(text, start)
    ends = [j for c in _CLAUSE_ENDS if (j := text.find(c, end)) != -1]
    return text[a:min(ends) if ends else len(text)]


@functools.cache
def _context_rules() -> dict[str, tuple[frozenset[str], ...]]:
    """Category key → (its sector cues, its topic cues, its internal cues, the levels of these, its
    firm cues, its publicised cues)."""
    return {c.key: (frozenset(c.sector_cues), frozenset(c.topic_cues), frozenset(c.internal_cues),
                    frozenset(c.internal_levels), frozenset(c.firm_cues), frozenset(c.publicised_cues))
            for c in taxonomy() if c.sector_cues or c.topic_cues or c.internal_cues or c.firm_cues or c.publicised_cues}


_SENTENCE_ENDS = "。；;！？!?\n"
# an item opening with its numbered heading on a line of its own ("（七）开展特种设备安全大检查")
_ITEM_HEAD = resources.pattern("patterns.toml", "extract.activities.item_head")


def yields(key: str, cue: str, text: str, at: int) -> bool:
    """Whether the cue ``cue`` of category ``key`` at offset ``at`` does not count: it is one of the
    category's ``yield_cues`` and its sentence names a cue of the category it yields to (a bare
    check in "开展电梯安全检查" is special equipment's work, not enforcement's)."""
    rule = _yield_rules().get(key)
    if rule is None or cue not in rule[0]:
        return False
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_ENDS) + 1
    ends = [j for c in _SENTENCE_ENDS if (j := text.find(c, at)) != -1]
    end = min(ends) if ends else len(text)
    if _OWN_OBJECT.search(text, (clause := _clause_start(text, at)), at):
        # the check names its own object ("对集贸市场开展计量检查"): a sibling clause's equipment is not its
        start, end = clause, clause + len(_clause(text, at, at + len(cue)))
    # (the other category's cue must stand apart from this one: 安全大检查 holds 检查 itself)
    before, after = text[start:at], text[at + len(cue):end]
    if any(c in before or c in after for c in rule[1]):
        return True
    # … or the item's heading, its first line, names it ("（七）开展特种设备安全大检查 ⏎ …对检查中发现的
    # 重大隐患挂牌督办"): the item's checks are that category's work throughout
    head_end = text.find("\n")
    if 0 < head_end < start and _ITEM_HEAD.match(text):
        head = text[:head_end]
        return any(c in head for c in rule[1])
    return False


@functools.cache
def _yield_rules() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """Category key → (its yield cues, the cues of the category it yields to)."""
    cats = {c.key: c for c in taxonomy()}
    return {c.key: (frozenset(c.yield_cues), tuple(x for x in cats[c.yield_to].cues if x))
            for c in taxonomy() if c.yield_to and c.yield_cues}


def _item(index: int, heading: str, text: str, start: int, end: int, mask: tuple[str, ...] = (),
          level: str | None = None) -> Activity:
    return Activity(index, heading, text, start, end, _labels(text, tuple(mask), segment.current(), level))


@functools.lru_cache(maxsize=8192)
def _labels(text: str, mask: tuple[str, ...], segmenter: str, level: str | None = None) -> tuple[str, ...]:
    """The category keys of :func:`categorize`, memoised as they are used (an item repeated is
    labelled by one lookup)."""
    return tuple(k for k, _, _ in _categorize(text, mask, segmenter, level))


INLINE_POINTS = 3  # numbered points written on their heading lines that make a notice of points
INLINE_MIN = 12  # characters after a heading's title that make its line a point written in full
INLINE_SENTENCE = 16  # characters of a heading's title, with a comma, that make it a sentence
INLINE_CLAUSE = 8  # characters of a heading's title, closed by a full stop, that make it a sentence


def _inline_point(text: str, heads, line: int) -> bool:
    """A top-level heading whose line goes on after its title with the point's own sentences."""
    h = next((h for h in heads if h.line == line), None)
    if h is None or h.level != 1:
        return False
    rest = text[text.find(h.title) + len(h.title):] if h.title else ""
    if len(rest.strip("。；;：: ")) >= INLINE_MIN:
        return True
    # a point written as one sentence: its title is the whole line, clauses joined by a comma
    # ("二、深入实施名牌战略，引导企业…") or closed by a full stop ("四、做好某某的评选工作。"), not a
    # label ("二、活动内容")
    return (len(h.title) >= INLINE_SENTENCE and "，" in h.title) or (
        len(h.title) >= INLINE_CLAUSE and text.rstrip().endswith("。"))


def _span_text(full: str, lines: list[Line], a: int, b: int) -> tuple[str, int, int]:
    s, e = lines[a].start, lines[b].end
    return full[s:e], s, e


_NOT_ACTIVITIES = frozenset({"ideology", "theme", "time", "requirements"})


def find_activities(lay: Layout, *, theme: str | None = None, issuers: tuple[str, ...] = (),
                    level: str | None = None) -> list[Activity]:
    """The activity items of a document, each labelled with categories (the words of the theme and
    of the issuers' names do not count; ``level``, the document's, tells a firm's own checks)."""
    text, lines, heads, secs = lay.text, lay.lines, lay.headings, lay.sections
    mask = tuple(x for x in (theme, *issuers) if x)
    inline = {s.heading for s in secs if _inline_point(lines[s.heading].text, heads, s.heading)}
    # a notice whose points are written on their heading lines ("一、开展质量宣传。各地要…"): each
    # such point not of a known kind (ideology, theme, time, requirements) is an activity
    as_points = len(inline) >= INLINE_POINTS
    act_secs = [s for s in secs if s.kind == "activities" or (as_points and s.kind == "other" and s.heading in inline)]
    # a summary tells what was done: a section on how the work was led (加强领导) is no plan's requirements
    summary = bool(lay.title) and _config_re("doc_type", "summary_title").search(
        "".join(lines[k].text for k in lay.title)) is not None
    blocking = _NOT_ACTIVITIES - {"requirements"} if summary else _NOT_ACTIVITIES
    if act_secs and not any(s.kind in blocking for s in secs):
        # a report's sections under headings of its own ("01 质量服务进园区", "03 群众性质量活动"): with no
        # section of a plan's other kinds, the unnamed ones beside an activities section are activities too
        act_secs = [s for s in secs if s.kind in ("activities", "other")]
    items: list[Activity] = []
    for sec in act_secs:
        if sec.heading in inline:
            ln = lines[sec.heading]
            items.append(_item(len(items) + 1, ln.text[:30], ln.text, ln.start, ln.end, mask, level))
        inner = [h for h in heads if sec.first <= h.line <= sec.last and h.level >= 2]
        for depth in (2, 3, 4):
            points = [h for h in inner if h.level == depth]
            if len(points) >= 2 or (points and depth == 2):
                for n, h in enumerate(points):
                    nxt = points[n + 1].line - 1 if n + 1 < len(points) else sec.last
                    body, s, e = _span_text(text, lines, h.line, nxt)
                    items.append(_item(len(items) + 1, h.title, body, s, e, mask, level))
                break
        else:
            for i in range(sec.first, sec.last + 1):
                ln = lines[i]
                if len(ln.text) >= 10:
                    items.append(_item(len(items) + 1, "", ln.text, ln.start, ln.end, mask, level))
            # a schedule in the section flattened one cell per line: its short activity cells too
            for a, b in flat_tables.vertical_rows(lines, sec.first, sec.last):
                if b == a and len(lines[a].text) < 10:
                    items.append(_item(len(items) + 1, "", lines[a].text, lines[a].start, lines[a].end, mask, level))
    if items:
        covered = {i for sec in act_secs for i in range(sec.heading, sec.last + 1)}
        return items + _schedule_rows(lay, covered, len(items), mask, level)
    if secs and any(s.kind in ("ideology", "theme", "requirements") for s in secs):
        # a structured document whose activity section was not recognised: use its "other" sections
        others = [s for s in secs if s.kind == "other"]
        for sec in others:
            for i in range(sec.first, sec.last + 1):
                ln = lines[i]
                if len(ln.text) >= 10:
                    items.append(_item(len(items) + 1, lines[sec.heading].text[:30], ln.text, ln.start, ln.end, mask, level))
        if items:
            return items
    # a page holding an attachment's schedule alone: its rows
    return _schedule_rows(lay, set(), 0, mask, level) or _news_items(text, lines, secs, mask, level)


@functools.cache
def _config_re(section: str, key: str) -> re.Pattern:
    """The pattern ``key`` of data/extract.toml [section], compiled once (not looked up in re's
    cache at each document)."""
    return re.compile(config()[section][key])


_CELLS = re.compile(r"\t|\s{2,}|\u3000| ")  # what a flattened table separates its cells by
_ROW_ENDS = ("。", "；", ";", "：", ":")  # a line ending so is a sentence, not a table's row
_NOTE = resources.pattern("patterns.toml", "extract.activities.table_note")


def _fewer_cells(text: str) -> bool:
    """Whether ``text`` certainly splits into fewer than SCHEDULE_MIN_CELLS cells (``_CELLS``): it
    holds no tab and fewer words split at whitespace. Exact: without a tab, a run of whitespace is
    one separator whole (``\\s{2,}`` is greedy) or, a lone character other than a space, none; so
    each cell holds a word of its own, and a text has no more cells than words."""
    return "\t" not in text and len(text.split(None, SCHEDULE_MIN_CELLS - 1)) < SCHEDULE_MIN_CELLS


def _schedule_rows(lay: Layout, covered: set[int], numbered: int, mask: tuple[str, ...],
                   level: str | None) -> list[Activity]:
    """The rows of a schedule of activities outside the activity sections (a plan's 附表 flattened row
    by row, under its requirements or its signature): after a header row naming an activity column
    and a column of when, where or who, each row of as many cells or more is an activity.
    ``covered``: the lines already read as activities."""
    what, other = _config_re("activities", "schedule_activity_column"), _config_re("activities", "schedule_other_column")
    rows: list[list[int]] = []  # each row's lines: its own, then its cells' wrapped parts
    width = 0
    for i, ln in enumerate(lay.lines):
        if i in covered:
            width = 0
            continue
        if not width and _fewer_cells(ln.text):
            continue  # no header row (most lines are prose: the split is skipped)
        cells = [c for c in _CELLS.split(ln.text.strip()) if c]
        if not width:
            if len(cells) >= SCHEDULE_MIN_CELLS and any(what.match(c) for c in cells) and any(other.match(c) for c in cells):
                width = len(cells)
            continue
        if len(cells) >= SCHEDULE_MIN_CELLS:
            rows.append([i])
        elif not cells or ln.text.rstrip().endswith(_ROW_ENDS) or _NOTE.match(ln.text.strip()):
            width = 0  # the table ended (a sentence, a note under it)
        elif rows and rows[-1][-1] == i - 1:
            rows[-1].append(i)  # a cell's wrapped part, under its row
    # … and the tables flattened without separators on a row's line (one cell per line, or a row's
    # cells run together): their rows' activities
    n = len(lay.lines) - 1
    spans = [(lay.lines[r[0]].start, lay.lines[r[-1]].end) for r in rows]
    for a, b in flat_tables.vertical_rows(lay.lines, 0, n):
        if a not in covered:
            spans.append((lay.lines[a].start, lay.lines[b].end))
    for i, a, b in flat_tables.run_together_rows(lay.lines, 0, n):
        if i not in covered:
            spans.append((lay.lines[i].start + a, lay.lines[i].start + b))
    out: list[Activity] = []
    for start, end in sorted(spans):
        out.append(_item(numbered + len(out) + 1, "", lay.text[start:end], start, end, mask, level))
    return out


# marks opening the items of a report's bulleted list ("开展五项活动：⏎▶某某进社区⏎▶某某检定"): each item names
# an activity, short and without a verb as it may be
BULLETS = "▶►▸•●■◆◇○◎★☆·"


def _news_items(text: str, lines: list[Line], secs: list[Section], mask: tuple[str, ...] = (),
                level: str | None = None) -> list[Activity]:
    """Paragraphs of a report that announce activities, split at 一是/二是 enumerations."""
    skip: set[int] = set()
    for s in secs:
        if s.kind in ("ideology", "theme", "time", "requirements"):
            skip.update(range(s.heading, s.last + 1))
    items: list[Activity] = []
    in_list = False  # inside a bulleted list a line announcing activities opens with its colon
    for i, ln in enumerate(lines):
        bullet = in_list and ln.text[:1] in BULLETS and len(ln.text) >= 5
        in_list = bullet or (ln.text.rstrip().endswith(("：", ":")) and bool(_announces().search(ln.text)))
        if i in skip or not bullet and (len(ln.text) < 12 or not _announces().search(ln.text)):
            continue
        parts = [m.start() for m in _ENUM.finditer(ln.text)] if "是" in ln.text else []
        if len(parts) >= 2:
            bounds = parts + [len(ln.text)]
            if bounds[0] > 0:
                items.append(_item(len(items) + 1, "", ln.text[: bounds[0]], ln.start, ln.start + bounds[0], mask, level))
            for a, b in zip(bounds, bounds[1:]):
                seg = ln.text[a:b].lstrip("。；;，,：: ")
                off = ln.start + ln.text.index(seg, a) if seg else ln.start + a
                items.append(_item(len(items) + 1, seg[:2], seg, off, off + len(seg), mask, level))
        else:
            items.append(_item(len(items) + 1, "", ln.text, ln.start, ln.end, mask, level))
    return items
