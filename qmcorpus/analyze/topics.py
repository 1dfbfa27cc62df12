"""qmcorpus.analyze.topics: NMF and LDA topics on the jieba document-term matrix (fixed seed)."""
from __future__ import annotations

import numpy as np
import pandas as pd


def topics(corpus, k: int = 5, *, method: str = "nmf", n_terms: int = 10, seed: int = 0, stopwords="all"):
    """Fit ``k`` topics; returns (topic_terms, doc_topics) DataFrames.

    topic_terms: topic, rank, term, weight. doc_topics: doc_id, topic, weight (rows sum to 1).
    NMF runs on TF-IDF, LDA on counts; both with ``random_state=seed``.
    """
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import TfidfTransformer

    from .terms import document_term_matrix

    X, vocab, ids = document_term_matrix(corpus, stopwords=stopwords)
    k = max(1, min(k, X.shape[0], X.shape[1]))
    if method == "nmf":
        model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500)
        W = model.fit_transform(TfidfTransformer().fit_transform(X))
    elif method == "lda":
        model = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch")
        W = model.fit_transform(X)
    else:
        raise ValueError("method must be 'nmf' or 'lda'")
    H = model.components_
    terms = []
    for t in range(k):
        top = np.argsort(-H[t])[:n_terms]
        terms += [{"topic": t, "rank": r + 1, "term": vocab[j], "weight": float(H[t, j])} for r, j in enumerate(top)]
    sums = W.sum(axis=1, keepdims=True)
    W = np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
    docs = [{"doc_id": d, "topic": t, "weight": float(W[i, t])} for i, d in enumerate(ids) for t in range(k)]
    return pd.DataFrame(terms), pd.DataFrame(docs)
