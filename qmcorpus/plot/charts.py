"""qmcorpus.plot.charts: heatmap of emphasis, keyness bars, trend lines, similarity matrix.

Every chart shows how much evidence stands behind a value: document counts on the axis labels,
bootstrap intervals where the table has them (bands, error bars, bracketed ranges), and groups
with fewer than ``min_docs`` documents drawn grey. Category keys, levels and "unknown" are shown
by their Chinese names (data/categories.toml, data/labels.toml).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..analyze.groups import group_label
from .fonts import font_context

FEW = "#b0b0b0"  # colour of groups with too few documents
MIN_DOCS = 3


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _with_n(label, n) -> str:
    return f"{label} (n={int(n)})" if n is not None and not pd.isna(n) else str(label)


def heatmap(frame: pd.DataFrame, *, index: str, columns: str = "name", values: str = "value", ax=None,
            title: str | None = None, cmap: str = "Blues", annotate: bool = True, fmt: str = "{:.2f}",
            min_docs: int = MIN_DOCS):
    """Groups × categories heatmap from a tidy frame (e.g. ``analyze.emphasis(corpus, by="year")``).

    Row labels carry the group's documents (``n_docs``); cells show the value and, when the frame
    has ``ci_low``/``ci_high``, its interval; rows with fewer than ``min_docs`` documents are greyed.
    """
    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="mean", dropna=False)
    table = table.reindex(columns=list(dict.fromkeys(frame[columns])))
    ci = None
    if {"ci_low", "ci_high"} <= set(frame.columns):
        ci = (frame.pivot_table(index=index, columns=columns, values="ci_low", aggfunc="mean", dropna=False)
              .reindex_like(table),
              frame.pivot_table(index=index, columns=columns, values="ci_high", aggfunc="mean", dropna=False)
              .reindex_like(table))
    n_docs = frame.groupby(index)["n_docs"].max().reindex(table.index) if "n_docs" in frame else None
    few = (n_docs < min_docs).to_numpy() if n_docs is not None else np.zeros(len(table), dtype=bool)
    with font_context():
        ax = _axes(ax, (1.5 + 0.95 * table.shape[1], 1.2 + 0.5 * table.shape[0]))
        vals = table.to_numpy(dtype=float)
        im = ax.imshow(vals, cmap=cmap, aspect="auto", vmin=0)
        if few.any():  # a grey veil over the rows that rest on too few documents
            veil = np.where(few[:, None], 1.0, np.nan) * np.ones_like(vals)
            ax.imshow(veil, cmap="Greys", vmin=0, vmax=4, alpha=0.85, aspect="auto")
        ax.set_xticks(range(table.shape[1]), [group_label(c) for c in table.columns], rotation=45, ha="right")
        ylabels = [_with_n(group_label(i), None if n_docs is None else n_docs.iloc[k]) for k, i in enumerate(table.index)]
        ax.set_yticks(range(table.shape[0]), ylabels)
        for k, lab in enumerate(ax.get_yticklabels()):
            if few[k]:
                lab.set_color("#888888")
        if annotate:
            top = np.nanmax(vals) if np.isfinite(vals).any() else 1
            for (i, j), v in np.ndenumerate(vals):
                if not np.isfinite(v):
                    continue
                text = fmt.format(v)
                if ci is not None and np.isfinite(ci[0].iat[i, j]) and not few[i]:
                    text += f"\n[{fmt.format(ci[0].iat[i, j])}–{fmt.format(ci[1].iat[i, j])}]"
                color = "#555555" if few[i] else ("white" if v > 0.6 * top else "black")
                ax.text(j, i, text, ha="center", va="center", fontsize=6.5, color=color, linespacing=1.1)
        ax.figure.colorbar(im, ax=ax, fraction=0.03)
        note = f"; grey: fewer than {min_docs} documents" if few.any() else ""
        ax.set_title(title or f"{values} by {index}")
        ax.set_xlabel(f"[bootstrap 95% interval]{note}" if ci is not None else note.lstrip("; "), fontsize=8)
        ax.figure.tight_layout()
    return ax


def keyness_bars(frame: pd.DataFrame, *, n: int = 15, measure: str = "log_odds", ax=None, title: str | None = None):
    """Top-``n`` key terms of ``analyze.keyness`` as horizontal bars, in the table's order.

    With ``measure="log_odds"`` (default) each bar has its document-bootstrap 95% interval; the
    documents using the term in target / reference stand beside it; terms flagged ``few_docs``
    are drawn pale.
    """
    top = frame.head(n).iloc[::-1]
    with font_context():
        ax = _axes(ax, (7, 0.38 * len(top) + 1.4))
        few = top["few_docs"].to_numpy(dtype=bool) if "few_docs" in top else np.zeros(len(top), dtype=bool)
        colors = ["#c9d3e0" if f else "#2b6cb0" for f in few]
        ys = np.arange(len(top))
        vals = top[measure].to_numpy(dtype=float)
        xerr = None
        if measure == "log_odds" and {"ci_low", "ci_high"} <= set(top.columns) and top["ci_low"].notna().any():
            lo, hi = top["ci_low"].to_numpy(dtype=float), top["ci_high"].to_numpy(dtype=float)
            xerr = np.vstack([np.clip(vals - lo, 0, None), np.clip(hi - vals, 0, None)])
        ax.barh(ys, vals, color=colors, xerr=xerr, error_kw={"ecolor": "#333333", "elinewidth": 1, "capsize": 2})
        ax.set_yticks(ys, top["term"].tolist())
        ax.axvline(0, color="#666666", linewidth=0.8)
        if {"docs_target", "docs_reference"} <= set(top.columns):
            right = np.nanmax(np.concatenate([vals, xerr[1] + vals if xerr is not None else vals]))
            for y, (dt, dr) in enumerate(zip(top["docs_target"], top["docs_reference"])):
                ax.text(right * 1.04 if right > 0 else 0.05, y, f"{dt}/{dr}", va="center", fontsize=7, color="#444444")
            ax.set_xlim(right=(right * 1.22 if right > 0 else 1))
        label = {"log_odds": "log-odds ratio (bars: bootstrap 95% interval)", "log_odds_z": "log-odds z",
                 "g2": "G²"}.get(measure, measure)
        ax.set_xlabel(f"{label}\nnumbers: documents using the term, target/reference", fontsize=9)
        n_t, n_r = frame.attrs.get("n_docs_target"), frame.attrs.get("n_docs_reference")
        sub = f" (target {n_t} vs reference {n_r} documents)" if n_t is not None else ""
        ax.set_title((title or "关键词 (keyness)") + sub, fontsize=10)
        ax.figure.tight_layout()
    return ax


def trend_lines(frame: pd.DataFrame, *, x: str = "year", y: str = "share_docs", hue: str = "item", ax=None,
                title: str | None = None, min_docs: int = MIN_DOCS):
    """One line per item over ``x`` (e.g. ``analyze.trends(corpus, ["品牌", "质量安全"])``).

    The ``{y}_ci_low``/``{y}_ci_high`` columns, when present, draw a band (numeric ``x``) or error
    bars; points resting on fewer than ``min_docs`` documents are hollow and grey, and the x labels
    carry the documents of each group. Legends use the ``name`` column (Chinese category names).
    """
    if y not in frame and f"{y}_chars" in frame:  # the rate's name before it carried its unit
        y = f"{y}_chars"
    numeric = pd.api.types.is_numeric_dtype(frame[x])
    # numbers in order, then text (an "unknown" year after the years)
    order = sorted(frame[x].dropna().unique(), key=lambda v: (isinstance(v, str), v if not isinstance(v, str) else 0, str(v)))
    lo_col, hi_col = f"{y}_ci_low", f"{y}_ci_high"
    has_ci = lo_col in frame and hi_col in frame and frame[lo_col].notna().any()
    n_by_x = frame.groupby(x)["n_docs"].max() if "n_docs" in frame else None
    with font_context():
        ax = _axes(ax, (max(7, 0.55 * len(order) + 2), 4.5))
        groups = list(frame.groupby(hue, sort=False))
        width = 0.6 / max(len(groups), 1)
        for k, (key, grp) in enumerate(groups):
            g = grp.iloc[np.argsort([order.index(v) for v in grp[x]], kind="stable")]
            xs = g[x].astype(float).to_numpy() if numeric else np.array([order.index(v) for v in g[x]], dtype=float)
            if not numeric:  # dodge the items so their error bars do not overlap
                xs = xs + (k - (len(groups) - 1) / 2) * width
            ys = g[y].to_numpy(dtype=float)
            few = (g["n_docs"] < min_docs).to_numpy() if "n_docs" in g else np.zeros(len(g), dtype=bool)
            ok = ~few
            label = g["name"].iloc[0] if "name" in g and isinstance(g["name"].iloc[0], str) else group_label(key)
            # the line and its interval join only the groups with enough documents; a group of one
            # or two documents is a hollow point of its own, not a spike of the line
            line, = ax.plot(xs[ok], ys[ok], marker="o", markersize=5, label=str(label), linewidth=1.6,
                            linestyle="-" if numeric else "none")
            c = line.get_color()
            if has_ci and ok.any():
                lo, hi = g[lo_col].to_numpy(dtype=float)[ok], g[hi_col].to_numpy(dtype=float)[ok]
                if numeric:
                    ax.fill_between(xs[ok], lo, hi, color=c, alpha=0.15, linewidth=0)
                else:
                    ax.errorbar(xs[ok], ys[ok], yerr=np.vstack([ys[ok] - lo, hi - ys[ok]]).clip(0), fmt="none",
                                ecolor=c, elinewidth=1, capsize=3)
            ax.scatter(xs[few], ys[few], facecolors="white", edgecolors=c, alpha=0.55, s=28, zorder=3,
                       linewidths=1.2)
        ticks = [float(v) for v in order] if numeric else list(range(len(order)))
        labels = [f"{group_label(v)}\nn={int(n_by_x[v])}" if n_by_x is not None else group_label(v) for v in order]
        ax.set_xticks(ticks, labels, fontsize=7 if len(order) > 10 else 8)
        if n_by_x is not None:
            for t, v in zip(ax.get_xticklabels(), order):
                if n_by_x[v] < min_docs:
                    t.set_color("#999999")
        note = [f"{'band' if numeric else 'bars'}: bootstrap 95% interval"] if has_ci else []
        if n_by_x is not None:
            note.append(f"hollow{', unjoined' if numeric else ''}: fewer than {min_docs} documents")
        ax.set_xlabel(f"{x}\n({'; '.join(note)})" if note else x, fontsize=9)
        ax.set_ylabel(y)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
        ax.set_title(title or f"{y} over {x}", fontsize=11)
        ax.figure.tight_layout()
    return ax


def cluster_order(matrix: pd.DataFrame) -> list:
    """Index of a similarity matrix ordered by average-linkage clustering of 1 − similarity."""
    if len(matrix) < 3:
        return list(matrix.index)
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    dist = 1 - matrix.to_numpy(dtype=float)
    dist = np.clip((dist + dist.T) / 2, 0, None)
    np.fill_diagonal(dist, 0)
    return [matrix.index[i] for i in leaves_list(linkage(squareform(dist, checks=False), method="average"))]


def similarity_heatmap(matrix: pd.DataFrame, *, ax=None, title: str | None = None, labels=None,
                       order: str = "cluster"):
    """Square similarity matrix (``analyze.similarity_matrix``), rows ordered by clustering
    (``order="cluster"``, or ``"input"``), labelled by short titles (``labels``: a mapping
    doc_id → label; default the matrix's own ``attrs["labels"]``). The diagonal is left blank and
    the colour scale spans the off-diagonal values, so it shows how documents differ.
    """
    import matplotlib.pyplot as plt

    labels = labels if labels is not None else matrix.attrs.get("labels")
    ids = cluster_order(matrix) if order == "cluster" else list(matrix.index)
    m = matrix.loc[ids, ids]
    names = [str(labels.get(i, i)) if labels is not None else str(i) for i in ids]
    vals = m.to_numpy(dtype=float).copy()
    np.fill_diagonal(vals, np.nan)
    off = vals[np.isfinite(vals)]
    vmin, vmax = (float(np.nanmin(off)), float(np.nanmax(off))) if off.size else (0.0, 1.0)
    with font_context():
        size = 2.5 + 0.16 * len(names)
        ax = _axes(ax, (size + 1.5, size))
        cmap = plt.get_cmap("viridis").copy()
        cmap.set_bad("white")
        im = ax.imshow(np.ma.masked_invalid(vals), cmap=cmap, vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1e-9)
        fs = 7 if len(names) <= 40 else 5
        ax.set_xticks(range(len(names)), names, rotation=90, fontsize=fs)
        ax.set_yticks(range(len(names)), names, fontsize=fs)
        ax.figure.colorbar(im, ax=ax, fraction=0.03, label="cosine similarity (diagonal left out)")
        ax.set_title(title or f"文本相似度 (TF-IDF cosine, {len(names)} documents, clustered)")
        ax.figure.tight_layout()
    return ax
