"""The speed shortcuts of furniture removal and repeat finding (#16) give exactly what their plain
definitions give.

Each test holds a shortcut beside the plain formulation it replaced (written out here as it was),
on generated lines built from the pieces the rules look for (cue texts, bars, colons, dates), so
that both sides of every gate are reached.
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from qmcorpus import resources
from qmcorpus.literals import words_re
from qmcorpus.normalize import furniture as F
from qmcorpus.normalize import repeats as R
from qmcorpus.normalize.cuelines import CueLines, needs

SETTINGS = settings(max_examples=300, deadline=None)

_D = resources.furniture()
# every spam vocabulary word, one longest-first alternation: the plain definition of the automaton's matches
_SPAM_CUES = words_re(w for ws in _D["spam"]["vocabulary"].values() for w in ws)
# pieces of page lines: the rules' own literal texts, their separators and plain prose
_WORDS = sorted({w for p in _D["nav"]["patterns"] + _D["footer"]["patterns"] + _D["tail_block"]["patterns"]
                 + _D["inline"]["patterns"] for w in needs(re.compile(p))})
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(["首页", ">", ">>", " > ", "|", " | ", "｜", ":", "：", " ", "  ", "\n", "\n\n", "。", "，",
                     "2023-09-01", "2023年9月1日", "发表于 2019-9-5 10:02", "来源:", "时间:", "点击:12",
                     "编辑 | 张某", "摄", "(中国)官方网站", "【打印】", "质量月", "活动", "某某网", "新闻中心"]),
    st.text(alphabet="质量月活动开展月日年内容正文报网站版权所有相关推荐abc1 ", max_size=12),
)
_LINES = st.lists(_PIECES, max_size=14).map("".join)


def _offsets(text: str) -> list[int]:
    out, off = [], 0
    for ln in text.split("\n"):
        out.append(off)
        off += len(ln) + 1
    return out


@SETTINGS
@given(_LINES)
def test_cue_lines_hold_every_line_a_rule_matches(text):
    r = F.rules()
    starts = _offsets(text)
    for cues, patterns in ((r.nav_cues, r.nav), (r.inline_cues, r.inline)):
        found = cues.lines(text, starts)
        for i, line in enumerate(text.split("\n")):
            for s in (line, line.strip()):
                if any(p.search(s) for p in patterns):
                    assert found is None or i in found, (line, patterns)
    # the footer's start: anchored patterns matched at 0, the others only in lines holding a cue
    # (and an anchored footer pattern only in lines holding a cue of theirs: its own scan, and the
    # shared scan of the page)
    found = r.foot_cues.lines(text, starts)
    heads = r.foot_head_cues.lines(text, starts)
    shared = r.page_scan.lines(text, starts, text.split("\n"))["foot_head"]
    for i, line in enumerate(text.split("\n")):
        s = line.strip()
        m = r.footer.search(s) or r.tail_block.search(s)
        assert F._footer_start(s, found is None or i in found, r) == (m.start() if m else None)
        assert F._footer_start(s, found is None or i in found, r, heads is None or i in heads) \
            == (m.start() if m else None)
        assert F._footer_start(s, found is None or i in found, r, i in shared) == (m.start() if m else None)
    # a page without any inline cue has no inline probe matching anywhere
    if not r.inline_cues.lines(text, starts):
        assert not any(probe.search(text) for _, probe in r.inline_probe)


@SETTINGS
@given(_LINES)
def test_nav_split_equals_searching_each_pattern(line):
    head, rest = F.rules().nav_any
    fast = bool((head and head.match(line)) or (rest and rest.search(line)))
    assert fast == any(p.search(line) for p in F.rules().nav)


def test_needs_look_into_groups_and_repeats():
    assert needs(re.compile(r"^[^。]{2,20}(\s*[|｜]\s*[^|｜\s]{2,10}){2,}\s*$")) == ("|", "｜")
    assert needs(re.compile(r"x?(ab|cd)+")) == ("ab", "cd")
    assert needs(re.compile(r"(ab|c*)")) == ()
    assert needs(re.compile(r"(?:ab)?c")) == ("c",)
    assert needs(re.compile(r"(?=ab)c")) == ("c",)
    assert CueLines([re.compile("a"), re.compile("b*")]).lines("a\nb", [0, 2]) is None
    assert CueLines([re.compile("ab"), re.compile("bc")]).lines("x\nabc\nbc", [0, 2, 6]) == {1, 2}


_META_LINES = st.lists(st.one_of(
    st.sampled_from(["发表于", "发布于", " ", "2019-9-5", " 10:02:33", "|", "显示全部楼层", "原创", "某某日报",
                     "2012年09月01日", "星期六", "以下文章来源于", "某某", "编辑", " | ", "张某", "2024-03-20",
                     "15.09.2019", "时间:", "来源:", "点击:", "0", "发表于湖北", "数字报", "第二版"]),
    st.text(alphabet="某局报版年月日 0123-:|", max_size=6)), max_size=8).map("".join)


def _parse_meta_head_plain(s: str):
    """The first tests of parse_meta as they were, each pattern tried in turn."""
    r = F.rules()
    if (post := r.post_line.match(s)) and F.is_ui_line(s[post.end():] or "|"):
        return [("发表时间", post.group("date"))]
    for p in r.dated_lines:
        if dated := p.match(s):
            date = dated.group("date")
            # (an e-paper's header also gives the day of its issue)
            return [("发表时间", date), ("出版日期", date)] if p.pattern in r.issue_lines else [("发表时间", date)]
    for p in r.credit_lines:
        if credit := p.match(s):
            return [(credit.group("key"), credit.group("value"))]
    if r.date_only.match(s):
        return [("日期", s)]
    return None


@SETTINGS
@given(_META_LINES)
def test_meta_gates_equal_trying_each_pattern(line):
    r = F.rules()
    s = line.strip().strip(F._BULLETS).strip()
    # a line the one-regex gate turns away gets nothing from the patterns it stands for
    if not r.meta_head.match(s):
        assert _parse_meta_head_plain(s) is None
    assert bool(r.meta_anywhere.match(s)) == bool(
        r.post_line.match(s) or any(p.match(s) for p in r.dated_lines) or any(p.match(s) for p in r.credit_lines))
    plain = _parse_meta_head_plain(s) if s and len(s) <= r.meta_max and "。" not in s else None
    if plain is not None:
        assert F.parse_meta(line) == plain


# ── repeats ───────────────────────────────────────────────────────────────────────────────────
def _copy_of_plain(key: str, earlier: list[tuple[str, str]]) -> bool:
    """repeats._copy_of as it was: the key compared with each earlier line in turn."""
    formal = R._formal_title()
    n, near = len(key), len(key) >= 10
    slack = max(2, n // 10)
    for ln, k in earlier:
        if (k == key or (near and abs(len(k) - n) <= slack and fuzz.ratio(k, key) >= R.NEAR)) \
                and not (R._short(ln, k) and formal.search(k)):
            return True
    return False


_REPEAT_LINES = st.lists(st.lists(st.sampled_from(
    ["质量月", "活动", "启动", "仪式", "举行", "通知", "方案", "。", "，", "【", "】", "全市", "开展", "质量提升",
     "行动", "的", "市场监管局", "2023年9月1日", " ", "摘要：", "【导读】"]), min_size=1, max_size=14).map("".join),
    max_size=12)


@SETTINGS
@given(_REPEAT_LINES, st.data())
def test_kept_index_answers_as_comparing_each_earlier_line(lines, data):
    kept = R._Kept()
    plain: list[tuple[str, str]] = []
    for line in lines:
        key = R._key(line)
        limit = data.draw(st.integers(0, len(plain)))
        assert kept.size == len(plain)
        assert kept.copy_of(key, limit) == _copy_of_plain(key, plain[:limit])
        kept.add(key, R._short(line, key))
        plain.append((line, key))


@SETTINGS
@given(_REPEAT_LINES)
def test_find_repeats_equals_the_plain_definition(lines):
    assert R.find_repeats(lines) == _find_repeats_plain(lines)


def _find_repeats_plain(lines: list[str]) -> dict[int, str]:
    """find_repeats as it was: the earlier lines sliced for each line, each one compared."""
    import bisect

    keys = [R._key(ln) for ln in lines]
    out: dict[int, str] = {}
    kept: list[int] = []
    kept_lines: list[tuple[str, str]] = []
    n = len(lines)
    body_start = next((j for j, ln in enumerate(lines) if not R._short(ln, keys[j])), n)
    signature = R._foot_signature(lines)
    i = 0
    while i < n:
        line, key = lines[i], keys[i]
        if (m := R._SUMMARY.match(line)) and R._repeats_lead(line[m.end():], lines[i + 1: i + 6]):
            out[i] = "summary"
            i += 1
            continue
        earlier = kept_lines[:bisect.bisect_left(kept, body_start)] if R._short(line, key) else kept_lines
        if i in signature:
            i += 1
            continue
        if i + 1 < n and R._short(line, key) and R._short(lines[i + 1], keys[i + 1]) \
                and min(len(key), len(keys[i + 1])) >= R.MIN_KEY \
                and _copy_of_plain(key + keys[i + 1], earlier):
            out[i] = out[i + 1] = "repeat"
            i += 2
            continue
        foot = i >= n - R.FOOT and len(key) <= R.FOOT_MAX
        if len(key) >= R.MIN_KEY and not foot and earlier and not R._in_table(lines, i) \
                and _copy_of_plain(key, earlier):
            out[i] = "repeat"
        elif len(key) >= R.MIN_KEY:
            kept.append(i)
            kept_lines.append((line, key))
        i += 1
    return out


# ── per-line tests ────────────────────────────────────────────────────────────────────────────
_UI_PIECES = st.one_of(
    st.sampled_from(sorted(_D["ui"]["words"])),
    st.sampled_from([" ", "|", "｜", "•", "·", "【", "】", "[", "]", ":", "12", "3楼", "第2版:要闻", "查看:", "已有3条评论",
                     "分享(2)", "扫一扫,在手机打开当前页", "正文", "质量月", "活动", "，", "\u3000", "١٢",
                     "本文如有错漏之处,敬请指正", "如有不妥", "二维码", "关注", "共3页", "《某某报》", "第二",
                     # a blog's counters between dashed bars, a forum post's floor
                     "┆", "¦", "阅读(56)", "喜欢▼", "转载(1)", "1#", "http://blog.example.com/u/1"]),
    st.text(alphabet="返回打印关闭分享大中小质量月 1:|", max_size=5),
)
_UI_LINES = st.lists(_UI_PIECES, max_size=8).map("".join)


def _is_ui_line_plain(s: str) -> bool:
    """is_ui_line as it was: every token tried, no gate on the first character, each widget
    pattern of the data file matched as written."""
    r = F.rules()
    patterns = [re.compile(p) for p in _D["ui"].get("patterns", [])]
    any_token = False
    if "【" in s or "[" in s or "】" in s or "]" in s:
        s = F._UNPAIRED.sub(" ", F._BRACKETED.sub(F._unbracket, s))
    for t in [x for x in F._TOKEN_SEP.split(s) if x]:
        if F._COUNTER.match(t):
            continue
        if t not in r.ui_words and not any(p.match(t) for p in patterns):
            return False
        any_token = True
    return any_token


@SETTINGS
@given(_UI_LINES)
def test_is_ui_line_equals_trying_every_token(line):
    assert F.is_ui_line(line) == _is_ui_line_plain(line)


_SPAM_LINES = st.lists(st.one_of(
    st.sampled_from([w for ws in _D["spam"]["vocabulary"].values() for w in ws]),
    st.sampled_from([",", "，", "、", " ", "_", "|", "质量月方案", "质量月标语", "质量月总结", "某某局", "某某厅",
                     "微信:abc12345", "www.example.com", "。", "质量", "活动开展", "400-826-7788", "0931－8825416",
                     "采购热线：", "-", "★★★", "◆◆", "范文大全下载"])), max_size=12).map("".join)


def _is_spam_line_plain(s: str) -> bool:
    """is_spam_line as it was: split, then every segment's length summed in a generator, the
    vocabulary found by its regex alternation, the phone number searched in every short line."""
    if "。" in s:
        return False
    r = F.rules()
    if len(s) <= F.AD_LINE_MAX and r.ad_label.match(s):
        return True  # a short line under an ad's label
    segs = [x for x in F._SPAM_SEP.split(s) if x]
    framed = bool(r.ad_frame.match(s)) and bool(r.ad_frame.match(s[::-1]))
    if len(s) <= F.AD_LINE_MAX and r.spam_phone.search(s) and len(set(_SPAM_CUES.findall(s))) + framed >= r.spam_min:
        return True  # a short ad: cues (or an ad's frame) and a phone number
    if len(s) <= F.AD_LINE_MAX and framed and _SPAM_CUES.search(s):
        return True  # an ad's framed banner holding a seller's cue
    if len(s) <= F.AD_LINE_MAX and (r.spam_url.search(s) or r.spam_contact_in.search(s)) \
            and not F._SENTENCE_PUNCT.search(s) and _SPAM_CUES.search(s):
        return True  # a short ad: a seller's cue and a web address or a contact, no sentence
    if len(segs) <= 2 and len(s) <= r.spam_title_max \
            and len(set(_SPAM_CUES.findall(s)) & r.spam_title_words) >= r.spam_min:
        return True  # a download site's or an ad's one-segment title
    if len(segs) < r.spam_segments or sum(len(x) for x in segs) / len(segs) > r.spam_avg:
        return False
    words = [x for x in segs if len(x) >= 3]  # (two-character tags count for neither side)
    if len(words) >= r.stuffed_segments and not any(x.endswith(resources.body_suffixes()) for x in segs):
        from collections import Counter

        heads = Counter(x[:3] for x in words)
        if heads and heads.most_common(1)[0][1] >= r.stuffed_share * len(words):
            return True
    cues = {m.group(0) for m in _SPAM_CUES.finditer(s)}
    if cues and (r.spam_contact.search(s) or r.spam_url.search(s)):
        return True
    if len(cues) < r.spam_min:
        return False
    hit_segs = sum(1 for x in segs if _SPAM_CUES.search(x))
    return len(segs) <= 6 or hit_segs >= r.spam_share * len(segs) or len(cues) >= 2 * r.spam_min


@SETTINGS
@given(_SPAM_LINES)
def test_is_spam_line_equals_the_plain_definition(line):
    assert F.is_spam_line(line) == _is_spam_line_plain(line)


_DATED = st.lists(st.one_of(
    st.sampled_from(["某某活动启动 2023-09-01", "某某活动(9-1)", "质量月 [2023/9/1]", "正文。", "更多", "首页>新闻",
                     "2023-09-01", "通知 9.1", "某某 12", "  某某活动 2023-9-1  ", "a" * 85 + " 2023-9-1"]),
    st.text(alphabet="某活动 0123-/.)】。", max_size=10)), min_size=1, max_size=8)


def _drop_dated_lists_plain(lines, nonempty, kind):
    """_drop_dated_lists as it was: every line tested in turn, runs collected as they come."""
    def dated(i):
        s = lines[i].strip()
        if len(s) > 80 or "。" in s or not (s[-1:].isdecimal() or s[-1:] in F._DATED_END):
            return False
        m = F._DATED_ITEM.search(s)
        return bool(m) and m.start() > 0

    run = []
    for i in nonempty + [None]:
        if i is not None and i not in kind and dated(i):
            run.append(i)
            continue
        prev = nonempty[nonempty.index(run[0]) - 1] if run and nonempty.index(run[0]) > 0 else None
        if len(run) >= 2 or (run and prev is not None and kind.get(prev) in ("widget", "navigation")):
            for j in run:
                kind[j] = "link_list"
        run = []


@SETTINGS
@given(_DATED, st.data())
def test_dated_lists_equal_testing_every_line(lines, data):
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    kind = {i: data.draw(st.sampled_from(["widget", "navigation", "metadata"])) for i in nonempty
            if data.draw(st.booleans())}
    fast, plain = dict(kind), dict(kind)
    F._drop_dated_lists(lines, nonempty, fast)
    _drop_dated_lists_plain(lines, nonempty, plain)
    assert fast == plain


@SETTINGS
@given(st.text(max_size=40), _LINES)
def test_keys_remove_each_noise_character_as_runs_were(text, line):
    for s in (text, line):
        assert R._key(s) == R._NOISE.sub("", s)


def test_noise_character_class_is_the_noise_runs_class():
    import sys

    assert all(bool(R._NOISE.fullmatch(c)) == bool(R._NOISE_CHAR.fullmatch(c))
               for c in map(chr, range(sys.maxunicode + 1)))


@SETTINGS
@given(_LINES)
def test_lines_holding_a_separator_are_those_split_finds(text):
    starts = list(F.accumulate([len(ln) + 1 for ln in text.split("\n")], initial=0))
    assert F.lines_holding(F._SUFFIX_SEPARATOR, text, starts) == [
        i for i, ln in enumerate(text.split("\n")) if F._SUFFIX_SEPARATOR.search(ln)]


_KEYS = st.lists(st.sampled_from("质量月活动启动仪式举行全市开展提升行动的通知方案ab1"), min_size=0, max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_KEYS, st.data())
def test_near_with_a_cutoff_equals_the_plain_ratio(a, data):
    # b: a itself edited in a few places (near pairs) or another key (far pairs)
    b = data.draw(st.one_of(_KEYS, st.lists(st.tuples(st.integers(0, 40), st.sampled_from("质量x")), max_size=4).map(
        lambda edits: _edited(a, edits))))
    assert R._near(a, b) == (fuzz.ratio(a, b) >= R.NEAR)


def _edited(a: str, edits) -> str:
    for pos, c in edits:
        pos = min(pos, len(a))
        a = a[:pos] + c + a[pos + 1:] if pos % 2 else a[:pos] + c + a[pos:]
    return a


_TAIL_LINES = st.lists(st.sampled_from(
    ["·某某活动启动", "•质量月开幕", "◆某某通知。", "正文结束。", "主要活动：", "张某", "（记者 张某）", "王某某", "",
     "某某局", "正文”", "·" + "长" * 45]), min_size=0, max_size=7)


def _drop_bulleted_tail_plain(lines, nonempty, kind):
    kept = [i for i in nonempty if i not in kind]
    run = []
    for i in reversed(kept):
        s = lines[i].strip()
        if s[:1] in F._BULLET_MARKS and len(s) <= F.BULLETED_MAX and not F._SENTENCE_END.search(s):
            run.append(i)
        else:
            break
    before = lines[kept[len(kept) - len(run) - 1]].rstrip() if len(run) < len(kept) else ""
    if len(run) >= 2 and before[-1:] in F._CLOSING:
        for j in run:
            kind[j] = "link_list"


def _drop_closing_credit_plain(lines, nonempty, kind):
    kept = [i for i in nonempty if i not in kind]
    if len(kept) < 2:
        return
    last, prev = kept[-1], kept[-2]
    s = lines[last].strip()
    bare_name = re.fullmatch(r"[\u4e00-\u9fff]{2,3}", s) and lines[prev].rstrip().endswith(("。", "!", "！", "”"))
    if F.rules().credit_line.match(s) or (bare_name and s[0] in F.rules().surnames and not F._ORG_END.search(s)):
        kind[last] = "author"


@SETTINGS
@given(_TAIL_LINES, st.data())
def test_page_end_passes_equal_listing_every_kept_line(lines, data):
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    kind = {i: "widget" for i in nonempty if data.draw(st.booleans())}
    for fast_pass, plain_pass in ((F._drop_bulleted_tail, _drop_bulleted_tail_plain),
                                  (F._drop_closing_credit, _drop_closing_credit_plain)):
        fast, plain = dict(kind), dict(kind)
        fast_pass(lines, nonempty, fast)
        plain_pass(lines, nonempty, plain)
        assert fast == plain


@SETTINGS
@given(_META_LINES)
def test_meta_cue_is_found_in_every_line_a_head_pattern_matches(line):
    r = F.rules()
    s = line.strip()
    if r.meta_head.match(s):
        assert r.meta_cue.search(s)


# ── markup ────────────────────────────────────────────────────────────────────────────────────
def _looks_binary_plain(data: bytes) -> bool:
    """markup.looks_binary as it was: the UTF-16/32 readings tried before the control bytes are counted."""
    from qmcorpus.normalize.markup import _CONTROL_BYTES, utf16_chinese, utf32_without_bom

    head = data[:4096]
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf32_without_bom(head) or utf16_chinese(head):
        return False
    if not head:
        return False
    nul = head.count(0)
    if nul and (head[0::2].count(0) > 0.3 * len(head) / 2 or head[1::2].count(0) > 0.3 * len(head) / 2):
        return False
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return ctrl > 0.1 * len(head)


_BYTE_PIECES = st.one_of(
    st.binary(max_size=30),
    st.sampled_from([b"\x00", b"\x01\x02\x03", b"\xff\xfe", b"\xfe\xff", b"%PDF", b"PK\x03\x04", b"\n", b"\t"]),
    st.text(alphabet="质量月活动 ab\x01", max_size=20).map(lambda t: t.encode("utf-16-le")),
    st.text(alphabet="质量月活动 ab", max_size=20).map(lambda t: t.encode("utf-32-le")),
    st.text(alphabet="质量月活动，。 ab1", max_size=30).map(lambda t: t.encode("utf-8")),
)


@SETTINGS
@given(st.lists(_BYTE_PIECES, max_size=10).map(b"".join))
def test_looks_binary_counting_control_bytes_first_equals_the_plain_order(data):
    from qmcorpus.normalize.markup import looks_binary

    assert looks_binary(data) == _looks_binary_plain(data)


# ── session 7 shortcuts (#16) ─────────────────────────────────────────────────────────────────
def test_keys_of_lines_joined_equal_each_line_s_key():
    lines = ["质量月, 活动", "", "【标题】", "a\x00b", "  “引号” "]
    assert R._keys(lines) == [R._key(ln) for ln in lines]  # a line holding the joining character
    assert R._keys(lines[:3] + lines[4:]) == [R._key(ln) for ln in lines[:3] + lines[4:]]
    assert R._keys([]) == []


@SETTINGS
@given(st.lists(st.one_of(_LINES, st.text(max_size=12)), max_size=8))
def test_keys_by_one_substitution_equal_one_per_line(lines):
    assert R._keys(lines) == [R._key(ln) for ln in lines]


def _foot_signature_plain(lines: list[str]) -> set[int]:
    """repeats._foot_signature as it was: the date pattern matched on every line."""
    out: set[int] = set()
    n = len(lines)
    for j in range(n):
        if not R._DATE_LINE.match(lines[j].strip()):
            continue
        foot = j >= n - R.FOOT - 1
        k = j - 1
        while k >= 0 and j - k <= R.SIGNATURE_LINES and R._names_only(lines[k]) and (foot or R._bodies_only(lines[k])):
            out.add(k)
            k -= 1
    return out


_FOOT_LINES = st.lists(st.sampled_from(
    ["某某市市场监督管理局", "某某局 某某厅", "2023年9月1日", "二〇二三年九月一日", "（2023年9月1日）", "2023 年 9 月",
     "正文。", "张某", "某某公司", "年度总结", "某某年", "质量月活动启动"]),
    max_size=8)


@SETTINGS
@given(_FOOT_LINES)
def test_foot_signature_gate_equals_matching_every_line(lines):
    assert R._foot_signature(lines) == _foot_signature_plain(lines)


@SETTINGS
@given(_SPAM_LINES)
def test_spam_words_found_by_the_automaton_are_the_alternation_s(line):
    r = F.rules()
    for s in (line, line[1:], line[:-1]):
        assert F._cues_in(s, r) == set(_SPAM_CUES.findall(s))
        assert bool(r.spam_words.find(s)) == bool(_SPAM_CUES.search(s))


def _meta_key_plain() -> re.Pattern:
    keys = sorted(_D["meta"]["keys"], key=len, reverse=True)
    return re.compile(r"(?P<key>" + "|".join(r"\s*".join(map(re.escape, k)) for k in keys) + r")\s*[:：]")


@SETTINGS
@given(_META_LINES)
def test_meta_keys_grouped_by_first_character_match_as_the_plain_alternation(line):
    plain = _meta_key_plain()
    fast = F.rules().meta_key
    for s in (line, line.replace(" ", "")):
        assert [(m.span(), m.group("key")) for m in fast.finditer(s)] == \
            [(m.span(), m.group("key")) for m in plain.finditer(s)]
        assert bool(fast.fullmatch(s)) == bool(plain.fullmatch(s))


def test_meta_keys_grouped_on_every_key_with_spaces_and_a_colon():
    plain, fast = _meta_key_plain(), F.rules().meta_key
    for k in _D["meta"]["keys"]:
        for s in (k + "：", " ".join(k) + " :", "某" + k + "：x", k[:-1] + "：", k + k + ":"):
            assert [m.group("key") for m in fast.finditer(s)] == [m.group("key") for m in plain.finditer(s)]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["发布时间", "来源", "作者", "责任编辑", "点击", "日期", "发表时间", "文号", "xx"]),
                          st.sampled_from(["", "2023-09-01", "某某局", "12"])), max_size=6))
def test_canonical_meta_with_each_key_looked_up_once_equals_the_plain_loop(pairs):
    seen: dict[str, str] = {}
    for key, value in pairs:
        if not value:
            continue
        for name, stems in F.meta_kinds():
            if any(stem in key for stem in stems):
                seen.setdefault(name, value)
                break
    assert F._canonical_meta(pairs) == sorted(seen.items())


@SETTINGS
@given(st.lists(st.sampled_from(["▲▲▲ 某某阀门", "★★ 促销", "正文。", "某某", "▲▲ 句子。"]), max_size=6), st.data())
def test_ad_frames_without_a_spam_line_change_nothing(lines, data):
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    kind = {i: data.draw(st.sampled_from(["widget", "metadata", "spam"])) for i in nonempty if data.draw(st.booleans())}
    fast = dict(kind)
    F._drop_ad_frames(lines, nonempty, fast)
    if "spam" not in kind.values():
        assert fast == kind


def _drop_label_table_plain(lines, nonempty, kind, meta, offsets, half):
    """_drop_label_table as it was: a run tried from every line."""
    r = F.rules()
    n = 0
    while n < len(nonempty) - 1:
        pairs = []
        m = n
        while m + 1 < len(nonempty) and offsets[nonempty[m]] < half:
            label, value = lines[nonempty[m]].strip(), lines[nonempty[m + 1]].strip()
            bare = lambda x: len(x) <= 8 and re.fullmatch("[\u4e00-\u9fff]+", x) and r.meta_key.fullmatch(x + "：")  # noqa: E731
            if not (F._CELL_LABEL.match(label) or bare(label)) or F._CELL_LABEL.match(value) or bare(value) \
                    or len(value) > F.CELL_VALUE_MAX or F._SENTENCE_PUNCT.search(value):
                break
            key = re.sub(r"\s+", "", label[:-1]) if F._CELL_LABEL.match(label) else label
            pairs.append((nonempty[m], nonempty[m + 1], key, value))
            m += 2
        keyed = [(k, v) for _, _, k, v in pairs if r.meta_key.fullmatch(k + "：")]
        if len(pairs) >= 2 and len(keyed) >= 2:
            for i, j, _, _ in pairs:
                kind[i] = kind[j] = "metadata"
            meta.extend(keyed)
        n = m + 1 if pairs else n + 1


def _extend_meta_runs_plain(lines, nonempty, kind, meta):
    for n, i in enumerate(nonempty):
        if i in kind or n < 1 or kind.get(nonempty[n - 1]) != "metadata":
            continue
        run = n >= 2 and kind.get(nonempty[n - 2]) == "metadata"
        if run and (pairs := F.parse_meta(lines[i])) is not None:
            kind[i] = "metadata"
            meta.extend(pairs)
        elif (run or (n + 1 < len(nonempty) and kind.get(nonempty[n + 1]) == "metadata")) and F._is_kv_row(lines[i]):
            kind[i] = "metadata"  # a block's row of a key the lexicon lacks
    for n in range(len(nonempty) - 1, 0, -1):  # keyed lines right above a metadata line
        if kind.get(nonempty[n]) != "metadata":
            continue
        k = n - 1
        while k >= 0 and nonempty[k] not in kind and (pairs := F.parse_meta(lines[nonempty[k]])) is not None \
                and not all(key == "日期" for key, _ in pairs):
            kind[nonempty[k]] = "metadata"
            meta.extend(pairs)
            k -= 1
    for i in reversed([i for i in nonempty if i not in kind]):
        if i == nonempty[-1]:
            break
        pairs = F.parse_meta(lines[i])
        if pairs is None or all(k == "日期" for k, _ in pairs):
            break
        kind[i] = "metadata"
        meta.extend(pairs)


_CELL_LINES = st.lists(st.sampled_from(
    ["索引号：", "发布机构：", "成文日期：", "发文字号：", "名　　称：", "主题分类：", "某某局", "2023-09-01", "某政发〔2023〕1号",
     "正文。", "来源：某某", "时间:2023-09-01", "点击:12", "某某活动", "", "  ", "标题：", "一句话，两句话",
     "公开形式：网站", "时效：已失效", "活动主题：质量强国"]), max_size=10)


@SETTINGS
@given(_CELL_LINES, st.data())
def test_label_table_and_meta_runs_equal_trying_every_line(lines, data):
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    offsets = _offsets("\n".join(lines))
    half = data.draw(st.sampled_from([0.5, max(1, len("\n".join(lines))) * 0.5, 10_000.0]))
    kind = {i: data.draw(st.sampled_from(["widget", "metadata", "navigation"])) for i in nonempty if data.draw(st.booleans())}
    stripped = [ln.strip() for ln in lines]
    for fast_pass, plain_pass, args in ((F._drop_label_table, _drop_label_table_plain, (offsets, half)),
                                        (F._extend_meta_runs, _extend_meta_runs_plain, ())):
        fast, plain, mf, mp = dict(kind), dict(kind), [], []
        fast_pass(stripped, nonempty, fast, mf, *args)
        plain_pass(stripped, nonempty, plain, mp, *args)
        assert (fast, mf) == (plain, mp)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("发布时间来源 \t\u3000\xa0\x1c\x85\u2028\u200b\u2007:：") + ["\n"]), max_size=20))
def test_spaces_dropped_by_split_equal_the_regex_substitution(s):
    assert "".join(s.split()) == re.sub(r"\s+", "", s)


def test_metadata_keys_lose_their_spaces():
    assert F.parse_meta("发 布 时 间：2023-09-01 来\u3000源：某某") == [("发布时间", "2023-09-01"), ("来源", "某某")]


_PAGE_LINES = st.lists(st.sampled_from(
    ["当前位置：首页 > 新闻", "质量月活动启动", "正文第一段，内容。" * 12, "打开某某新闻查看更多图片", "点击查看大图",
     "(责任编辑：张某)", "版权所有 某某网", "某某(中国)官方网站", "摄影 某某报）", "", "  ", "一、活动主题 |",
     "来源：某某局", "正文第二段。", "某某网 | 联系我们", "[编辑：李某]", "  正文 "]), max_size=10)


@SETTINGS
@given(_PAGE_LINES, st.data())
def test_render_with_patterns_matching_no_line_equals_render_without(lines, data):
    r = F.rules()
    stripped = [ln.strip() for ln in lines]
    nonempty = [i for i, s in enumerate(stripped) if s]
    kind = {i: data.draw(st.sampled_from(["widget", "footer", "repeat"])) for i in nonempty if data.draw(st.booleans())}
    trimmed = {i: (stripped[i][: len(stripped[i]) // 2], "navigation") for i in nonempty
               if i not in kind and data.draw(st.booleans())}
    prose_of = {i: F.is_prose(stripped[i]) for i in nonempty if data.draw(st.booleans())}
    inline_at = {i for i in range(len(lines)) if data.draw(st.booleans())}
    # the patterns that match none of the lines they would be cut from
    idle = [p for p in r.inline if not any(p.search(trimmed[i][0] if i in trimmed else lines[i])
                                           for i in inline_at if i not in kind)]
    assert F._render(lines, stripped, kind, trimmed, prose_of, idle, inline_at) == \
        F._render(lines, stripped, kind, trimmed, prose_of, [], inline_at)


@SETTINGS
@given(_LINES, st.integers(0, 20))
def test_cue_lines_from_a_line_on_are_those_after_it(text, first):
    starts = _offsets(text)
    first = min(first, len(starts))
    for cues in (F.rules().nav_cues, F.rules().foot_cues):
        found = cues.lines(text, starts + [len(text) + 1], first)
        every = cues.lines(text, starts + [len(text) + 1])
        assert found == {i for i in every if i >= first}


@SETTINGS
@given(_LINES)
def test_late_lines_start_at_the_first_late_line(text):
    import bisect

    lines = text.split("\n")
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    if not nonempty:
        return
    offsets = list(F.accumulate([len(ln) + 1 for ln in lines], initial=0))
    half, last3 = max(1, len(text)) * 0.5, len(nonempty) - 3
    first_late = min(bisect.bisect_left(offsets, half), nonempty[max(last3, 0)])
    for rank, i in enumerate(nonempty):
        if offsets[i] >= half or rank >= last3:
            assert i >= first_late


@SETTINGS
@given(_META_LINES)
def test_a_dated_line_holds_a_dated_cue(line):
    r = F.rules()
    for s in (line, line.strip()):
        if r.dated_any.match(s):
            assert r.dated_cue.search(s)


@SETTINGS
@given(st.one_of(_LINES, st.text(alphabet="|｜•·-—_=*#~>＞ \t\u3000ABCZ&/ 质", max_size=12)))
def test_first_character_gates_of_separator_and_english_label_lines(line):
    r = F.rules()
    s = line.strip()
    if s and F._SEPARATOR_LINE.match(s):
        assert s[0] in F._SEPARATOR_CHARS
    if s and r.english_label.match(s):
        assert s[0] in r.english_first


# ── one scan of a page for several cue sets ───────────────────────────────────────────────────
def _scan_parts():
    r = F.rules()
    return {"nav": r.nav_cues.texts, "foot": r.foot_cues.texts, "inline": r.inline_cues.texts,
            "suffix": F._SUFFIX_SEPARATOR_CHARS, "ui": (*F._BRACKET_CHARS, *r.ui_cue_texts),
            "foot_head": r.foot_head_cues.texts}


_SCAN_WORDS = sorted({w for texts in _scan_parts().values() for w in texts})
# cue texts glued so that one starts inside another and runs past it ("docopyright", ">>>")
_SCAN_LINES = st.lists(st.one_of(st.sampled_from(_SCAN_WORDS), _PIECES,
                                 st.sampled_from(["do", "d", "All Rights Reservet", "C", "opyright", ">", "网站"])),
                       max_size=16).map("".join)


@SETTINGS
@given(_SCAN_LINES, st.integers(0, 6))
def test_shared_scan_finds_each_set_s_lines_as_its_own_scan(text, first):
    from qmcorpus.literals import words_re
    from qmcorpus.normalize.cuelines import lines_holding

    parts = _scan_parts()
    starts = _offsets(text)
    got = F.rules().page_scan.lines(text, starts, text.split("\n"), {"foot": first})
    for name, texts in parts.items():
        want = set(lines_holding(words_re(texts), text, starts))
        assert got[name] == ({i for i in want if i >= first} if name == "foot" else want), name


@SETTINGS
@given(_SCAN_LINES)
def test_shared_scan_automaton_finds_the_alternation_s_matches(text):
    # the automaton (leftmost-longest) stands for the longest-first alternation of the cue texts
    scan = F.rules().page_scan
    assert scan.matcher is not None  # (ahocorasick_rs is installed where the tests run)
    assert scan.matches(text) == [(m.start(), m.end(), m.group()) for m in scan.scan.finditer(text)]


@SETTINGS
@given(_UI_LINES)
def test_ui_line_without_bracket_or_cue_needs_only_its_start_and_tokens(line):
    r = F.rules()
    if any(b in line for b in F._BRACKET_CHARS) or r.ui_cues.search(line):
        return
    assert F.is_ui_line(line) == (not F._ui_start_closed(line, r) and F._ui_tokens(line, r))


@SETTINGS
@given(_META_LINES, _META_LINES)
def test_no_line_holding_a_full_stop_is_metadata(head, tail):
    # the dated-header branch asks for no "。" before its regexes: parse_meta reads no such line
    assert F.parse_meta(head + "。" + tail) is None


@SETTINGS
@given(st.text(alphabet="成文日期名称来源发布时间索引号：: \u3000", min_size=1, max_size=14))
def test_no_label_cell_is_longer_than_the_longest_label(label):
    if len(label) > F.CELL_LABEL_MAX:
        assert F._cell_key(label, F.rules()) is None


def _drop_head_runs_plain(lines, nonempty, kind, prose_of=None):
    """_drop_head_runs as it was: each run of short lines listed before it is judged."""
    known = prose_of or {}
    first_prose = next((n for n, i in enumerate(nonempty)
                        if (known[i] if i in known else F.is_prose(lines[i]))), len(nonempty))
    head = nonempty[:first_prose]
    F._drop_vertical_menu(lines, head, kind)
    for i in head:
        if i not in kind and F._is_menu(lines[i]):
            kind[i] = "navigation"
        elif i not in kind and len(lines[i].strip()) >= F.TITLE_MIN:
            break
    furn = [kind.get(i) in F._FURNITURE_KINDS for i in head]
    if len(head) >= 3 and not furn[0] and furn[1] and furn[2] and len(lines[head[0]].strip()) <= 12 \
            and not F._SENTENCE_PUNCT.search(lines[head[0]]):
        kind[head[0]] = "header"
        furn[0] = True
    n = 0
    while n < len(head):
        if furn[n]:
            n += 1
            continue
        m = n
        while m < len(head) and not furn[m] and len(lines[head[m]].strip()) <= F.RUN_SHORT:
            m += 1
        run = [lines[j].strip() for j in head[n:m]]
        if run and n > 0 and m < len(head) and furn[n - 1] and furn[m] and (
                len(run) >= 2 or F._COUNTER.match(run[0])):
            for j in head[n:m]:
                kind[j] = "widget"
        n = max(m, n + 1)


_HEAD_LINES = st.lists(st.sampled_from(["12", "3:45", "(2)", "某某网", "标签", "首页", "新闻中心", "质量月活动启动仪式举行",
                                        "打印", "正文第一段，开展活动。"]), min_size=1, max_size=10)


@SETTINGS
@given(_HEAD_LINES, st.lists(st.sampled_from([None, "widget", "navigation", "metadata", "footer"]), max_size=10))
def test_head_runs_judged_without_listing_each_run_equal_the_plain_loop(lines, kinds):
    nonempty = list(range(len(lines)))
    kind = {i: k for i, k in zip(nonempty, kinds) if k}
    fast, plain = dict(kind), dict(kind)
    F._drop_head_runs(lines, nonempty, fast)
    _drop_head_runs_plain(lines, nonempty, plain)
    assert fast == plain


@SETTINGS
@given(_LINES)
def test_tail_opening_gate_turns_away_only_lines_tail_head_does_not_match(line):
    r = F.rules()
    for s in (line, line.strip(), "".join(line.split())):
        if not F._opens_tail(s, r):
            assert r.tail_head.match(s) is None


def test_tail_opening_gate_lets_each_tail_heading_through():
    r = F.rules()
    for s in ("相关阅读", "【相关新闻】", "上一篇：某某", "24小时热文", "猜你喜欢"):
        assert r.tail_head.match(s) and F._opens_tail(s, r)


_INLINE_NEEDS = sorted({w for needs, _ in F.rules().inline_probe for w in needs})


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(_INLINE_NEEDS), _PIECES), max_size=14).map("".join))
def test_inline_needs_present_are_the_substrings_of_the_text(text):
    present = F.rules().inline_needs
    assert present(text) == present.plain(text) == frozenset(w for w in _INLINE_NEEDS if w in text)


@SETTINGS
@given(_LINES)
def test_post_cue_lines_of_the_page_scan_tell_whether_the_page_holds_a_post_cue(text):
    r = F.rules()
    lines = text.split("\n")
    cues = F._cue_lines(text, _offsets(text), lines, 0, r)
    assert bool(cues.get("post", any(w in text for w in r.post_cues))) == any(w in text for w in r.post_cues)
    for w in r.post_cues:
        page = text + "\n某某 " + w + " 2019-9-5"
        assert _post_cue_in(page, r)


def _post_cue_in(text, r):
    cues = F._cue_lines(text, _offsets(text), text.split("\n"), 0, r)
    return cues["post"] if "post" in cues else any(w in text for w in r.post_cues)
