"""qmcorpus.normalize.script: detect the script of a text and convert traditional → simplified."""
from __future__ import annotations

import functools

from .. import resources

SIMPLIFIED, TRADITIONAL, TRADITIONAL_PINYIN, MIXED = "simplified", "traditional", "traditional_pinyin", "mixed"


@functools.cache
def _converter(config: str):
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """OpenCC t2s conversion (no domain corrections; see :func:`convert`).

    >>> to_simplified("質量月活動")
    '质量月活动'
    """
    return _converter("t2s").convert(text) if text else text


@functools.lru_cache(maxsize=65536)
def _char_kind(ch: str) -> str:
    """'t' for a traditional-only character, 's' for simplified-only, '' otherwise."""
    if _converter("t2s").convert(ch) != ch:
        return "t"
    if _converter("s2t").convert(ch) != ch:
        return "s"
    return ""


def count_script_chars(text: str) -> tuple[int, int]:
    """(traditional-only, simplified-only) CJK character counts."""
    t = s = 0
    for ch in text:
        if "\u3400" <= ch <= "\u9fff":
            kind = _char_kind(ch)
            if kind == "t":
                t += 1
            elif kind == "s":
                s += 1
    return t, s


def detect_script(text: str, *, pinyin_glosses: int = 0) -> str:
    """Classify raw text as simplified / traditional / traditional_pinyin / mixed.

    Traditional pages converted by machines keep a few simplified-only characters (关于, 并),
    so the decision is by share, not by presence.

    >>> detect_script("质量月活动")
    'simplified'
    >>> detect_script("質量月活動", pinyin_glosses=2)
    'traditional_pinyin'
    """
    t, s = count_script_chars(text)
    if t == 0 or (t < 3 and t < 0.05 * (s + 1)):
        return SIMPLIFIED
    share = t / (t + s)
    if share >= 0.7:
        return TRADITIONAL_PINYIN if pinyin_glosses else TRADITIONAL
    if share <= 0.1:
        return SIMPLIFIED
    return MIXED


def apply_corrections(text: str) -> tuple[str, int]:
    """Fix OpenCC t2s output with the domain corrections file (著力 → 着力 …); returns (text, count)."""
    pattern = resources.t2s_corrections_re()
    if pattern is None:
        return text, 0
    table = dict(resources.t2s_corrections())
    count = 0

    def fix(m):
        nonlocal count
        count += 1
        return table[m.group(0)]

    return pattern.sub(fix, text), count


def convert(text: str) -> tuple[str, int]:
    """Traditional → simplified with OpenCC plus domain corrections; returns (text, corrections)."""
    return apply_corrections(to_simplified(text))
