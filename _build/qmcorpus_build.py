"""The build backend: setuptools' own, asking for mypy as a build requirement only when the
compiled build is asked for (``QMCORPUS_COMPILE=1``, see setup.py); the pure build needs nothing more."""
import ast
import os
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403 (every hook not overridden below)


def _mypy_requirement() -> str:
    """MYPY_REQUIREMENT of qmcorpus/compiled.py (read as text)."""
    source = (Path(__file__).resolve().parent.parent / "qmcorpus" / "compiled.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "MYPY_REQUIREMENT":
            return ast.literal_eval(node.value)
    raise RuntimeError("qmcorpus/compiled.py: no MYPY_REQUIREMENT")


def get_requires_for_build_wheel(config_settings=None):
    """setuptools' requirements, and mypy (mypyc) for a compiled build."""
    extra = [_mypy_requirement()] if os.environ.get("QMCORPUS_COMPILE", "").strip() not in ("", "0") else []
    return _setuptools.get_requires_for_build_wheel(config_settings) + extra
