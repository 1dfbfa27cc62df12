"""qmcorpus.extract.segment: word segmentation behind one small interface, with two backends.

``jieba`` (the reference, always installed) runs a private ``jieba.Tokenizer``; ``rjieba`` (jieba-rs,
the same dictionary, much faster; ``pip install qmcorpus[fast]``) runs a private ``rjieba.Jieba``
and is the default of a run where it is installed (:func:`default_segmenter`).
Both load the domain lexicon (data/userdict.txt) and every category cue as words, and never
touch jieba's global state. Choose one per process with :func:`use` (the CLI's ``--segmenter``).
"""
from __future__ import annotations

import functools
from pathlib import Path

from .. import resources
from ..errors import QmcorpusError

SEGMENTERS = ("jieba", "rjieba")
_current = "jieba"


def _lexicon() -> list[tuple[str, int]]:
    """(word, frequency) of the domain lexicon plus category cues not already known as words."""
    words: dict[str, int] = {}
    for line in resources.path("userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            words[parts[0]] = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 100
    from .taxonomy import taxonomy

    for cat in taxonomy():
        for cue in cat.cues:
            if len(cue) >= 2:
                words.setdefault(cue, 50)
    return list(words.items())


@functools.cache
def _jieba():
    import logging  # (only for jieba: the fork server of rjieba need not import it)

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    known = tok.FREQ
    for w, f in _lexicon():
        if known.get(w, 0) == 0 or w in _userdict_words():
            tok.add_word(w, freq=f)
    return tok


@functools.cache
def _userdict_words() -> frozenset[str]:
    return frozenset(ln.split()[0] for ln in resources.path("userdict.txt").read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#"))


def _rjieba_class():
    """rjieba's ``Jieba`` class, from its compiled module alone where that can be found: the
    package's ``__init__`` builds a default tokenizer (its whole dictionary, a third of a second)
    that qmcorpus never uses. The module is registered under its own name, so a later
    ``import rjieba`` uses it instead of loading it twice."""
    import importlib.machinery
    import importlib.util
    import sys

    if "rjieba.rjieba" not in sys.modules:
        spec = importlib.util.find_spec("rjieba")
        folder = Path(spec.origin).parent if spec is not None and spec.origin else None
        found = [folder / f"rjieba{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES] if folder else []
        found = [f for f in found if f.is_file()]
        if not found:
            import rjieba

            return rjieba.Jieba
        ext = importlib.util.spec_from_file_location("rjieba.rjieba", found[0])
        module = importlib.util.module_from_spec(ext)
        ext.loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module
    return sys.modules["rjieba.rjieba"].Jieba


@functools.cache
def _rjieba():
    try:
        jieba_class = _rjieba_class()
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise QmcorpusError("segmenter 'rjieba' needs the rjieba package: pip install 'qmcorpus[fast]'") from exc
    tok = jieba_class()
    for w, f in _lexicon():
        if not tok.has_word(w) or w in _userdict_words():
            tok.add_word(w, f, None)
    return tok


def default_segmenter() -> str:
    """``"rjieba"`` where it is installed, else ``"jieba"`` (the reference, always there).

    Both cut with jieba's dictionary and the domain lexicon; segmentation here only checks that a
    cue word stands on word boundaries, and on the test corpora both give the same fields
    (``benchmarks/segmenter_agreement.py``). rjieba loads in a quarter of jieba's time and cuts
    faster, so it is chosen whenever it is there."""
    import importlib.util

    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def use(name: str) -> None:
    """Select the segmenter of this process: ``"jieba"`` (default) or ``"rjieba"``."""
    global _current
    if name not in SEGMENTERS:
        raise QmcorpusError(f"unknown segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}")
    if name == "rjieba":
        _rjieba()  # fail now, with a clear message, if it is not installed
    _current = name


def current() -> str:
    return _current


def tokenizer():
    """The reference private ``jieba.Tokenizer`` with the domain lexicon."""
    return _jieba()


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every token of ``text``, by the selected segmenter.

    >>> [w for w, _, _ in tokens("开展质量月活动")]
    ['开展', '质量月', '活动']
    """
    if _current == "rjieba":
        return list(_rjieba().tokenize(text))
    return list(_jieba().tokenize(text))


_WINDOW = 12  # characters of context either side; segmentation choices are local


def is_word_span(text: str, start: int, end: int, *, need_end: bool = True) -> bool:
    """Whether ``text[start:end]`` begins (and, if ``need_end``, ends) on word boundaries.

    Only a window around the span is segmented, so the cost does not grow with the text.
    """
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    bounds = boundaries(text[lo:hi])
    return (start - lo) in bounds and (not need_end or (end - lo) in bounds)


@functools.lru_cache(maxsize=65536)
def _window_tokens(text: str, segmenter: str) -> tuple[tuple[str, int, int], ...]:
    """tokens() of a short window, memoised: is_word_span and compound_part segment the same
    window around a cue one after the other."""
    return tuple(tokens(text))


@functools.lru_cache(maxsize=65536)
def _boundaries(text: str, segmenter: str) -> frozenset[int]:
    out = {0, len(text)}
    for _, s, e in _window_tokens(text, segmenter):
        out.add(s)
        out.add(e)
    return frozenset(out)


def boundaries(text: str) -> frozenset[int]:
    """Offsets where a token starts or ends (memoised: notices repeat their phrasing)."""
    return _boundaries(text, _current)



COMPOUND_PART_MIN = 2  # the other part of a compound must be a word of this many characters


@functools.cache
def _event_suffixes() -> str:
    return resources.toml("extract.toml")["activities"]["event_suffixes"]


def compound_part(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens a token made of it and one more word: the segmenter holds
    some compounds as one token (品牌建设 = 品牌 + 建设, 名牌产品), and a cue that opens such a token
    is still a word of its own. A cue that ends one is qualified by the word before it (安全检查
    is a safety check, special equipment's, not enforcement); such compounds that do carry the
    cue's category are cues themselves (质量诚信). A single-character remainder is no word (信用社),
    unless it makes the cue's own event (培训班, 宣传周: data/extract.toml activities.event_suffixes)."""
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    words = resources.word_freq()
    for _, s, e in _window_tokens(text[lo:hi], _current):
        s, e = s + lo, e + lo
        if s <= start and end <= e and (s, e) != (start, end):
            rest = text[end:e] if s == start else ""
            if len(rest) == 1 and rest in _event_suffixes():
                return True
            return len(rest) >= COMPOUND_PART_MIN and words.get(rest, 0) > 0
    return False
