"""Every analysis on the whole test corpus grouped by year, level and province (a quarter of the
pages state no year, some no level or province), on a corpus where every grouping value is
missing, and every plot rendered from those tables."""
import warnings

import numpy as np
import pandas as pd
import pytest

from qmcorpus import analyze as A
from qmcorpus.corpus import Corpus

from .test_analyze import doc

GROUPINGS = ["year", "level", "province"]
DICTIONARY = {"创新": ["创新", "技术革新"], "安全": ["安全", "隐患", "质量安全"]}


def _largest(frame, by):
    return frame[by].dropna().value_counts().index[0]


def _n_docs(table, by) -> int:
    return int(table.groupby(by)["n_docs"].max().sum())


def _with_some_missing(corpus, by, n=4):
    """The corpus as it is when some documents lack ``by``; else with ``by`` blanked in n documents
    (extraction may find the value everywhere, the analyses must still cope with pages that do not)."""
    from dataclasses import replace

    from qmcorpus.corpus import Corpus

    if corpus.frame[by].isna().any():
        return corpus
    docs = [replace(d, fields={**d.fields, by: None}) if i < n else d for i, d in enumerate(corpus)]
    return Corpus(docs)


@pytest.mark.parametrize("by", GROUPINGS)
def test_every_grouped_analysis_runs_on_the_test_corpus(test_corpus, by):
    c = _with_some_missing(test_corpus, by)
    e = A.emphasis(c, by=by, bootstrap=50)
    # every document is in a group or counted as left out
    assert _n_docs(e, by) + e.attrs["left_out"].get(by, 0) == len(c)
    assert (e["ci_low"] <= e["value"] + 1e-12).all() and (e["value"] <= e["ci_high"] + 1e-12).all()
    for kind, items in (("term", ["质量", "品牌"]), ("category", ["brand_building", "enforcement"]),
                        ("theme", ["质量"])):
        t = A.trends(c, items, kind=kind, by=by, bootstrap=50)
        assert _n_docs(t, by) + t.attrs["left_out"].get(by, 0) == len(c)
        assert t["share_docs"].between(0, 1).all()
    tf = A.term_frequency(c, by=by, bootstrap=20)
    assert tf["dp"].between(0, 1).all() and (tf["count"] > 0).all()
    d = A.dictionary(c, DICTIONARY, by=by, bootstrap=50)
    assert set(d["category"]) == set(DICTIONARY)
    k = A.keyness(c, by=by, target=_largest(c.frame, by), bootstrap=20)
    assert k.attrs["n_docs_target"] + k.attrs["n_docs_reference"] + k.attrs["left_out"].get(by, 0) == len(c)
    if by != "year":  # a text column keeps its unknown group
        assert A.UNKNOWN in set(e[by])
        assert len(A.keyness(c, by=by, target=A.UNKNOWN, bootstrap=0))


def test_ungrouped_analyses_run_on_the_test_corpus(test_corpus):
    c = test_corpus
    for reference in (None, "national"):
        r = A.reuse(c, reference=reference)
        has_ref = r["reason"] == ""
        assert r.loc[has_ref, "reused_share"].between(0, 1).all()
        assert r.loc[~has_ref, "reused_share"].isna().all()
    k = A.kwic(c, "质量")
    assert len(k) < len(A.kwic(c, "质量", match="substring"))
    assert k["title"].notna().any() and {"year", "level", "province", "city"} <= set(k.columns)
    col = A.collocates(c, "质量")
    assert len(col) and not col["collocate"].eq("质量").any()
    m = A.dfm(c)
    assert m.matrix.shape == (len(c), len(m.vocabulary)) and len(m.docs) == len(c)
    assert len(A.dictionary(c, DICTIONARY)) == len(c) * len(DICTIONARY)
    assert len(A.themes_vs_national(c)) == len(c)
    assert len(A.near_duplicates(c).columns) == 3
    terms, doc_topics = A.topics(c, k=3)
    sums = doc_topics.groupby("doc_id")["weight"].sum()
    assert len(terms) == 30 and len(sums) == len(c) and (np.isclose(sums, 1.0) | (sums == 0)).all()
    co = A.category_cooccurrence(c)
    assert (co["n_both"] <= co[["n_a", "n_b"]].min(axis=1)).all() and (co["n"] == len(c)).all()


def _all_missing():
    texts = ["各地开展质量月活动,加强质量安全监管,推进品牌建设。", "组织质量宣传和质量提升活动,开展技术创新。",
             "开展监督抽查,排查安全隐患,培育知名品牌。"]
    return Corpus([doc(f"m{i}", t, activities=[(t, ["publicity"])]) for i, t in enumerate(texts)])


@pytest.mark.parametrize("by", GROUPINGS)
def test_every_analysis_runs_when_every_grouping_value_is_missing(by):
    c = _all_missing()
    e = A.emphasis(c, by=by, bootstrap=20)
    t = A.trends(c, ["质量"], by=by, bootstrap=20)
    tf = A.term_frequency(c, by=by, bootstrap=20)
    d = A.dictionary(c, DICTIONARY, by=by, bootstrap=20)
    if by == "year":  # a number: left out and counted
        for table in (e, t, tf, d):
            assert table.empty and table.attrs["left_out"] == {"year": 3}
    else:  # a text: one unknown group
        for table in (e, t, d):
            assert set(table[by]) == {A.UNKNOWN} and set(table["n_docs"]) == {3}
        assert set(tf[by]) == {A.UNKNOWN}
    with pytest.raises(ValueError, match="no documents"):
        A.keyness(c, by=by, target=2022)
    r = A.reuse(c, reference="national")
    assert r["reused_share"].isna().all() and set(r["reason"]) == {"document has no year"}
    assert A.reuse(c)["reason"].eq("").all()
    # the word 质量 once (质量宣传 is two words); 质量月, 质量安全, 质量提升 are words of their own
    assert len(A.kwic(c, "质量")) == 1 and len(A.themes_vs_national(c)) == 3


def test_a_corpus_of_one_or_no_documents():
    one = Corpus([doc("a", "开展质量月活动。", year=2020)])
    assert A.reuse(one)["reason"].tolist() == ["no other document to compare with"]
    assert A.emphasis(one, by="year")["n_docs"].eq(1).all()
    empty = Corpus([])
    assert A.emphasis(empty, by="year").empty and A.term_frequency(empty, by="level").empty
    assert A.dfm(empty).matrix.shape == (0, 0)


def test_every_plot_renders_from_the_test_corpus(test_corpus, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qmcorpus import plot

    c = test_corpus
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # extraction may find a level for every page: blank a few so the "未知" group is drawn
        emph = plot.heatmap(A.emphasis(_with_some_missing(c, "level"), by="level", bootstrap=50), index="level")
        trend = plot.trend_lines(A.trends(c, ["质量强国", "品牌"], by="year", bootstrap=50), y="per_10k_chars")
        cats = plot.trend_lines(A.trends(c, ["brand_building", "enforcement"], kind="category", by="level",
                                         bootstrap=50), x="level")
        key = plot.keyness_bars(A.keyness(c, by="level", target="national", bootstrap=50))
        sim = plot.similarity_heatmap(A.similarity_matrix(c))
        unknown_year = plot.trend_lines(A.trends(c, ["品牌"], by="year", missing="unknown", bootstrap=0))
        for i, ax in enumerate([emph, trend, cats, key, sim, unknown_year]):
            ax.figure.savefig(tmp_path / f"f{i}.png", dpi=40)
    glyphs = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    assert not glyphs, glyphs
    # Chinese names on the axes, document counts on the group labels, few-document groups greyed
    assert {"质量宣传", "品牌建设"} <= {t.get_text() for t in emph.get_xticklabels()}
    ylabels = [t.get_text() for t in emph.get_yticklabels()]
    assert any(lab.startswith("市级 (n=") for lab in ylabels) and any(lab.startswith("未知") for lab in ylabels)
    assert {t.get_text() for t in cats.get_legend().get_texts()} == {"品牌建设", "监管执法"}
    assert any("n=" in t.get_text() for t in trend.get_xticklabels())
    assert unknown_year.get_xticklabels()[-1].get_text().startswith("未知")  # after the years
    assert trend.collections, "the trend has interval bands"
    assert any(line.get_xydata().shape[0] for line in key.lines), "keyness bars carry interval whiskers"
    # the similarity heatmap: short titles, no doc ids; diagonal blank; colours span the off-diagonal
    labels = [t.get_text() for t in sim.get_yticklabels()]
    assert len(labels) == len(c) and not set(labels) & set(c.frame["doc_id"])
    img = sim.images[0]
    arr = img.get_array()
    assert np.ma.getmaskarray(arr).diagonal().all()
    assert img.norm.vmax < 1.0
    plt.close("all")


def test_similarity_order_is_clustered():
    from qmcorpus.plot.charts import cluster_order

    ids = list("abcd")
    m = pd.DataFrame([[1, .1, .9, .1], [.1, 1, .1, .8], [.9, .1, 1, .1], [.1, .8, .1, 1]], index=ids, columns=ids)
    order = cluster_order(m)
    assert abs(order.index("a") - order.index("c")) == 1 and abs(order.index("b") - order.index("d")) == 1
