"""Extraction and cleaning scored on the blind test sets (tests/blindset and tests/blindset2: 40
invented pages each; tests/blindset3 to 7: 30 each, written without sight of the code or the corpus; see their READMEs), against
bars a little below the figures reached, so that a regression fails.

Half B (even ids) is kept for blind checks of future work: a failure here reports the summary
table only, never the wrong values (list them for half A alone with ``python -m qmcorpus.evaluate
--gold <half-A gold> --errors``).
"""
import functools
import json

import pytest

from qmcorpus import load
from qmcorpus.evaluate import cer, score

from ..conftest import ROOT

BLINDSET = ROOT / "tests" / "blindset"
# figures reached on all 40 pages (half A tuned on, half B blind), less a margin; the bars
# on unseen pages are level/province/city ≥ 0.85, issuers F1 ≥ 0.70, theme ≥ 0.85, publish_date ≥ 0.80.
# province and city stay below the bar: the blind gold gives a firm's or a hospital's page
# the place its name holds, which the corpus gold (and the code) leave empty.
# reached after half A: level 0.925, province 0.818, city 0.750, county 0.889, year 1.0, theme 1.0,
# publish_date 0.879, doc_type 0.900, issuers F1 0.979, categories F1 0.877, CER 0.0.
# reached after half B (the swap): level 1.0, province 0.818, city 0.750, county 1.0, year 1.0, theme 1.0,
# publish_date 0.970, doc_type 0.950, issuers F1 0.995, categories F1 0.896, CER 0.0, at most 1 invented
# value per field
BARS = {"level": 0.95, "province": 0.80, "city": 0.72, "county": 0.88, "year": 0.97, "theme": 0.95,
        "publish_date": 0.93, "doc_type": 0.925, "issuers": 0.98, "categories": 0.88}
MAX_CER = 0.001
MAX_INVENTED = 1  # per scalar field

BLINDSET2 = ROOT / "tests" / "blindset2"
# the second set (bt001–bt040): at the start of the fold on it, doc_type 0.900, level 0.950, theme
# 0.886, year 0.950, issuers F1 0.870, categories F1 0.865 (both halves); after the fold on half A (odd
# ids tuned on, half B scored by its summary only): level 0.975, province 0.969, city 0.950, county 1.0,
# year 1.0, theme 0.943, publish_date 0.969, doc_type 0.950, issuers F1 0.900, categories F1 0.880,
# CER 0.0014, at most 1 invented value per field. Half A's remaining errors are judgement calls its gold
# makes against the corpus gold (承办 hosts, 倡议书 as other, year-less periods, a firm's place).
BARS2 = {"level": 0.95, "province": 0.94, "city": 0.90, "county": 0.95, "year": 0.97, "theme": 0.91,
         "publish_date": 0.93, "doc_type": 0.92, "issuers": 0.87, "categories": 0.85}
MAX_CER2 = 0.002

BLINDSET3 = ROOT / "tests" / "blindset3"
# the third set (bu001–bu030, 30 pages, GB18030/Big5/traditional/HTML among them), scored blind and
# then after two classes it showed (a title opening on the year's national campaign is national
# whatever its dateline's place; a speech or summary takes its year from its own date): level 0.900,
# province 0.958, city 0.941, county 0.750, year 1.0, theme 0.800, publish_date 1.0, doc_type 0.933,
# issuers F1 0.851, categories F1 0.895, CER 0.0108, at most 1 invented value per field. No fold was
# tuned on it beyond those two classes: its figures are close to blind ones. Each scalar bar sits
# between the figure and one page less, so losing any one page fails.
BARS3 = {"level": 0.88, "province": 0.93, "city": 0.91, "county": 0.72, "year": 0.97, "theme": 0.78,
         "publish_date": 0.97, "doc_type": 0.91, "issuers": 0.83, "categories": 0.87}
MAX_CER3 = 0.012
BLINDSET4 = ROOT / "tests" / "blindset4"
# the fourth set (bv001–bv030, 30 pages, 1982–2025, every level and damage kind), scored blind first:
# level 0.967, province 0.840, city 0.778, county 0.875, year 1.0, theme 1.0, publish_date 1.0, doc_type
# 0.933, issuers F1 0.948, categories F1 0.875, CER 0.0164; then folded (half A tuned, half B scored
# from its summary; swapped): level 1.0, province 0.800, city 0.722, county 0.875, year 1.0, theme 1.0,
# publish_date 1.0, doc_type 0.933, issuers F1 0.985, categories F1 0.899, CER 0.0061. Province and city
# fell by one page: a factory's summary, now read as the firm's own page (level enterprise, right),
# whose place this gold fills in from the firm's name and the corpus gold leaves empty.
BARS4 = {"level": 0.98, "province": 0.78, "city": 0.70, "county": 0.86, "year": 0.98, "theme": 0.98,
         "publish_date": 0.98, "doc_type": 0.91, "issuers": 0.97, "categories": 0.88}
MAX_CER4 = 0.007
BLINDSET5 = ROOT / "tests" / "blindset5"
# the fifth set (bw001–bw030, 30 pages, 19 of them county or district pages, long plans, joint issuers in
# unusual shapes), scored blind first: level 1.0, province 0.929, city 0.900, county 0.900, year 1.0,
# theme 0.852, publish_date 0.933, doc_type 0.933, issuers F1 0.825, categories F1 0.915, CER 0.0220;
# then folded (half A tuned, half B scored from its summary; swapped): theme 1.0, publish_date 0.967,
# issuers F1 0.910, CER 0.0078, every other field unchanged.
BARS5 = {"level": 0.98, "province": 0.90, "city": 0.87, "county": 0.87, "year": 0.98, "theme": 0.98,
         "publish_date": 0.95, "doc_type": 0.91, "issuers": 0.89, "categories": 0.90}
MAX_CER5 = 0.009
BLINDSET6 = ROOT / "tests" / "blindset6"
# the sixth set (bx001–bx030, 30 page excerpts like a scraper's: 16 news, a third cut off mid-sentence,
# e-paper, repost and download-site furniture), scored blind first (with the code after sets 4 and 5):
# level 0.900, province 0.852, city 1.0, county 1.0, year 1.0, theme 0.963, publish_date 0.917,
# doc_type 0.967, issuers F1 0.921, categories F1 0.855, CER 0.0424; then folded (half A tuned, half B
# scored from its summary; swapped): theme 1.0, publish_date 0.958, issuers F1 0.949, CER 0.0078.
BARS6 = {"level": 0.88, "province": 0.83, "city": 0.98, "county": 0.98, "year": 0.98, "theme": 0.98,
         "publish_date": 0.93, "doc_type": 0.95, "issuers": 0.93, "categories": 0.84}
MAX_CER6 = 0.009
BLINDSET7 = ROOT / "tests" / "blindset7"
# the seventh set (by001–by030, 1991–2025, news, notices, plans, speeches, briefings, an inspection
# report), scored blind with the session's final extraction code: level 0.933, province 0.792, city 0.812,
# county 0.857, year 0.900, theme 1.0, publish_date 0.826, doc_type 0.833, issuers F1 0.843,
# categories F1 0.888, CER 0.0251 (the code of the session's start: issuers 0.729, CER 0.0440, level
# 0.900, publish_date 0.783); then half A only was tuned on (half B, even ids, is still unlooked-at:
# keep it for a blind check): year 0.933, publish_date 0.870, issuers F1 0.897, CER 0.0179.
BARS7 = {"level": 0.91, "province": 0.77, "city": 0.79, "county": 0.84, "year": 0.91, "theme": 0.98,
         "publish_date": 0.85, "doc_type": 0.81, "issuers": 0.88, "categories": 0.87}
MAX_CER7 = 0.02
SETS = {"blindset": (BLINDSET, BARS, MAX_CER), "blindset2": (BLINDSET2, BARS2, MAX_CER2),
        "blindset3": (BLINDSET3, BARS3, MAX_CER3), "blindset4": (BLINDSET4, BARS4, MAX_CER4),
        "blindset5": (BLINDSET5, BARS5, MAX_CER5), "blindset6": (BLINDSET6, BARS6, MAX_CER6),
        "blindset7": (BLINDSET7, BARS7, MAX_CER7)}


@functools.cache
def _gold(name: str = "blindset") -> tuple[dict, ...]:
    # read here, not in a fixture: pytest prints a failing test's arguments, and half B's gold stays unseen
    root = SETS[name][0]
    return tuple(json.loads(x) for x in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip())


@functools.cache
def _corpus(name: str):
    return load([SETS[name][0] / "raw"], progress=False)


@functools.cache
def _report(name: str):
    c = _corpus(name)
    rep = score(c.frame.set_index("doc_id", drop=False), list(_gold(name)))
    rep.errors = rep.errors.iloc[0:0]  # pytest prints the report on failure: no wrong values of half B in it
    return rep


def _summary(report) -> str:
    # the field and set tables only: half B's wrong values stay unseen
    return report.fields.to_string(index=False) + "\n" + report.sets.to_string(index=False)


@pytest.mark.parametrize(("name", "field"), [(n, f) for n, (_, bars, _) in SETS.items() for f in sorted(bars)])
def test_blind_set_field_meets_bar(name, field):
    rep = _report(name)
    assert rep.metric(field) >= SETS[name][1][field], _summary(rep)


@pytest.mark.parametrize("name", sorted(SETS))
def test_blind_set_invents_few_values(name):
    rep = _report(name)
    assert int(rep.fields["invented"].max()) <= MAX_INVENTED, _summary(rep)


def _micro_cer(name: str) -> float:
    corpus, errors, chars = _corpus(name), 0, 0
    for g in _gold(name):
        e, n = cer(corpus[g["id"]].text, (SETS[name][0] / "clean" / f"{g['id']}.txt").read_text(encoding="utf-8"))
        errors, chars = errors + e, chars + n
    return errors / chars


@pytest.mark.parametrize("name", sorted(SETS))
def test_blind_set_clean_text_cer(name):
    assert _micro_cer(name) <= SETS[name][2]
