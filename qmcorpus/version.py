"""qmcorpus.version: the toolkit's version, read once from the installed package's metadata.

A source checkout that was never installed has no metadata: the version is then read from the
pyproject.toml next to the package. Versions are read from the ``.dist-info`` folder names on
``sys.path`` when there is one (importing ``importlib.metadata`` takes longer than the rest of the
start of a run whose documents are all cache hits), else through ``importlib.metadata``.
"""
from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path


class PackageNotFoundError(ModuleNotFoundError):
    """No installed distribution of that name (importlib.metadata's, when it is loaded)."""


@functools.cache
def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(n for n in os.listdir(folder) if n.endswith(".dist-info")))
    except OSError:
        return ()


def _installed(name: str) -> str:
    """The installed version of the distribution ``name``."""
    want = re.sub(r"[-_.]+", "_", name).lower()
    for folder in sys.path:
        for entry in _listing(folder or "."):
            dist, sep, ver = entry[: -len(".dist-info")].partition("-")
            if sep and ver and re.sub(r"[-_.]+", "_", dist).lower() == want:
                return ver
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        raise PackageNotFoundError(name) from None


def _read_version() -> str:
    try:
        return _installed("qmcorpus")
    except ModuleNotFoundError:  # a source checkout, not installed (importlib.metadata's error is one too)
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
