"""qmcorpus.analyze.rates: per-group rates of document × item counts, with document-bootstrap
intervals and dispersion — the one computation behind term frequency, trends and dictionaries.

Units are in the column names: ``count`` (occurrences), ``per_10k_chars`` (occurrences per
10,000 characters of clean text, pooled over the group's documents), ``share_docs`` (share of the
group's documents with at least one occurrence). Intervals resample the group's documents with
replacement (``bootstrap`` times) and take the 2.5–97.5 percentiles; a group of one document has a
zero-width interval, which is why ``n_docs`` stands beside every rate.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .groups import bootstrap_indices, by_list, interval

RATE_COLUMNS = ["count", "per_10k_chars", "per_10k_chars_ci_low", "per_10k_chars_ci_high", "n_docs_using",
                "n_docs", "share_docs", "share_docs_ci_low", "share_docs_ci_high"]


def gries_dp(counts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gries' deviation of proportions (2008) of each column of ``counts`` (documents × terms)
    over the documents, whose sizes are ``sizes``; and DP normalised by its maximum, 1 − min(s)
    (Lijffijt & Gries 2012). 0: spread like the documents' sizes; near 1: all in one small document.

    >>> dp, _ = gries_dp(np.array([[1], [1]]), np.array([50, 50]))
    >>> float(dp[0])
    0.0
    """
    counts = np.asarray(counts, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    s = sizes / sizes.sum() if sizes.sum() else np.full(len(sizes), 1 / max(len(sizes), 1))
    total = counts.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(total > 0, counts / total, np.nan)
    dp = 0.5 * np.abs(v - s[:, None]).sum(axis=0)
    dp = np.where(total > 0, dp, np.nan)
    denom = 1 - s.min() if len(s) else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = np.where(denom > 0, dp / denom, 0.0)
    return dp, norm


def _weights(n: int, bootstrap: int, rng) -> np.ndarray:
    """bootstrap × n resampling weights (how often each document is drawn)."""
    idx = bootstrap_indices(n, bootstrap, rng)
    w = np.zeros((bootstrap, n))
    np.add.at(w, (np.repeat(np.arange(bootstrap), n), idx.ravel()), 1)
    return w


def group_rates(counts, items: list[str], docs: pd.DataFrame, by, *, bootstrap: int = 200, seed: int = 0,
                item_col: str = "item", keep_zero: bool = True, dispersion: bool = False) -> pd.DataFrame:
    """One row per group and item from ``counts`` (documents × items, dense or sparse, rows in the
    order of ``docs``, which holds ``n_chars`` and the ``by`` columns).

    ``keep_zero=False`` leaves out items a group never uses; ``dispersion`` adds Gries' DP.
    """
    cols = by_list(by)
    X = sparse.csr_matrix(counts, dtype=float) if not sparse.issparse(counts) else counts.tocsr().astype(float)
    chars = docs["n_chars"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    groups = docs.groupby(cols, sort=True, dropna=False).indices if cols else {(): np.arange(len(docs))}
    frames = []
    for key, idx in groups.items():
        key = key if isinstance(key, tuple) else (key,)
        sub, ch = X[idx], chars[idx]
        n = len(idx)
        total = np.asarray(sub.sum(axis=0)).ravel()
        used = np.asarray((sub > 0).sum(axis=0)).ravel()
        keep = np.arange(len(items)) if keep_zero else np.flatnonzero(total)
        if not len(keep):
            continue
        sub_k = sub[:, keep]
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = 1e4 * total[keep] / ch.sum() if ch.sum() else np.full(len(keep), np.nan)
        if bootstrap and n:
            w = _weights(n, bootstrap, rng)
            bc = np.asarray((sub_k.T @ w.T).T)
            bch = w @ ch
            with np.errstate(divide="ignore", invalid="ignore"):
                r_lo, r_hi = interval(1e4 * bc / bch[:, None])
            s_lo, s_hi = interval(np.asarray(((sub_k > 0).astype(float).T @ w.T).T) / n)
        else:
            r_lo = r_hi = s_lo = s_hi = np.full(len(keep), np.nan)
        part = pd.DataFrame({item_col: [items[j] for j in keep], "count": total[keep].astype(int),
                             "per_10k_chars": rate, "per_10k_chars_ci_low": r_lo, "per_10k_chars_ci_high": r_hi,
                             "n_docs_using": used[keep].astype(int), "n_docs": n, "share_docs": used[keep] / n,
                             "share_docs_ci_low": s_lo, "share_docs_ci_high": s_hi})
        if dispersion:
            part["dp"], part["dp_norm"] = gries_dp(sub_k.toarray(), ch)
        for c, v in zip(cols, key):
            part.insert(cols.index(c), c, v)
        frames.append(part)
    extra = ["dp", "dp_norm"] if dispersion else []
    columns = [*cols, item_col, *RATE_COLUMNS, *extra]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
