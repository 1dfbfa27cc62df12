"""Build script. The project's metadata is in pyproject.toml; this file only adds the optional
compiled build.

By default the package is pure Python, built as before (``pip install .``, ``pip install -e .``).
``QMCORPUS_COMPILE=1 pip install .`` also compiles the modules listed in
``qmcorpus/compiled.py`` (``MYPYC_MODULES``) with mypyc into extension modules installed beside
their sources (the build backend in ``_build/`` then asks for mypy, and a C compiler and the
Python headers must be present). An editable install or an in-place build is refused when
compiling: an extension module in the source tree would shadow later edits of its ``.py`` file.
"""
import os
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
# the reader of qmcorpus/compiled.py shared with the build backend (whose folder a build under pip
# has on the path already; the package itself is not importable here)
if str(HERE / "_build") not in sys.path:
    sys.path.insert(0, str(HERE / "_build"))
from qmcorpus_settings import compiled_settings  # noqa: E402


def compile_wanted() -> bool:
    """Whether QMCORPUS_COMPILE asks for the compiled build."""
    return os.environ.get("QMCORPUS_COMPILE", "").strip() not in ("", "0")


# the commands that build the extension modules (metadata commands, egg_info or dist_info, run first
# and before the build requirements are installed, need none of them)
BUILD_COMMANDS = frozenset(("build", "build_ext", "bdist_wheel", "bdist", "install"))


def mypyc_extensions() -> list:
    """The extension modules of the compiled build (none unless asked for, and none for a
    command that only writes metadata)."""
    if not compile_wanted():
        return []
    if any(a in ("develop", "editable_wheel", "--inplace", "-i") for a in sys.argv[1:]):
        sys.exit("QMCORPUS_COMPILE: a compiled build cannot be editable or in place (its extension modules "
                 "would shadow the edited .py files): use `QMCORPUS_COMPILE=1 pip install .`, or unset "
                 "QMCORPUS_COMPILE for `pip install -e .`")
    if not BUILD_COMMANDS.intersection(sys.argv[1:]):
        return []
    from mypyc.build import mypycify

    settings = compiled_settings()
    paths = [name.replace(".", "/") + ".py" for name in settings["MYPYC_MODULES"]]
    return mypycify([*settings["MYPY_OPTIONS"], *paths], opt_level="3")


if __name__ == "__main__":  # (setuptools runs this file as __main__; tests import it)
    setup(ext_modules=mypyc_extensions())
