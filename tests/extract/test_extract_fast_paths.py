"""The extraction shortcuts taken for speed (#16) give exactly what their plain forms give.

Each shortcut (a compiled automaton for the gazetteer, a cheap literal test before a search, a
memo) sits beside the plain definition it replaced; hypothesis draws texts from alphabets built to
make the two disagree if they can (overlapping names, separators, parentheses, newlines).
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import literals
from qmcorpus.extract import bodies, dates, gazetteer
from qmcorpus.extract.config import config
from qmcorpus.literals import LiteralMatcher

SETTINGS = settings(max_examples=300, deadline=None)


# ── LiteralMatcher: the automaton = the pure-Python scan = the longest-first alternation ──────────
def _alternation(words):
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


WORDS = ["天水", "天水市", "市", "甘肃", "甘肃省", "省市", "水市场", "秦州区", "州", "𠀋州", "a"]


@SETTINGS
@given(st.text(alphabet="天水市甘肃省场秦州区𠀋，。 a\n", max_size=60))
def test_automaton_scan_and_alternation_agree(text):
    expected = [(m.start(), m.end(), m.group(0)) for m in _alternation(WORDS).finditer(text)]
    matcher = LiteralMatcher(WORDS)
    assert matcher.scan(text) == expected
    assert matcher.find(text) == expected


def test_the_automaton_is_used_where_installed():
    """Where ahocorasick_rs is installed the matcher uses it (else this test says nothing)."""
    assert (LiteralMatcher(WORDS)._automaton is not None) == (literals._ac is not None)


# ── find_places: the test on three characters = trying every renamed county after every mention ──
def _find_places_plain(text):
    """gazetteer.find_places without the three-character test before _renamed_after."""
    index, full, names = gazetteer._index()
    out = [gazetteer.PlaceMention(a, b, n, index[n], full[n]) for a, b, n in names.find(text)]
    renamed = gazetteer._renamed()
    for i in range(len(out)):
        m = out[i]
        if m is None:
            continue
        found = gazetteer._renamed_after(text, m, renamed)
        if found is None:
            continue
        for j in range(i + 1, len(out)):
            if out[j] is not None and out[j].start < found.end:
                out[j] = None
        out.insert(i + 1, found)
    return [m for m in out if m is not None]


def _renamed_pieces():
    """Parent names, their renamed counties and the pieces of those names (from the gazetteer)."""
    by_parent = gazetteer._renamed()[0]
    pieces = []
    for parent in sorted(by_parent)[:20]:
        table = by_parent[parent]
        pieces.append(parent)
        for surface in sorted(table)[:3]:
            pieces += [parent + surface, surface, surface[:2], surface[2:]]
    return sorted(set(pieces)) + ["市场监督管理局", "市", "区", "县", "，", "\n"]


@SETTINGS
@given(st.lists(st.sampled_from(_renamed_pieces()), max_size=12))
def test_find_places_equals_its_plain_definition(parts):
    text = "".join(parts)
    first = gazetteer.find_places(text)
    assert first == _find_places_plain(text)
    first.append(None)  # the memo hands out fresh lists: a caller's change changes no later answer
    assert gazetteer.find_places(text) == _find_places_plain(text)


# ── find_dates: an ISO-like stamp needs a separator; the leading lookahead changes no match ──────
_ISO_PLAIN = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")


@SETTINGS
@given(st.text(alphabet="0129-/. 年月日\n", max_size=40))
def test_iso_stamps_are_found_as_by_the_plain_pattern(text):
    expected = [m.groupdict() | {"span": m.span()} for m in _ISO_PLAIN.finditer(text)]
    assert [m.groupdict() | {"span": m.span()} for m in dates._ISO.finditer(text)] == expected
    if not any(c in text for c in "-/."):
        assert expected == []  # the literal test that lets find_dates skip the scan


# ── is_body: str.endswith and a memo = the suffix regex tried at every position ──────────────────
def _is_body_plain(name):
    """bodies.is_body as first written (a regex for the suffixes, the alias always removed)."""
    sufs = sorted(config()["issuers"]["suffixes"], key=len, reverse=True)
    suffix_re = re.compile("(?:" + "|".join(map(re.escape, sufs)) + ")$")
    n = name.strip()
    if n in bodies.known_bodies():
        return True
    if n.count("(") + n.count("（") != n.count(")") + n.count("）"):
        return False
    core = bodies._ALIAS_AFTER.sub("", n)
    if not 2 <= len(n) <= 40 or not suffix_re.search(core):
        return False
    if bodies._not_in_name().search(n) or bodies.generic_start().match(n) or bodies._NOT_IN_BODY.search(n):
        return False
    if bodies._seal().search(n):
        return False
    return not bodies.bare_suffix().fullmatch(n)


def _body_pieces():
    sufs = config()["issuers"]["suffixes"]
    return sorted(set(sufs[:12] + ["某", "市", "县", "质量", "(", ")", "（", "）", "\n", " ", "，", "开展"]))


@SETTINGS
@given(st.lists(st.sampled_from(_body_pieces()), max_size=10))
def test_is_body_equals_its_plain_definition(parts):
    name = "".join(parts)
    assert bodies.is_body(name) == _is_body_plain(name)


def test_is_body_plain_definition_is_not_vacuous():
    sufs = config()["issuers"]["suffixes"]
    assert _is_body_plain("某市" + sufs[0]) and not _is_body_plain("开展活动")
    assert _is_body_plain("某市" + sufs[0] + "\n(某办)") == bodies.is_body("某市" + sufs[0] + "\n(某办)")


# ── scope words: searched only where one of the texts every match holds is (required_any) ────────
def _scope_patterns():
    from qmcorpus.extract import regions

    return [(lvl, pat, needs) for lvl, pat, needs, _ in regions._scope_rules()]


def test_every_scope_pattern_has_a_literal_test():
    """The shortcut is taken for every level (a pattern rewritten beyond what required_any reads
    would silently lose it)."""
    assert all(needs for _, _, needs in _scope_patterns())


@SETTINGS
@given(st.data())
def test_a_scope_pattern_matches_only_where_one_of_its_texts_is(data):
    for lvl, pat, needs in _scope_patterns():
        alphabet = sorted({c for c in pat.pattern if ord(c) > 0x2e80} | set("，\n 19"))
        text = data.draw(st.text(alphabet=alphabet, max_size=30), label=lvl)
        for m in pat.finditer(text):
            assert any(t in m.group(0) for t in needs), (lvl, text)


@SETTINGS
@given(st.text(alphabet="abcdefghij,x \n", max_size=30))
def test_required_any_holds_for_alternations_of_every_shape(text):
    pat = re.compile(r"((?<!x)ab|[cd]e|(?:^|,)\s*(?:fg|hi)j?|(?:a|b)(?:c|d)e)")
    needs = literals.required_any(pat)
    assert needs
    for m in pat.finditer(text):
        assert any(t in m.group(0) for t in needs), text


# ── dates: _FULL tried only around each 月 (AnchoredPattern) = _FULL.finditer; memo = plain call ──
_DATE_ALPHABET = "0129２一二十〇O年月日号份前至 \u3000\n,a١"


@SETTINGS
@given(st.text(alphabet=_DATE_ALPHABET, max_size=40))
def test_dates_near_their_anchor_equal_the_plain_scan(text):
    expected = [(m.span(), m.groupdict()) for m in dates._FULL.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in dates._FULL_NEAR.finditer(text)] == expected


def test_dates_pattern_has_an_anchor():
    """The shortcut is taken (an edit of the data pattern that loses the anchor would drop it)."""
    assert dates._FULL_NEAR._anchor


@SETTINGS
@given(st.text(alphabet="ab12 x\n(", max_size=30))
def test_anchored_pattern_equals_finditer_for_lookbehinds_and_line_starts(text):
    for pat in (r"(?<!a)\d+\s*x\d*", r"(?:^|b)\d?x", r"(?m)^\s*\d*x", r"[ab]x\d"):
        p = re.compile(pat)
        assert [m.span() for m in literals.AnchoredPattern(p).finditer(text)] == [m.span() for m in p.finditer(text)]


@SETTINGS
@given(st.text(alphabet=_DATE_ALPHABET, max_size=40))
def test_find_dates_memo_returns_fresh_equal_lists(text):
    first = dates.find_dates(text)
    first.append(None)  # a caller changing its list changes no later answer
    assert dates.find_dates(text) == list(dates._dates_of.__wrapped__(text)) == list(dates._dates_of(text))


@SETTINGS
@given(st.text(alphabet=_DATE_ALPHABET + "-~", max_size=40))
def test_find_ranges_memo_equals_the_plain_call(text):
    assert dates.find_ranges(text) == dates.find_ranges(text, dates.find_dates(text)) == dates._ranges(
        text, list(dates._dates_of.__wrapped__(text)))


# ── headings: one alternation before the four heading patterns; section names compiled once ─────
def _headings_plain(lines):
    from qmcorpus.extract import structure as S

    bare = config()["sections"]
    out = []
    for i, ln in enumerate(lines):
        for level, pat in S.HEADING_PATTERNS:
            m = pat.match(ln.text)
            if m:
                title = re.split(r"[。;；:：]", ln.text[m.end():], maxsplit=1)[0]
                out.append(S.Heading(i, level, m.group(1), title))
                break
        else:
            if len(ln.text) <= 12 and _section_kind_plain(ln.text) != "other":
                out.append(S.Heading(i, 0, "", ln.text.rstrip(":：")))
    return out


def _section_kind_plain(title):
    names = config()["sections"]
    for kind in ("theme", "time", "ideology", "requirements", "activities"):
        if literals.any_of(tuple(names[kind])).search(title.strip()):
            return kind
    return "other"


def _heading_pieces():
    names = config()["sections"]
    return sorted({w for ws in names.values() for w in ws[:4]} | set("一二十、.．(（)）1２3 \u3000:：。月a"))


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(_heading_pieces()), max_size=6).map("".join), max_size=8))
def test_headings_equal_their_plain_definition(rows):
    from qmcorpus.extract import structure as S

    lines = S.split_lines("\n".join(rows))
    assert S.headings(lines) == _headings_plain(lines)
    assert [S.section_kind(ln.text) for ln in lines] == [_section_kind_plain(ln.text) for ln in lines]


# ── PlaceFinder: slices of one window read from its hits = find_places of each slice ────────────
@SETTINGS
@given(st.lists(st.sampled_from(_renamed_pieces() + ["天水市", "甘肃省", "甘肃", "天水", "某"]), max_size=14),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6), st.integers(0, 70))
def test_place_finder_slices_equal_find_places(parts, spans, upto):
    text = "".join(parts)
    finder = gazetteer.PlaceFinder(text, upto)
    assert finder.window_places() == gazetteer.find_places(text[:upto])
    for a, b in spans:
        assert finder.places(a, b) == gazetteer.find_places(text[a:b]), (text, upto, a, b)


# ── signature block: date lines matched only where their required text (年) is ─────────────────
@SETTINGS
@given(st.text(alphabet="(（)）二〇一七2017年月日号9 ·某局\u3000", max_size=24))
def test_a_date_line_holds_its_required_text(text):
    from qmcorpus.extract import structure as S

    assert S._DATE_LINE_NEEDS
    if S._DATE_LINE.match(text):
        assert S._DATE_LINE_NEEDS in text
