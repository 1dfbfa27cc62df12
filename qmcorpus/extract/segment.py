"""qmcorpus.extract.segment: the project's jieba tokenizer (private instance + domain lexicon).

Never touches jieba's global state: a researcher's own jieba setup is left alone.
"""
from __future__ import annotations

import functools
import logging

from .. import resources


@functools.cache
def tokenizer():
    """A private ``jieba.Tokenizer`` with data/userdict.txt and every category cue as words."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.load_userdict(str(resources.path("userdict.txt")))
    from .activities import taxonomy

    for cat in taxonomy():
        for cue in cat.cues:
            if len(cue) >= 2 and tok.FREQ.get(cue, 0) == 0:
                tok.add_word(cue, freq=50)
    return tok


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every token of ``text``.

    >>> [w for w, _, _ in tokens("开展质量月活动")]
    ['开展', '质量月', '活动']
    """
    return list(tokenizer().tokenize(text))


_WINDOW = 12  # characters of context either side; jieba's choices are local


def is_word_span(text: str, start: int, end: int, *, need_end: bool = True) -> bool:
    """Whether ``text[start:end]`` begins (and, if ``need_end``, ends) on jieba word boundaries.

    Only a window around the span is segmented, so the cost does not grow with the text.
    """
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    bounds = boundaries(text[lo:hi])
    return (start - lo) in bounds and (not need_end or (end - lo) in bounds)


def boundaries(text: str) -> frozenset[int]:
    """Offsets where a token starts or ends."""
    out = {0, len(text)}
    for _, s, e in tokens(text):
        out.add(s)
        out.add(e)
    return frozenset(out)
