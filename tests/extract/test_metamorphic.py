"""Metamorphic tests on real test pages: perturbations that must not change how extraction behaves.

(a) another real province→city→county chain of the same shape replaces the page's place names (full and
short forms): province/city/county follow the new names, the level stays; (b) every year moves on by
three (digits, Chinese numerals, the campaign's ordinal): the year follows; (c) another place of the same
level replaces an issuing body's place prefix: the issuers follow; (d) short place names, (e) another
kind name of a quality body, (f) blank lines, (h) date styles: the fields stay. A sample of pages keeps this fast;
tools/metamorphic_report.py runs every page.
"""
import pytest

from .metamorphic_lib import (RAW, body_kind_swaps, date_styles, issuer_prefix_swaps, layout_changes, load_page,
                              place_swaps, shift_years, short_forms, year_shift)

# every third page: a fixed sample across old and new pages
SAMPLE = sorted(RAW.glob("*.txt"))[::3]


@pytest.fixture(scope="module")
def pages():
    return [load_page(p) for p in SAMPLE]


def _check(outcomes, minimum):
    assert len(outcomes) >= minimum, "too few eligible pages: the perturbation no longer applies"
    bad = [(o.doc_id, o.change, o.expected, o.got) for o in outcomes if not o.ok]
    assert not bad, bad


def test_place_names_swapped_for_another_real_chain(pages):
    _check([o for p in pages for o in place_swaps(p, k=2)], 20)


def test_years_shifted(pages):
    _check([o for p in pages for o in year_shift(p)], 15)


def test_issuer_place_prefix_swapped(pages):
    _check([o for p in pages for o in issuer_prefix_swaps(p, k=1)], 8)


def test_places_written_short(pages):
    _check([o for p in pages for o in short_forms(p)], 8)


def test_body_kind_swapped(pages):
    _check([o for p in pages for o in body_kind_swaps(p)], 8)


def test_blank_lines_changed(pages):
    _check([o for p in pages for o in layout_changes(p)], 15)


def test_date_styles_changed(pages):
    _check([o for p in pages for o in date_styles(p)], 3)


def test_shift_years_moves_every_form_of_a_year_and_nothing_else():
    assert shift_years("二〇一六年9月，2016年第39个“质量月”，20169月，2016-09-01，2000余份，第3个重点") == \
        "二〇一九年9月，2019年第42个“质量月”，20199月，2019-09-01，2000余份，第3个重点"
