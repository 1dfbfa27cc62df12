"""The optional compiled build (mypyc; qmcorpus/compiled.py, setup.py): the modules it compiles
type-check clean, the build is asked for in one place and never editable, and a compiled
installation gives the outputs of the sources.

The mypy check runs everywhere (mypy comes with the dev extras). The comparison of outputs runs
where a compiled build is installed (``QMCORPUS_COMPILE=1 pip install ".[dev]"``), and where
``QMCORPUS_TEST_COMPILED=1`` asks for it, which fails on an installation that compiled nothing.
"""
from __future__ import annotations

import filecmp
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qmcorpus import compiled

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qmcorpus"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sources() -> list[str]:
    return [str(ROOT / (name.replace(".", "/") + ".py")) for name in compiled.MYPYC_MODULES]


def test_the_compile_list_names_modules_of_the_package():
    assert compiled.MYPYC_MODULES, "nothing to compile: the optional build would be the pure one"
    assert len(set(compiled.MYPYC_MODULES)) == len(compiled.MYPYC_MODULES)
    for name, path in zip(compiled.MYPYC_MODULES, _sources()):
        assert name.startswith("qmcorpus.") and Path(path).is_file(), name
        assert not name.endswith("__init__"), "a package's __init__ is not compiled"


def test_setup_and_the_backend_read_the_list_and_the_mypy_of_the_package(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "_build"))  # (the backend path, as a build under pip has it)
    setup = _load(ROOT / "setup.py", "_qmcorpus_setup")
    settings = setup.compiled_settings()
    assert settings["MYPYC_MODULES"] == compiled.MYPYC_MODULES
    assert settings["MYPY_OPTIONS"] == compiled.MYPY_OPTIONS
    backend = _load(ROOT / "_build" / "qmcorpus_build.py", "_qmcorpus_build")
    assert backend._mypy_requirement() == compiled.MYPY_REQUIREMENT
    assert backend.compiled_settings is setup.compiled_settings  # one reader for both build files
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python < 3.11
        import tomli as tomllib
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # the dev extras' mypy is the one the build uses: the check below is the build's own
    assert compiled.MYPY_REQUIREMENT in pyproject["project"]["optional-dependencies"]["dev"]
    assert pyproject["build-system"]["build-backend"] == "qmcorpus_build"


def test_a_compiled_build_is_only_built_when_asked_and_never_editable(monkeypatch):
    setup = _load(ROOT / "setup.py", "_qmcorpus_setup")
    monkeypatch.delenv("QMCORPUS_COMPILE", raising=False)
    monkeypatch.setattr(sys, "argv", ["setup.py", "bdist_wheel"])
    assert setup.mypyc_extensions() == []  # the pure package: nothing imported from mypyc
    monkeypatch.setenv("QMCORPUS_COMPILE", "1")
    monkeypatch.setattr(sys, "argv", ["setup.py", "egg_info"])
    assert setup.mypyc_extensions() == []  # metadata only: before the build requirements are there
    for argv in (["setup.py", "editable_wheel", "--dist-dir", "x"], ["setup.py", "build_ext", "--inplace"],
                 ["setup.py", "develop"]):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit, match="cannot be editable"):
            setup.mypyc_extensions()
    monkeypatch.setenv("QMCORPUS_COMPILE", "0")
    monkeypatch.setattr(sys, "argv", ["setup.py", "bdist_wheel"])
    assert setup.mypyc_extensions() == []


def test_the_compile_list_is_mypy_clean(tmp_path):
    """mypyc compiles only what mypy accepts: the modules of the list, with the build's options
    (their imports read for their types, not checked)."""
    from mypy import api

    out, err, status = api.run([*compiled.MYPY_OPTIONS, "--cache-dir", str(tmp_path / "cache"), *_sources()])
    assert status == 0, out + err
    assert "Success: no issues found in" in out


def test_the_pure_switch_imports_the_sources():
    """``QMCORPUS_PURE_PYTHON=1``: every listed module from its .py file (of the sources under test:
    a compiled installation is run so by the comparison below)."""
    code = ("import importlib, qmcorpus, qmcorpus.compiled as c; "
            "mods = [importlib.import_module(n) for n in c.MYPYC_MODULES]; "
            "print(all(m.__file__.endswith('.py') for m in mods), qmcorpus.compiled_modules(), c.describe())")
    env = {**os.environ, compiled.PURE_ENV: "1"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "[]", "pure", "Python"]


def test_the_version_says_how_the_package_runs():
    from qmcorpus.ingest import version_line

    line = version_line()
    assert line.startswith("qmcorpus ")
    assert line.endswith("(pure Python)") == (not compiled.compiled_modules())


def _installed_run(args: list[str], cwd: Path, pure: bool) -> subprocess.CompletedProcess:
    """``python ARGS`` with the installed package (run outside the source tree, which the tests
    import), its listed modules imported from source when ``pure``."""
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    env["PYTHONHASHSEED"] = "0"
    if pure:
        env[compiled.PURE_ENV] = "1"
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_compiled_modules_give_the_outputs_of_the_sources(tmp_path):
    """The test corpus ingested by the installed package (its compiled modules) and by the same
    installation importing their sources instead: the same tables and clean texts. Skipped where
    nothing is compiled, unless QMCORPUS_TEST_COMPILED=1 asks for it (then it fails)."""
    found = _installed_run(["-c", "import qmcorpus; print(*qmcorpus.compiled_modules())"], tmp_path, False)
    assert found.returncode == 0, found.stderr
    if not found.stdout.split():
        if os.environ.get("QMCORPUS_TEST_COMPILED", "") in ("", "0"):
            pytest.skip("no compiled build installed (QMCORPUS_COMPILE=1 pip install .)")
        pytest.fail("QMCORPUS_TEST_COMPILED=1, but the installed package compiled no listed module")
    corpus = ROOT / "tests" / "corpus" / "raw"
    runs = {}
    for label in ("compiled", "pure"):
        version = _installed_run(["-m", "qmcorpus.ingest", "--version"], tmp_path, label == "pure")
        assert ("(pure Python)" in version.stdout) == (label == "pure"), version.stdout + version.stderr
        out = tmp_path / label
        r = _installed_run(["-m", "qmcorpus.ingest", str(corpus), "-o", str(out), "-j", "2", "--no-cache", "-q"],
                           tmp_path, label == "pure")
        assert r.returncode == 0, r.stderr
        runs[label] = out
    names = sorted(p.relative_to(runs["pure"]).as_posix() for p in runs["pure"].rglob("*")
                   if p.is_file() and p.suffix in (".csv", ".txt"))
    assert any(n.startswith("clean/") for n in names) and "documents.csv" in names
    differ = [n for n in names if not filecmp.cmp(runs["pure"] / n, runs["compiled"] / n, shallow=False)]
    assert differ == []
