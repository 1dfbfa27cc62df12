"""qmcorpus.extract.bodies: whether a short text reads as the name of one body (an office, a bureau,
a committee, an association, a firm). The structure of a document (its signature block) and the
issuers both ask it; the name suffixes and words no name holds are in data/extract.toml.
"""
from __future__ import annotations

import functools
import re

from .. import resources
from .config import config

_NOT_IN_BODY = re.compile(r"[，。,、:：;；“”《》\s]")  # punctuation: a clause, not a name
_QUOTED_WORD = re.compile(r"“([\u4e00-\u9fff]{2,8})”")  # a short quoted word, no clause


@functools.cache
def generic_start() -> re.Pattern:
    """Words that open the name of a group of bodies, not of one (data/extract.toml)."""
    words = resources.word_list("extract.toml", "issuers.generic_starts")
    return re.compile("^(" + "|".join(map(re.escape, words)) + ")")


def bare_suffix() -> re.Pattern:
    """A body suffix standing alone (data/extract.toml)."""
    return resources.pattern("extract.toml", "issuers.bare_suffix")


def _ends_with_suffix(core: str) -> bool:
    """Whether ``core`` ends with a body suffix: ``str.endswith`` instead of a regex ``(?:…)$``
    tried at every position; ``$`` also matches before a final newline, hence the second test."""
    sufs = resources.body_suffixes()
    return core.endswith(sufs) or (core[-1:] == "\n" and core[:-1].endswith(sufs))


@functools.cache
def _quoted_campaign() -> re.Pattern:
    return re.compile(config()["issuers"]["quoted_campaign"])


@functools.cache
def _not_in_name() -> re.Pattern:
    return re.compile(config()["issuers"]["not_in_name"])


_ALIAS_AFTER = re.compile(r"[(（][^()（）]{1,12}[)）]$")


@functools.cache
def known_bodies() -> frozenset[str]:
    """Names that are bodies whatever their shape: the national bodies and every name of
    data/bodies.csv (全国总工会 opens like a group of bodies, 中国科协 ends on no suffix)."""
    aliases = resources.body_aliases()
    return frozenset(config()["level"]["national_bodies"]) | frozenset(aliases) | frozenset(aliases.values())


@functools.cache
def _national_association() -> re.Pattern:
    return resources.pattern("extract.toml", "issuers.national_association")


@functools.cache
def _county_town() -> re.Pattern:
    """A town or a township named with its county (data/extract.toml issuers.county_town)."""
    return resources.pattern("extract.toml", "issuers.county_town")


@functools.cache
def _seal() -> re.Pattern:
    return resources.pattern("patterns.toml", "extract.structure.seal")


@functools.lru_cache(maxsize=4096)
def is_body(name: str) -> bool:
    """Whether ``name`` reads as the name of one body (ends with 局/委/办/领导小组/协会/公司 …).
    (Memoised: a document asks about the same lines and names many times.)"""
    n = name.strip()
    if n in known_bodies():
        return True
    if "“" in n and (plain := _QUOTED_WORD.sub(r"\1", n)) != n:
        return is_body(plain)  # "某省“质量月”活动组委会": the campaign's name quoted inside the body's
    if n.count("(") + n.count("（") != n.count(")") + n.count("）"):
        return False
    if not 2 <= len(n) <= 40:
        return False
    # "市X局(市Y办)": the name before its alias (n is stripped: an alias can only close it)
    core = _ALIAS_AFTER.sub("", n) if n.endswith((")", "）")) else n
    if not _ends_with_suffix(core):
        # a town named with its county ("某县某镇") has no body's suffix, yet runs a campaign as a street does
        return bool(_county_town().fullmatch(n)) and not _NOT_IN_BODY.search(n) and not _not_in_name().search(n)
    if "“" in n:  # a campaign's quoted name inside the body's (its quotes are no clause's)
        n = _quoted_campaign().sub(lambda m: m.group(0)[1:-1], n)
    if _not_in_name().search(n) or (generic_start().match(n) and not _national_association().match(n)) \
            or _NOT_IN_BODY.search(n):
        return False
    if _seal().search(n):
        return False  # "某局（印）": a name with its seal mark (the signature reads the name without it)
    return not bare_suffix().fullmatch(n)
