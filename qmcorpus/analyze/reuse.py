"""qmcorpus.analyze.reuse: similarity between documents, reposts, and reuse of another text.

Similarity is TF-IDF cosine over the project's tokens (scikit-learn). Reuse works on characters:
a passage is reused where every run of ``k`` characters also occurs in the reference text
(whitespace ignored), so copied sentences are found even when a city edits around them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def _tfidf(corpus, stopwords="all"):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .terms import tokenize

    vec = TfidfVectorizer(analyzer=lambda t: tokenize(t, stopwords=stopwords))
    X = vec.fit_transform([d.text for d in corpus])
    return X, [d.doc_id for d in corpus]


def similarity_matrix(corpus, *, stopwords="all") -> pd.DataFrame:
    """Square DataFrame of TF-IDF cosine similarities (doc_id × doc_id)."""
    from sklearn.metrics.pairwise import cosine_similarity

    X, ids = _tfidf(corpus, stopwords)
    return pd.DataFrame(cosine_similarity(X), index=ids, columns=ids)


def similarity(corpus, *, stopwords="all", min_similarity: float = 0.0) -> pd.DataFrame:
    """Document pairs (doc_a < doc_b) with their cosine similarity, most similar first."""
    m = similarity_matrix(corpus, stopwords=stopwords)
    ids = list(m.index)
    rows = [(ids[i], ids[j], float(m.iat[i, j])) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    out = pd.DataFrame(rows, columns=["doc_a", "doc_b", "similarity"])
    out = out[out["similarity"] >= min_similarity]
    return out.sort_values("similarity", ascending=False).reset_index(drop=True)


def near_duplicates(corpus, *, threshold: float = 0.9) -> pd.DataFrame:
    """Clusters of near-identical documents (reposts of one notice on several sites).

    Documents linked by a similarity ≥ ``threshold`` share a ``cluster`` number; singletons are
    left out. Columns: cluster, doc_id, size.
    """
    m = similarity_matrix(corpus)
    ids = list(m.index)
    parent = list(range(len(ids)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vals = m.to_numpy()
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if vals[i, j] >= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[str]] = {}
    for i, d in enumerate(ids):
        groups.setdefault(find(i), []).append(d)
    rows = []
    for n, members in enumerate(sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0])), 1):
        rows += [{"cluster": n, "doc_id": d, "size": len(members)} for d in sorted(members)]
    return pd.DataFrame(rows, columns=["cluster", "doc_id", "size"])


def _chars(text: str) -> tuple[str, np.ndarray]:
    """Text without whitespace, and each kept character's offset in the original."""
    keep = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for _, c in keep), np.array([i for i, _ in keep], dtype=int)


def _covered(doc: str, ref_grams: set[str], k: int) -> np.ndarray:
    cov = np.zeros(len(doc), dtype=bool)
    for i in range(len(doc) - k + 1):
        if doc[i:i + k] in ref_grams:
            cov[i:i + k] = True
    return cov


def _grams(s: str, k: int) -> set[str]:
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def _references(corpus, reference, candidates: int):
    """doc_id → list of reference doc_ids to compare with."""
    ids = [d.doc_id for d in corpus]
    if reference is None:
        sims = similarity_matrix(corpus)
        out = {}
        for d in ids:
            row = sims.loc[d].drop(d).sort_values(ascending=False)
            out[d] = list(row.index[:candidates])
        return out
    if reference == "national":
        frame = corpus.frame.set_index("doc_id")
        nat = frame[frame["level"] == "national"]
        return {d: [n for n in nat.index if n != d and frame.at[d, "year"] is not pd.NA
                    and nat.at[n, "year"] == frame.at[d, "year"]] for d in ids}
    refs = [reference] if isinstance(reference, str) else list(reference)
    return {d: [r for r in refs if r != d] for d in ids}


def reuse_passages(corpus, reference=None, *, k: int = 10, min_chars: int = 12, candidates: int = 5) -> pd.DataFrame:
    """Passages each document shares with its reference(s): doc_id, reference, start, end, text.

    ``reference``: None (each document's most similar others), ``"national"`` (national
    documents of the same year), a doc_id or a list of doc_ids. Offsets are into the clean text.
    """
    texts = {d.doc_id: d.text for d in corpus}
    rows = []
    for d, refs in _references(corpus, reference, candidates).items():
        s, offs = _chars(texts[d])
        for r in refs:
            cov = _covered(s, _grams(_chars(texts[r])[0], k), k)
            i = 0
            while i < len(cov):
                if cov[i]:
                    j = i
                    while j < len(cov) and cov[j]:
                        j += 1
                    if j - i >= min_chars:
                        start, end = int(offs[i]), int(offs[j - 1]) + 1
                        rows.append({"doc_id": d, "reference": r, "start": start, "end": end,
                                     "chars": j - i, "text": texts[d][start:end]})
                    i = j
                else:
                    i += 1
    return pd.DataFrame(rows, columns=["doc_id", "reference", "start", "end", "chars", "text"])


def reuse(corpus, reference=None, *, k: int = 10, min_chars: int = 12, candidates: int = 5) -> pd.DataFrame:
    """For each document: how much of its text it shares with its reference(s) and how much is
    local addition. Columns: doc_id, reference (the one sharing most), total_chars, reused_chars,
    reused_share, local_share, passages.
    """
    passages = reuse_passages(corpus, reference, k=k, min_chars=min_chars, candidates=candidates)
    rows = []
    for d in corpus:
        s, offs = _chars(d.text)
        mine = passages[passages["doc_id"] == d.doc_id]
        total = len(s)
        covered = np.zeros(len(d.text) + 1, dtype=bool)
        for st, en in zip(mine["start"], mine["end"]):
            covered[st:en] = True
        reused = int(covered[offs].sum()) if total else 0
        best = mine.groupby("reference")["chars"].sum().idxmax() if len(mine) else None
        rows.append({"doc_id": d.doc_id, "reference": best, "total_chars": total, "reused_chars": reused,
                     "reused_share": reused / total if total else 0.0,
                     "local_share": 1 - reused / total if total else 0.0, "passages": len(mine)})
    return pd.DataFrame(rows, columns=["doc_id", "reference", "total_chars", "reused_chars", "reused_share",
                                       "local_share", "passages"])
