"""qmcorpus.normalize.repeats: find lines a page prints again (list of lines → which to drop).

Pages repeat their headline as image alt-text under each photo (``【标题】``), print the title
again in two halves under the metadata, print the whole body twice, or open with a "摘要:" line
that repeats the lead. The first copy is kept; later exact or near-exact copies are dropped, and
two consecutive short lines that together copy an earlier line. A short line counts as a copy only
of a line of the page's heading block (before its first paragraph). Kept are: cells of a flattened
table (a unit named in several rows),
signatures and dates at the foot of a page (they may repeat a name from its head), and the title
of a formal document (通知, 函, 方案 …) that a page prints as its heading and again as the first
line of the document itself: the second copy belongs to the document.
"""
from __future__ import annotations

import bisect
import functools
import re

from rapidfuzz import fuzz

from .. import resources

_NOISE = re.compile(r"[\s\u3000【】\[\]「」『』<>《》“”\"'()（）\-—_=*#|｜•·:：,，.。!！?？;；、]+")
_SUMMARY = resources.pattern("patterns.toml", "normalize.repeats.summary_label")
MIN_KEY = 6  # shorter lines ("活动现场", "一是") repeat legitimately
NEAR = 92  # rapidfuzz ratio of two lines that are the same line with small differences
SHORT = 60  # a title-like line is at most this long (no sentence end)
FOOT = 3  # the last lines of a page (signature, date) may repeat a name from its head
FOOT_MAX = 16  # … when they are this short (an organ's name, a date; a repeated headline is longer)
CELL = 12  # a table cell flattened to a line is at most this long
SIGNATURE_LINES = 4  # lines of bodies a 落款 may take above its date (a joint notice's signers)
_DATE_LINE = resources.pattern("patterns.toml", "extract.structure.date_line")


@functools.cache
def _formal_title() -> re.Pattern:
    """A formal document's title: ends with a document-type word (``[repeat] doc_types``)."""
    words = sorted(resources.furniture()["repeat"]["doc_types"], key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, words)) + ")$")


def _key(line: str) -> str:
    return _NOISE.sub("", line)


def _short(line: str, key: str) -> bool:
    return len(key) <= SHORT and "。" not in line


def find_repeats(lines: list[str]) -> dict[int, str]:
    """Indices of ``lines`` (non-empty lines of one page, in order) that repeat an earlier line,
    mapped to the kind of repeat ("repeat" or "summary").

    >>> find_repeats(["质量月活动启动仪式举行", "正文第一段。", "【质量月活动启动仪式举行】", "正文第二段。", "第三段。", "第四段。"])
    {2: 'repeat'}
    >>> find_repeats(["某某市市场监督管理局", "正文。", "正文继续。", "某某市市场监督管理局", "2023年9月1日"])
    {}
    >>> find_repeats(["凝心聚力 提升品质 ——我局开展质量月活动", "凝心聚力 提升品质", "——我局开展质量月活动", "正文。"])
    {1: 'repeat', 2: 'repeat'}
    """
    keys = [_key(ln) for ln in lines]
    out: dict[int, str] = {}
    kept: list[int] = []
    kept_lines: list[tuple[str, str]] = []  # (line, key) of each kept index
    n = len(lines)
    body_start = next((j for j, ln in enumerate(lines) if not _short(ln, keys[j])), n)
    signature = _foot_signature(lines)
    i = 0
    while i < n:
        line, key = lines[i], keys[i]
        if (m := _SUMMARY.match(line)) and _repeats_lead(line[m.end():], lines[i + 1 : i + 6]):
            out[i] = "summary"
            i += 1
            continue
        # a short line copies the page's heading block (headline as alt-text, title halves); short
        # lines repeating inside the body ("责任单位:市市场监管局" under each item) are the text's own
        # (kept is in order: the lines of the heading block are a prefix of it)
        earlier = kept_lines[:bisect.bisect_left(kept, body_start)] if _short(line, key) else kept_lines
        # a title printed again in two halves on consecutive lines
        if i in signature:  # a joint notice signs with the names its head line listed
            i += 1
            continue
        if i + 1 < n and _short(line, key) and _short(lines[i + 1], keys[i + 1]) \
                and min(len(key), len(keys[i + 1])) >= MIN_KEY \
                and _copy_of(lines[i + 1], key + keys[i + 1], earlier):
            out[i] = out[i + 1] = "repeat"
            i += 2
            continue
        foot = i >= n - FOOT and len(key) <= FOOT_MAX
        # (no earlier line: no copy, and the table test is not needed)
        if len(key) >= MIN_KEY and not foot and earlier and not _in_table(lines, i) and _copy_of(line, key, earlier):
            out[i] = "repeat"
        elif len(key) >= MIN_KEY:
            kept.append(i)
            kept_lines.append((line, key))
        i += 1
    return out


def _foot_signature(lines: list[str]) -> set[int]:
    """Lines of a 落款: lines naming only short names (bodies, separated by spaces) right above a
    date alone on a line. A joint notice's signers may fill several lines and repeat its head
    line, so they are longer than a single foot name. Above the foot, only names that end like a
    body's (a cover note signs above the plan it issues, repeating the name it opened with)."""
    out: set[int] = set()
    n = len(lines)
    for j in range(n):
        if not _DATE_LINE.match(lines[j].strip()):
            continue
        foot = j >= n - FOOT - 1
        k = j - 1
        while k >= 0 and j - k <= SIGNATURE_LINES and _names_only(lines[k]) and (foot or _bodies_only(lines[k])):
            out.add(k)
            k -= 1
    return out


def _bodies_only(line: str) -> bool:
    return all(p.endswith(resources.body_suffixes()) for p in line.split())


def _names_only(line: str) -> bool:
    parts = line.split()
    return bool(parts) and all(2 <= len(p) <= FOOT_MAX + 4 and not _NOISE.search(p) for p in parts)


def _in_table(lines: list[str], i: int) -> bool:
    """A short line between two very short ones is a cell of a table flattened one cell per line:
    cells repeat (the same unit responsible for several rows)."""
    if not 0 < i < len(lines) - 1:
        return False  # a cell has a line on each side
    above, below = lines[i - 1].strip(), lines[i + 1].strip()
    return len(above) <= CELL and len(below) <= CELL and not above.endswith("。") and not below.endswith("。") \
        and _short(lines[i], _key(lines[i]))


def _copy_of(line: str, key: str, earlier: list[tuple[str, str]]) -> bool:
    """An exact or near-exact copy of an earlier line; never a copy of a formal document title."""
    formal = _formal_title()
    n, near = len(key), len(key) >= 10
    slack = max(2, n // 10)
    for ln, k in earlier:
        if (k == key or (near and abs(len(k) - n) <= slack and fuzz.ratio(k, key) >= NEAR)) \
                and not (_short(ln, k) and formal.search(k)):
            return True
    return False


def _repeats_lead(summary: str, following: list[str]) -> bool:
    """A "摘要:" line whose text is (nearly) contained in the lines after it."""
    key = _key(summary)
    if len(key) < MIN_KEY:
        return False
    body = _key("".join(following))
    return fuzz.partial_ratio(key, body) >= 90 if len(body) >= len(key) else False
