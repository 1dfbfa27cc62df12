"""qmcorpus.analyze.concordance: keyword in context and collocates of a term.

Both find the term as a word by default (see :mod:`qmcorpus.analyze.words`): 质量 inside 质量月
or 质量强国 is not an occurrence of the word 质量. ``match="substring"`` and ``match="regex"``
find the characters / a pattern instead.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from .words import check_match, find, word_tokens

_SENT = re.compile(r"[^。！？!?；;\n]+")
KWIC_META = ("year", "level", "province", "city", "title")


def kwic(corpus, term: str, *, window: int = 15, match: str = "word") -> pd.DataFrame:
    """Every occurrence of ``term``: doc_id, the document's year, level, province, city and title,
    start and end (offsets into the clean text), left context, keyword (the matched text), right context.

    >>> import qmcorpus
    >>> kwic(qmcorpus.load(["data/raw"]), "品牌", window=4).columns.tolist()
    ['doc_id', 'year', 'level', 'province', 'city', 'title', 'start', 'end', 'left', 'keyword', 'right']
    """
    check_match(match)
    rows = []
    for d in corpus:
        meta = {k: d.fields.get(k) for k in KWIC_META}
        for s, e in find(d.text, term, match=match):
            left = d.text[max(0, s - window):s].replace("\n", " ")
            right = d.text[e:e + window].replace("\n", " ")
            rows.append({"doc_id": d.doc_id, **meta, "start": s, "end": e, "left": left, "keyword": d.text[s:e],
                         "right": right})
    out = pd.DataFrame(rows, columns=["doc_id", *KWIC_META, "start", "end", "left", "keyword", "right"])
    out["year"] = out["year"].astype("Int64")
    return out


def collocates(corpus, term: str, *, measure: str = "logdice", min_count: int = 2, stopwords="all",
               match: str = "word") -> pd.DataFrame:
    """Words that share sentences with ``term``: co-occurrence, logDice and mutual information.

    Counts are sentence frequencies (how many sentences hold the word, the term, both). The
    sentence holds the term where :func:`kwic` would find it (``match``); the words are the
    content words of the same segmentation, and words overlapping an occurrence of the term
    (质量月 around a substring match of 质量) are not its collocates.
    """
    from .terms import _KEEP, _stops

    check_match(match)
    stops = _stops(stopwords)
    extra = frozenset({term}) if match == "word" else frozenset()
    sent_tokens: list[set[str]] = []
    for d in corpus:
        hits = find(d.text, term, match=match)
        toks = [(w, s, e) for w, s, e in word_tokens(d.text, extra)
                if len(w) >= 2 and _KEEP.match(w) and w not in stops]
        for sent in _SENT.finditer(d.text):
            a, b = sent.span()
            inside = [(s, e) for s, e in hits if a <= s and e <= b]
            words = {w for w, s, e in toks if a <= s and e <= b and not any(s < he and hs < e for hs, he in inside)}
            words.discard(term)
            if inside:
                words.add(_NODE)
            sent_tokens.append(words)
    n = len(sent_tokens)
    f_x = sum(1 for s in sent_tokens if _NODE in s)
    freq: dict[str, int] = {}
    joint: dict[str, int] = {}
    for s in sent_tokens:
        node = _NODE in s
        for w in s:
            freq[w] = freq.get(w, 0) + 1
            if node and w != _NODE:
                joint[w] = joint.get(w, 0) + 1
    rows = []
    for w, f_xy in joint.items():
        if f_xy < min_count:
            continue
        f_y = freq[w]
        rows.append({"term": term, "collocate": w, "cooccurrences": f_xy, "freq_term": f_x, "freq_collocate": f_y,
                     "logdice": 14 + math.log2(2 * f_xy / (f_x + f_y)), "mi": math.log2(f_xy * n / (f_x * f_y))})
    out = pd.DataFrame(rows, columns=["term", "collocate", "cooccurrences", "freq_term", "freq_collocate", "logdice", "mi"])
    key = "logdice" if measure == "logdice" else "mi"
    return out.sort_values([key, "collocate"], ascending=[False, True]).reset_index(drop=True)


_NODE = "\x00node"  # the term's marker in a sentence's word set (never a real word)
