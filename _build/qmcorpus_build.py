"""The build backend: setuptools' own, asking for mypy as a build requirement only when the
compiled build is asked for (``QMCORPUS_COMPILE=1``, see setup.py); the pure build needs nothing more."""
import os

from qmcorpus_settings import compiled_settings  # (this folder is the backend path: importable)
from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403 (every hook not overridden below)


def _mypy_requirement() -> str:
    """MYPY_REQUIREMENT of qmcorpus/compiled.py (read as text)."""
    requirement = compiled_settings().get("MYPY_REQUIREMENT")
    if not isinstance(requirement, str):
        raise RuntimeError("qmcorpus/compiled.py: no MYPY_REQUIREMENT")
    return requirement


def get_requires_for_build_wheel(config_settings=None):
    """setuptools' requirements, and mypy (mypyc) for a compiled build."""
    extra = [_mypy_requirement()] if os.environ.get("QMCORPUS_COMPILE", "").strip() not in ("", "0") else []
    return _setuptools.get_requires_for_build_wheel(config_settings) + extra
