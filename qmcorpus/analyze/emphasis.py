"""qmcorpus.analyze.emphasis: what each group of documents emphasised (activity categories) and trends."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..extract.activities import taxonomy
from .groups import category_label, category_names


def _by_list(by) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def category_shares(corpus) -> pd.DataFrame:
    """One row per document and category: ``share`` of the document's activity items that carry
    the category, and ``presence`` (1 if the document carries it at all).

    Documents without activity items get share 0 and presence from their document categories.
    """
    keys = [c.key for c in taxonomy()]
    rows = []
    for d in corpus:
        n_items = len(d.activities)
        doc_cats = set(d.fields.get("categories") or [])
        for k in keys:
            with_k = sum(1 for a in d.activities if k in a.categories)
            rows.append({"doc_id": d.doc_id, "category": k, "items": n_items, "items_with": with_k,
                         "share": with_k / n_items if n_items else 0.0, "presence": int(k in doc_cats)})
    return pd.DataFrame(rows, columns=["doc_id", "category", "items", "items_with", "share", "presence"])


def emphasis(corpus, by="year", *, measure: str = "share", min_docs: int = 1, missing: str = "auto",
             bootstrap: int = 200, seed: int = 0) -> pd.DataFrame:
    """Category emphasis per group, document-balanced (each document weighs the same).

    ``measure`` is ``"share"`` (mean share of a document's activity items) or ``"presence"``
    (share of documents that carry the category). Returns one row per group and category with
    ``value``, its document-bootstrap 95% interval (``ci_low``, ``ci_high``), ``n_docs``
    (documents in the group) and ``n_docs_with`` (documents carrying it); groups with fewer than
    ``min_docs`` documents are dropped. Documents with a missing group value follow ``missing``
    (see :mod:`qmcorpus.analyze.groups`; left-out counts in ``attrs["left_out"]``).

    >>> import qmcorpus
    >>> emphasis(qmcorpus.load(["data/raw"]), by="level").columns.tolist()
    ['level', 'category', 'name', 'value', 'ci_low', 'ci_high', 'n_docs', 'n_docs_with']
    """
    from .groups import group_frame, interval, note_left_out

    if measure not in ("share", "presence"):
        raise ValueError("measure must be 'share' or 'presence'")
    cols = _by_list(by)
    docs, left_out = group_frame(corpus, cols, missing=missing)
    keys = [c.key for c in taxonomy()]
    names = category_names()
    shares = category_shares(corpus)
    wide = shares.pivot(index="doc_id", columns="category", values=measure).reindex(columns=keys)
    pres = shares.pivot(index="doc_id", columns="category", values="presence").reindex(columns=keys)
    rng = np.random.default_rng(seed)
    rows = []
    for key, idx in docs.groupby(cols, sort=True, dropna=False).indices.items():
        key = key if isinstance(key, tuple) else (key,)
        ids = docs["doc_id"].to_numpy()[idx]
        n = len(ids)
        if n < min_docs:
            continue
        vals = wide.loc[ids].to_numpy(dtype=float)
        mean = vals.mean(axis=0)
        if bootstrap:
            lo, hi = interval(vals[rng.integers(0, n, size=(bootstrap, n))].mean(axis=1))
        else:
            lo = hi = np.full(len(keys), np.nan)
        with_k = pres.loc[ids].sum(axis=0).to_numpy()
        for j, k in enumerate(keys):
            rows.append({**dict(zip(cols, key)), "category": k, "name": names[k], "value": mean[j],
                         "ci_low": lo[j], "ci_high": hi[j], "n_docs": n, "n_docs_with": int(with_k[j])})
    out = pd.DataFrame(rows, columns=[*cols, "category", "name", "value", "ci_low", "ci_high", "n_docs", "n_docs_with"])
    return note_left_out(out, left_out)


def trends(corpus, items, *, kind: str = "term", by: str = "year", match: str = "word", missing: str = "auto",
           bootstrap: int = 200, seed: int = 0) -> pd.DataFrame:
    """How often terms, categories or theme keywords occur across ``by`` (default: years).

    ``kind="term"``: the terms counted as in :func:`~qmcorpus.analyze.term_frequency` (words by
    default; ``match="substring"`` or ``"regex"``): ``count``, ``per_10k_chars`` and
    ``share_docs`` (documents using it); ``kind="category"``: share of documents carrying the
    category (``name`` is its Chinese name); ``kind="theme"``: share of documents whose theme
    contains the keyword. Every rate has a document-bootstrap 95% interval and ``n_docs`` beside
    it; documents with a missing ``by`` value follow ``missing`` (a missing year is left out and
    counted in ``attrs["left_out"]``).
    """
    from .groups import group_frame, note_left_out
    from .rates import group_rates
    from .terms import _subset, term_counts

    if kind not in ("term", "category", "theme"):
        raise ValueError("kind must be 'term', 'category' or 'theme'")
    if isinstance(items, str):
        items = [items]
    items = list(dict.fromkeys(items))
    docs, left_out = group_frame(corpus, by, missing=missing, columns=["n_chars", "categories", "theme"])
    if kind == "term":
        X = term_counts(_subset(corpus, docs["doc_id"]), items, match=match)
    elif kind == "category":
        X = np.array([[int(k in list(cs)) for k in items] for cs in docs["categories"]], dtype=float)
    else:
        X = np.array([[int(k in t) for k in items] for t in docs["theme"].fillna("")], dtype=float)
    X = X.reshape(len(docs), len(items)) if not hasattr(X, "tocsr") else X
    out = group_rates(X, items, docs, by, bootstrap=bootstrap, seed=seed)
    if kind != "term":
        out[["count", "per_10k_chars", "per_10k_chars_ci_low", "per_10k_chars_ci_high"]] = np.nan
    out.insert(len(_by_list(by)) + 1, "name", out["item"].map(category_label))
    return note_left_out(out, left_out)


def category_cooccurrence(corpus, *, level: str = "document") -> pd.DataFrame:
    """How often two activity categories go together: one row per pair of categories (a < b).

    ``level="document"`` counts documents carrying both, ``"item"`` activity items carrying both.
    Columns: category_a, name_a, category_b, name_b, n_both, n_a, n_b, n (documents or items),
    jaccard (n_both / documents with either) and lift (n_both·n / (n_a·n_b); > 1: more often
    together than if independent; NaN when either never occurs).
    """
    if level not in ("document", "item"):
        raise ValueError("level must be 'document' or 'item'")
    keys = [c.key for c in taxonomy()]
    names = category_names()
    if level == "document":
        sets = [set(d.fields.get("categories") or []) for d in corpus]
    else:
        sets = [set(a.categories) for d in corpus for a in d.activities]
    M = np.array([[k in s for k in keys] for s in sets], dtype=float).reshape(len(sets), len(keys))
    both = M.T @ M
    n = len(sets)
    rows = []
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            n_a, n_b, n_ab = both[i, i], both[j, j], both[i, j]
            either = n_a + n_b - n_ab
            rows.append({"category_a": a, "name_a": names[a], "category_b": b, "name_b": names[b],
                         "n_both": int(n_ab), "n_a": int(n_a), "n_b": int(n_b), "n": n,
                         "jaccard": n_ab / either if either else float("nan"),
                         "lift": n_ab * n / (n_a * n_b) if n_a and n_b else float("nan")})
    cols = ["category_a", "name_a", "category_b", "name_b", "n_both", "n_a", "n_b", "n", "jaccard", "lift"]
    return pd.DataFrame(rows, columns=cols).sort_values(["n_both", "category_a", "category_b"],
                                                         ascending=[False, True, True]).reset_index(drop=True)
