"""qmcorpus.io: the one read funnel (files → text) and the one write funnel (Corpus → files)."""
from .read import SUPPORTED_SUFFIXES, discover, read_source
from .write import write_outputs

__all__ = ["discover", "read_source", "write_outputs", "SUPPORTED_SUFFIXES"]
