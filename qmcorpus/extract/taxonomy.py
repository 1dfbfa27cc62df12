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
    # cues that name an industry, not a product, where the list they stand in ends with a sector word
    # ("汽车零部件", "机床、食品等重点行业"): patterns.toml extract.activities.sector_after
    sector_cues: tuple[str, ...] = ()
    # cues named as the subject of knowledge education ("全面质量管理知识培训"): the training's topic,
    # education's work, not this category's (patterns.toml extract.activities.topic_after)
    topic_cues: tuple[str, ...] = ()
    # cues that are a body's own quality control in a document of one of ``internal_levels`` (a
    # firm's campaign checking its own works), not the category's (a regulator's inspection)
    internal_cues: tuple[str, ...] = ()
    internal_levels: tuple[str, ...] = ()
    # cues of a service that is no public service where its clause names firms as whom it serves
    # ("走进50家中小企业开展质量诊断"): patterns.toml extract.activities.firm_recipient
    firm_cues: tuple[str, ...] = ()
    # cues named as what is publicised ("宣传质量强省战略"): publicity's topic, not this category's work
    publicised_cues: tuple[str, ...] = ()


@functools.cache
def taxonomy() -> tuple[Category, ...]:
    """The activity categories of data/categories.toml."""
    data = resources.toml("categories.toml")
    return tuple(
        Category(k, v.get("name", k), tuple(v.get("cues", ())), tuple(v.get("exclude", ())), v.get("yield_to"),
                 tuple(v.get("yield_cues", ())), tuple(v.get("sector_cues", ())), tuple(v.get("topic_cues", ())),
                 tuple(v.get("internal_cues", ())), tuple(v.get("internal_levels", ())),
                 tuple(v.get("firm_cues", ())), tuple(v.get("publicised_cues", ()))) for k, v in data.items()
    )
