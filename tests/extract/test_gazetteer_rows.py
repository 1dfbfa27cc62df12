"""The gazetteer's rows read with a reader of tuples are those csv.DictReader gives (the plain
definition), for the real regions table and for tables with quoted, short and long rows."""
import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources
from qmcorpus.extract import gazetteer

HEAD = ["adcode", "name", "level", "province", "city", "short"]


def test_the_regions_table_reads_as_with_dicts():
    assert gazetteer._rows.__wrapped__() == gazetteer._rows_as_dicts() and len(gazetteer._rows()) > 3000


_CELL = st.text(alphabet='质量月市县,"|\n a', max_size=5)


@settings(max_examples=150, deadline=None)
@given(st.permutations(HEAD), st.lists(st.lists(_CELL, min_size=5, max_size=7), min_size=1, max_size=6))
def test_any_table_reads_as_with_dicts(tmp_path_factory, head, rows):
    folder = tmp_path_factory.mktemp("regions")
    out = io.StringIO()
    csv.writer(out).writerows([head, *rows])
    (folder / "regions.csv").write_text(out.getvalue(), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(resources, "path", lambda name: folder / name)
        try:
            plain = gazetteer._rows_as_dicts()
        except (AttributeError, TypeError) as exc:  # a short row's None where text is read
            with pytest.raises(type(exc)):
                gazetteer._rows.__wrapped__()
            return
        assert gazetteer._rows.__wrapped__() == plain
