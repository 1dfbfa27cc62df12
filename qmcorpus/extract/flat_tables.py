"""qmcorpus.extract.flat_tables: a schedule of activities whose table the scraper flattened without
cell separators on a row's line: one cell per line (the header's column names each on a line of
their own, then each row's cells), or a row's cells run together ("序号工作任务牵头单位配合单位完成时限",
"1举办质量月启动仪式区市场监管局区委宣传部9月5日前"). Pure functions over the layout's lines; each
gives the line spans of the rows' activities, which the activity reader labels as items."""
from __future__ import annotations

import functools
import re
from typing import Sequence

from .config import config

# (the lines are structure.Line records, read by their .text: structure reads this module, so it is not
# imported here)
Lines = Sequence

CELL_MAX = 40  # a table's cell flattened to a line is at most this long (a longer line is prose)
ROW_MAX = 120  # a row's cells run together on a line are at most this long
MIN_COLUMNS = 3  # an activity column and at least when or who, with or without a serial column
_ROW_ENDS = ("。", "；", ";", "：", ":")  # a line ending so is a sentence: the table has ended
_SERIAL = re.compile(r"^\d{1,3}$")
_SERIAL_LEAD = re.compile(r"^(\d{1,3})(?=[\u4e00-\u9fff“\"《（(])")


@functools.cache
def _columns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    cfg = config()["activities"]
    return (re.compile(cfg["schedule_activity_column"]), re.compile(cfg["schedule_other_column"]),
            re.compile(cfg["schedule_serial_column"]))


@functools.cache
def _run_together() -> re.Pattern:
    """A header row whose column names are run together: the column patterns, unanchored, repeated."""
    names = [p.pattern.replace("^", "").replace("$", "") for p in _columns()]
    return re.compile("(?:" + "|".join(f"(?:{n})" for n in names) + ")")


@functools.cache
def _column_max() -> int | None:
    """The longest text a column pattern can match whole: every match of each ends at the text's
    end (``$``, which also allows one newline after it), so a longer text names no column; None
    when a pattern is not so anchored (no bound)."""
    from re import _parser

    def at_end(items) -> bool:  # whether every match of the sequence ``items`` ends with $
        if not items:
            return False
        op, arg = items[-1]
        if op is _parser.AT:
            return arg is _parser.AT_END
        if op is _parser.BRANCH:
            return all(at_end(list(b)) for b in arg[1])
        if op is _parser.SUBPATTERN:
            return at_end(list(arg[3]))
        return False

    most = 0
    for pat in _columns():
        parsed = _parser.parse(pat.pattern, pat.flags)
        if pat.flags & re.MULTILINE or not at_end(list(parsed)):
            return None
        most = max(most, parsed.getwidth()[1] + 1)
    return most


def _column(text: str) -> str | None:
    """The kind of column a header cell names: 'what', 'other', 'serial', or None."""
    most = _column_max()
    if most is not None and len(text) > most:
        return None  # (most lines: longer than any column's name)
    what, other, serial = _columns()
    if what.match(text):
        return "what"
    if other.match(text):
        return "other"
    if serial.match(text):
        return "serial"
    return None


def _ends_table(text: str) -> bool:
    return len(text) > CELL_MAX or text.endswith(_ROW_ENDS)


def _vertical_tables(lines: Lines, lo: int, hi: int) -> list[tuple[int, list[str], list[list[int]]]]:
    """(header's first line, column kinds, rows' lines) of each table flattened one cell per line in
    ``lines[lo:hi + 1]``."""
    out = []
    i = lo
    while i <= hi:
        kinds = []
        j = i
        while j <= hi and (k := _column(lines[j].text)) is not None:
            kinds.append(k)
            j += 1
        if len(kinds) < MIN_COLUMNS or "what" not in kinds or "other" not in kinds:
            i = max(j, i + 1)
            continue
        rows: list[list[int]] = []
        serial = kinds[0] == "serial"
        while j <= hi and not _ends_table(lines[j].text) and _column(lines[j].text) is None:
            if serial and _SERIAL.match(lines[j].text):
                rows.append([j])
            elif not rows or len(rows[-1]) == len(kinds):
                if serial:
                    break  # a serial table's rows open with their number: a row full, the table ends
                rows.append([j])
            else:
                rows[-1].append(j)
            j += 1
        out.append((i, kinds, rows))
        i = j
    return out


def vertical_rows(lines: Lines, lo: int, hi: int) -> list[tuple[int, int]]:
    """(first, last) line of each row's activity cell of the tables flattened one cell per line in
    ``lines[lo:hi + 1]``: a header of MIN_COLUMNS lines or more, each a column name, with an activity
    column and one of when or who; under it, rows opening with their number when the first column
    is the serial one (merged cells leave a row short), else rows of as many cells as columns.

    >>> from qmcorpus.extract.structure import Line
    >>> ls = [Line(0, 0, t) for t in "序号 活动名称 时间 牵头单位 1 职工技能大赛 9月 县总工会 2 质量开放日 9月下旬 县检测中心 三、要求".split()]
    >>> [(ls[a].text, ls[b].text) for a, b in vertical_rows(ls, 0, len(ls) - 1)]
    [('职工技能大赛', '职工技能大赛'), ('质量开放日', '质量开放日')]
    """
    out: list[tuple[int, int]] = []
    for _, kinds, rows in _vertical_tables(lines, lo, hi):
        at = kinds.index("what")  # the activity column's place in a row
        out += [(row[at], row[at]) for row in rows if len(row) > at]
    return out


def table_lines(lines: Lines) -> set[int]:
    """The lines of the tables flattened one cell per line (header and rows): cells, not prose
    (a unit's name in a row's last cell, over a signature, is no signer).

    >>> from qmcorpus.extract.structure import Line
    >>> sorted(table_lines([Line(0, 0, t) for t in "序号 活动名称 时间 牵头单位 1 总结 9月 质量部 某委员会".split()]))
    [0, 1, 2, 3, 4, 5, 6, 7]
    """
    out: set[int] = set()
    for head, _, rows in _vertical_tables(lines, 0, len(lines) - 1):
        out.update(range(head, (rows[-1][-1] if rows else head) + 1))
    return out


def run_together_rows(lines: Lines, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(line, start, end) of each row's activity of the tables in ``lines[lo:hi + 1]`` whose cells
    are run together: a header line made of column names alone (MIN_COLUMNS or more, an activity
    column and one of when or who, the first a serial column), then lines each opening with the
    row's number glued to its first cell. ``start``/``end`` are offsets in the line's text: after
    the number, up to the first body's name (its leading cell, the activity, read alone).

    >>> from qmcorpus.extract.structure import Line
    >>> ls = [Line(0, 0, t) for t in ("序号工作任务牵头单位完成时限", "1举办启动仪式区市场监管局9月5日前", "2开展品牌培育区经科局", "附件2")]
    >>> [ls[i].text[a:b] for i, a, b in run_together_rows(ls, 0, 3)]
    ['举办启动仪式', '开展品牌培育']
    """
    out: list[tuple[int, int, int]] = []
    pat = _run_together()
    i = lo
    while i <= hi:
        text = lines[i].text
        # (a header's names cover its line from the start, the first the serial column's: a line whose
        # opening is none, most, is not scanned through)
        first = pat.match(text)
        if first is None or _column(first.group(0)) != "serial":
            i += 1
            continue
        names = [m.group(0) for m in pat.finditer(text)]
        if len(names) < MIN_COLUMNS or sum(map(len, names)) != len(text) \
                or _column(names[0]) != "serial" or not {"what", "other"} <= {_column(n) for n in names}:
            i += 1
            continue
        at = [_column(n) for n in names].index("what")
        j = i + 1
        while j <= hi and len(lines[j].text) <= ROW_MAX and (m := _SERIAL_LEAD.match(lines[j].text)) \
                and not lines[j].text.endswith(_ROW_ENDS):
            row = lines[j].text
            unit = _unit().search(row, m.end() + 1)
            # the activity is the row's first cell after the number when its column comes first
            end = unit.start() if unit and at == 1 else len(row)
            out.append((j, m.end(), end))
            j += 1
        i = j
    return out


@functools.cache
def _unit() -> re.Pattern:
    """The start of a body's name in a run-together row ("区市场监管局", "市委宣传部"): a level's
    character, then no other before the body word (data/extract.toml [activities] unit_in_row)."""
    return re.compile(config()["activities"]["unit_in_row"])
