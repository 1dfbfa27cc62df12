"""qmcorpus.analyze.dictionary: the researcher's own categories of words, counted per document and group.

A dictionary maps category names to words, e.g. ``{"创新": ["创新", "技术革新"], "安全": ["安全", "隐患"]}``.
It can be a Python dict or a file:

- TOML: ``"创新" = ["创新", "技术革新"]`` (Chinese keys in quotes; or a table per category,
  ``["创新"]``, with ``words = [...]``);
- YAML: ``创新: [创新, 技术革新]``;
- CSV: two columns ``category,word`` (one row per word, best with that header row), or one column
  per category with its words below the header.

Words are matched on word boundaries (see :mod:`qmcorpus.analyze.words`): the dictionary's words
are added to a private copy of the project's tokenizer, so 质量提升 is found as one word and 质量
is not found inside 质量月. A word in two categories counts in both.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..errors import QmcorpusError


def load_dictionary(source) -> dict[str, list[str]]:
    """{category: [words]} from a dict or a .toml / .yaml / .yml / .csv file (see the module doc)."""
    if isinstance(source, dict):
        raw = source
    else:
        path = Path(source)
        if not path.is_file():
            raise QmcorpusError(f"dictionary file not found: {path}")
        text = path.read_text(encoding="utf-8-sig")
        suffix = path.suffix.lower()
        if suffix == ".toml":
            from ..resources import tomllib

            try:
                raw = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise QmcorpusError(f"{path}: invalid TOML: {exc}") from exc
        elif suffix in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError as exc:  # pragma: no cover - PyYAML comes with most installs
                raise QmcorpusError("YAML dictionaries need PyYAML: pip install pyyaml") from exc
            raw = yaml.safe_load(text) or {}
        elif suffix == ".csv":
            raw = _from_csv(text)
        else:
            raise QmcorpusError(f"dictionary {path}: use a .toml, .yaml or .csv file")
    out: dict[str, list[str]] = {}
    for cat, words in raw.items():
        if isinstance(words, dict):
            words = words.get("words", [])
        if isinstance(words, str):
            words = [words]
        clean = [str(w).strip() for w in words or [] if str(w).strip()]
        if clean:
            out[str(cat)] = list(dict.fromkeys(clean))
    if not out:
        raise QmcorpusError("the dictionary has no words")
    return out


def _from_csv(text: str) -> dict[str, list[str]]:
    """Long (category, word rows) or wide (a column per category) CSV.

    Long when the header is ``category,word`` or, without it, when two columns repeat their first
    value (a category has several words); otherwise wide.
    """
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        return {}
    header = [c.lower() for c in rows[0][:2]]
    two = all(len(r) == 2 for r in rows)
    long = header in (["category", "word"], ["category", "words"])
    if long:
        rows = rows[1:]
    elif two and len({r[0] for r in rows}) < len(rows):
        long = True
    if not long:
        out: dict[str, list[str]] = {h: [] for h in rows[0] if h}
        for r in rows[1:]:
            for h, w in zip(rows[0], r):
                if h and w:
                    out[h].append(w)
        return out
    out = {}
    for r in rows:
        if len(r) >= 2 and r[0] and r[1]:
            out.setdefault(r[0], []).append(r[1])
    return out


def dictionary_counts(corpus, dictionary, *, match: str = "word") -> pd.DataFrame:
    """One row per document and dictionary word: doc_id, category, word, count (zeros kept)."""
    from .words import check_match, count

    check_match(match)
    dic = load_dictionary(dictionary)
    words = frozenset(w for ws in dic.values() for w in ws) if match == "word" else frozenset()
    rows = [(d.doc_id, cat, w, count(d.text, w, match=match, extra=words))
            for d in corpus for cat, ws in dic.items() for w in ws]
    return pd.DataFrame(rows, columns=["doc_id", "category", "word", "count"])


def dictionary(corpus, dictionary, by=None, *, match: str = "word", missing: str = "auto", bootstrap: int = 200,
               seed: int = 0) -> pd.DataFrame:
    """Counts of the dictionary's categories.

    ``by=None``: one row per document and category — doc_id, year, level, province, city,
    category, count (occurrences of its words), n_chars, per_10k_chars. With ``by`` (a column or
    a list of them): one row per group and category with the pooled ``per_10k_chars``,
    ``share_docs`` (documents using any of its words), their document-bootstrap 95% intervals and
    ``n_docs`` — the same columns as :func:`~qmcorpus.analyze.trends`. Documents with a missing
    group value follow ``missing`` (see :mod:`qmcorpus.analyze.groups`).

    >>> import qmcorpus
    >>> d = dictionary(qmcorpus.load(["data/raw"]), {"品牌": ["品牌", "名牌"]})
    >>> d.columns.tolist()[-4:]
    ['category', 'count', 'n_chars', 'per_10k_chars']
    """
    from .groups import group_frame, note_left_out
    from .rates import group_rates

    dic = load_dictionary(dictionary)
    per_word = dictionary_counts(corpus, dic, match=match)
    cats = list(dic)
    wide = (per_word.groupby(["doc_id", "category"], sort=False)["count"].sum().unstack("category")
            .reindex(index=[d.doc_id for d in corpus], columns=cats).fillna(0).astype(int))
    if by is None:
        meta = corpus.frame[["doc_id", "year", "level", "province", "city", "n_chars"]]
        long = wide.reset_index().melt(id_vars="doc_id", var_name="category", value_name="count")
        out = meta.merge(long, on="doc_id", how="right")
        out["per_10k_chars"] = 1e4 * out["count"] / out["n_chars"].where(out["n_chars"] > 0)
        order = {c: i for i, c in enumerate(cats)}
        out = out.sort_values(["doc_id", "category"], key=lambda s: s.map(order) if s.name == "category" else s)
        return out[["doc_id", "year", "level", "province", "city", "category", "count", "n_chars",
                    "per_10k_chars"]].reset_index(drop=True)
    docs, left_out = group_frame(corpus, by, missing=missing, columns=["n_chars"])
    X = wide.loc[docs["doc_id"]].to_numpy()
    out = group_rates(X, cats, docs, by, bootstrap=bootstrap, seed=seed, item_col="category")
    return note_left_out(out, left_out)
