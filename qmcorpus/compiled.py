"""qmcorpus.compiled: which modules an optional build compiles with mypyc, and which run compiled.

The package is pure Python. ``QMCORPUS_COMPILE=1 pip install .`` (not an editable install) also
compiles the modules of :data:`MYPYC_MODULES` with mypyc into extension modules installed beside
their ``.py`` files; Python imports an extension module before the source of the same name, and
the sources stay the reference (tests, editable installs, any machine without a compiler). A
module is listed only when ``mypy`` finds no error in it (``tests/test_compiled.py`` checks that)
and its outputs are the same compiled (the same test, on the test corpus, where a compiled
build is installed).

``QMCORPUS_PURE_PYTHON=1`` in the environment makes a compiled install import the listed modules
from their sources instead (a comparison run, or a fallback), when set before ``qmcorpus`` is
imported.

Compiled code calls the functions of its own module directly: replacing one of them from outside
(``setattr(module, name, wrapper)``, as ``benchmarks/profile_stages.py`` does to the stage
functions of ``normalize/pipeline.py`` and ``extract/``) reaches only the callers in pure modules.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys

# The modules the optional build compiles (the build reads the constants of this file as text,
# without importing the package: _build/qmcorpus_settings.py). A module joins after its type
# errors are mended (and its outputs compiled are checked).
MYPYC_MODULES: tuple[str, ...] = (
    "qmcorpus.normalize.furniture",
    "qmcorpus.normalize.repeats",
    "qmcorpus.normalize.byteshift",
    "qmcorpus.normalize.replaced",
    "qmcorpus.extract.activities",
    "qmcorpus.extract.dates",
    "qmcorpus.extract.structure",
    "qmcorpus.extract.theme",
)

# mypy's options for the check and the build (the modules' imports are read for their types, not
# checked or compiled), and the mypy (with mypyc) the build and the check use
MYPY_OPTIONS: tuple[str, ...] = ("--ignore-missing-imports", "--follow-imports=silent")
MYPY_REQUIREMENT: str = "mypy>=2.4"

PURE_ENV = "QMCORPUS_PURE_PYTHON"  # set (to anything but "" or "0"): import the listed modules from source


def compiled_modules() -> list[str]:
    """The modules of :data:`MYPYC_MODULES` that this installation imports as compiled extension
    modules (none for the pure package, an editable install, or with ``QMCORPUS_PURE_PYTHON=1``).
    A module is looked up, not imported.

    >>> set(compiled_modules()) <= set(MYPYC_MODULES)
    True
    """
    found = []
    for name in MYPYC_MODULES:
        module = sys.modules.get(name)
        origin = getattr(module, "__file__", None) if module is not None else _origin(name)
        if origin is not None and origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
            found.append(name)
    return found


def describe() -> str:
    """One line telling how this installation runs: pure Python, or which modules are compiled."""
    names = compiled_modules()
    if not names:
        return "pure Python"
    return "compiled with mypyc: " + ", ".join(n.removeprefix("qmcorpus.") for n in names)


def _origin(name: str) -> str | None:
    """Where ``name`` would be imported from (its parent packages are imported, not it)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


class _SourceFirst:
    """A meta-path finder importing the listed modules from their ``.py`` files (a compiled
    install run as pure Python)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name not in MYPYC_MODULES or not path:
            return None
        leaf = name.rpartition(".")[2]
        for folder in path:
            source = os.path.join(folder, leaf + ".py")
            if os.path.isfile(source):
                return importlib.util.spec_from_file_location(name, source)
        return None


def prefer_sources() -> None:
    """Import the listed modules from source from now on (modules imported already stay)."""
    if not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst())


if os.environ.get(PURE_ENV, "") not in ("", "0"):
    prefer_sources()
