"""qmcorpus.normalize.lost_lead: repair a GBK character whose lead byte was lost with no mark at its
place (对有意向申报的企业进行 → 杂幸庀蛏瓯ǖ钠笠到?行).

The bytes after the lost one pair one byte late (each garbled character is the trail of one true
character and the lead of the next) until the scraper meets a byte that pairs with nothing and
prints ``?`` (or U+FFFD) for it: the garbled run *ends* at the ``?`` (the repair in ``byteshift``
handles runs that start at one). Re-encoding the run and re-pairing its bytes gives every true character but two
whole: the first one keeps only its trail byte, the last one only its lead byte. Those two are
chosen among the GBK characters with that byte by the words they make with their neighbours, and
the run's start (how many characters before the ``?`` were garbled) by the words of the whole
re-paired span. A repair is made only when the span reads much better than the text as it is, so
a real question mark after Chinese text stays.
"""
from __future__ import annotations

import functools
import re

from .. import resources
from .byteshift import MIN_WORD_FREQ, Repair  # the words byte-shift repair's segmentation counts
from .byteshift import segment_logprob as logprob  # best segmentation into dictionary words
from .byteshift import segment_logprobs  # the same for one string with each of many characters in a slot
from .script import simplify_chars

TRADITIONAL_WINDOW = 24  # characters before a '?' that must hold no traditional form
MAX_RUN = 64  # garbled characters before the '?' tried as the run (a whole line may be one)
TOP_STARTS = 3  # run starts read in full, of those the word pairs rank best
CONTEXT = 3  # neighbours on each side read with a candidate
# natural-log units a repaired window must read better than the text with the '?' as one lost
# character (real question marks after Chinese text score below 0 there)
MARGIN = 3.0
COMMONEST = "的"  # the character a lost one most likely was, without other evidence
# a '?' (or U+FFFD) where the bytes re-aligned, after a character a run can hold (GBK's kana rows
# A4/A5 too: a trail byte A4 or A5 read as a lead pairs with the next lead into a kana)
_SPOT = re.compile(r"(?<=[\u3400-\u9fff\u2460-\u24ff\u3000-\u30ff\uff00-\uffef\u00e0-\u01dc])[?\ufffd]")
MAX_SPOTS = 16  # spots tried on one page
OTHER_KIND_RUNS = 8  # runs starting at a '?' that make a page's damage that kind


_MARKS = "、。“”‘’…—《》【】，：；！？（）"  # the punctuation a lost byte can belong to in running text
_LINE_END_MARKS = "。" + _MARKS.replace("。", "")


@functools.cache
def _gb2312() -> tuple[dict[int, list[str]], dict[int, list[str]], dict[tuple[int, int], str]]:
    """Characters running text is written in (GB2312's hanzi and common punctuation), by trail
    byte and by lead byte, and every such pair of bytes → its character."""
    pairs = _gb2312_pairs()
    for ch in _MARKS:
        b = ch.encode("gbk")
        pairs[(b[0], b[1])] = ch
    by_trail: dict[int, list[str]] = {}
    by_lead: dict[int, list[str]] = {}
    for (lead, trail), ch in pairs.items():
        by_trail.setdefault(trail, []).append(ch)
        by_lead.setdefault(lead, []).append(ch)
    return by_trail, by_lead, pairs


def _gb2312_pairs() -> dict[tuple[int, int], str]:
    """Every pair of bytes of GB2312's hanzi rows (lead B0-F7, trail A1-FE) that GBK decodes →
    its character. A row whose pairs all decode is decoded at once: each pair is one character
    (a lead byte never ends a character), so the i-th character is the i-th pair's; a row with
    a pair that does not decode is read pair by pair."""
    pairs: dict[tuple[int, int], str] = {}
    trails = range(0xA1, 0xFF)
    for lead in range(0xB0, 0xF8):
        try:
            row = bytes(b for trail in trails for b in (lead, trail)).decode("gbk")
        except UnicodeDecodeError:
            row = None
        if row is not None and len(row) == len(trails):
            pairs.update(((lead, trail), ch) for trail, ch in zip(trails, row))
            continue
        for trail in trails:
            try:
                pairs[(lead, trail)] = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                pass
    return pairs


def _realigned(run: str) -> str | None:
    """The middle of a run re-paired one byte earlier (the true characters between the first and
    the last), or None when the run is not all double-byte GBK or a pair is no common character."""
    try:
        b = run.encode("gb18030")  # (GB18030: a user-defined pair, read as private use, is two bytes too)
    except UnicodeEncodeError:
        return None
    if len(b) != 2 * len(run):
        return None
    pairs = _gb2312()[2]
    mid = []
    for i in range(1, len(b) - 1, 2):
        ch = pairs.get((b[i], b[i + 1]))
        if ch is None:
            return None
        mid.append(ch)
    return "".join(mid)


def _best(cands: list[str], left: str, right: str) -> str | None:
    if not cands:
        return None
    # a punctuation mark reads as no word: among marks, the commonest first (_MARKS's order; at the
    # end of a line or paragraph, the full stop first)
    # (the readings are segmented together: segment_logprobs gives each logprob(left + c + right))
    marks = _LINE_END_MARKS if not right or right[0] in "<\n" else _MARKS
    scores = segment_logprobs(left, right, cands)
    keys = [(sc, -marks.find(c) if c in marks else 0) for sc, c in zip(scores, cands)]
    return cands[max(range(len(cands)), key=keys.__getitem__)]  # (max: the first of equals, as over cands)


JOINT_MID = 2  # re-paired characters between the two half-known ones below which both are chosen together
JOINT_TOP = 8  # candidates of each side read together


def _top(cands: list[str], left: str, right: str) -> list[str]:
    """The JOINT_TOP candidates that read best between ``left`` and ``right`` (a common
    character first among equals)."""
    lf = resources.char_logfreq()
    scores = segment_logprobs(left, right, cands)  # each logprob(left + c + right), segmented together
    keys = [(sc, lf.get(c, 0.0)) for sc, c in zip(scores, cands)]
    # (sorting the positions by the keys keeps equals in the candidates' order, as sorting them would)
    return [cands[i] for i in sorted(range(len(cands)), key=keys.__getitem__, reverse=True)[:JOINT_TOP]]


def _fills(cands: list[str] | None, before: str, after: str) -> set[str]:
    """The candidates (None: any character) that make a dictionary word with some of the
    characters around them."""
    slots = resources.word_slots(MIN_WORD_FREQ, 2 * CONTEXT + 1)  # (kept by resources; byte-shift repair's too)
    # every filling character of the slot's neighbour spans, as one set, then kept to the candidates
    # (the same set as testing each character against them)
    out = set("".join([slots.get(f"{before[len(before) - i:]}\0{after[:j]}", "")
                       for i in range(0, CONTEXT + 1) for j in range(0, CONTEXT + 1) if i + j]))
    return out if cands is None else out.intersection(cands)


JOINT_WORDS = 4  # pairs of candidates kept for the words they make through the middle


@functools.cache
def _two_char_words() -> dict[str, str]:
    """Two-character dictionary words (of the running-text characters) by the trail byte of their
    first character and the lead byte of their second: the pairs a run of one garbled character
    can stand for. Built once and kept between runs like the dictionaries (a pass over all of
    them: three times the time to read it back), as ``"trail lead"`` → the pairs' characters
    (read as pairs by :func:`_pairs_between`, for the one key a run asks for)."""
    from pathlib import Path

    return resources.derived_table("lost_lead_pairs", _build_two_char_words, sources=(Path(__file__),))


def _pairs_between(trail: int, lead: int) -> list[tuple[str, str]]:
    """The (first, second) characters of the two-character words whose first character ends with
    the byte ``trail`` and whose second begins with ``lead`` (:func:`_two_char_words`)."""
    s = _two_char_words().get(f"{trail} {lead}", "")
    return [(s[i], s[i + 1]) for i in range(0, len(s), 2)]


def _build_two_char_words() -> dict[str, str]:
    wf, pairs = resources.word_freq(), _gb2312()[2]
    bytes_of = {ch: key for key, ch in pairs.items()}
    out: dict[str, str] = {}
    for w, f in wf.items():
        if len(w) == 2 and f >= MIN_WORD_FREQ and w[0] in bytes_of and w[1] in bytes_of:
            key = f"{bytes_of[w[0]][1]} {bytes_of[w[1]][0]}"
            out[key] = out.get(key, "") + w
    return out


def _word_pairs_through(b: bytes, left: str, right: str) -> list[tuple[str, str]]:
    """For a run of one garbled character (nothing re-paired between the two half-known ones): the
    pairs making the most frequent words with a character or two around (宣传资料 from 宣传柿?)."""
    wf = resources.word_freq()
    scored = []
    for f, lc in _pairs_between(b[0], b[-1]):
        core = f + lc
        best = max(wf.get(core, 0), wf.get(left[-1:] + core, 0), wf.get(left[-2:] + core, 0),
                   wf.get(core + right[:1], 0), wf.get(core + right[:2], 0), wf.get(left[-1:] + core + right[:1], 0))
        scored.append((best, f, lc))
    return [(f, lc) for _, f, lc in sorted(scored, reverse=True)[:JOINT_WORDS]]


def _run_chars(ch: str) -> bool:
    """A character a garbled run can hold: any double-byte GBK character (hanzi, symbols, kana…),
    or a pair of GBK's user-defined rows that GB18030 read as a private-use character."""
    if ch < "\u0080":
        return False
    try:
        return len(ch.encode("gb18030")) == 2
    except UnicodeEncodeError:
        return False


def _word_pairs(s: str) -> int:
    """Adjacent characters of ``s`` that make a dictionary word: running text has many, a garbled
    run almost none (a cheap measure of how a stretch reads)."""
    wf = resources.word_freq()
    return sum(1 for i in range(len(s) - 1) if wf.get(s[i:i + 2], 0) >= MIN_WORD_FREQ)


def _starts(text: str, q: int) -> list[tuple[int, str]]:
    """(start, re-paired middle) of the runs ending at ``q`` worth reading in full: the
    TOP_STARTS whose hypothesis leaves the most word pairs in the stretch before ``q``."""
    lo = max(0, q - MAX_RUN - CONTEXT)
    cands = []
    for k in range(1, MAX_RUN + 1):
        start = q - k
        if start < 0 or not _run_chars(text[start]):
            break
        mid = _realigned(text[start:q])
        if mid is not None:
            cands.append((_word_pairs(text[lo:start]) + _word_pairs(mid), -k, start, mid))
    return [(start, mid) for _, _, start, mid in sorted(cands, reverse=True)[:TOP_STARTS]]


# opening marks and their partners: a run holding an opening mark whose partner closes soon after the
# '?' (“质?月”) is no garbled run — that mark is the text's own (re-pairing it away unpairs the quote)
_PAIRS = {"“": "”", "《": "》", "（": "）", "‘": "’"}
PAIR_SPAN = 24  # characters after the '?' within which the partner closes the text's own pair


def _opens_pair_closed_after(run: str, text: str, q: int) -> bool:
    """Whether ``run`` ends with an opening mark (and what follows it) that the text closes within
    PAIR_SPAN characters after the '?' at ``q``, with no other opening of it between."""
    for o, c in _PAIRS.items():
        k = run.rfind(o)
        if k < 0 or c in run[k:]:
            continue
        after = text[q + 1:q + 1 + PAIR_SPAN]
        j = after.find(c)
        if j >= 0 and o not in after[:j] and "\n" not in after[:j]:
            return True
    return False


def _closes_pair_opened_before(run: str, text: str, start: int) -> bool:
    """Whether ``run`` (starting at ``start``) holds a closing mark that the text opened within
    PAIR_SPAN characters before the run, on the same line, with no other closing of it between
    (“质量月”疃?: the ” is the text's own; re-pairing it away unpairs the quote)."""
    for o, c in _PAIRS.items():
        k = run.find(c)
        if k < 0 or o in run[:k]:
            continue
        before = text[max(0, start - PAIR_SPAN):start]
        j = before.rfind(o)
        if j >= 0 and c not in before[j:] and "\n" not in before[j:]:
            return True
    return False


# natural-log units by which a reading whose first character lost its trail byte must beat the best
# reading whose first character lost its lead byte (the damage this module is named for, and the more
# common one: without a clear gain, a lead-byte candidate such as 盘 for 排 would often win by chance)
TRAIL_MARGIN = 2.0


def _repair_at(text: str, q: int) -> tuple[int, str] | None:
    """(start, repaired) for the run ending in the '?' at ``q``, or None. The run's start is the
    one whose re-paired window reads best. The first true character kept one byte: its trail (its
    lead was the lost byte) or, read apart and trusted only by TRAIL_MARGIN, its lead (its trail was
    lost: the run's first garbled character then holds the next character's lead)."""
    by_trail, by_lead, _ = _gb2312()
    right = text[q + 1:q + 1 + CONTEXT]
    starts = _starts(text, q)
    if not starts:
        return None
    lo = max(0, min(start for start, _ in starts) - CONTEXT)  # the window every reading covers
    best: dict[bool, tuple] = {}  # lost trail? → (score, start, repaired)
    for start, mid in starts:
        run = text[start:q]
        if _opens_pair_closed_after(run, text, q) or _closes_pair_opened_before(run, text, start):
            continue
        b = run.encode("gb18030")
        left = text[max(0, start - CONTEXT):start]
        lasts = by_lead.get(b[-1])
        for lost_trail, firsts in ((False, by_trail.get(b[0])), (True, by_lead.get(b[0]))):
            if not firsts or not lasts:
                continue
            first, last = _ends(firsts, lasts, None if lost_trail else b, left, mid, right)
            # every start re-pairs the same window: the starts compare by how it reads
            score = logprob(text[lo:start] + first + mid + last + right)
            if lost_trail not in best or score > best[lost_trail][0]:
                best[lost_trail] = (score, start, first + mid + last)
    if not best:
        return None
    pick = best.get(False)
    if True in best and (pick is None or best[True][0] - pick[0] >= TRAIL_MARGIN):
        pick = best[True]
    score, start, repaired = pick
    # against the run as it is, with the '?' standing for one lost character (whichever reads best
    # there, or the commonest one)
    gaps = sorted(_fills(None, text[lo:q], right) | {COMMONEST})
    as_is = max(segment_logprobs(text[lo:q], right, gaps))
    return (start, repaired) if score - as_is >= MARGIN else None


def _ends(firsts: list[str], lasts: list[str], b: bytes | None, left: str, mid: str, right: str) -> tuple[str, str]:
    """The first and the last true characters of a run (each known by one byte) that read best.
    ``b``: the run's bytes when the first kept its trail (the two-character words through them are
    read too), else None."""
    if len(mid) <= JOINT_MID:
        # close together, they may make one word (家喻户晓 re-paired from 矣骰?晓): the best
        # few of each side, and those making a word with the other's, read together
        tops_f = _top(firsts, left, mid[:CONTEXT])
        tops_l = _top(lasts, mid[-CONTEXT:], right)
        fs = set(tops_f).union(*(_fills(firsts, left, mid + x + right) for x in tops_l))
        ls = set(tops_l).union(*(_fills(lasts, left + x + mid, right) for x in tops_f))
        if not mid and b is not None:
            for f, l in _word_pairs_through(b, left, right):
                fs.add(f)
                ls.add(l)
        return _best_pair(sorted(fs), sorted(ls), left, mid, right)
    first = _best(firsts, left, mid[:CONTEXT])
    return first, _best(lasts, (left + first + mid)[-CONTEXT:], right)


def _best_pair(fs: list[str], ls: list[str], left: str, mid: str, right: str) -> tuple[str, str]:
    """``max(((f, l) for f in fs for l in ls), key=lambda fl: logprob(left + fl[0] + mid + fl[1] + right))``
    with the readings of each first character segmented together (segment_logprobs: the same
    floats); the first pair of equals, as max keeps."""
    best, pick = None, None
    for f in fs:
        for sc, l in zip(segment_logprobs(left + f + mid, right, ls), ls):
            if best is None or sc > best:
                best, pick = sc, (f, l)
    if pick is None:
        raise ValueError("max() arg is an empty sequence")
    return pick


def repair_lost_leads(text: str, encoding: str | None = None, marked_runs: int = 0) -> tuple[str, list[Repair]]:
    """The text with every run of this damage re-paired, and the repairs made. A Big5 page cannot
    have it, and a '?' in traditional text is no GBK damage (GB2312 holds no traditional forms:
    re-paired bytes would always read as simplified words, and better than the text).
    ``marked_runs``: the runs byte-shift repair found starting at a '?' — on a page with many, the
    other '?' are of that kind (and trying each costs more than the page)."""
    if (encoding or "").lower().startswith("big5") or marked_runs >= OTHER_KIND_RUNS:
        return text, []
    if "?" not in text and "\ufffd" not in text:
        return text, []
    repairs: list[Repair] = []
    out, pos = [], 0
    tried = 0
    for m in _SPOT.finditer(text):
        q = m.start()
        if q < pos:
            continue
        tried += 1
        if tried > MAX_SPOTS:
            break  # a page of hundreds of question marks holds no such damage worth its cost
        before = text[max(0, q - TRADITIONAL_WINDOW):q]
        if simplify_chars(before) != before:
            continue
        fix = _repair_at(text, q)
        if fix is None:
            continue
        start, repaired = fix
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(repaired)
        repairs.append(Repair(start, q + 1, text[start:q + 1], repaired, True))
        pos = q + 1
    if not repairs:
        return text, []
    out.append(text[pos:])
    return "".join(out), repairs
