"""The notebooks run top to bottom in a fresh kernel; the compare CLI writes its tables."""
import re
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


def _draws(cell) -> bool:
    """A code cell that calls one of qmcorpus's plot functions."""
    return cell.cell_type == "code" and re.search(r"\bplot\.\w+\(", cell.source) is not None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_a_fresh_kernel_from_any_folder_and_shows_every_figure(path: Path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs must be stripped in git"
    assert any(c.cell_type == "markdown" for c in nb.cells)
    # run from a folder that is not the notebooks folder: the sample corpus must still be found
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    # every plot shows inline, not only the kernel's first one
    blank = [c.source for c in nb.cells if _draws(c)
             if not any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]
    assert not blank, f"cells that draw but show no figure: {blank}"


def test_notebooks_draw_figures():
    """The figure check above is not vacuous: at least one notebook cell draws, and the pattern finds it."""
    assert sum(_draws(c) for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells) >= 4


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
