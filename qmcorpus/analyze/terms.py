"""qmcorpus.analyze.terms: tokens, document-term matrix, term frequency and keyness between groups.

Tokens come from the project's jieba tokenizer (domain lexicon); stopwords are the data file
``data/stopwords.txt`` (generic function words plus 公文 boilerplate, switchable).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

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
    if not texts:
        return sparse.csr_matrix((0, 0), dtype=np.int64), [], []
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # no document has a content word
        return sparse.csr_matrix((len(texts), 0), dtype=np.int64), [], [d.doc_id for d in corpus]
    return X.tocsr(), list(vec.get_feature_names_out()), [d.doc_id for d in corpus]


class DFM(NamedTuple):
    """A document-feature matrix: ``matrix`` (scipy CSR, documents × terms, word counts),
    ``vocabulary`` (column names) and ``docs`` (the documents table of its rows, without the text)."""

    matrix: sparse.csr_matrix
    vocabulary: list
    docs: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Long (doc_id, term, count) table of the non-zero cells, for R's ``tidytext::cast_dfm``."""
        coo = self.matrix.tocoo()
        return pd.DataFrame({"doc_id": self.docs["doc_id"].to_numpy()[coo.row],
                             "term": np.asarray(self.vocabulary, dtype=object)[coo.col], "count": coo.data})


def dfm(corpus, *, stopwords="all", min_df: int = 1) -> DFM:
    """The document-feature matrix of ``corpus``: content words (jieba with the domain lexicon,
    stopwords per ``stopwords``) counted per document; terms in fewer than ``min_df`` documents dropped.

    >>> import qmcorpus
    >>> m = dfm(qmcorpus.load(["data/raw"]))
    >>> m.matrix.shape[0] == len(m.docs), m.matrix.shape[1] == len(m.vocabulary)
    (True, True)
    """
    X, vocab, ids = document_term_matrix(corpus, stopwords=stopwords, min_df=min_df)
    docs = corpus.frame.drop(columns=["text"]).set_index("doc_id").loc[ids].reset_index()
    return DFM(X, vocab, docs)


def term_counts(corpus, terms, *, match: str = "word"):
    """Documents × ``terms`` counts (CSR) under ``match`` (see :mod:`qmcorpus.analyze.words`):
    the counting definition shared by :func:`term_frequency` and :func:`~qmcorpus.analyze.trends`."""
    from .words import check_match, count

    check_match(match)
    terms = list(dict.fromkeys(terms))
    extra = frozenset(terms) if match == "word" else frozenset()
    rows = [[count(d.text, t, match=match, extra=extra) for t in terms] for d in corpus]
    return sparse.csr_matrix(np.array(rows, dtype=np.int64).reshape(len(rows), len(terms)))


def term_frequency(corpus, by="year", *, terms=None, match: str = "word", stopwords="all", min_df: int = 1,
                   missing: str = "auto", bootstrap: int = 200, seed: int = 0) -> pd.DataFrame:
    """Frequency and dispersion of words in each group (``by=None``: the whole corpus).

    Without ``terms``: every content word (the document-term matrix). With ``terms``: those terms,
    counted as words (``match="word"``, unknown terms added to a private tokenizer) or as
    substrings / regular expressions. Columns: the groups, ``term``, ``count``, ``per_10k_chars``
    with its document-bootstrap interval, ``n_docs_using``, ``n_docs``, ``share_docs`` with its
    interval, and Gries' ``dp`` / ``dp_norm`` over the group's documents (their sizes in characters). Documents with a missing
    group value follow ``missing`` (see :mod:`qmcorpus.analyze.groups`).
    """
    from .groups import group_frame, note_left_out
    from .rates import group_rates

    docs, left_out = group_frame(corpus, by, missing=missing, columns=["n_chars"])
    sub = _subset(corpus, docs["doc_id"])
    if terms is None:
        X, vocab, _ = document_term_matrix(sub, stopwords=stopwords, min_df=min_df)
    else:
        vocab = list(dict.fromkeys(terms))
        X = term_counts(sub, vocab, match=match)
    out = group_rates(X, vocab, docs, by, bootstrap=bootstrap, seed=seed, item_col="term", keep_zero=False,
                      dispersion=True)
    return note_left_out(out, left_out)


def _subset(corpus, doc_ids):
    """The corpus documents of ``doc_ids`` in that order (a plain list: analyses only iterate)."""
    return [corpus[d] for d in doc_ids]


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

    Documents whose ``by`` value is missing belong to neither side (their number is in
    ``attrs["left_out"]``), unless ``target`` or ``reference`` is ``"unknown"``.
    """
    from .groups import UNKNOWN, group_frame

    if target is None:
        raise ValueError("keyness needs a target group value, e.g. target=2022")
    if not isinstance(by, str):
        raise ValueError("keyness compares groups of one column: give by as a column name")
    docs, _ = group_frame(corpus, by, missing="unknown")
    group = docs[by]
    X, vocab, ids = document_term_matrix(corpus, stopwords=stopwords)
    frame = corpus.frame.set_index("doc_id").loc[ids]
    in_t = (group == target).to_numpy(dtype=bool)
    known = (group != UNKNOWN).to_numpy(dtype=bool) | (target == UNKNOWN)
    in_r = (group == reference).to_numpy(dtype=bool) if reference is not None else (~in_t & known)
    left_out = int((~in_t & ~in_r & ~known).sum())
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
        "docs_target": docs_t, "docs_reference": docs_r, "per_10k_chars_target": nf_t, "per_10k_chars_reference": nf_r,
        "g2": _g2(a, b, a.sum(), b.sum()), "log_odds": delta, "log_odds_z": z, "pct_diff": pct,
        "ci_low": lo, "ci_high": hi, "few_docs": docs_t < min_docs,
    })
    out = out[(out["count_target"] + out["count_reference"]) > 0]
    out = out.sort_values(["few_docs", "log_odds_z"], ascending=[True, False]).reset_index(drop=True)
    out.attrs.update(left_out={by: left_out} if left_out else {}, n_docs_target=int(in_t.sum()),
                     n_docs_reference=int(in_r.sum()))
    return out


__all__ = ["tokenize", "document_term_matrix", "dfm", "DFM", "term_counts", "term_frequency", "keyness", "stopword_sets"]
