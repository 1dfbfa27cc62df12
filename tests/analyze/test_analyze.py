"""Analyses on small hand-made corpora whose right answers are known, plus a run on the shared corpus."""
import warnings

import numpy as np
import pandas as pd
import pytest

from qmcorpus import analyze as A
from qmcorpus.corpus import Corpus
from qmcorpus.extract import empty_fields
from qmcorpus.types import Activity, Document

FILLER = "各地要高度重视质量工作,组织开展质量宣传和质量提升活动,营造良好社会氛围。"


def doc(doc_id, text, *, year=None, level=None, city=None, categories=(), activities=()):
    fields = empty_fields()
    fields.update(year=year, level=level, city=city, categories=list(categories))
    acts = tuple(Activity(i + 1, "", t, 0, 1, tuple(c)) for i, (t, c) in enumerate(activities))
    return Document(doc_id, f"{doc_id}.txt", "utf-8", "simplified", text, fields=fields, activities=acts)


def test_emphasis_is_document_balanced():
    long_doc = doc("a", FILLER, year=2008, activities=[("x", ["enforcement"])] * 9 + [("y", ["publicity"])])
    short_doc = doc("b", FILLER, year=2008, activities=[("y", ["publicity"])])
    e = A.emphasis(Corpus([long_doc, short_doc]), by="year").set_index("category")
    # item-pooled share of publicity would be 2/11; document-balanced it is (0.1 + 1.0) / 2
    assert e.loc["publicity", "value"] == pytest.approx(0.55)
    assert e.loc["enforcement", "value"] == pytest.approx(0.45)
    assert e.loc["publicity", "n_docs"] == 2


def test_emphasis_presence_and_min_docs():
    docs = [doc("a", FILLER, year=2008, categories=["brand_building"]), doc("b", FILLER, year=2008),
            doc("c", FILLER, year=2022, categories=["brand_building"])]
    e = A.emphasis(Corpus(docs), by="year", measure="presence", min_docs=2)
    assert set(e["year"]) == {2008}
    assert e.set_index("category").loc["brand_building", "value"] == pytest.approx(0.5)


def _keyness_corpus():
    docs = []
    for i in range(5):
        docs.append(doc(f"t{i}", FILLER + "铁拳行动。" * 3 + FILLER, level="municipal"))
    docs.append(doc("t5", FILLER + "唯一奇特表述奇特表述奇特表述奇特表述奇特表述", level="municipal"))
    for i in range(6):
        docs.append(doc(f"r{i}", FILLER + "推进品牌建设,培育知名品牌。" + FILLER, level="county"))
    return Corpus(docs)


def test_keyness_finds_the_planted_term_and_flags_single_document_terms():
    k = A.keyness(_keyness_corpus(), by="level", target="municipal", min_docs=2, bootstrap=100)
    top = k[~k["few_docs"]].iloc[0]
    assert top["term"] == "铁拳行动"
    assert top["g2"] > 10 and top["log_odds_z"] > 2 and top["ci_low"] > 0 and top["pct_diff"] == np.inf
    odd = k[k["term"] == "奇特"].iloc[0] if (k["term"] == "奇特").any() else k[k["term"].str.contains("奇特")].iloc[0]
    assert bool(odd["few_docs"]) and odd["docs_target"] == 1
    # flagged terms are ranked after every unflagged one
    assert not k["few_docs"].iloc[: (~k["few_docs"]).sum()].any()
    brand = k[k["term"] == "知名品牌"].iloc[0]
    assert brand["log_odds_z"] < 0 and brand["g2"] < 0


def test_reuse_finds_the_copied_paragraph_and_its_share():
    national = "为深入贯彻质量发展纲要,全国开展质量月活动,主题为建设质量强国,开展质量提升行动和群众性质量活动。"
    copied = national[:40]
    local = "本市结合实际,组织企业开展技术比武和知识竞赛,举办实验室开放日。"
    corpus = Corpus([doc("nat", national, year=2012, level="national"),
                     doc("city", local + copied + local, year=2012, level="municipal")])
    r = A.reuse(corpus, reference="national").set_index("doc_id")
    total = len((local + copied + local).replace(" ", ""))
    assert r.loc["city", "reference"] == "nat"
    assert r.loc["city", "reused_share"] == pytest.approx(len(copied) / total, abs=0.02)
    assert r.loc["city", "local_share"] == pytest.approx(1 - len(copied) / total, abs=0.02)
    p = A.reuse_passages(corpus, reference="nat")
    assert p[p["doc_id"] == "city"]["text"].tolist() == [copied]


def test_near_duplicates_group_reposts_only():
    base = FILLER + "某市启动质量月活动,开展计量服务、标准宣贯和特种设备安全检查。" * 3
    corpus = Corpus([doc("a", base), doc("b", base + "(转载)"), doc("c", "全国开展食品安全专项整治,查处大案要案。" * 4)])
    nd = A.near_duplicates(corpus, threshold=0.9)
    assert set(nd["doc_id"]) == {"a", "b"} and set(nd["size"]) == {2}


def test_topics_are_deterministic():
    c = _keyness_corpus()
    t1, d1 = A.topics(c, k=2, method="nmf", seed=3)
    t2, d2 = A.topics(c, k=2, method="nmf", seed=3)
    pd.testing.assert_frame_equal(t1, t2)
    assert np.allclose(d1.groupby("doc_id")["weight"].sum(), 1.0)
    lt, ld = A.topics(c, k=2, method="lda")
    assert len(lt) == 2 * 10 and set(ld["topic"]) == {0, 1}


def test_trends_per_10k_and_share_of_documents():
    docs = [doc("a", "质量安全" + "。" * 996, year=2008), doc("b", "。" * 1000, year=2008),
            doc("c", "高质量发展" * 2 + "。" * 990, year=2022)]
    c = Corpus(docs)
    t = A.trends(c, ["质量安全", "高质量发展"], by="year").set_index(["year", "item"])
    assert t.loc[(2008, "质量安全"), "per_10k_chars"] == pytest.approx(10000 * 1 / 2000)
    assert t.loc[(2022, "高质量发展"), "count"] == 2 and t.loc[(2008, "质量安全"), "n_docs"] == 2
    assert t.loc[(2008, "质量安全"), "share_docs"] == 0.5
    assert t.loc[(2022, "高质量发展"), "share_docs"] == 1.0


def test_kwic_and_collocates():
    c = Corpus([doc("a", "推进品牌建设。培育知名品牌,打造品牌。"), doc("b", "开展品牌建设活动。")])
    k = A.kwic(c, "品牌", window=3, match="substring")
    assert len(k) == 4 and k.iloc[0]["right"] == "建设。" and k.iloc[1]["left"] == "育知名"
    # as a word, 品牌 is only the last one: the others are inside 品牌建设 and 知名品牌
    w = A.kwic(c, "品牌", window=3)
    assert w[["doc_id", "start", "left", "right"]].values.tolist() == [["a", 16, ",打造", "。"]]
    col = A.collocates(c, "品牌", min_count=1)
    assert set(col["collocate"]) == {"培育", "知名品牌", "打造"}


def test_themes_vs_national():
    fields = dict(theme="质量安全是社会和谐的基础")
    d = doc("a", FILLER, year=2008)
    d.fields.update(fields)
    out = A.themes_vs_national(Corpus([d])).iloc[0]
    assert out["same"] and out["national_theme"] == "质量安全是社会和谐的基础" and out["similarity"] == 100


def test_figures_render_chinese_with_the_bundled_font(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from qmcorpus import plot

    before = dict(matplotlib.rcParams)
    c = _keyness_corpus()
    frame = pd.DataFrame({"year": [2008, 2008, 2022, 2022], "name": ["质量宣传", "监管执法", "质量宣传", "品牌建设"],
                          "value": [0.5, 0.2, 0.4, 0.7]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        axes = [plot.heatmap(frame, index="year", title="活动类别侧重"),
                plot.keyness_bars(A.keyness(c, by="level", target="municipal", bootstrap=0)),
                plot.trend_lines(A.trends(c, ["铁拳行动", "知名品牌"], by="level"), x="level"),
                plot.similarity_heatmap(A.similarity_matrix(c))]
        for i, ax in enumerate(axes):
            ax.figure.savefig(tmp_path / f"f{i}.png")
            ax.figure.savefig(tmp_path / f"f{i}.pdf")
    missing = [str(w.message) for w in caught if "missing" in str(w.message).lower() or "glyph" in str(w.message).lower()]
    assert not missing, missing
    title = axes[0].title
    used = font_manager.findfont(title.get_fontproperties())
    assert used == str(plot.cjk_font_path())
    assert dict(matplotlib.rcParams) == before  # plotting changed no global style
    plt.close("all")


def test_analyses_run_on_the_shared_corpus(test_corpus):
    c = test_corpus
    e = A.emphasis(c, by="level")
    assert set(e["level"]) >= {"national", "provincial", "municipal", "county", "enterprise"}
    k = A.keyness(c, by="level", target="national", bootstrap=50)
    assert {"质检总局", "质量强国"} & set(k.head(15)["term"])
    r = A.reuse(c)
    assert r["reused_share"].between(0, 1).all() and len(r) == len(c)
    assert len(A.similarity(c)) == len(c) * (len(c) - 1) // 2
