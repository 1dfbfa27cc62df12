"""qmcorpus.normalize.mojibake_runs: a clause of UTF-8 text that was read as GBK inside a page read right.

A page stitched from parts (a GBK template, a UTF-8 snippet pasted in) is read in one encoding, and
the snippet's clause turns into rare characters ("也是高校人才培养的生命线" → "涔熸槸楂樻牎浜烘墠…").
The line-level repair (:func:`.decode.repair_mojibake`) leaves such a line: most of it reads well.
Here a clause (between punctuation, ASCII and line breaks) made mostly of rare characters is read
back from its GB18030 bytes as UTF-8 (strictly: every byte must pair), its ends trimmed by up to two
characters where the snippet began or ended inside it; the reading replaces the clause only when it
is Chinese and far more plausible. Correct text never decodes that way: its GB18030 bytes are not
valid UTF-8 (a lead byte 0xE4–0xE9 must be followed by two bytes 0x80–0xBF, which GBK text almost never
is), and if it did, the reading would score below it.
"""
from __future__ import annotations

import functools
import re

from .. import resources

RARE_BELOW = 9.0  # log-frequency of a character real text seldom has (its median is near 12)
MIN_RUN = 4  # characters of a clause that may be a misread snippet
RARE_SHARE = 0.6  # share of its characters that are rare
TRIM = 2  # characters the snippet may begin after / end before the clause's ends
MARGIN = 3.0  # how much more plausible (mean log-frequency) the reading must be


def _utf8_shaped(c: str) -> bool:
    """Whether the GB18030 bytes of ``c`` can be two bytes of UTF-8 text of Chinese characters: a
    lead byte (0xE4–0xE9) then a continuation byte (0x80–0xBF), or a continuation byte then a lead
    or another continuation byte. Characters of a misread snippet all are; most others are not."""
    b = c.encode("gb18030")
    if len(b) != 2:
        return False
    lead, cont = range(0xE4, 0xEA), range(0x80, 0xC0)
    return (b[0] in lead and b[1] in cont) or (b[0] in cont and (b[1] in lead or b[1] in cont))


@functools.cache
def _rare_class() -> re.Pattern:
    """A run of MIN_RUN rare characters shaped like misread UTF-8: where a clause to try may be (one
    search of the text tells most pages there is none)."""
    logfreq = resources.char_logfreq()
    rare = [c for c in map(chr, range(0x4E00, 0xA000)) if logfreq.get(c, 0.0) < RARE_BELOW and _utf8_shaped(c)]
    ranges, start, prev = [], None, None
    for c in rare:
        o = ord(c)
        if start is None:
            start = prev = o
        elif o == prev + 1:
            prev = o
        else:
            ranges.append((start, prev))
            start = prev = o
    if start is not None:
        ranges.append((start, prev))
    cls = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return re.compile(f"[{cls}]{{{MIN_RUN}}}")


# a clause: no ASCII, no space, no common Chinese punctuation (a misread snippet also holds kana, bopomofo
# and private-use characters where its byte pairs fall outside the Chinese characters)
_CLAUSE = re.compile(r"[^\x00-\x7f\s，。；：！？、“”‘’《》（）【】…—·]+")


def _mean(text: str) -> float:
    logfreq = resources.char_logfreq()
    scores = [logfreq.get(c, 0.0) for c in text if "\u4e00" <= c <= "\u9fff"]
    return sum(scores) / len(scores) if scores else 0.0


def _reading(clause: str) -> tuple[int, int, str] | None:
    """(start, end, reading) of the best strict UTF-8 reading of ``clause``'s GB18030 bytes, its
    ends trimmed by up to TRIM characters, or None."""
    best = None
    n = len(clause)
    for a in range(0, min(TRIM, n - MIN_RUN) + 1):
        for b in range(n, max(a + MIN_RUN, n - TRIM) - 1, -1):
            try:
                text = clause[a:b].encode("gb18030").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 2:
                score = _mean(text) - _mean(clause[a:b])
                if best is None or score > best[0]:
                    best = (score, a, b, text)
    if best is None or best[0] < MARGIN:
        return None
    return best[1], best[2], best[3]


def repair_mojibake_runs(text: str) -> tuple[str, int, str]:
    """(text, clauses repaired, trace) — clauses of UTF-8 read as GBK, read right.

    >>> repair_mojibake_runs("质量是企业的生命，" + "也是高校人才培养的生命线".encode("utf-8").decode("gb18030") + "。")[0]
    '质量是企业的生命，也是高校人才培养的生命线。'
    >>> repair_mojibake_runs("质量是企业的生命，也是高校人才培养的生命线。")[1]
    0
    """
    if _rare_class().search(text) is None:
        return text, 0, ""
    out, pos, fixed, trace = [], 0, 0, []
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if len(clause) < MIN_RUN:
            continue
        rare = sum(1 for c in clause if resources.char_logfreq().get(c, 0.0) < RARE_BELOW)
        if rare < RARE_SHARE * len(clause):
            continue
        found = _reading(clause)
        if found is None:
            continue
        a, b, reading = found
        out.append(text[pos:m.start() + a])
        out.append(reading)
        pos = m.start() + b
        fixed += 1
        if len(trace) < 3:
            trace.append(f"{clause[a:b][:12]!r}→{reading[:12]!r}")
    if not fixed:
        return text, 0, ""
    out.append(text[pos:])
    return "".join(out), fixed, "; ".join(trace)
