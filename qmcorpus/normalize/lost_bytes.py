"""qmcorpus.normalize.lost_bytes: rebuild UTF-8 text that was read as GBK where the misreading lost bytes.

UTF-8 Chinese read as GBK pairs the bytes anew ("质量月" E8B4A8 E9878F E69C88 → "璐ㄩ噺鏈�"). A pair
GBK has no character for costs its first byte: the decoder writes one U+FFFD for that byte alone and
goes on with the next (0x80 is never a GBK lead; a lead before an ASCII byte has no trail). Such a
text, saved again, keeps every byte but the lost ones, each marked by its U+FFFD. The lost byte is
not free: it is one that GBK rejects before the byte that follows it, and with its neighbours it
must make well-formed UTF-8 of characters text uses. Those two constraints alone name the byte
most of the time (开 E5BC80 before a lead: 0x80 or one of a few unassigned pairs' leads); where
several characters remain (月 E69C88 before a digit: any continuation byte), the page's own text
decides when it writes exactly one of them between the same neighbours, else the words around it
when one candidate reads clearly better (the same margin as a U+FFFD filled from its words). A spot
nothing decides stays one U+FFFD per lost character.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field

from .. import resources

MARK = "\ufffd"
MAX_LOST = 2  # lost bytes in one character window tried together (128**2 readings at most)
CONTEXT = 3  # characters on each side read with a candidate
OWN_CONTEXT = 2  # characters on one side the page's own spelling must share with the spot
MARGIN = 2.0  # natural-log units by which the best candidate must read better than the next
RARE_BELOW = 6.0  # log-frequency under which a Chinese character is no candidate beside common ones
MAX_PAIRS = 1024  # candidate pairs of two spots side by side read together
PASSES = 3  # rounds over the spots (a spot decided gives its neighbours their context)
_HIGH = range(0x80, 0x100)
# characters Chinese text uses: ASCII, Latin-1's ·×, general punctuation, letterlike symbols, number forms,
# arrows, circled numbers, geometric shapes and stars, CJK punctuation, parenthesised numbers, CJK
# ideographs, full-width forms (not Braille, box drawing or other symbol blocks a lost byte may make)
_TEXT_CHAR = re.compile(r"[\t\x20-\x7e\u00b7\u00d7\u2010-\u206f\u2100-\u21ff\u2460-\u24ff"
                        r"\u25a0-\u25ff\u2605\u2606\u3000-\u303f\u3200-\u32ff\u3400-\u4dbf"
                        r"\u4e00-\u9fff\uff01-\uffe5]")


@functools.cache
def _lost_before(nxt: int) -> tuple[int, ...]:
    """The bytes a GBK decoder drops as one U+FFFD, on its own, when byte ``nxt`` follows."""
    out = []
    for b in _HIGH:
        d = bytes((b, nxt)).decode("gbk", errors="replace")
        if len(d) == 2 and d[0] == MARK:
            out.append(b)
    return tuple(out)


_DATE_UNIT = re.compile(r"(\S)\d{1,2}$")  # the unit before the number a spot follows


def _text_char(c: str) -> bool:
    return _TEXT_CHAR.match(c) is not None


@functools.cache
def _after_digit() -> frozenset[str]:
    return frozenset(resources.toml("lost_bytes.toml")["after_digit"])


@dataclass
class Reading:
    """A line read back: ``text`` with each undecided character as U+FFFD, and for each such spot
    (offset in ``text``) the characters it may be."""
    text: str
    certain: int = 0  # lost bytes the constraints alone named
    spots: dict[int, tuple[int, tuple[str, ...]]] = field(default_factory=dict)  # offset → (length, candidates)


def _bytes_of(line: str) -> list[int | None] | None:
    """The line's GBK bytes with None for each lost byte; None when a character has no GBK form."""
    out: list[int | None] = []
    for c in line:
        if c == MARK:
            out.append(None)
            continue
        try:
            out.extend(c.encode("gbk"))
        except UnicodeEncodeError:
            return None
    return out


def _sure_start(b: int | None) -> bool:
    return b is not None and (b < 0x80 or b >= 0xC0)


def _windows(seq: list[int | None]) -> list[tuple[int, int]]:
    """[start, end) of each run of bytes holding lost ones, from the character start before the
    first to the character start after the last (merged when they touch)."""
    out: list[tuple[int, int]] = []
    n = len(seq)
    for p, b in enumerate(seq):
        if b is not None:
            continue
        lo = p
        while lo > 0 and not _sure_start(seq[lo]):
            lo -= 1
        hi = p + 1
        while hi < n and not _sure_start(seq[hi]):
            hi += 1
        if out and lo < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _valid_prefix(bs: bytes) -> bool:
    try:
        bs.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        return e.end == len(bs) and e.reason == "unexpected end of data"


def _fills(seq: list[int | None], lo: int, hi: int) -> list[str] | None:
    """Every text the window [lo, hi) may have read before the misreading (distinct, in byte order)."""
    holes = [p for p in range(lo, hi) if seq[p] is None]
    if len(holes) > MAX_LOST:
        return None
    nxt_of = {p: (seq[p + 1] if p + 1 < len(seq) else 0x0A) for p in holes}
    choices = [(_HIGH if nxt_of[p] is None else _lost_before(nxt_of[p])) for p in holes]
    found: dict[str, None] = {}
    for combo in itertools.product(*choices):
        filled = list(seq[lo:hi])
        for p, b in zip(holes, combo):
            filled[p - lo] = b
        # a lost byte before another lost byte: GBK must reject that pair too
        if any(seq[p + 1] is None and combo[k] not in _lost_before(filled[p + 1 - lo])
               for k, p in enumerate(holes) if p + 1 < hi):
            continue
        try:
            s = bytes(filled).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if all(_text_char(c) for c in s):
            found.setdefault(s)
    return list(found)


def read_back(line: str) -> Reading | None:
    """The line as it read before UTF-8 was misread as GBK, lost bytes solved where only one
    reading fits (others marked as spots); None when the line is not such a misreading (its
    bytes are not well-formed UTF-8 outside the lost bytes).

    >>> back = read_back("组织“质量诚信”企业".encode("utf-8").decode("gbk", errors="replace"))
    >>> back.text, back.certain  # ” (E2 80 9D) lost 0x80, the only byte that fits; 业 lost its last byte
    ('组织“质量诚信”企\ufffd', 1)
    >>> back = read_back("开展质量月活动".encode("utf-8").decode("gbk", errors="replace"))
    >>> back.text, [len(c) for _, c in back.spots.values()]  # 开 E5BC80 before E5: 7 readings left
    ('�展质量月活动', [7])
    """
    seq = _bytes_of(line)
    if seq is None:
        return None
    wins = _windows(seq)
    out: list[str] = []
    size = 0  # len("".join(out)), kept as it grows (a page of many spots stays linear)
    pos = 0
    reading = Reading("")
    for lo, hi in wins:
        try:
            out.append(bytes(seq[pos:lo]).decode("utf-8"))  # type: ignore[arg-type]
        except UnicodeDecodeError:
            return None
        size += len(out[-1])
        fills = _fills(seq, lo, hi)
        if not fills:
            return None
        if len(fills) == 1:
            reading.certain += sum(1 for p in range(lo, hi) if seq[p] is None)
            out.append(fills[0])
        else:
            out.append(_spots(fills, size, reading))
        size += len(out[-1])
        pos = hi
    try:
        out.append(bytes(seq[pos:]).decode("utf-8"))  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return None
    reading.text = "".join(out)
    return reading


def _spots(fills: list[str], at: int, reading: Reading) -> str:
    """The window's text with U+FFFD over the stretch where its readings differ, that stretch a
    spot of the reading (its candidates read together: two lost characters side by side are one
    choice); readings of unequal length make the whole window one U+FFFD."""
    if len({len(f) for f in fills}) != 1:
        reading.spots[at] = (1, tuple(fills))
        return MARK
    differ = [k for k, cs in enumerate(zip(*fills)) if len(set(cs)) > 1]
    a, b = differ[0], differ[-1] + 1
    reading.spots[at + a] = (b - a, tuple(dict.fromkeys(f[a:b] for f in fills)))
    return fills[0][:a] + MARK * (b - a) + fills[0][b:]


def decide(text: str, spots: dict[int, tuple[int, tuple[str, ...]]]) -> tuple[str, int]:
    """(text, spots decided): each spot (offset → (length, candidate strings); the text holds
    ``length`` U+FFFD there) filled where only one candidate may follow a number, or the page
    writes exactly one candidate beside the spot's neighbours, else where one reads clearly best
    among the words around it (a margin of MARGIN; two open spots side by side read together),
    else where the shape of its line allows only one; the others stay U+FFFD."""
    text, done, _ = decide_open(text, spots)
    return text, done


def decide_open(text: str, spots: dict[int, tuple[int, tuple[str, ...]]]
                ) -> tuple[str, int, dict[int, tuple[int, tuple[str, ...]]]]:
    """:func:`decide`, also giving the spots still open (offsets in the text returned)."""
    chars = list(text)  # a decided spot's first slot takes its reading, the rest of its slots ""
    todo = sorted(spots)
    for _ in range(PASSES):
        # the page as the pass begins, read for its own spellings (spots decided in this pass count
        # from the next one), and each spot's offset in it: one join a pass, not one a spot
        page = "".join(chars)
        at = _offsets(chars, todo)
        written = _Grams(page) if len(todo) >= MANY_SPOTS else None
        left_over = [q for q in todo if not _decide_one(chars, q, *spots[q], page=page, at=at[q], written=written)]
        if len(left_over) == len(todo):
            break
        todo = left_over
    for q, q2 in zip(todo, todo[1:]):
        if q2 == q + spots[q][0] and q in todo and q2 in todo and _decide_pair(chars, q, q2, spots):
            todo = [x for x in todo if x not in (q, q2)]
    todo = _by_shapes(chars, todo, spots)
    at = _offsets(chars, todo)
    return "".join(chars), len(spots) - len(todo), {at[q]: spots[q] for q in todo}


def _offsets(chars: list[str], slots: list[int]) -> dict[int, int]:
    """Each slot's offset in ``"".join(chars)`` (``slots`` sorted), in one walk."""
    out, off, i = {}, 0, 0
    for q in slots:
        off += sum(len(c) for c in chars[i:q])
        i = q
        out[q] = off
    return out


def _rare(s: str) -> bool:
    lf = resources.char_logfreq()
    return any("\u3400" <= c <= "\u9fff" and lf.get(c, 0.0) < RARE_BELOW for c in s)


def _decide_one(chars: list[str], q: int, length: int, cands: tuple[str, ...], *, page: str, at: int,
                written=None) -> bool:
    """Fill one spot of ``chars`` (see :func:`decide`; ``page``: the page as the pass began, the spot
    at offset ``at`` in it); whether it was decided."""
    from .byteshift import segment_logprob, segment_logprobs

    cands = tuple(c for c in cands if not _rare(c)) or cands  # 、 beside 㡁㢁…: the common one
    left = "".join(chars[max(0, q - CONTEXT):q])[-CONTEXT:]
    right = "".join(chars[q + length:q + length + CONTEXT])[:CONTEXT]
    if left[-1:].isdigit():
        # after a number: the characters that follow numbers, when the candidates hold any; in a
        # date, the next unit (年8月22? → 日)
        cands = tuple(c for c in cands if c[0] in _after_digit()) or cands
        unit = _DATE_UNIT.search("".join(chars[max(0, q - 8):q]))
        nxt = unit and resources.toml("lost_bytes.toml")["date_next"].get(unit.group(1))
        if nxt and nxt in cands:
            cands = (nxt,)
    pick = cands[0] if len(cands) == 1 else _own(page, at, length, cands, written)
    if pick is None:
        if MARK in (left[-1:] + right[:1]):
            return False  # beside another open spot: the two are read together (_decide_pair)
        if all(len(c) == 1 for c in cands):
            scores = segment_logprobs(left, right, list(cands))
        else:
            scores = [segment_logprob(left + c + right) for c in cands]
        ranked = sorted(zip(scores, cands), reverse=True)
        if ranked[0][0] - ranked[1][0] >= MARGIN:
            pick = ranked[0][1]
    if pick is None:
        return False
    chars[q:q + length] = [pick] + [""] * (length - 1)
    return True


@functools.cache
def _shapes() -> tuple[tuple[re.Pattern, dict[str, str]], ...]:
    return tuple((re.compile(x["pattern"]), x["fills"]) for x in resources.toml("lost_bytes.toml")["shapes"])


def _by_shapes(chars: list[str], todo: list[int], spots: dict) -> list[int]:
    """Open spots of one character in a line of a known shape (a document number, a heading's
    numeral, a salutation, a metadata key, an open bracket, a paragraph's end: data/lost_bytes.toml,
    the first shape that fits a spot fills it) filled with the one candidate the shape allows there;
    the spots still open."""
    if not todo:
        return todo
    text = "".join(chars)
    at = {t: q for q, t in _offsets(chars, [q for q in todo if spots[q][0] == 1]).items()}  # text offset → spot
    offs = sorted(at)
    done = set()
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        k = bisect.bisect_left(offs, start)
        if k < len(offs) and offs[k] < end:
            for pattern, fills in _shapes():
                m = pattern.search(line)
                if m is None:
                    continue
                for name, allowed in fills.items():
                    t = start + m.start(name)
                    q = at.get(t)
                    if q is None or q in done or m.group(name) != MARK:
                        continue  # (a spot an earlier shape filled keeps its fill)
                    fit = [c for c in spots[q][1] if c in allowed]
                    if len(fit) == 1:
                        chars[q] = fit[0]
                        done.add(q)
        start = end + 1
    return [q for q in todo if q not in done]


def _decide_pair(chars: list[str], q: int, q2: int, spots: dict) -> bool:
    """Fill two open spots side by side (特种??安全: 设备) with the pair of candidates that reads
    clearly best among the words around them; whether they were decided."""
    from .byteshift import segment_logprob

    (n1, c1), (n2, c2) = spots[q], spots[q2]
    c1 = tuple(c for c in c1 if not _rare(c)) or c1
    c2 = tuple(c for c in c2 if not _rare(c)) or c2
    if len(c1) * len(c2) > MAX_PAIRS:
        return False
    left = "".join(chars[max(0, q - CONTEXT):q])[-CONTEXT:]
    right = "".join(chars[q2 + n2:q2 + n2 + CONTEXT])[:CONTEXT]
    if MARK in (left[-1:] + right[:1]):
        return False
    ranked = sorted(((segment_logprob(left + a + b + right), a, b) for a in c1 for b in c2), reverse=True)
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return False
    _, a, b = ranked[0]
    chars[q:q + n1] = [a] + [""] * (n1 - 1)
    chars[q2:q2 + n2] = [b] + [""] * (n2 - 1)
    return True


def _own(text: str, q: int, length: int, cands: tuple[str, ...], written=None) -> str | None:
    """The one candidate the page itself writes after the spot's OWN_CONTEXT left neighbours or
    before its right ones (no mark among them), when exactly one is so written. (No occurrence of
    such a probe can overlap the spot, which holds U+FFFD: a probe is found anywhere in the page;
    ``written``: a faster test of that, see :class:`_Grams`.)"""
    left, right = text[max(0, q - OWN_CONTEXT):q], text[q + length:q + length + OWN_CONTEXT]
    written = written or text.__contains__
    seen = set()
    for c in cands:
        for probe in ((left + c) if len(left) == OWN_CONTEXT and MARK not in left else None,
                      (c + right) if len(right) == OWN_CONTEXT and MARK not in right else None):
            if probe and written(probe):
                seen.add(c)
    return seen.pop() if len(seen) == 1 else None


class _Grams:
    """``probe in page`` for a page asked about many spots: the page's substrings of each length
    asked, gathered once (one scan of the page per length instead of one per probe)."""

    def __init__(self, page: str):
        self.page = page
        self.by_len: dict[int, set[str]] = {}

    def __call__(self, probe: str) -> bool:
        n = len(probe)
        if n not in self.by_len:
            p = self.page
            self.by_len[n] = {p[i:i + n] for i in range(len(p) - n + 1)}
        return probe in self.by_len[n]


MANY_SPOTS = 64  # spots in a pass from which the page's substrings are gathered (fewer: a search each)


@functools.lru_cache(maxsize=256)
def read_back_decided(line: str) -> Reading | None:
    """:func:`read_back` with the spots the line itself decides (年8?22: 月) filled, the rest open
    for the page's words (cached: a repair asks for a line's readings more than once)."""
    back = read_back(line)
    if back is None:
        return None
    text, decided, spots = decide_open(back.text, back.spots)
    return Reading(text, back.certain + decided, spots)


def restore_lines(lines: list[str], backs: dict[str, Reading]) -> tuple[str, int]:
    """``lines`` joined, the open spots of each line that is a reading in ``backs`` decided with
    the whole page as context (:func:`decide`); (text, lost bytes restored in those lines)."""
    spots: dict = {}
    solved = off = 0
    for line in lines:
        back = backs.get(line)
        if back is not None:
            solved += back.certain
            spots.update({off + q: v for q, v in back.spots.items()})
        off += len(line) + 1
    text = "\n".join(lines)
    if not spots:
        return text, solved
    text, decided = decide(text, spots)
    return text, solved + decided


# U+FFFD U+FFFD saved as UTF-8 (EF BF BD EF BF BD) and read as GBK: 锟斤拷. It stands for a character
# a tool had already lost (an odd run of lost bytes ends in 锟� plus a lost byte, not read here).
LOST_PAIR = "\u951f\u65a4\u62f7"


def mark_lost_pairs(text: str) -> tuple[str, int]:
    """(text, runs marked): each 锟斤拷 made U+FFFD, one lost character (filled later where its
    words tell, :mod:`.replaced`).

    >>> mark_lost_pairs("质量锟斤拷活动")
    ('质量\ufffd活动', 1)
    """
    n = text.count(LOST_PAIR)
    return (text.replace(LOST_PAIR, MARK), n) if n else (text, 0)
