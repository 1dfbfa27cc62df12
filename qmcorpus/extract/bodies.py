"""qmcorpus.extract.bodies: whether a short text reads as the name of one body (an office, a bureau,
a committee, an association, a firm). The structure of a document (its signature block) and the
issuers both ask it; the name suffixes and words no name holds are in data/extract.toml.
"""
from __future__ import annotations

import functools
import re

from .config import config

_GENERIC = re.compile(r"^(相关|有关|各|其他|部分|全国|全省|全市|全县|行业|主管|成员|重点|广大|公司|本|该|我|集团公司|上级)")
_NOT_IN_BODY = re.compile(r"[，。,、:：;；“”《》\s]")
_BARE_SUFFIX = re.compile(r"[局委办部所院厅]|[市县区省]\w?|集团|公司|项目|中心")


@functools.cache
def _suffix_re() -> re.Pattern:
    sufs = sorted(config()["issuers"]["suffixes"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, sufs)) + ")$")


@functools.cache
def _not_in_name() -> re.Pattern:
    return re.compile(config()["issuers"]["not_in_name"])


_ALIAS_AFTER = re.compile(r"[(（][^()（）]{1,12}[)）]$")


def is_body(name: str) -> bool:
    """Whether ``name`` reads as the name of one body (ends with 局/委/办/领导小组/协会/公司 …)."""
    n = name.strip()
    if n.count("(") + n.count("（") != n.count(")") + n.count("）"):
        return False
    core = _ALIAS_AFTER.sub("", n)  # "市X局(市Y办)": the name before its alias
    if not 2 <= len(n) <= 40 or not _suffix_re().search(core):
        return False
    if _not_in_name().search(n) or _GENERIC.match(n) or _NOT_IN_BODY.search(n):
        return False
    return not _BARE_SUFFIX.fullmatch(n)
