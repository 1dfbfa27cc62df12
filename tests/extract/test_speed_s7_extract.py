"""Speed shortcuts of session 7 in the extraction of level, issuers, places and activities give
exactly what their plain definitions give (hypothesis, on text built from the pieces the patterns
look for).
"""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import regions

from .test_speed_extract_group import assert_scope_starts_exact

SETTINGS = settings(max_examples=300, deadline=None)


# ── regions: a match starts no earlier than back_over(its first needed text, nonspace_width) ─────
_WS_PATTERNS = [r"(?:^|[，。])\s*(?:ab|cd)x{0,2}?(?:ef|g)", r"a\s+b\s*c", r"^\s*\d{2}ab", r"(?<!x)ab|c\s{0,3}d",
                r"[，,]\s*[^，]{1,3}?\s*cd"]


def _needed_first(text: str, start: int, end: int, needs) -> int | None:
    hits = [text.find(t, start) for t in needs]
    hits = [q for q, t in zip(hits, needs) if q >= 0 and q + len(t) <= end]
    return min(hits, default=None)


@SETTINGS
@given(st.text(alphabet="abcdefgx12，。, \u3000\n\t", max_size=50), st.sampled_from(_WS_PATTERNS))
@example("，  \n ab x ef", _WS_PATTERNS[0])
@example("a \u3000 b\tc", _WS_PATTERNS[1])
def test_a_match_starts_no_earlier_than_back_over(text, pattern):
    from qmcorpus.normalize.cuelines import needs

    pat = re.compile(pattern)
    width, texts = regions.nonspace_width(pat), needs(pat)
    assert width is not None and texts
    for m in pat.finditer(text):
        q = _needed_first(text, m.start(), m.end(), texts)
        assert q is not None and m.start() >= regions.back_over(text, q, width)


@SETTINGS
@given(st.text(alphabet="ab \u3000\n", max_size=30), st.integers(0, 30), st.integers(0, 6))
def test_back_over_is_the_first_start_with_at_most_width_non_spaces(text, q, width):
    q = min(q, len(text))
    plain = next(p for p in range(q + 1) if sum(not c.isspace() for c in text[p:q]) <= width)
    assert regions.back_over(text, q, width) == plain


def test_nonspace_width_of_unbounded_patterns_is_unknown():
    assert regions.nonspace_width(re.compile(r"a.*b")) is None
    assert regions.nonspace_width(re.compile(r"a(?:bc)+")) is None
    assert regions.nonspace_width(re.compile(r"a\s*b(?:c|de){0,2}")) == 6


_SCOPE_WS_PIECES = ["公司", "集团", "党委", "启动", "，", "。", "\n", " ", "\u3000", "  ", "全国", "质量月", "活动", "由",
                    "2017年", "二〇一七年", "“", "”", "本公司", "员工", "某某", "开展", "全县", "县委"]


@SETTINGS
@given(st.lists(st.sampled_from(_SCOPE_WS_PIECES), max_size=40).map("".join), st.booleans())
@example("某某。 \u3000 公司党委开展", True)
@example(" \n 2017年全国“质量月”活动由", False)
def test_scope_rules_searched_from_their_start_find_every_match_across_spaces(head, one_pass):
    assert_scope_starts_exact(head, one_pass)


# ── issuers: bodies of a segment kept by segment; the opening body of a clause, by sentence ──────
_BODY_PIECES = ["某市", "市场监督管理局", "质监局", "总工会", "团委", "和", "及", "、", "，", "由", "等", "部门", "联合",
                "（", "）", "(", ")", "简称", "市局", "有限公司", "协会", "领导小组", "办公室", " ", "近日", "，", "开展",
                "局长", "为", "根据", "《", "》", "本报讯", "\n", "中国科协", "全国总工会", "工业和信息化部"]
_body_texts = st.lists(st.sampled_from(_BODY_PIECES), max_size=16).map("".join)


@SETTINGS
@given(_body_texts, st.integers(0, 50))
@example("某市质监局和某市总工会", 3)
def test_bodies_in_is_the_plain_reading(segment, offset):
    from qmcorpus.extract import issuers

    assert issuers._bodies_in(segment, offset, "r") == issuers._plain_bodies_in(segment, offset, "r")


@SETTINGS
@given(_body_texts)
@example("某市质监局（某市局） ")
@example("中国科协")
def test_a_body_name_ends_with_one_of_the_body_ends(name):
    from qmcorpus.extract import issuers
    from qmcorpus.extract.bodies import is_body

    if is_body(name):
        assert name.strip()[-1] in issuers._body_ends()


def _plain_clause_subject(masked, sent):
    import itertools

    from qmcorpus.extract import issuers
    from qmcorpus.extract.bodies import is_body

    for c in itertools.islice(issuers._CLAUSE_HEAD.finditer(sent.group(0)), issuers.LEAD_CLAUSES):
        name = issuers._clean_name(issuers._DATELINE_HEAD.sub("", c.group("s")))
        if issuers._CITING.search(name):
            return []
        if len(name) < 2 or name.startswith("为"):
            continue
        for k in range(len(name), 1, -1):
            if is_body(name[:k]):
                if issuers._PERSON_AFTER.match(name[k:]) or not issuers._ACTS_AFTER.match(name[k:]):
                    break
                st = sent.start() + c.start("s") + c.group("s").find(name)
                return [issuers.Found(name[:k], st, st + k, "issuers:clause_subject")] + issuers._co_organisers(masked, st)
    return []


@SETTINGS
@given(_body_texts)
@example("近日，某市市场监督管理局联合某市总工会开展")
@example("本报讯 某市质监局局长开展")
def test_clause_subject_is_the_plain_loop(text):
    from qmcorpus.extract import issuers

    for sent in issuers._SENTENCE.finditer(text):
        assert issuers._clause_subject(text, sent) == _plain_clause_subject(text, sent)


# ── gazetteer: the tables read from one parse of regions.csv = each read on its own ─────────────
def test_tables_from_one_reading_of_regions_csv_are_those_read_alone():
    import csv

    from qmcorpus import resources
    from qmcorpus.extract import gazetteer

    with open(resources.path("regions.csv"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    plain: dict = {}
    for r in rows:
        reg = gazetteer.Region(r["adcode"], r["name"], r["level"], r["province"], r["city"])
        for s in filter(None, r["short"].split("|")):
            plain.setdefault(s, []).append(reg)
    assert gazetteer._all_shorts() == {k: tuple(v) for k, v in plain.items()}
    assert gazetteer.regions() == tuple(gazetteer.Region(r["adcode"], r["name"], r["level"], r["province"], r["city"])
                                        for r in rows)



def test_the_short_names_are_built_with_the_index():
    """The fork server's warm-up builds the index (it finds places): the short names come along."""
    from qmcorpus.extract import gazetteer

    gazetteer._all_shorts.cache_clear()
    gazetteer._index.cache_clear()
    gazetteer._index()
    assert gazetteer._all_shorts.cache_info().currsize == 1
