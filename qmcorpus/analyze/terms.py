"""qmcorpus.analyze.terms: tokens, document-term matrix, term frequency and keyness between groups.

Tokens come from the project's jieba tokenizer (domain lexicon); stopwords are the data file
``data/stopwords.txt`` (generic function words plus 公文 boilerplate, switchable).
"""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .. import resources

_KEEP = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*$|^[A-Za-z]{2,}[\u4e00-\u9fff]*$|^12365$")


@functools.cache
def stopword_sets() -> dict[str, frozenset[str]]:
    """{'generic': …, 'boilerplate': …} from data/stopwords.txt."""
    sets: dict[str, set[str]] = {}
    current = "generic"
    for line in resources.path("stopwords.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sets.setdefault(current, set()).add(line)
    return {k: frozenset(v) for k, v in sets.items()}


def _stops(stopwords) -> frozenset[str]:
    if stopwords in (None, False):
        return frozenset()
    sets = stopword_sets()
    if stopwords == "generic":
        return sets.get("generic", frozenset())
    if stopwords in ("all", True):
        return frozenset().union(*sets.values())
    return frozenset(stopwords)  # a researcher's own collection


def tokenize(text: str, *, stopwords="all", min_len: int = 2) -> list[str]:
    """Content tokens of ``text``: jieba words of at least ``min_len`` characters, no numbers,
    punctuation or stopwords (``"all"``, ``"generic"``, ``None`` or your own set).

    >>> tokenize("开展质量月活动,加强特种设备安全监管")
    ['质量月', '特种设备', '安全监管']
    """
    from ..extract.segment import tokens

    stops = _stops(stopwords)
    return [w for w, _, _ in tokens(text) if len(w) >= min_len and _KEEP.match(w) and w not in stops]


def document_term_matrix(corpus, *, stopwords="all", min_df: int = 1):
    """(sparse counts, vocabulary, doc_ids): rows are documents, columns terms (scikit-learn)."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(analyzer=lambda t: tokenize(t, stopwords=stopwords), min_df=min_df)
    texts = [d.text for d in corpus]
    X = vec.fit_transform(texts)
    return X.tocsr(), list(vec.get_feature_names_out()), [d.doc_id for d in corpus]


def term_frequency(corpus, by="year", *, terms=None, stopwords="all", min_df: int = 1) -> pd.DataFrame:
    """Occurrences per 10k characters of clean text in each group, and documents using the term."""
    X, vocab, ids = document_term_matrix(corpus, stopwords=stopwords, min_df=min_df)
    frame = corpus.frame.set_index("doc_id").loc[ids]
    cols = [by] if isinstance(by, str) else list(by)
    keep = range(len(vocab)) if terms is None else [vocab.index(t) for t in terms if t in vocab]
    rows = []
    for key, idx in frame.reset_index().groupby(cols, dropna=True).indices.items():
        sub = X[idx]
        chars = frame["n_chars"].iloc[idx].sum()
        counts = np.asarray(sub.sum(axis=0)).ravel()
        docs = np.asarray((sub > 0).sum(axis=0)).ravel()
        key = key if isinstance(key, tuple) else (key,)
        for j in keep:
            if counts[j]:
                rows.append({**dict(zip(cols, key)), "term": vocab[j], "count": int(counts[j]),
                             "per_10k": 10000 * counts[j] / chars if chars else 0.0, "n_docs_using": int(docs[j]),
                             "n_docs": len(idx)})
    return pd.DataFrame(rows, columns=[*cols, "term", "count", "per_10k", "n_docs_using", "n_docs"])


def _log_odds(y_i, y_j, alpha):
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): δ and z."""
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), alpha.sum()
    d = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return d, d / np.sqrt(var)


def _g2(a, b, n1, n2):
    """Signed log-likelihood G² (positive: more frequent in the target group)."""
    e1 = n1 * (a + b) / (n1 + n2)
    e2 = n2 * (a + b) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    g2 = 2 * (t1 + t2)
    return np.where(a / n1 >= b / n2, g2, -g2)


def keyness(corpus, by="year", target=None, reference=None, *, stopwords="all", min_docs: int = 2,
            bootstrap: int = 200, seed: int = 0, prior: float = 1.0) -> pd.DataFrame:
    """Terms that mark the ``target`` group against ``reference`` (default: all other documents).

    Columns: counts and documents on each side, per-10k-character rates, signed G², log-odds
    ratio with an informative Dirichlet prior (``log_odds``, its z-score ``log_odds_z``), %DIFF,
    and a document-level bootstrap 95% interval of the log-odds (``ci_low``, ``ci_high``).
    A term used by fewer than ``min_docs`` target documents is flagged (``few_docs``) and ranked
    after the others: one document's pet phrase is not a group's keyword.
    """
    X, vocab, ids = document_term_matrix(corpus, stopwords=stopwords)
    frame = corpus.frame.set_index("doc_id").loc[ids]
    group = frame[by]
    if target is None:
        raise ValueError("keyness needs a target group value, e.g. target=2022")
    in_t = (group == target).to_numpy()
    in_r = (group == reference).to_numpy() if reference is not None else ~in_t
    if not in_t.any() or not in_r.any():
        raise ValueError(f"no documents in {'target' if not in_t.any() else 'reference'} group of {by!r}")
    Xt, Xr = X[in_t], X[in_r]
    a = np.asarray(Xt.sum(axis=0)).ravel().astype(float)
    b = np.asarray(Xr.sum(axis=0)).ravel().astype(float)
    alpha = prior * (a + b) / (a + b).sum() * min(1000.0, (a + b).sum()) + 1e-3
    delta, z = _log_odds(a, b, alpha)
    chars_t, chars_r = frame["n_chars"][in_t].sum(), frame["n_chars"][in_r].sum()
    nf_t, nf_r = 10000 * a / chars_t, 10000 * b / chars_r
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(nf_r > 0, (nf_t - nf_r) * 100 / nf_r, np.inf)
    rng = np.random.default_rng(seed)
    boots = np.empty((bootstrap, len(vocab)))
    nt, nr = Xt.shape[0], Xr.shape[0]
    for i in range(bootstrap):
        wt = np.bincount(rng.integers(0, nt, nt), minlength=nt)
        wr = np.bincount(rng.integers(0, nr, nr), minlength=nr)
        boots[i], _ = _log_odds(Xt.T @ wt.astype(float), Xr.T @ wr.astype(float), alpha)
    lo, hi = (np.percentile(boots, [2.5, 97.5], axis=0) if bootstrap else (np.full(len(vocab), np.nan),) * 2)
    docs_t = np.asarray((Xt > 0).sum(axis=0)).ravel()
    docs_r = np.asarray((Xr > 0).sum(axis=0)).ravel()
    out = pd.DataFrame({
        "term": vocab, "count_target": a.astype(int), "count_reference": b.astype(int),
        "docs_target": docs_t, "docs_reference": docs_r, "per_10k_target": nf_t, "per_10k_reference": nf_r,
        "g2": _g2(a, b, a.sum(), b.sum()), "log_odds": delta, "log_odds_z": z, "pct_diff": pct,
        "ci_low": lo, "ci_high": hi, "few_docs": docs_t < min_docs,
    })
    out = out[(out["count_target"] + out["count_reference"]) > 0]
    return out.sort_values(["few_docs", "log_odds_z"], ascending=[True, False]).reset_index(drop=True)


__all__ = ["tokenize", "document_term_matrix", "term_frequency", "keyness", "stopword_sets"]
