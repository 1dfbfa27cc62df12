"""qmcorpus.io: the one read funnel (files → text) and the one write funnel (Corpus → files)."""
import os
from pathlib import Path

__all__ = ["discover", "read_source", "write_outputs", "write_table", "read_documents", "export", "SUPPORTED_SUFFIXES",
           "missing_paths"]


def __getattr__(name: str):
    # the sources module loads the tables' modules: not needed to start the Parquet helper
    if name in ("discover", "SUPPORTED_SUFFIXES"):
        from .. import sources

        return getattr(sources, name)
    # the writers need pandas; worker processes only read, and start faster without it
    if name in ("write_outputs", "write_table"):
        from . import write

        return getattr(write, name)
    if name == "export":  # Stata / R / Parquet (io/foreign.py; pandas and pyreadr on demand)
        from .foreign import export

        return export
    if name == "read_source":  # loads the decoders' tables: not needed by a run of cache hits
        from ..normalize.markup import read_source

        return read_source
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_documents(out_dir):
    """The Documents of an ingest output folder (documents.parquet, clean/, the CSVs); a Corpus
    of them is :func:`qmcorpus.corpus.read_outputs`."""
    from .outputs import read_documents as _read

    return _read(out_dir)


def missing_paths(paths) -> list[str]:
    """Those of ``paths`` (one path or several) that do not exist: a typo must be an error,
    not an empty corpus."""
    return [str(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths) if not Path(p).exists()]
