"""Speed shortcuts of extraction (#16: layout, dates, period, year, places, level, confidence) give
exactly what their plain definitions give.

Each test holds a shortcut beside the formulation it replaced, on generated text built from the
pieces the patterns look for (hypothesis).
"""
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import dates, fields
from qmcorpus.extract.layout import layout
from qmcorpus.extract.structure import to_ascii_digits

SETTINGS = settings(max_examples=300, deadline=None)

_DATE_PIECES = ["2017年", "二〇一七年", "9月", "九月", "1日", "30日", "三十日", "15号", "13月", "至", "到", "-", "—", "/", ".",
                "前", "2017-09-01", "2017/9/30", "起", "开始", "从", "自", "质量月", "活动", "开展", "。", "；", ";", "\n",
                " ", "，", "时间", "一、活动时间\n", "份"]
_date_texts = st.lists(st.sampled_from(_DATE_PIECES), max_size=30).map("".join)


# ── dates: the sentences that may state a day = every sentence filtered ──────────────────────
@SETTINGS
@given(_date_texts)
@example("9月1日至30日。\n。；号")
def test_day_sentences_are_the_sentences_that_state_a_day(text):
    plain = [(m.start(), m.group()) for m in re.finditer(r"[^。；;\n]+", text)
             if any(c in m.group() for c in dates.DAY_MARKS + "-/.")]
    assert list(dates.day_sentences(text)) == plain


@SETTINGS
@given(_date_texts)
def test_a_text_without_a_day_holds_no_range(text):
    if not dates.may_state_day(text):
        assert dates._ranges(text, dates.find_dates(text)) == []
        assert not any(d.day for d in dates.find_dates(text))
    assert dates.find_ranges(text) == dates._ranges(text, dates.find_dates(text))


# ── find_period: sentences that state no day skipped = every sentence read ──────────────────
def _plain_find_period(lay, year):
    text, lines = lay.text, lay.lines
    for sec in lay.sections:
        if sec.kind != "time":
            continue
        lo = lines[sec.heading].start
        hi = lines[min(sec.last, sec.first + 2)].end if sec.first <= sec.last else lines[sec.heading].end
        rng = dates._ranges(text[lo:hi], dates.find_dates(text[lo:hi]))
        if rng:
            a, b = rng[0]
            y = a.year or year
            return (fields.Found(a.iso(y), lo + a.start, lo + a.end, "period:time_section"),
                    fields.Found(b.iso(b.year or y), lo + b.start, lo + b.end, "period:time_section"))
    for sent in re.finditer(r"[^。；;\n]+", text[:fields.PERIOD_WINDOW]):
        s = sent.group(0)
        if "月" not in s or ("质量月" not in s and "活动" not in s):
            continue
        rng = [r for r in dates._ranges(s, dates.find_dates(s)) if not fields._event_days(r, year)]
        if rng:
            a, b = rng[0]
            y = a.year or year
            if a.iso(y) and b.iso(b.year or y):
                o = sent.start()
                return (fields.Found(a.iso(y), o + a.start, o + a.end, "period:range_in_sentence"),
                        fields.Found(b.iso(b.year or y), o + b.start, o + b.end, "period:range_in_sentence"))
        if not year or ("开展" not in s and "活动" not in s):
            continue
        m = fields._PERIOD_START.search(to_ascii_digits(s))
        if m:
            ds = dates.find_dates(m.group(1))
            if ds:
                o = sent.start() + m.start(1)
                return fields.Found(ds[0].iso(year), o, o + len(m.group(1)), "period:start_only"), None
    return None, None


@SETTINGS
@given(_date_texts, st.sampled_from([None, 2017]))
@example("质量月活动9月1日至30日", 2017)
@example("开展活动从9月1日起", 2017)
def test_find_period_is_the_plain_sentence_loop(text, year):
    lay = layout(text)
    assert fields.find_period(lay, year) == _plain_find_period(lay, year)


# ── places.collect: per-mention context worked out once, records made once = the plain loop ──────
def _plain_collect(lay, issuers, opening=None, bodies=()):
    from qmcorpus.extract import gazetteer, places
    from qmcorpus.extract.structure import CITED_TITLE

    text, title, signature = lay.text, lay.title_span, lay.signature_spans
    w = places._cfg()["weights"]
    opening = opening if opening is not None else places._cfg()["opening_chars"]
    spans = [(title[0], title[1], "title")] if title else []
    spans += [(a, b, "issuer") for a, b in issuers if a >= 0]
    spans += [(a, b, "signature") for a, b in signature]
    for m in places._re("dateline").finditer(text[:opening + 200]):
        spans.append((m.start("who"), m.end("who"), "dateline"))
    spans.append((0, min(len(text), opening), "opening"))
    spans.append((min(len(text), opening), min(len(text), opening + 1500), "body"))
    cited = [(m.start(), m.end()) for m in CITED_TITLE.finditer(text[:opening + 1700])]
    out = {}
    stems = tuple(places._firm_stems(text[:opening + 1700]) | set(bodies))
    for a, b, pos in spans:
        extra = places._short_county_mentions(text, a, b, pos) if pos in ("dateline", "issuer") else []
        for s, e, surface, regs in extra:
            out[(s, e)] = places.Mention(s, e, surface, regs, w[pos] * w["short_factor"], pos, False)
        for p in gazetteer.find_places(text[a:b]):
            s, e = a + p.start, a + p.end
            surface, regions, full = p.surface, p.regions, p.full
            zone = places.zones.zone_of(regions, text, e)
            if zone is not None:  # a city's name and a zone word: the zone, a county-level place
                e, regions, full = zone[0], zone[1], True
                surface = text[s:e]
            if cited and any(cs <= s < ce for cs, ce in cited):
                continue
            weight = w[pos] * (1.0 if full else w["short_factor"])
            venue = bool(places._re("venue_before").search(text[max(0, s - 4):s]))
            if venue:
                weight *= w["venue_factor"]
            elif places._re("attendee_after").match(text, e):
                weight *= w["attendee_factor"]
            if text.startswith(stems, s):
                weight *= w["firm_factor"]
            qual = bool(places._re("qualifies_after").match(text[e:e + 24])) and not venue
            if qual:
                weight *= w["qualifies_factor"]
            old = out.get((s, e))
            if old is None or old.weight < weight:
                out[(s, e)] = places.Mention(s, e, surface, regions, weight, pos, qual)
    return sorted(out.values(), key=lambda m: m.start)


_PLACE_PIECES = ["浙江省", "浙江", "杭州市", "杭州", "西湖区", "嘉兴", "瑞安市", "北京市", "东城区", "朝阳区", "吉林省", "吉林市",
                 "在", "赴", " ", "等领导出席", "、", "等", "出席", "2017年", "质量月", "开展", "第十届", "“", "《", "》", "公司",
                 "集团", "有限公司", "网讯", "\n", "。", "，", "局", "分局", "市场监督管理局", "质监局", "某某", "9月1日电",
                 "工业园区", "经开区", "高新区"]


@SETTINGS
@given(st.lists(st.sampled_from(_PLACE_PIECES), max_size=40).map("".join),
       st.lists(st.tuples(st.integers(-1, 80), st.integers(0, 90)), max_size=3), st.integers(0, 40),
       st.sampled_from([(), ("杭州市某某公司",), ("吉林",)]))
@example("2017年浙江省质量月\n在杭州市等领导出席", [(0, 10)], 5, ())
@example("杭州市某某公司开展质量月", [], 3, ())
@example("会上，浙江省、杭州市等领导出席", [], 20, ())
@example("杭州经开区开展质量月，杭州高新区", [(0, 5)], 30, ())
def test_collect_is_the_plain_loop(text, issuers, opening, bodies):
    from qmcorpus.extract import places

    lay = layout(text)
    assert places.collect(lay, issuers, opening=opening, bodies=bodies) == _plain_collect(lay, issuers, opening, bodies)


@SETTINGS
@given(st.lists(st.sampled_from(_PLACE_PIECES), max_size=30).map("".join),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4), st.integers(0, 70))
def test_place_finder_spans_are_the_places_of_the_slice(text, spans, upto):
    from qmcorpus.extract import gazetteer

    finder = gazetteer.PlaceFinder(text, upto)
    for a, b in spans:
        assert finder.spans(a, b) == [(a + p.start, a + p.end, p.surface, p.regions, p.full)
                                      for p in gazetteer.find_places(text[a:b])]


# ── extract: activities counted per category in one pass = one count a category ────────────────
@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=5).map(tuple), max_size=8),
       st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True))
def test_items_per_category_is_the_plain_count(categories, cats):
    from types import SimpleNamespace

    from qmcorpus.extract import _items_per_category

    activities = [SimpleNamespace(categories=c) for c in categories]
    assert _items_per_category(activities, cats) == {c: sum(c in a.categories for a in activities) for c in cats}


# ── dates: Chinese-numeral years converted only where a numeral stands before 年 = always ──────
@SETTINGS
@given(st.text(alphabet="一九九二〇零OoＯ○五年 \u3000\t\n十月a2", max_size=30))
@example("一九九二 年")
def test_cn_years_gate_skips_no_year(text):
    plain = dates._CN_YEAR.sub(lambda m: (str(n) if (n := dates.cn_number(m.group(0))) is not None
                                          and 1900 <= n <= 2099 else m.group(0)), text)
    assert dates.cn_years_to_ascii(text) == plain
    if dates._CN_YEAR.search(text):
        assert dates._numeral_before_year(text)


# ── literals.AnchoredPattern: an anchor no match starts with left untried = the plain finditer ──
_ANCHORED_PATTERNS = [r"(?<!a)\d+\s*x\d*", r"(?:^|b)\d?x", r"(?m)^\s*\d*x", r"[ab]x\d", r"x\d*", r"(?=[0-9])\d*\s*x(?:\d+y)?",
                      r"(?=[a1])[ab\d]{0,3}x", r"[^x]?x"]


@SETTINGS
@given(st.text(alphabet="ab12 xy\n(", max_size=30), st.integers(0, 5))
@example("1x1x 2 x", 0)
def test_anchored_pattern_equals_finditer_from_any_position(text, pos):
    from qmcorpus import literals

    for pat in _ANCHORED_PATTERNS:
        p = re.compile(pat)
        a = literals.AnchoredPattern(p)
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in p.finditer(text)], pat
        assert [m.span() for m in a.finditer(text, pos)] == [m.span() for m in p.finditer(text, pos)], pat


def test_a_date_never_starts_at_its_month_sign():
    """The dates pattern opens with a lookahead on digits: its anchor (月) is never tried as a start."""
    from qmcorpus import literals

    assert dates._FULL_NEAR._at_anchor == 0
    assert literals._may_start_with(re.compile(r"x\d"), "x") and not literals._may_start_with(re.compile(r"[ab]x"), "x")


# ── places.resolve: each reading weighed at its own level only = every level's key tried ────────
def _plain_resolve(mentions):
    from qmcorpus.extract import places

    mentions = [m for m in mentions if m.weight > 0]
    if not mentions:
        return places.Place(None, None, None, {}, {}, {}, None)
    # an ambiguous surface goes to the reading that other mentions support
    prov_weight = {}
    city_weight = {}
    for m in mentions:
        share = m.weight / len(m.regions)
        for r in m.regions:
            prov_weight[r.province] = prov_weight.get(r.province, 0) + share
            # a municipality's district counts for the municipality as its city; a surface read in
            # several cities supports none of them
            city = r.city or (r.province if r.level == "county" else "")
            if city and len({x.city or (x.province if x.level == "county" else "") for x in m.regions}) == 1:
                city_weight[city] = city_weight.get(city, 0) + share
    readings = []
    for m in mentions:
        # (one reading: max of one is it; with no other support, the reading under a city)
        r = m.regions[0] if len(m.regions) == 1 else max(
            m.regions, key=lambda r: (prov_weight.get(r.province, 0)
                                      + city_weight.get(r.city or (r.province if r.level == "county" else ""), 0),
                                      bool(r.city or (r.province if r.level == "county" else "")),
                                      -places.DEPTH[r.level]))
        readings.append((m, r))
    total = sum(m.weight for m, _ in readings) or 1.0
    by_prov = {}
    for m, r in readings:
        by_prov[r.province] = by_prov.get(r.province, 0) + m.weight
    prov = max(by_prov, key=by_prov.get)
    inside = [(m, r) for m, r in readings if r.province == prov]
    min_share = places._cfg()["min_share"]
    by_city = {}
    for m, r in inside:
        if r.city:
            by_city[r.city] = by_city.get(r.city, 0) + m.weight
    city = None
    if by_city:
        best = max(by_city, key=by_city.get)
        if by_city[best] >= min_share * by_prov[prov]:
            city = best
    by_county = {}
    for m, r in inside:
        if r.level == "county" and (city is None or r.city == city or not r.city):
            w0, _ = by_county.get(r.name, (0.0, r))
            by_county[r.name] = (w0 + m.weight, r)
    county = None
    if by_county:
        best = max(by_county, key=lambda k: by_county[k][0])
        base = by_city.get(city, 0) if city else by_prov[prov]
        if by_county[best][0] >= min_share * base:
            county = by_county[best][1]
            if county.city and city is None:
                city = county.city
    if county is not None and county.city and city != county.city:
        county = None
    best_mention = {}
    for m, r in readings:
        keys = [("province", r.province)] + ([("city", r.city)] if r.city else []) + (
            [("county", r.name)] if r.level == "county" else [])
        for lvl, name in keys:
            want = {"province": prov, "city": city, "county": county.name if county else None}[lvl]
            if name == want and r.level == lvl and (lvl not in best_mention or best_mention[lvl].weight < m.weight):
                best_mention[lvl] = m
    for lvl in ("province", "city", "county"):
        if lvl not in best_mention:
            want = {"province": prov, "city": city, "county": county.name if county else None}[lvl]
            cands = [m for m, r in readings if (lvl == "province" and r.province == want) or
                     (lvl == "city" and r.city == want and want)]
            if cands and want:
                best_mention[lvl] = max(cands, key=lambda m: m.weight)
    weight = {"province": by_prov[prov]}
    if city:
        weight["city"] = by_city.get(city, by_county[county.name][0] if county else 0)
    if county is not None:
        weight["county"] = by_county[county.name][0]
    support = {k: v / total for k, v in weight.items()}
    prov_region = places.gazetteer.by_name(prov)
    city_region = places.gazetteer.by_name(city) if city else None
    qualified = None
    for m, r in readings:
        if m.qualifies and r.province == prov:
            lvl = r.level
            if lvl == "county" and (county is None or r.name != county.name):
                continue
            if lvl == "city" and r.name != city:
                continue
            if qualified is None or places.DEPTH[lvl] > places.DEPTH[qualified]:
                qualified = lvl
    # the cities of the province named too weakly to decide, each with its heaviest mention
    cities = {}
    if not city:
        for c in by_city:
            cities[c] = max((m for m, r in inside if r.city == c), key=lambda m: m.weight)
    return places.Place(prov_region, city_region, county, best_mention, support, weight, qualified, cities)



@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(_PLACE_PIECES[:12]), st.sampled_from([0.0, 0.15, 0.8, 1.0, 3.0, 6.0]),
                          st.booleans()), max_size=12))
def test_resolve_is_the_plain_decision(picks):
    from qmcorpus.extract import gazetteer, places

    mentions = []
    for i, (name, weight, qual) in enumerate(picks):
        for p in gazetteer.find_places(name):
            mentions.append(places.Mention(i * 10 + p.start, i * 10 + p.end, p.surface, p.regions, weight, "body", qual))
    assert places.resolve(mentions) == _plain_resolve(mentions)


# ── find_year: the text's dates found only when the dated-sentence cue is read = found first ────
_YEAR_PIECES = ["2017年", "2016年", "二〇一七年", "质量月", "全市", "“", "”", "9月1日", "开展", "。", "\n", "第40个", "全国",
                "活动", "，"]


@SETTINGS
@given(st.lists(st.sampled_from(_YEAR_PIECES), max_size=20).map("".join), st.sampled_from(["notice", "news", "other"]))
@example("2017年9月1日，开展质量月活动", "notice")
def test_find_year_finds_the_dates_it_needs(text, doc_type):
    assert fields.find_year(text, None, None, doc_type) == fields.find_year(text, None, None, doc_type, dates.find_dates(text))


# ── regions: each scope rule searched from where its first needed text allows = from the start ──
_SCOPE_PIECES = ["全县", "我县", "县委", "副县长", "全市", "市委", "全省", "本公司", "公司", "集团", "员工", "企业员工", "会员单位",
                 "全校", "全国", "质量月", "活动", "由", "启动仪式", "2017年", "二〇一七年", "，", "。", "\n", " ", "安全县",
                 "全区", "各地", "某某", "开展", "党委", "“", "”"]


@SETTINGS
@given(st.lists(st.sampled_from(_SCOPE_PIECES), max_size=40).map("".join), st.booleans())
@example("某某公司员工，公司党委开展", True)
@example("2017年全国质量月活动由全县开展", False)
@example(" 2017年全国“质量月”活动", True)
@example("某某开展全国质量月活动启动仪式", True)
def test_scope_rules_searched_from_their_start_find_every_match(head, one_pass):
    assert_scope_starts_exact(head, one_pass)


def assert_scope_starts_exact(head: str, one_pass: bool) -> None:
    """Each scope rule searched from where _scope_starts says finds every match of a search of the
    whole head (and no start means no match)."""
    from qmcorpus.extract import regions

    starts = regions._scope_starts(head, one_pass)
    for (_, pat, _, _), pos in zip(regions._scope_rules(), starts):
        plain = [m.span() for m in pat.finditer(head)]
        assert (pos is None and plain == []) or (pos is not None and [m.span() for m in pat.finditer(head, pos)] == plain)

