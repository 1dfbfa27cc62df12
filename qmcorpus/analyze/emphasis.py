"""qmcorpus.analyze.emphasis: what each group of documents emphasised (activity categories) and trends."""
from __future__ import annotations

import pandas as pd

from ..extract.activities import taxonomy


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


def emphasis(corpus, by="year", *, measure: str = "share", min_docs: int = 1) -> pd.DataFrame:
    """Category emphasis per group, document-balanced (each document weighs the same).

    ``measure`` is ``"share"`` (mean share of a document's activity items) or ``"presence"``
    (share of documents that carry the category). Returns one row per group and category with
    ``value``, ``n_docs`` (documents in the group) and ``n_docs_with`` (documents carrying it);
    groups with fewer than ``min_docs`` documents are dropped.

    >>> import qmcorpus
    >>> emphasis(qmcorpus.load(["data/raw"]), by="level").columns.tolist()
    ['level', 'category', 'name', 'value', 'n_docs', 'n_docs_with']
    """
    if measure not in ("share", "presence"):
        raise ValueError("measure must be 'share' or 'presence'")
    cols = _by_list(by)
    meta = corpus.frame[["doc_id", *cols]]
    shares = category_shares(corpus).merge(meta, on="doc_id")
    names = {c.key: c.name for c in taxonomy()}
    g = shares.groupby(cols + ["category"], dropna=False, sort=True)
    out = g.agg(value=(measure, "mean"), n_docs=("doc_id", "nunique"), n_docs_with=("presence", "sum")).reset_index()
    out.insert(len(cols) + 1, "name", out["category"].map(names))
    out = out[out["n_docs"] >= min_docs].reset_index(drop=True)
    return out


def trends(corpus, items, *, kind: str = "term", by: str = "year") -> pd.DataFrame:
    """How often terms, categories or theme keywords occur across ``by`` (default: years).

    ``kind="term"``: occurrences per 10k characters of clean text and share of documents using
    it; ``kind="category"``: share of documents carrying the category; ``kind="theme"``: share of
    documents whose theme contains the keyword.
    """
    if isinstance(items, str):
        items = [items]
    frame = corpus.frame
    rows = []
    for item in items:
        for key, grp in frame.groupby(by, dropna=True, sort=True):
            n = len(grp)
            if kind == "term":
                counts = grp["text"].str.count(_literal(item))
                chars = grp["n_chars"].sum()
                rows.append({by: key, "item": item, "per_10k": 10000 * counts.sum() / chars if chars else 0.0,
                             "share_docs": (counts > 0).mean(), "n_docs": n})
            elif kind == "category":
                has = grp["categories"].map(lambda cs, key=item: key in list(cs))
                rows.append({by: key, "item": item, "per_10k": float("nan"), "share_docs": has.mean(), "n_docs": n})
            elif kind == "theme":
                has = grp["theme"].fillna("").str.contains(item, regex=False)
                rows.append({by: key, "item": item, "per_10k": float("nan"), "share_docs": has.mean(), "n_docs": n})
            else:
                raise ValueError("kind must be 'term', 'category' or 'theme'")
    return pd.DataFrame(rows, columns=[by, "item", "per_10k", "share_docs", "n_docs"])


def _literal(s: str) -> str:
    import re

    return re.escape(s)
