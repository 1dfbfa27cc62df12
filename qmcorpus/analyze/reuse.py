"""qmcorpus.analyze.reuse: similarity between documents, reposts, and reuse of another text.

Similarity is TF-IDF cosine over the project's tokens (scikit-learn). Reuse works on characters:
a passage is reused where every run of ``k`` characters also occurs in the reference text
(whitespace ignored), so copied sentences are found even when a city edits around them. Stock
phrases of the genre (runs found in many documents) and cited titles are shared without being
copied: they are reported apart (``stock_chars``), not counted as reuse. A document with no
reference (no national notice of its year, no year) gets an empty share and the reason.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from ..schema import LIST_SEP


def _tfidf(corpus, stopwords="all"):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .terms import tokenize

    vec = TfidfVectorizer(analyzer=lambda t: tokenize(t, stopwords=stopwords))
    X = vec.fit_transform([d.text for d in corpus])
    return X, [d.doc_id for d in corpus]


def similarity_matrix(corpus, *, stopwords="all") -> pd.DataFrame:
    """Square DataFrame of TF-IDF cosine similarities (doc_id × doc_id); ``attrs["labels"]`` maps
    each doc_id to a short title (place, year, title) for plots."""
    from sklearn.metrics.pairwise import cosine_similarity

    from .groups import short_titles

    X, ids = _tfidf(corpus, stopwords)
    out = pd.DataFrame(cosine_similarity(X), index=ids, columns=ids)
    out.attrs["labels"] = short_titles(corpus).to_dict()
    return out


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


def _references(corpus, reference, candidates: int) -> dict[str, tuple[list[str], str | None]]:
    """doc_id → (reference doc_ids to compare with, why there are none — or None)."""
    ids = [d.doc_id for d in corpus]
    if reference is None:
        if len(ids) < 2:
            return {d: ([], "no other document to compare with") for d in ids}
        sims = similarity_matrix(corpus)
        return {d: (list(sims.loc[d].drop(d).sort_values(ascending=False).index[:candidates]), None) for d in ids}
    if reference == "national":
        frame = corpus.frame.set_index("doc_id")
        year = {d: (None if pd.isna(y) else int(y)) for d, y in frame["year"].items()}
        nat = [n for n in ids if frame.at[n, "level"] == "national"]
        out = {}
        for d in ids:
            if year[d] is None:
                out[d] = ([], "document has no year")
                continue
            refs = [n for n in nat if n != d and year[n] == year[d]]
            out[d] = (refs, None if refs else f"no other national document of {year[d]}")
        return out
    refs = [reference] if isinstance(reference, str) else list(reference)
    unknown = [r for r in refs if r not in set(ids)]
    if unknown:
        raise ValueError(f"reference {unknown[0]!r} is not a doc_id of the corpus (or 'national')")
    return {d: ([r for r in refs if r != d], None if [r for r in refs if r != d] else "is the reference")
            for d in ids}


STOCK_MIN_YEARS = 3  # a phrase of the genre recurs across campaigns; a copied notice stays in its year


def _stock_grams(texts: dict[str, str], years: dict[str, int | None], k: int, share: float | None,
                 min_docs: int) -> set[str]:
    """k-grams that are stock phrases of the genre, not copying from one reference: found in at
    least ``share`` of the documents (and ``min_docs``) and, when the corpus spans several
    campaign years, in documents of at least ``STOCK_MIN_YEARS`` of them — the passages of one
    year's national notice that its copies share stay within that year."""
    if share is None or not texts:
        return set()
    df: Counter = Counter()
    grams_of = {d: _grams(_chars(t)[0], k) for d, t in texts.items()}
    for g in grams_of.values():
        df.update(g)
    need = max(min_docs, math.ceil(share * len(texts)))
    common = {g for g, n in df.items() if n >= need}
    if len({y for y in years.values() if y is not None}) < STOCK_MIN_YEARS:
        return common
    seen: dict[str, set[int]] = {}
    for d, grams in grams_of.items():
        if years.get(d) is None:
            continue
        for g in grams & common:
            seen.setdefault(g, set()).add(years[d])
    return {g for g in common if len(seen.get(g, ())) >= STOCK_MIN_YEARS}


def _citations(doc: str) -> np.ndarray:
    """Characters of ``doc`` (whitespace removed) inside a cited title 《…》: citing is not copying."""
    from ..extract.structure import CITED_TITLE

    mask = np.zeros(len(doc), dtype=bool)
    for m in CITED_TITLE.finditer(doc):
        mask[m.start():m.end()] = True
    return mask


def _runs(mask: np.ndarray):
    """(start, end) of every run of True in ``mask``."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2]))


def _scan(corpus, reference, *, k, min_chars, candidates, stock_share, stock_min_docs):
    """Passages table and, per document, (reused mask, stock mask, references, reason)."""
    texts = {d.doc_id: d.text for d in corpus}
    years = {d.doc_id: (None if pd.isna(y) else int(y)) for d, y in zip(corpus, corpus.frame["year"])}
    stock = _stock_grams(texts, years, k, stock_share, stock_min_docs)
    chars = {d: _chars(t) for d, t in texts.items()}
    gram_cache: dict[str, set[str]] = {}
    rows, per_doc = [], {}
    for d, (refs, reason) in _references(corpus, reference, candidates).items():
        s, offs = chars[d]
        cited = _citations(s)
        reused = np.zeros(len(s), dtype=bool)
        stocked = np.zeros(len(s), dtype=bool)
        for r in refs:
            if r not in gram_cache:
                gram_cache[r] = _grams(chars[r][0], k)
            ref_grams = gram_cache[r]
            cov_any = _covered(s, ref_grams, k)
            cov_real = _covered(s, ref_grams - stock, k) & ~cited
            for i, j in _runs(cov_any):
                if j - i < min_chars:
                    continue
                real = int(cov_real[i:j].sum())
                is_stock = real < min_chars
                start, end = int(offs[i]), int(offs[j - 1]) + 1
                rows.append({"doc_id": d, "reference": r, "start": start, "end": end, "chars": int(j - i),
                             "stock_chars": int(j - i - real), "stock": is_stock, "text": texts[d][start:end]})
                if is_stock:
                    stocked[i:j] = True
                else:
                    reused[i:j] |= cov_real[i:j]
                    stocked[i:j] |= ~cov_real[i:j]
        per_doc[d] = (reused, stocked & ~reused, refs, reason)
    passages = pd.DataFrame(rows, columns=["doc_id", "reference", "start", "end", "chars", "stock_chars", "stock", "text"])
    return passages, per_doc


def reuse_passages(corpus, reference=None, *, k: int = 10, min_chars: int = 12, candidates: int = 5,
                   stock_share: float | None = 0.1, stock_min_docs: int = 3) -> pd.DataFrame:
    """Passages each document shares with its reference(s): doc_id, reference, start, end, chars,
    stock_chars, stock, text.

    ``reference``: None (each document's most similar others), ``"national"`` (national
    documents of the same year), a doc_id or a list of doc_ids. Offsets are into the clean text.
    Runs of ``k`` characters found in at least ``stock_share`` of all documents (and
    ``stock_min_docs``), of at least three campaign years when the corpus spans that many, are
    stock phrases of the genre (the campaign named with its year, slogans), and cited titles 《…》 are citations: their
    characters are ``stock_chars``, and a passage with fewer than ``min_chars`` other characters is
    flagged ``stock`` (not counted as reuse). ``stock_share=None`` counts everything.
    """
    return _scan(corpus, reference, k=k, min_chars=min_chars, candidates=candidates, stock_share=stock_share,
                 stock_min_docs=stock_min_docs)[0]


def reuse(corpus, reference=None, *, k: int = 10, min_chars: int = 12, candidates: int = 5,
          stock_share: float | None = 0.1, stock_min_docs: int = 3) -> pd.DataFrame:
    """For each document: how much of its text it shares with its reference(s) and how much is
    local addition. Columns: doc_id, reference (the one sharing most), references (all compared,
    ``" | "``-joined), reason (why there is no reference, else empty), total_chars, reused_chars,
    stock_chars (shared stock phrases and citations, not counted as reuse), reused_share,
    local_share (both empty — NaN — for a document without a reference), passages.

    See :func:`reuse_passages` for ``reference`` and the stock phrases.
    """
    passages, per_doc = _scan(corpus, reference, k=k, min_chars=min_chars, candidates=candidates,
                              stock_share=stock_share, stock_min_docs=stock_min_docs)
    real = passages[~passages["stock"].astype(bool)]
    rows = []
    for d in corpus:
        reused, stocked, refs, reason = per_doc[d.doc_id]
        total = len(reused)
        mine = real[real["doc_id"] == d.doc_id]
        best = mine.groupby("reference")["chars"].sum().idxmax() if len(mine) else None
        n_reused = int(reused.sum())
        share = (n_reused / total if total else 0.0) if refs else float("nan")
        rows.append({"doc_id": d.doc_id, "reference": best, "references": LIST_SEP.join(refs), "reason": reason or "",
                     "total_chars": total, "reused_chars": n_reused if refs else None,
                     "stock_chars": int(stocked.sum()) if refs else None, "reused_share": share,
                     "local_share": 1 - share, "passages": len(mine)})
    out = pd.DataFrame(rows, columns=["doc_id", "reference", "references", "reason", "total_chars", "reused_chars",
                                      "stock_chars", "reused_share", "local_share", "passages"])
    out["reused_chars"] = out["reused_chars"].astype("Int64")
    out["stock_chars"] = out["stock_chars"].astype("Int64")
    return out
