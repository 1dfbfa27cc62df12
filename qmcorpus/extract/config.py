"""qmcorpus.extract.config: the patterns of data/extract.toml, loaded once."""
from __future__ import annotations

import functools

from .. import resources


@functools.cache
def config() -> dict:
    """Patterns of data/extract.toml (section names, document-type cues, body suffixes …)."""
    return resources.toml("extract.toml")
