"""qmcorpus.version: the toolkit's version, read once from the installed package's metadata.

A source checkout that was never installed has no metadata: the version is then read from the
pyproject.toml next to the package.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _installed
from pathlib import Path


def _read_version() -> str:
    try:
        return _installed("qmcorpus")
    except PackageNotFoundError:  # a source checkout, not installed
        try:
            import tomllib
        except ImportError:  # pragma: no cover - Python < 3.11
            import tomli as tomllib
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, ValueError):
            return "0+unknown"


__version__ = _read_version()
