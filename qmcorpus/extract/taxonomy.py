"""qmcorpus.extract.taxonomy: the activity categories of data/categories.toml (key, Chinese name,
cue words, words that exclude a cue). The segmenter adds the cues to its lexicon; activities and
the analyses classify with them."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import resources


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    cues: tuple[str, ...]
    exclude: tuple[str, ...]
    # cues that do not count in a sentence naming a cue of the category ``yield_to``: that one's own
    # work ("电梯安全检查" is a special-equipment check, not a crackdown)
    yield_to: str | None = None
    yield_cues: tuple[str, ...] = ()


@functools.cache
def taxonomy() -> tuple[Category, ...]:
    """The activity categories of data/categories.toml."""
    data = resources.toml("categories.toml")
    return tuple(
        Category(k, v.get("name", k), tuple(v.get("cues", ())), tuple(v.get("exclude", ())), v.get("yield_to"),
                 tuple(v.get("yield_cues", ()))) for k, v in data.items()
    )
