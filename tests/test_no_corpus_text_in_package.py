"""No name or sentence of a test-corpus page or a blind-set page (tests/blindset) in the qmcorpus
package (code, data, comments).

Rules must be written for a class of cases, never for one document: a long run of Chinese that
also stands in one of the test pages is a sign of a rule (or an example) fitted to that page.
Public facts that ship as data are allowed: national bodies (bodies.csv), the gazetteer and the
national themes table.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from .conftest import ROOT, SHARED

PACKAGE = ROOT / "qmcorpus"
FACT_FILES = {"regions.csv", "region_former_names.csv", "national_themes.csv", "bodies.csv"}
# stock formulas every document of a kind writes (the address of a national notice): no page's own text
STOCK = {"各省、自治区、直辖市"}
RUN = re.compile(r"[\u4e00-\u9fff“”《》，、（）]{9,}")


def _public_names() -> set[str]:
    with open(PACKAGE / "data" / "bodies.csv", encoding="utf-8") as f:
        return {cell for row in csv.reader(f) for cell in row if cell}


def test_no_long_run_of_a_test_page_in_the_package():
    pages = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                      for base in (SHARED, ROOT / "tests" / "blindset")
                      for part in ("raw", "clean") for p in (base / part).glob("*.txt"))
    public = _public_names()
    found = []
    for f in sorted(PACKAGE.rglob("*")):
        if f.suffix not in {".py", ".toml", ".csv", ".tsv", ".txt", ".md"} or f.name in FACT_FILES:
            continue
        for m in RUN.finditer(f.read_text(encoding="utf-8", errors="replace")):
            run = m.group()
            if run in pages and run not in STOCK and not any(run in name for name in public):
                found.append(f"{f.relative_to(ROOT)}: {run}")
    assert not found, "text of test pages in the package (write the rule for the class):\n" + "\n".join(found)
