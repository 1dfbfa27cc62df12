"""qmcorpus.plot.charts: heatmap of emphasis, keyness bars, trend lines, similarity matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .fonts import font_context


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def heatmap(frame: pd.DataFrame, *, index: str, columns: str = "name", values: str = "value", ax=None,
            title: str | None = None, cmap: str = "Blues", annotate: bool = True, fmt: str = "{:.2f}"):
    """Groups × categories heatmap from a tidy frame (e.g. ``analyze.emphasis(corpus, by="year")``)."""

    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="mean")
    with font_context():
        ax = _axes(ax, (1.0 + 0.7 * table.shape[1], 1.0 + 0.45 * table.shape[0]))
        im = ax.imshow(table.to_numpy(dtype=float), cmap=cmap, aspect="auto", vmin=0)
        ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=45, ha="right")
        ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
        if annotate:
            vals = table.to_numpy(dtype=float)
            top = np.nanmax(vals) if np.isfinite(vals).any() else 1
            for (i, j), v in np.ndenumerate(vals):
                if np.isfinite(v):
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                            color="white" if v > 0.6 * top else "black")
        ax.figure.colorbar(im, ax=ax, fraction=0.03)
        ax.set_title(title or f"{values} by {index}")
        ax.figure.tight_layout()
    return ax


def keyness_bars(frame: pd.DataFrame, *, n: int = 15, measure: str = "log_odds_z", ax=None, title: str | None = None):
    """Top-``n`` key terms of ``analyze.keyness`` as horizontal bars; flagged terms drawn pale."""

    top = frame.head(n).iloc[::-1]
    with font_context():
        ax = _axes(ax, (6, 0.35 * len(top) + 1))
        colors = ["#c9d3e0" if f else "#2b6cb0" for f in top.get("few_docs", [False] * len(top))]
        ax.barh(top["term"], top[measure], color=colors)
        ax.set_xlabel(measure)
        ax.set_title(title or "关键词 (keyness)")
        ax.figure.tight_layout()
    return ax


def trend_lines(frame: pd.DataFrame, *, x: str = "year", y: str = "share_docs", hue: str = "item", ax=None,
                title: str | None = None):
    """One line per item over ``x`` (e.g. ``analyze.trends(corpus, ["品牌", "质量安全"])``)."""

    numeric = pd.api.types.is_numeric_dtype(frame[x])
    order = sorted(frame[x].dropna().unique(), key=str) if not numeric else None
    with font_context():
        ax = _axes(ax, (7, 4))
        for key, grp in frame.groupby(hue, sort=False):
            g = grp.sort_values(x)
            xs = g[x].astype(float) if numeric else [order.index(v) for v in g[x]]
            ax.plot(xs, g[y], marker="o", label=str(key))
        if not numeric:
            ax.set_xticks(range(len(order)), [str(v) for v in order])
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.legend()
        ax.set_title(title or f"{y} over {x}")
        ax.figure.tight_layout()
    return ax


def similarity_heatmap(matrix: pd.DataFrame, *, ax=None, title: str | None = None, labels: pd.Series | None = None):
    """Square similarity matrix (``analyze.similarity_matrix``); ``labels`` maps doc_id → label."""

    names = [str(labels.get(i, i)) if labels is not None else str(i) for i in matrix.index]
    with font_context():
        ax = _axes(ax, (1 + 0.3 * len(names), 1 + 0.3 * len(names)))
        im = ax.imshow(matrix.to_numpy(dtype=float), cmap="viridis", vmin=0, vmax=1)
        ax.set_xticks(range(len(names)), names, rotation=90, fontsize=7)
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.figure.colorbar(im, ax=ax, fraction=0.03)
        ax.set_title(title or "文本相似度 (TF-IDF cosine)")
        ax.figure.tight_layout()
    return ax
