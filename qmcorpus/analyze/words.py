"""qmcorpus.analyze.words: the one counting definition of the analyses.

A term *occurs as a word* where the segmenter cuts it out as one token. The segmenter is the
project's private jieba tokenizer with the domain lexicon; words the researcher asks about that it
does not know (a dictionary's entries, a KWIC node such as 质量提升行动) are added to a private
copy of it, never to jieba's global state, so they can be cut out. Words it already knows leave it
unchanged, so a known term counts exactly as it does in the document-term matrix.

``match="substring"`` counts every occurrence of the characters (质量 inside 质量月 too) and
``match="regex"`` every match of a regular expression.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

MATCHES = ("word", "substring", "regex")
# frequency floor of an added word: at least what the domain lexicon gives its own words
_ADDED_FREQ = 100


def _base():
    from ..extract.segment import tokenizer

    return tokenizer()


def unknown_words(words) -> frozenset[str]:
    """The words the project's tokenizer does not know (these would be cut into pieces)."""
    freq = _base().FREQ
    return frozenset(w for w in words if w and freq.get(w, 0) == 0)


@functools.lru_cache(maxsize=8)
def _tokenizer_with(extra: frozenset[str]):
    """A private copy of the project's jieba tokenizer that also knows ``extra``."""
    import jieba

    base = _base()
    tok = jieba.Tokenizer()
    tok.FREQ = dict(base.FREQ)
    tok.total = base.total
    tok.user_word_tag_tab = dict(base.user_word_tag_tab)
    tok.initialized = True
    for w in sorted(extra, key=len):
        tok.add_word(w, freq=max(_ADDED_FREQ, tok.suggest_freq(w, False)))
    return tok


@functools.lru_cache(maxsize=4096)
def word_tokens(text: str, extra: frozenset[str] = frozenset()) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of every token of ``text``; ``extra`` are words to know besides the lexicon.

    >>> [w for w, _, _ in word_tokens("推进质量提升行动", frozenset({"质量提升行动"}))]
    ['推进', '质量提升行动']
    """
    extra = unknown_words(extra)
    if not extra:
        from ..extract.segment import tokens

        return tuple(tokens(text))
    return tuple(_tokenizer_with(extra).tokenize(text))


def check_match(match: str) -> None:
    if match not in MATCHES:
        raise ValueError(f"match must be one of {', '.join(MATCHES)}, not {match!r}")


def find(text: str, term: str, *, match: str = "word", extra: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of ``term`` in ``text`` under ``match``.

    ``extra`` are further words the tokenizer should know (the other terms of the same query), so
    every term of one query is counted on the same segmentation.

    >>> find("质量月活动突出质量", "质量"), find("质量月活动突出质量", "质量", match="substring")
    ([(7, 9)], [(0, 2), (7, 9)])
    """
    check_match(match)
    if not term:
        return []
    if match == "regex":
        return [(m.start(), m.end()) for m in _regex(term).finditer(text) if m.end() > m.start()]
    if match == "substring":
        return [(m.start(), m.end()) for m in re.finditer(re.escape(term), text)]
    if term not in text:  # most documents lack most terms: skip their segmentation
        return []
    return [(s, e) for w, s, e in word_tokens(text, _with(extra, term)) if w == term]


@functools.lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None


def _with(extra, term: str) -> frozenset[str]:
    extra = extra if isinstance(extra, frozenset) else frozenset(extra)
    return extra if term in extra else extra | {term}


@functools.lru_cache(maxsize=4096)
def _word_counts(text: str, extra: frozenset[str]) -> Counter:
    return Counter(w for w, _, _ in word_tokens(text, extra))


def count(text: str, term: str, *, match: str = "word", extra: frozenset[str] = frozenset()) -> int:
    """Occurrences of ``term`` in ``text`` under ``match`` (see :func:`find`).

    >>> count("质量月活动突出质量", "质量"), count("质量月活动突出质量", "质量", match="substring")
    (1, 2)
    """
    if match != "word":
        return len(find(text, term, match=match))
    if not term or term not in text:
        return 0
    return _word_counts(text, _with(extra, term))[term]
