"""qmcorpus: ingest, clean and analyse China's Quality Month (质量月) campaign documents.

Public API (importing does nothing else)::

    import qmcorpus
    corpus = qmcorpus.load("data/raw")          # files or folders → Corpus
    corpus = qmcorpus.load(qmcorpus.sample_paths())  # the bundled sample, from any folder
    corpus.frame                                 # the documents table (pandas)
    qmcorpus.normalize(raw_bytes_or_str).text    # one document's clean simplified text
    qmcorpus.compiled_modules()                  # the modules an optional mypyc build compiled ([] if pure)
"""
from __future__ import annotations

from .compiled import compiled_modules  # (first: QMCORPUS_PURE_PYTHON=1 acts before any listed module is imported)
from .errors import QmcorpusError
from . import normalize as _normalize_package  # noqa: F401 (bound first: `normalize` below is the function)
from .types import Activity, Document, Evidence, Normalized, Step
from .version import __version__


def normalize(data, **kwargs):
    """Normalise one document (bytes or str) into a :class:`Normalized` — clean simplified text and
    the named steps that made it (see :func:`qmcorpus.normalize.pipeline.normalize`; its tables are
    loaded on the first call)."""
    from .normalize.pipeline import normalize as _normalize

    return _normalize(data, **kwargs)


def load(paths=("data/raw",), **kwargs):
    """Read every document under ``paths`` (files or folders, recursively) into a Corpus.

    Keyword options are those of :func:`qmcorpus.corpus.load`.
    """
    from .corpus import load as _load

    return _load(paths, **kwargs)


def read_outputs(out_dir):
    """The Corpus an ingest run wrote into ``out_dir``, read back (see :func:`qmcorpus.corpus.read_outputs`)."""
    from .corpus import read_outputs as _read

    return _read(out_dir)


def sample_paths() -> list:
    """The bundled sample corpus (five real pages as scraped), as file paths usable from any folder.

    >>> len(sample_paths()), sample_paths()[0].suffix
    (5, '.txt')
    """
    from importlib.resources import files
    from pathlib import Path

    return sorted(Path(str(files("qmcorpus_samples"))).glob("*.txt"))


def process(source, **kwargs):
    """Process one file into a :class:`Document` (normalise + extract)."""
    from .document import process as _process

    return _process(source, **kwargs)


__all__ = [
    "__version__", "compiled_modules", "load", "read_outputs", "sample_paths", "process", "normalize", "Document", "Evidence", "Activity", "Step", "Normalized", "QmcorpusError",
]
