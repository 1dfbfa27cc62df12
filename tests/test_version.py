"""The version is read once, from the package metadata; a source checkout falls back to pyproject.toml."""
from importlib.metadata import PackageNotFoundError

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

import pytest

import qmcorpus
from qmcorpus import version

from .conftest import ROOT


def test_the_version_is_the_one_of_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert qmcorpus.__version__ == version.__version__ == declared


def test_an_uninstalled_checkout_reads_pyproject(monkeypatch):
    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(version, "_installed", not_installed)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert version._read_version() == declared


def test_versions_read_from_dist_info_names_are_importlib_metadata_s():
    from importlib import metadata

    for name in ("qmcorpus", "jieba", "opencc-python-reimplemented", "pypinyin", "beautifulsoup4", "pandas"):
        assert version._installed(name) == metadata.version(name), name
    with pytest.raises(ModuleNotFoundError):
        version._installed("no-such-distribution-here")
