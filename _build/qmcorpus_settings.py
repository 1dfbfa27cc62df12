"""The constants of qmcorpus/compiled.py, read as text: setup.py and the build backend
(qmcorpus_build.py) run before the package is importable, and both read them here."""
import ast
from pathlib import Path

COMPILED_PY = Path(__file__).resolve().parent.parent / "qmcorpus" / "compiled.py"


def compiled_settings(path: Path = COMPILED_PY) -> dict:
    """The upper-case constants assigned a literal at the top level of ``path``
    (``MYPYC_MODULES``, ``MYPY_OPTIONS``, ``MYPY_REQUIREMENT``, ...), by name."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
        if isinstance(target, ast.Name) and target.id.isupper() and node.value is not None:
            try:
                found[target.id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return found
