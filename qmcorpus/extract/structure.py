"""qmcorpus.extract.structure: lines, headings, sections, title, addressees, signature block.

Works on clean simplified text; every piece keeps its character offsets so that values found in
it can carry evidence.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .. import resources
from ..literals import any_of, required_any, required_text
from ..normalize.cuelines import needs
from .lookahead import nonspace_width
from .bodies import is_body
from .config import config  # noqa: F401 (extract.toml, also read from here)

_FULLWIDTH_DIGITS = "０１２３４５６７８９"
_DIGITS = str.maketrans(_FULLWIDTH_DIGITS, "0123456789")


# (named tuples: a document makes one a line; made and read faster than frozen dataclasses)
class Line(NamedTuple):
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # the stripped line


class Heading(NamedTuple):
    line: int  # index into lines
    level: int  # 1: 一、 2: （一） 3: 1. 4: （1） 0: bare section name
    label: str  # the numbering
    title: str  # the heading text after the numbering (to the first sentence break)


class Section(NamedTuple):
    kind: str  # ideology / theme / time / activities / requirements / other
    heading: int  # index into lines of its heading
    first: int  # first line of its body
    last: int  # last line (inclusive)


HEADING_PATTERNS = (
    (1, resources.pattern("patterns.toml", "extract.structure.heading_1")),
    (2, resources.pattern("patterns.toml", "extract.structure.heading_2")),
    (3, resources.pattern("patterns.toml", "extract.structure.heading_3")),
    (4, re.compile(r"^[(（](\d{1,2})[)）]\s*")),
)


# one match tells whether any heading pattern matches a line (most lines match none): the
# alternation matches at the line start exactly where one of its patterns does
_ANY_HEADING = any_of(tuple(p.pattern for _, p in HEADING_PATTERNS))
_SECTION_KINDS = ("theme", "time", "ideology", "requirements", "activities")  # the order decides

_FULLWIDTH_DIGIT = re.compile("[０-９]")
# the title of a document a text cites (《…》): its issuers and activities are not this document's
CITED_TITLE = re.compile(r"《[^》\n]{0,80}》")


_LONG = 100  # from this length, ten substring tests beat one scan of a class (pages seldom hold such digits)


def to_ascii_digits(text: str) -> str:
    """Fullwidth digits → ASCII (same length, so offsets stay valid)."""
    if len(text) >= _LONG:
        for d in _FULLWIDTH_DIGITS:
            if d in text:
                return text.translate(_DIGITS)
        return text
    return text.translate(_DIGITS) if _FULLWIDTH_DIGIT.search(text) else text


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with offsets of their stripped content."""
    out: list[Line] = []
    append, new = out.append, tuple.__new__  # (Line's own __new__ is a Python function: one call less a line)
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            # the leading spaces end where the stripped text's first character first occurs (no
            # space is one); a line stripped of nothing is the same string
            lead = 0 if s is raw else raw.find(s[0])
            append(new(Line, (pos + lead, pos + lead + len(s), s)))
        pos += len(raw) + 1
    return out


_TITLE_END = re.compile(r"[。;；:：]")


def headings(lines: list[Line]) -> list[Heading]:
    """Numbered headings (一、 （一） 1. （1）) and bare section names on their own line (活动主题)."""
    bare = _any_section()
    out = []
    for i, ln in enumerate(lines):
        if _ANY_HEADING.match(ln.text):
            for level, pat in HEADING_PATTERNS:
                m = pat.match(ln.text)
                if m:
                    rest = ln.text[m.end():]
                    title = _TITLE_END.split(rest, maxsplit=1)[0]
                    out.append(Heading(i, level, m.group(1), title))
                    break
        elif len(ln.text) <= 12 and bare.search(ln.text):  # (section_kind(ln.text) != "other")
            out.append(Heading(i, 0, "", ln.text.rstrip(":：")))
    return out


def section_kind(title: str, names: dict | None = None) -> str:
    """Classify a heading: ideology, theme, time, activities, requirements or other."""
    t = title.strip()
    own = config()["sections"]
    rules = _section_rules() if not names or names is own else tuple(
        (kind, any_of(tuple(names[kind]))) for kind in _SECTION_KINDS)
    for kind, pat in rules:
        if pat.search(t):
            return kind
    return "other"


@functools.cache
def _section_rules() -> tuple[tuple[str, re.Pattern], ...]:
    """The section names of data/extract.toml, one compiled alternation a kind, built once."""
    names = config()["sections"]
    return tuple((kind, any_of(tuple(names[kind]))) for kind in _SECTION_KINDS)


@functools.cache
def _any_section() -> re.Pattern:
    """One search of every section name of data/extract.toml: it finds one in a (stripped) line
    exactly where :func:`section_kind` names a kind other than "other" (one search, not one a kind)."""
    names = config()["sections"]
    return any_of(tuple(p for kind in _SECTION_KINDS for p in names[kind]))


def sections(lines: list[Line], heads: list[Heading]) -> list[Section]:
    """Top-level sections, delimited by 一、 headings; a document without them may use bare
    section names on their own line (活动主题 / 活动重点). Table header cells do not split sections."""
    tops = [h for h in heads if h.level == 1]
    if not tops:
        tops = [h for h in heads if h.level == 0]
    out = []
    for n, h in enumerate(tops):
        last = (tops[n + 1].line - 1) if n + 1 < len(tops) else len(lines) - 1
        out.append(Section(section_kind(h.title), h.line, h.line + 1, last))
    return out


_ADDRESSEE = re.compile(r"^[^。！？!?]{2,200}[:：]$")
_ADDRESSEE_ENDS = (":", "：", ":\n", "：\n")


def addressee_line(lines: list[Line]) -> int | None:
    """Index of the 主送 line ("各县区人民政府,…各有关企业:") near the top, if any."""
    for i, ln in enumerate(lines[:8]):
        t = ln.text
        if not t.endswith(_ADDRESSEE_ENDS):
            continue  # every match of _ADDRESSEE ends so (its colon, then the end or a last line break)
        if not _ADDRESSEE.match(t) or resources.pattern("patterns.toml", "extract.structure.not_addressee").search(t):
            continue  # "…重点开展N个方面的活动:" introduces a list, it addresses no one
        if t.startswith("各") or resources.pattern("patterns.toml", "extract.structure.addressee_groups").search(t):
            return i
    return None


_BODY_LIST_SEP = re.compile(r"\s+|、")


def bodies_line(text: str) -> bool:
    """Whether a line only names bodies, separated by spaces or 、 (a joint notice's issuers)."""
    parts = [p for p in _BODY_LIST_SEP.split(text) if p]
    return bool(parts) and all(is_body(p) for p in parts)


@functools.cache
def _title_issuers() -> tuple[re.Pattern, tuple[str, ...]]:
    """The pattern of a title's issuers and the texts one of which its every match holds (the
    pattern tries each length of the list in turn: a long line without them skips it)."""
    pat = resources.pattern("patterns.toml", "extract.issuers.title_issuers")
    return pat, needs(pat) or ("",)


def _joint_title(text: str) -> bool:
    """A joint notice's title: bodies, then 关于…, ending on a genre word; it may run long."""
    pat, words = _title_issuers()
    m = pat.match(text) if any(w in text for w in words) else None
    genre = config()["doc_type"]
    return bool(m and bodies_line(m.group("list"))
                and (re.search(genre["notice_title"], text) or re.search(genre["plan_title"], text)))


DOCNUM = resources.pattern("patterns.toml", "extract.fields.doc_number")


# a space a scan's text put between a number's digits or brackets ("某发〔2 017〕14号", "〔2013 〕")
_STRAY_SPACE = re.compile(r"(?<=[\d〔〕\[\]])[ \u3000](?=[\d〔〕\[\]])")


def own_number(line: str) -> str | None:
    """The document number a line holds alone, or in parentheses, else None (``line`` with ASCII
    digits). The line as it is is tried first: a number may open with its year in parentheses
    ("（93）某协字第028号"); then without the stray spaces a scan left among its digits."""
    for inner in (line.strip(), line.strip("()（） ")):
        if DOCNUM.fullmatch(inner):
            return inner
    if " " in line or "\u3000" in line:
        joined = _STRAY_SPACE.sub("", line.strip())
        if joined != line.strip() and DOCNUM.fullmatch(joined):
            return joined
    return None


JOINT_HEAD_LINES = 4  # lines a joint notice's head (its bodies, over the "关于…" line or the number) may run over


def _after_letterhead(lines: list[Line], cfg: dict) -> int:
    """Where a title may begin: after a letterhead ("某某局文件", or lines naming only bodies) and the
    document number under it, after a letterhead that only names the body whose name the title then
    opens with ("某某局" over "某某局2015年……总结"), else at the first line."""
    if not lines:
        return 0
    # a joint head: lines naming only bodies over the document's number, the title under it
    for k in range(1, min(JOINT_HEAD_LINES + 1, len(lines) - 1)):
        if not bodies_line(lines[k - 1].text):
            break
        if own_number(to_ascii_digits(lines[k].text)) is not None:
            return k + 1
    if not re.match(cfg["letterhead"], lines[0].text):
        head = lines[0].text.strip()
        if (len(lines) > 1 and lines[1].text.startswith(head) and len(lines[1].text) > len(head) + 4
                and is_body(head)):
            return 1
        return 0
    for k in (1, 2):
        if k < len(lines) and own_number(to_ascii_digits(lines[k].text)) is not None:
            return k + 1
    return 0


_SENTENCE_END = re.compile(r"[。！？]$")


@functools.lru_cache(maxsize=4)
def _continuation(pattern: str) -> re.Pattern:
    """The [title] continuation pattern compiled (once, not looked up in re's cache a line)."""
    return re.compile(pattern)


def title_lines(lines: list[Line], stop: int | None = -1) -> list[int]:
    """Indices of the lines forming the title (a split title is joined), or [] if none; ``stop``:
    the :func:`addressee_line` of ``lines`` when the caller has it.

    A line naming only bodies over a "关于…" line is the head of a joint notice's title."""
    cfg = config()["title"]
    out: list[int] = []
    stop = addressee_line(lines) if stop == -1 else stop

    continuation = _continuation(cfg["continuation"])

    def continues(i: int) -> bool:
        t = lines[i].text
        if continuation.search(t):
            return True
        return _joint_head(i)

    def _joint_head(i: int) -> bool:
        # lines naming only bodies over a "关于…" line (a joint notice's head may run over a few lines)
        for j in range(i, min(i + JOINT_HEAD_LINES, len(lines) - 1)):
            if not bodies_line(lines[j].text):
                return False
            if lines[j + 1].text.startswith("关于"):
                return True
        return False

    begin = _after_letterhead(lines, cfg)
    if begin < len(lines) - 1 and re.match(cfg["attachment_label"], lines[begin].text):
        begin += 1  # an attachment alone: its title is under its label
    for i, ln in enumerate(lines[begin:begin + 4], begin):
        if stop is not None and i >= stop:
            break
        t = ln.text
        if (len(t) > cfg["max_len"] and not _joint_title(t) and not _joint_head(i)) \
                or _SENTENCE_END.search(t) or t.endswith(("：", ":")):
            break
        if "。" in t:
            break
        if out and not continues(out[-1]):
            break
        out.append(i)
        if not continues(i):
            break
    return out


_DATE_LINE = resources.pattern("patterns.toml", "extract.structure.date_line")
# a text every date line holds (年): lines without it skip the match
_DATE_LINE_NEEDS = required_text(_DATE_LINE)
_NUMERIC_DATE_LINE = resources.pattern("patterns.toml", "extract.structure.numeric_date_line")
_LOOKALIKE = resources.pattern("patterns.toml", "extract.structure.date_lookalike")
_SPACED_YEAR = resources.pattern("patterns.toml", "extract.structure.spaced_year")
_AS_DIGIT = {"l": "1", "I": "1", "O": "0", "o": "0"}
_LOOKALIKE_LETTERS = required_any(_LOOKALIKE) or ("",)  # the letters one of which every look-alike is ("": unknown)


def _unspaced_year(m: re.Match) -> str:
    digits = m.group(0).replace(" ", "")
    return digits + " " * (len(m.group(0)) - len(digits)) if len(digits) == 4 else m.group(0)


def date_reading(text: str) -> str:
    """``text`` as a date line is read from it (the same length: offsets stay valid): ASCII digits, a
    scan's look-alike letter among a date's digits read as the digit ("8月3l日" → "8月31日"), a stray
    space among a year's four digits moved after them ("201 7年" → "2017 年"). The text itself keeps them."""
    t = to_ascii_digits(text)
    # (every look-alike is one of a few letters: a line without them, most, skips the scan)
    if any(c in t for c in _LOOKALIKE_LETTERS) and _LOOKALIKE.search(t):
        t = _LOOKALIKE.sub(lambda m: _AS_DIGIT[m.group(0)], t)
    if " " in t:
        t = _SPACED_YEAR.sub(_unspaced_year, t)
    return t


_SEAL = resources.pattern("patterns.toml", "extract.structure.seal")
_SIGNER_LABEL = resources.pattern("patterns.toml", "extract.structure.signer_label")
_SIGNER_PERSON = resources.pattern("patterns.toml", "extract.structure.signer_person")


def signature_parts(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each body a signature line names ("A局 B委", "A局（印）"), or None when a
    part of the line is no body. A seal mark after a name is not part of it."""
    label = _SIGNER_LABEL.match(text)
    skip = label.end() if label else 0  # "承诺单位：某公司": the body after its label
    out = []
    for m in re.finditer(r"\S+", text[skip:]):
        name = _SEAL.sub("", m.group(0))
        if not is_body(name):
            return None
        out.append((skip + m.start(), skip + m.start() + len(name)))
    return out or None


def signed_line_cut(text: str) -> int | None:
    """Where the bodies end on a signature written on one line, bodies then the date
    ("某局　　2021年8月25日"); None when the line is not one."""
    if _DATE_LINE_NEEDS not in text:
        return None  # (every date line holds it: no part of the text is one)
    for cut in (m.start() for m in _SPACE_RUN.finditer(text)):
        tail = text[cut:].strip()
        # (a part too long to be a date line, by its characters besides white space, is not read)
        if _short_enough(tail) and _DATE_LINE.match(to_ascii_digits(tail)):
            return cut if signature_parts(text[:cut]) is not None else None
    return None


_SPACE_RUN = re.compile(r"\s+")


_NOTE_LINE = re.compile(r"^\s*[(（][^()（）]{1,12}[)）]\s*$")


SIGNATURE_MAX = 30  # body lines of a 落款: a joint notice signs with one line a body (up to 26 national bodies)


@functools.cache
def _date_line_width() -> int | None:
    """The most characters other than white space a date line holds (None: unbounded)."""
    return nonspace_width(_DATE_LINE)


def _short_enough(text: str) -> bool:
    """Whether ``text`` holds few enough characters other than white space to be a date line once
    read (:func:`date_reading` turns no white space into another character, nor one back: a prose
    line stays too long, and is not read)."""
    width = _date_line_width()
    return width is None or len(text) <= width or len("".join(text.split())) <= width


def signature_block(lines: list[Line]) -> tuple[list[int], int | None]:
    """(body lines, date line) of the 落款: a date alone on a line under short lines naming bodies.

    The first such block wins (a cover notice's signature precedes its attachment); without one,
    a line of bodies followed by the date on the same line (its own date line), else the last date
    line of the text is taken as the signing date.
    """
    dated = [j for j, ln in enumerate(lines)
             if j >= 2 and _DATE_LINE_NEEDS in ln.text and _short_enough(ln.text) and _DATE_LINE.match(date_reading(ln.text))]
    numeric = [j for j, ln in enumerate(lines) if j >= 2 and ln.text[:1].isdigit() and _NUMERIC_DATE_LINE.match(ln.text)]
    cells: set[int] | None = None  # the lines of tables flattened one cell per line (found when needed)
    for j in sorted(dated + numeric) if numeric else dated:
        bodies: list[int] = []
        k = j - 1
        if k >= 0 and _NOTE_LINE.match(lines[k].text):
            k -= 1  # a bracketed note between the signers and the date ("（其他部门略）", "（盖章）")
        if k >= 0 and _SIGNER_PERSON.match(lines[k].text):
            k -= 1  # the signing body's legal representative, on the line above the date
        while k >= 0 and len(bodies) < SIGNATURE_MAX:
            if signature_parts(lines[k].text) is None:
                break
            if cells is None:
                from .flat_tables import table_lines  # (it reads this module's Line)
                cells = table_lines(lines)
            if k in cells and bodies:
                # a table's cell naming a unit over the signer's line: no signer (the line right over
                # the date signs even when a short last row seems to run on into it)
                break
            bodies.insert(0, k)
            k -= 1
        if bodies:
            # signers each dating their own line ("A局 ⏎ date ⏎ B局 ⏎ date"): the block runs on to the
            # last of them, whose date completes the joint document
            while j + 2 < len(lines) and signature_parts(lines[j + 1].text) is not None \
                    and _DATE_LINE.match(date_reading(lines[j + 2].text)):
                bodies.append(j + 1)
                j += 2
            return bodies, j
    if not dated:
        for j in range(max(2, len(lines) - 8), len(lines)):
            if len(lines[j].text) <= 60 and signed_line_cut(lines[j].text) is not None:
                return [j], j
    return [], (dated[-1] if dated else None)


_ATTACHMENT = resources.pattern("patterns.toml", "extract.structure.attachment")


@functools.cache
def _needs(pattern: re.Pattern) -> tuple[str, ...]:
    """Literal texts one of which every match of ``pattern`` holds (() when none is known)."""
    return required_any(pattern)

_NUMBERED = re.compile(r"^\d+\s*[、.．]\s*(?P<t>\S.*)$")
_CONTACT = resources.pattern("patterns.toml", "extract.structure.contact")


def attachments(lines: list[Line], text: str | None = None) -> list[tuple[int, str]]:
    """(line index, title) of attachments named after 附件 (and the numbered lines that follow).
    ``text``: the text the lines are of, when the caller has it (one without the literal every
    attachment line holds has none: its lines are not tried)."""
    out: list[tuple[int, str]] = []
    if text is not None and _needs(_ATTACHMENT) and not any(w in text for w in _needs(_ATTACHMENT)):
        return out
    for i, ln in enumerate(lines):
        m = _ATTACHMENT.match(ln.text)
        if not m:
            continue
        if m.group("t"):
            out.append((i, m.group("t").strip()))
        j = i + 1
        while j < len(lines) and (nm := _NUMBERED.match(lines[j].text)) and len(lines[j].text) <= 60:
            out.append((j, nm.group("t").strip()))
            j += 1
    seen, unique = set(), []
    for i, t in out:
        if t not in seen:
            seen.add(t)
            unique.append((i, t))
    return unique


def contacts(lines: list[Line], text: str | None = None) -> list[int]:
    """Indices of contact lines (联系人, 电话, 传真, 邮箱 …); ``text`` as for :func:`attachments`."""
    if text is not None and _needs(_CONTACT) and not any(w in text for w in _needs(_CONTACT)):
        return []
    return [i for i, ln in enumerate(lines) if len(ln.text) <= 120 and _CONTACT.search(ln.text)]
