"""The import graph of qmcorpus/: no cycle, and no import against the layer order.

Every ``import``/``from … import`` of every module is read with ast, at module level and inside
functions alike (a lazy import is still a dependency). A module may import modules of its own
layer or of a lower one; within a layer the imports must not form a cycle either.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qmcorpus"

# Lowest first. A module belongs to the first layer one of whose prefixes it matches (a prefix
# names a module or a package and everything under it).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("errors", "types", "values", "literals", "version", "resources", "regex_cache", "regex_facts", "compiled")),
    ("sources", ("sources",)),  # find inputs, assign doc ids, read a file's bytes within the limit
    ("normalize", ("normalize",)),  # all decoding (markup included), then the repairs
    ("extract", ("extract",)),
    ("schema", ("schema",)),  # the column contract
    ("analyze", ("analyze",)),  # analyses over documents; the outputs export their tables
    ("outputs", ("io",)),
    ("batch", ("document", "batch")),  # the per-document work, the pool, the dask engine, run()
    ("faces", ("", "corpus", "ingest", "compare", "evaluate", "review", "warm", "plot")),
)


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """``qmcorpus/extract/fields.py`` → ``extract.fields``; a package's __init__ is the package
    (the top package is ``""``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(target: str, known: set[str]) -> str | None:
    """The longest known module ``target`` names (``extract.FIELDS`` → ``extract``)."""
    while target not in known:
        if not target:
            return None
        target = target.rpartition(".")[0]
    return target


def imports_of(source: str, name: str, is_package: bool, known: set[str], top: str = "qmcorpus") -> set[str]:
    """The package's modules that the module ``name`` imports anywhere in ``source``."""
    here = name.split(".") if name else []
    if not is_package:
        here = here[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
                absolute = f"{top}.{mod}" if mod else top
            else:
                absolute = node.module or ""
            targets = [f"{absolute}.{a.name}" for a in node.names]
        for t in targets:
            if t != top and not t.startswith(top + "."):
                continue
            hit = _resolve(t[len(top) + 1:], known)
            if hit is not None and hit != name:
                found.add(hit)
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """module → the modules of the package it imports."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    known = set(files)
    return {m: imports_of(p.read_text(encoding="utf-8"), m, p.name == "__init__.py", known) for m, p in files.items()}


def layer_of(module: str) -> int | None:
    """The index of the module's layer in LAYERS (None: not placed)."""
    for i, (_, prefixes) in enumerate(LAYERS):
        for pre in prefixes:
            if module == pre or (pre and module.startswith(pre + ".")):
                return i
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def upward(graph: dict[str, set[str]]) -> list[str]:
    """Imports of a module from a higher layer than its own."""
    bad = []
    for m, targets in sorted(graph.items()):
        for t in sorted(targets):
            if layer_of(t) > layer_of(m):
                bad.append(f"{m or 'qmcorpus'} ({LAYERS[layer_of(m)][0]}) imports {t} ({LAYERS[layer_of(t)][0]})")
    return bad


GRAPH = import_graph()


def test_every_module_has_a_layer():
    assert [m for m in GRAPH if layer_of(m) is None] == []


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_no_import_against_the_layer_order():
    assert upward(GRAPH) == []


def test_the_graph_sees_lazy_and_relative_imports():
    # function-level imports count: the writers import the xlsx writer only when asked
    assert "io.xlsx" in GRAPH["io.write"]
    assert "schema" in GRAPH["io.write"] and "extract" in GRAPH["schema"]
    assert "corpus" in GRAPH[""]  # qmcorpus.load imports corpus inside the function


def test_a_cycle_and_an_upward_import_are_found(tmp_path):
    pkg = tmp_path / "qmcorpus"
    (pkg / "extract").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "errors.py").write_text("def f():\n    from .extract import a\n")
    (pkg / "extract" / "__init__.py").write_text("")
    (pkg / "extract" / "a.py").write_text("from . import b\n")
    (pkg / "extract" / "b.py").write_text("def g():\n    from qmcorpus.extract.a import x\n")
    graph = import_graph(pkg)
    assert cycles(graph) == [["extract.a", "extract.b"]]
    assert upward(graph) == ["errors (base) imports extract.a (extract)"]

