"""qmcorpus.normalize.mojibake_runs: a clause of UTF-8 text that was read as GBK inside a page read right.

A page stitched from parts (a GBK template, a UTF-8 snippet pasted in) is read in one encoding, and
the snippet turns into rare characters ("各单位要高度重视质量工作" → "鍚勫崟浣嶈楂樺…").
The line-level repair (:func:`.decode.repair_mojibake`) leaves such a line: most of it reads well.
Here a run of characters that misread UTF-8 makes and real text seldom has (one search of the page)
marks a span to try: from up to TRIM characters before the run, the longest stretch of its clause
(between punctuation, ASCII and line breaks) whose GB18030 bytes read strictly as UTF-8 is read so
(the snippet may end inside the clause, where the document's own text goes on), when the reading is
Chinese and far more plausible. Correct text seldom decodes that way (its GB18030 bytes are rarely
valid UTF-8: a lead byte 0xE2–0xEF must be followed by continuation bytes 0x80–0xBF), and if it
did, the reading would score below it.
"""
from __future__ import annotations

import functools
import re

from .. import resources
from .lost_bytes import read_back_decided, restore_lines

RARE_BELOW = 9.0  # log-frequency of a character real text seldom has (its median is near 12)
MIN_RUN = 4  # rare characters in a row that mark a span to try
TRIM = 2  # characters before a rare run where the snippet may begin
MARGIN = 3.0  # how much more plausible (mean log-frequency) the reading must be


# a clause: no ASCII, no space, no common Chinese punctuation (a misread snippet also holds kana, bopomofo
# and private-use characters where its byte pairs fall outside the Chinese characters)
_CLAUSE = re.compile(r"[^\x00-\x7f\s，。；：！？、“”‘’《》（）【】…—·]+")
_LEADS = bytes([0xE2, 0xE3, *range(0xE4, 0xEA), 0xEF])  # UTF-8 leads of punctuation, CJK, full-width forms
_CONTS = bytes(range(0x80, 0xC0))


def _shaped_pairs():
    """Each character that two bytes of UTF-8 Chinese text make when read as GB18030: a lead byte
    then a continuation byte, or a continuation byte then a lead or another continuation byte."""
    for first, seconds in ((_LEADS, _CONTS), (_CONTS, _LEADS + _CONTS)):
        for a in first:
            for b in seconds:
                try:
                    c = bytes((a, b)).decode("gb18030")
                except UnicodeDecodeError:
                    continue
                if len(c) == 1:
                    yield c


@functools.cache
def _rare_class() -> re.Pattern:
    """A run of MIN_RUN characters that misread UTF-8 makes and real text seldom has (rare Chinese
    characters, kana, bopomofo, private-use ones; no punctuation): where a span to try may be (one
    search of the text tells most pages there is none). The characters are kept between runs like
    the dictionaries (finding them decodes some five thousand byte pairs)."""
    from pathlib import Path

    rare = resources.derived_table("mojibake_rare", _build_rare, sources=(Path(__file__),))["rare"]
    return re.compile("[" + re.escape(rare) + f"]{{{MIN_RUN}}}")  # (re.escape escapes character by character)


def _build_rare() -> dict[str, str]:
    logfreq = resources.char_logfreq()
    return {"rare": "".join(sorted({c for c in _shaped_pairs()
                                    if logfreq.get(c, 0.0) < RARE_BELOW and _CLAUSE.fullmatch(c)}))}


def _mean(text: str) -> float:
    logfreq = resources.char_logfreq()
    scores = [logfreq.get(c, 0.0) for c in text if "\u4e00" <= c <= "\u9fff"]
    return sum(scores) / len(scores) if scores else 0.0


def _reading(text: str, run: int, lo: int, hi: int) -> tuple[int, int, str] | None:
    """(start, end, reading) of the longest strict UTF-8 reading of the GB18030 bytes of a span of
    ``text`` inside its clause [lo, hi), starting at most TRIM characters before the rare run found
    at ``run`` (the snippet may end inside the clause, where the document's own text goes on), when
    it reads as Chinese far more plausibly; else None."""
    best = None
    for a in range(max(lo, run - TRIM), run + 1):
        for b in range(hi, a + MIN_RUN - 1, -1):
            try:
                reading = text[a:b].encode("gb18030").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if sum(1 for c in reading if "\u4e00" <= c <= "\u9fff") >= 2:
                gain = _mean(reading) - _mean(text[a:b])
                if gain >= MARGIN and (best is None or b - a > best[1] - best[0]):
                    best = (a, b, reading)
            break  # the longest reading from a: a shorter one would only leave bytes misread
    return best


def _clause_start(text: str, i: int) -> int:
    """Where the clause holding text[i] begins."""
    while i > 0 and _CLAUSE.match(text[i - 1]):
        i -= 1
    return i


def repair_mojibake_runs(text: str) -> tuple[str, int, str]:
    """(text, spans repaired, trace) — spans of UTF-8 read as GBK, read right.

    >>> repair_mojibake_runs("院长指出，" + "各单位要高度重视质量工作".encode("utf-8").decode("gb18030") + "。")[0]
    '院长指出，各单位要高度重视质量工作。'
    >>> repair_mojibake_runs("院长指出，各单位要高度重视质量工作。")[1]
    0
    """
    runs = _rare_class()
    if runs.search(text) is None:
        return text, 0, ""
    text, fixed, trace, solved = _lossy_lines(text, runs)
    out, pos = [], 0
    for m in runs.finditer(text):
        if m.start() < pos:
            continue  # inside a span read already
        lo = _clause_start(text, m.start())
        found = _reading(text, m.start(), lo, _CLAUSE.match(text, lo).end())
        if found is None:
            continue
        a, b, reading = found
        out += [text[pos:a], reading]
        pos = b
        fixed += 1
        if len(trace) < 3:
            trace.append(f"{text[a:b][:12]!r}→{reading[:12]!r}")
    if not fixed:
        return text, 0, ""
    out.append(text[pos:])
    if solved:  # counted as the whole-page reading counts them (decode.py)
        trace.append(f"{solved} lost bytes restored")
    return "".join(out), fixed, "; ".join(trace)


def _lossy_lines(text: str, runs: re.Pattern) -> tuple[str, int, list[str], int]:
    """(text, lines repaired, trace, lost bytes restored): each line holding a rare run and bytes the misreading lost
    (U+FFFD) that reads back whole as UTF-8 (:mod:`.lost_bytes`: the lost bytes solved where they
    can be) and then far more plausibly — a paragraph pasted from a UTF-8 source; the strict
    clause reading below cannot cross a lost byte."""
    lines = text.split("\n")
    backs, fixed, trace = {}, 0, []
    for i, line in enumerate(lines):
        if "\ufffd" not in line or runs.search(line) is None:
            continue
        back = read_back_decided(line)
        if back is None or sum(1 for c in back.text if "\u4e00" <= c <= "\u9fff") < 2:
            continue
        if _mean(back.text.replace("\ufffd", "")) - _mean(line) >= MARGIN:
            backs[back.text] = back
            if len(trace) < 3:
                trace.append(f"{line[:12]!r}→{back.text[:12]!r}")
            lines[i] = back.text
            fixed += 1
    if not fixed:
        return text, 0, [], 0
    out, solved = restore_lines(lines, backs)
    return out, fixed, trace, solved
