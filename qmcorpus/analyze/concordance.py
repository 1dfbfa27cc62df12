"""qmcorpus.analyze.concordance: keyword in context and collocates of a term."""
from __future__ import annotations

import math
import re

import pandas as pd

_SENT = re.compile(r"[^。！？!?；;\n]+")


def kwic(corpus, term: str, *, window: int = 15) -> pd.DataFrame:
    """Every occurrence of ``term``: doc_id, start, left context, keyword, right context.

    >>> import qmcorpus
    >>> kwic(qmcorpus.load(["data/raw"]), "品牌", window=4).columns.tolist()
    ['doc_id', 'start', 'left', 'keyword', 'right']
    """
    rows = []
    for d in corpus:
        for m in re.finditer(re.escape(term), d.text):
            left = d.text[max(0, m.start() - window):m.start()].replace("\n", " ")
            right = d.text[m.end():m.end() + window].replace("\n", " ")
            rows.append({"doc_id": d.doc_id, "start": m.start(), "left": left, "keyword": term, "right": right})
    return pd.DataFrame(rows, columns=["doc_id", "start", "left", "keyword", "right"])


def collocates(corpus, term: str, *, measure: str = "logdice", min_count: int = 2, stopwords="all") -> pd.DataFrame:
    """Words that share sentences with ``term``: co-occurrence, logDice and mutual information.

    Counts are sentence frequencies (how many sentences hold the word, the term, both).
    """
    from .terms import tokenize

    sent_tokens = [set(tokenize(s.group(0), stopwords=stopwords)) | ({term} if term in s.group(0) else set())
                   for d in corpus for s in _SENT.finditer(d.text)]
    n = len(sent_tokens)
    f_x = sum(1 for s in sent_tokens if term in s)
    freq: dict[str, int] = {}
    joint: dict[str, int] = {}
    for s in sent_tokens:
        for w in s:
            freq[w] = freq.get(w, 0) + 1
            if term in s and w != term:
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
    return out.sort_values(key, ascending=False).reset_index(drop=True)
