"""The notebooks run top to bottom in a fresh kernel; the compare CLI writes its tables."""
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from qmcorpus.compare import main as compare_main
from qmcorpus.ingest import main as ingest_main

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_three_notebooks():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_a_fresh_kernel(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs must be stripped in git"
    assert any(c.cell_type == "markdown" for c in nb.cells)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_compare_cli_writes_csv_and_xlsx(tmp_path):
    processed = tmp_path / "processed"
    assert ingest_main([str(ROOT / "data" / "raw"), "-o", str(processed), "-q"]) == 0
    tables = tmp_path / "tables"
    assert compare_main([str(processed), "-o", str(tables), "--what", "categories", "--by", "year", "--xlsx"]) == 0
    csv = pd.read_csv(tables / "emphasis_by_year.csv", encoding="utf-8-sig")
    assert {"year", "category", "name", "value", "n_docs"} <= set(csv.columns)
    xl = pd.read_excel(tables / "emphasis_by_year.xlsx", sheet_name=None)
    assert set(xl) == {"data", "dictionary"} and len(xl["data"]) == len(csv)
    assert compare_main([str(processed), "-o", str(tables), "--what", "keyness", "--by", "doc_type", "--target", "notice"]) == 0
    assert compare_main([str(processed), "-o", str(tables), "--what", "reuse"]) == 0
    assert (tables / "reuse_passages.csv").is_file()
    assert compare_main([str(tmp_path / "nowhere"), "-o", str(tables)]) == 2
