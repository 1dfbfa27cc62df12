"""Word-level counts, dictionaries, dispersion, the document-feature matrix, exports and reuse,
pinned on hand-made corpora whose answers are computed by hand."""
import numpy as np
import pandas as pd
import pytest

from qmcorpus import analyze as A
from qmcorpus.corpus import Corpus
from qmcorpus.errors import QmcorpusError

from .test_analyze import doc

# segmentation (jieba + domain lexicon): 质量月/活动/突出/质量/,/建设/质量强国/,/人人/关注/质量/。
QUALITY = "质量月活动突出质量,建设质量强国,人人关注质量。"


def test_kwic_counts_words_not_substrings():
    c = Corpus([doc("a", QUALITY, year=2016, level="municipal", city="某市"), doc("b", "开展质量月活动。")])
    word = A.kwic(c, "质量", window=2)
    sub = A.kwic(c, "质量", window=2, match="substring")
    assert len(word) == 2 and len(sub) == 5  # 质量 ×2 as a word; also inside 质量月 ×2 and 质量强国
    assert word["start"].tolist() == [7, 21] and set(word["keyword"]) == {"质量"}
    row = word.iloc[0]
    assert (row["doc_id"], row["year"], row["level"], row["city"], row["left"], row["right"]) == \
        ("a", 2016, "municipal", "某市", "突出", ",建")
    rx = A.kwic(c, r"质量(?:月|强国)", match="regex")
    assert rx["keyword"].tolist() == ["质量月", "质量强国", "质量月"]
    with pytest.raises(ValueError):
        A.kwic(c, "质量", match="fuzzy")
    with pytest.raises(ValueError, match="regular expression"):
        A.kwic(c, "质量(", match="regex")


def test_kwic_finds_a_phrase_the_lexicon_splits():
    # 质检大篷车 is no jieba word (质检/大篷车): asked for, it is added to a private tokenizer
    c = Corpus([doc("a", "启动质检大篷车进社区活动,质检大篷车走进乡村。")])
    assert len(A.kwic(c, "质检大篷车")) == 2
    assert len(A.kwic(c, "大篷车")) == 2  # the global tokenizer did not learn the phrase


def test_collocates_of_a_word_are_not_its_compounds():
    c = Corpus([doc("a", QUALITY + "质量强国建设。质量月宣传。")])
    col = A.collocates(c, "质量", min_count=1)
    # only the first sentence holds the word 质量; its compounds there are ordinary neighbours
    assert set(col["collocate"]) == {"质量月", "突出", "建设", "质量强国", "人人", "关注"}  # 活动: a stopword
    assert set(col["cooccurrences"]) == {1} and set(col["freq_term"]) == {1}
    sub = A.collocates(c, "质量", min_count=1, match="substring")
    assert "质量强国" not in set(sub["collocate"])  # overlapping the match: not a neighbour of it


def test_trends_and_term_frequency_count_the_same_way():
    c = Corpus([doc("a", QUALITY, year=2016), doc("b", "开展质量月活动,提升质量。", year=2016)])
    t = A.trends(c, ["质量"], by="year").iloc[0]
    f = A.term_frequency(c, by="year", terms=["质量"]).iloc[0]
    full = A.term_frequency(c, by="year")
    assert t["count"] == f["count"] == full.set_index("term").loc["质量", "count"] == 3
    chars = len(QUALITY) + len("开展质量月活动,提升质量。")
    assert t["per_10k_chars"] == pytest.approx(1e4 * 3 / chars)
    assert A.trends(c, ["质量"], by="year", match="substring").iloc[0]["count"] == 6


DICT = {"安全": ["隐患", "安全监管"], "活动": ["质检大篷车", "质量月"]}
DICT_TEXTS = ["加强安全监管,开展隐患排查,消除隐患。", "启动质检大篷车进社区活动,质检大篷车走进乡村。", "开展质量月活动。"]


def _dict_corpus():
    return Corpus([doc(f"d{i}", t, year=2020 + i % 2, level=lv)
                   for i, (t, lv) in enumerate(zip(DICT_TEXTS, ["county", "county", None]))])


@pytest.mark.parametrize("fmt", ["dict", "toml", "csv", "csv_wide", "yaml"])
def test_dictionary_counts_from_every_format(tmp_path, fmt):
    files = {
        "toml": ("d.toml", '"安全" = ["隐患", "安全监管"]\n["活动"]\nwords = ["质检大篷车", "质量月"]\n'),
        "csv": ("d.csv", "category,word\n安全,隐患\n安全,安全监管\n活动,质检大篷车\n活动,质量月\n"),
        "csv_wide": ("d.csv", "安全,活动\n隐患,质检大篷车\n安全监管,质量月\n"),
        "yaml": ("d.yaml", "安全: [隐患, 安全监管]\n活动:\n  - 质检大篷车\n  - 质量月\n"),
    }
    source = DICT
    if fmt != "dict":
        name, text = files[fmt]
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
    assert A.load_dictionary(source) == DICT
    per_doc = A.dictionary(_dict_corpus(), source).set_index(["doc_id", "category"])
    # d0: 安全监管 and 隐患 (开展/隐患/排查); 消除隐患 is one jieba word, so its 隐患 is not counted
    assert per_doc["count"].to_dict() == {("d0", "安全"): 2, ("d0", "活动"): 0, ("d1", "安全"): 0,
                                          ("d1", "活动"): 2, ("d2", "安全"): 0, ("d2", "活动"): 1}
    assert per_doc.loc[("d1", "活动"), "per_10k_chars"] == pytest.approx(1e4 * 2 / len(DICT_TEXTS[1]))


def test_dictionary_grouped_with_intervals_and_unknown_group():
    g = A.dictionary(_dict_corpus(), DICT, by="level", bootstrap=100).set_index(["level", "category"])
    county = g.loc[("county", "活动")]
    assert county["count"] == 2 and county["n_docs"] == 2 and county["share_docs"] == 0.5
    assert county["per_10k_chars"] == pytest.approx(1e4 * 2 / (len(DICT_TEXTS[0]) + len(DICT_TEXTS[1])))
    assert county["per_10k_chars_ci_low"] <= county["per_10k_chars"] <= county["per_10k_chars_ci_high"]
    assert g.loc[("unknown", "活动"), "count"] == 1  # the document without a level is its own group
    assert A.dictionary(_dict_corpus(), DICT, by="level", missing="drop").attrs["left_out"] == {"level": 1}


def test_dictionary_word_boundaries_and_bad_input(tmp_path):
    c = Corpus([doc("a", "开展质量月活动,提升质量。")])
    counts = A.dictionary(c, {"q": ["质量"]})
    assert counts["count"].tolist() == [1]  # not inside 质量月
    assert A.dictionary(c, {"q": ["质量"]}, match="substring")["count"].tolist() == [2]
    with pytest.raises(QmcorpusError):
        A.load_dictionary({"empty": []})
    with pytest.raises(QmcorpusError):
        A.load_dictionary(tmp_path / "missing.toml")


def test_gries_dp_against_a_hand_computation():
    # sizes 100/200/700 characters; 品牌 2, 0 and 2 times:
    # v = (.5, 0, .5), s = (.1, .2, .7) → DP = ½(.4 + .2 + .2) = .4; DP_norm = .4 / (1 − .1)
    texts = ["品牌,品牌" + "。" * 95, "。" * 200, "品牌,品牌" + "。" * 695]
    c = Corpus([doc(f"d{i}", t) for i, t in enumerate(texts)])
    row = A.term_frequency(c, by=None, terms=["品牌"]).iloc[0]
    assert row["count"] == 4 and row["n_docs_using"] == 2
    assert row["dp"] == pytest.approx(0.4) and row["dp_norm"] == pytest.approx(0.4 / 0.9)
    even = Corpus([doc("a", "品牌。" * 10), doc("b", "品牌。" * 10)])
    assert A.term_frequency(even, by=None, terms=["品牌"]).iloc[0]["dp"] == pytest.approx(0.0)


def test_dfm_shape_and_sums():
    texts = ["推进品牌建设,培育知名品牌。", "推进品牌建设。", "开展质量月活动。"]
    c = Corpus([doc(f"d{i}", t, year=2020 + i) for i, t in enumerate(texts)])
    m = A.dfm(c)
    tokens = [A.tokenize(t) for t in texts]
    vocab = sorted({w for ts in tokens for w in ts})
    assert m.matrix.shape == (3, len(vocab)) and m.vocabulary == vocab
    assert np.asarray(m.matrix.sum(axis=1)).ravel().tolist() == [len(ts) for ts in tokens]
    assert m.docs["doc_id"].tolist() == ["d0", "d1", "d2"] and "text" not in m.docs
    j = vocab.index("品牌建设")
    assert m.matrix[:, j].toarray().ravel().tolist() == [1, 1, 0]
    long = m.to_frame()
    assert long["count"].sum() == m.matrix.sum() and len(long) == m.matrix.nnz


def _export_corpus():
    long_text = "质量月" * 1000  # 9000 bytes: a Stata strL
    docs = [doc("a", "开展质量月活动。", year=2016, level="municipal", city="某市", categories=["publicity"]),
            doc("b", long_text, year=None, level=None, categories=["publicity", "enforcement"])]
    docs[0].fields["issuers"] = ["甲局", "乙局"]
    return Corpus(docs)


@pytest.mark.parametrize("suffix", [".dta", ".rds", ".parquet"])
def test_export_round_trip(tmp_path, suffix):
    import pyreadr

    import qmcorpus.io

    c = _export_corpus()
    path = qmcorpus.io.export(c, tmp_path / f"docs{suffix}")
    if suffix == ".dta":
        back = pd.read_stata(path)
    elif suffix == ".rds":
        back = pyreadr.read_r(str(path))[None].reset_index(drop=True)
    else:
        back = pd.read_parquet(path)
    assert back["doc_id"].tolist() == ["a", "b"]
    assert back["text"].tolist() == [d.text for d in c]
    assert back["year"].iloc[0] == 2016 and pd.isna(back["year"].iloc[1])
    assert back["n_chars"].tolist() == [8, 3000]
    if suffix == ".parquet":
        assert list(back["issuers"].iloc[0]) == ["甲局", "乙局"]
        assert list(back["categories"].iloc[1]) == ["publicity", "enforcement"]
    else:
        assert back["issuers"].iloc[0] == "甲局 | 乙局"
        assert back["categories"].iloc[1] == "publicity | enforcement"
        missing_city = back["city"].iloc[1]
        assert (missing_city == "") if suffix == ".dta" else pd.isna(missing_city)
        assert back["city"].iloc[0] == "某市"


def test_export_tables_and_dfm(tmp_path):
    import pyreadr

    import qmcorpus.io

    c = _export_corpus()
    table = A.dictionary(c, {"q": ["质量月"]}, by="level")
    back = pd.read_stata(qmcorpus.io.export(table, tmp_path / "t.dta"))
    assert back["per_10k_chars"].tolist() == pytest.approx(table["per_10k_chars"].tolist())
    long = pyreadr.read_r(str(qmcorpus.io.export(A.dfm(c), tmp_path / "m.rds")))[None]
    assert long["count"].sum() == A.dfm(c).matrix.sum()
    # Stata has no infinity and reserves `end`: %DIFF against zero is missing, KWIC's end is _end
    key = pd.DataFrame({"term": ["甲", "乙"], "pct_diff": [np.inf, 12.5]})
    assert pd.read_stata(qmcorpus.io.export(key, tmp_path / "k.dta"))["pct_diff"].isna().tolist() == [True, False]
    kw = pd.read_stata(qmcorpus.io.export(A.kwic(c, "质量月"), tmp_path / "kw.dta"))
    assert "_end" in kw.columns and len(kw) == 1001
    with pytest.raises(QmcorpusError):
        qmcorpus.io.export(c, tmp_path / "x.sav")


STOCK = "各地各部门要组织开展丰富多彩的“质量月”系列活动,"  # stock phrase of every document


def _reuse_corpus():
    national = STOCK + "为深入贯彻质量发展纲要,全国开展质量月活动,主题为建设质量强国,开展质量提升行动和群众性质量活动。"
    copied = "全国开展质量月活动,主题为建设质量强国,开展质量提升行动"
    local = ["本市结合实际,组织企业开展技术比武和知识竞赛。", "本县举办实验室开放日,请群众走进检测机构。",
             "本区开展计量进社区服务,免费检定血压计。", "集团各单位开展质量攻关和班组质量活动。"]
    docs = [doc("nat", national, year=2012, level="national"),
            doc("copy", local[0] + STOCK + copied + local[0], year=2012, level="municipal"),
            doc("stock", local[1] + STOCK + local[1], year=2012, level="county"),
            doc("cite", local[2] + "根据《关于开展2012年全国质量月活动的通知》要求," + STOCK + local[2], year=2012,
                level="county"),
            doc("noyear", local[3] + STOCK, level="enterprise"),
            doc("otheryear", local[3] + STOCK + "。", year=2013, level="enterprise")]
    docs[0] = doc("nat", national + "附件:《关于开展2012年全国质量月活动的通知》", year=2012, level="national")
    return Corpus(docs), copied


def test_reuse_ignores_a_stock_phrase_in_every_document():
    c, copied = _reuse_corpus()
    r = A.reuse(c, reference="national").set_index("doc_id")
    assert r.loc["copy", "reference"] == "nat"
    # the copied passage plus the comma before it, which the stock phrase and the national text share
    assert r.loc["copy", "reused_chars"] == len(copied) + 1
    assert r.loc["stock", "reused_chars"] == 0 and r.loc["stock", "reused_share"] == 0
    assert r.loc["stock", "stock_chars"] == len(STOCK)
    assert r.loc["cite", "reused_chars"] == 0  # a cited title is a citation, not a copy
    p = A.reuse_passages(c, reference="national")
    assert p[p["doc_id"] == "stock"]["stock"].all()
    # without the stock filter the phrase counts as copying
    plain = A.reuse(c, reference="national", stock_share=None).set_index("doc_id")
    assert plain.loc["stock", "reused_chars"] >= len(STOCK) - 1


def test_reuse_without_a_reference_is_empty_with_a_reason():
    c, _ = _reuse_corpus()
    r = A.reuse(c, reference="national").set_index("doc_id")
    assert np.isnan(r.loc["noyear", "reused_share"]) and r.loc["noyear", "reason"] == "document has no year"
    assert np.isnan(r.loc["otheryear", "local_share"])
    assert "2013" in r.loc["otheryear", "reason"]
    assert r.loc["nat", "reason"] and np.isnan(r.loc["nat", "reused_share"])  # the only national of 2012
    assert r.loc["copy", "reason"] == "" and r.loc["copy", "references"] == "nat"
    mine = A.reuse(c, reference="copy").set_index("doc_id")
    assert mine.loc["copy", "reason"] == "is the reference"
    with pytest.raises(ValueError):
        A.reuse(c, reference="nobody")


def test_compare_cli_dictionary_and_match(tmp_path, capsys):
    import qmcorpus.io
    from qmcorpus.compare import main as compare_main

    processed = tmp_path / "processed"
    qmcorpus.io.write_outputs(_dict_corpus(), processed)
    (tmp_path / "d.csv").write_text("category,word\n安全,隐患\n安全,安全监管\n活动,质检大篷车\n活动,质量月\n", encoding="utf-8")
    tables = tmp_path / "tables"
    assert compare_main([str(processed), "-o", str(tables), "--what", "dictionary", "--dict", str(tmp_path / "d.csv"),
                         "--by", "year"]) == 0
    per_doc = pd.read_csv(tables / "dictionary_documents.csv", encoding="utf-8-sig")
    assert per_doc.groupby("category")["count"].sum().to_dict() == {"安全": 2, "活动": 3}
    grouped = pd.read_csv(tables / "dictionary_by_year.csv", encoding="utf-8-sig")
    assert {"per_10k_chars", "per_10k_chars_ci_low", "n_docs", "share_docs"} <= set(grouped.columns)
    assert compare_main([str(processed), "-o", str(tables), "--what", "kwic", "--term", "质量", "--match", "substring"]) == 0
    assert len(pd.read_csv(tables / "kwic_质量.csv", encoding="utf-8-sig")) == 1


def test_category_cooccurrence_by_hand():
    docs = [doc("a", "x", categories=["publicity", "enforcement"]), doc("b", "x", categories=["publicity"]),
            doc("c", "x", categories=["publicity", "enforcement"]), doc("d", "x", categories=["brand_building"])]
    co = A.category_cooccurrence(Corpus(docs))
    row = co[(co["category_a"] == "publicity") & (co["category_b"] == "enforcement")]
    if row.empty:
        row = co[(co["category_a"] == "enforcement") & (co["category_b"] == "publicity")]
    row = row.iloc[0]
    # both in 2 of 4 documents; publicity in 3, enforcement in 2: Jaccard 2/3, lift 2·4/(3·2)
    assert (row["n_both"], row["n"]) == (2, 4)
    assert row["jaccard"] == pytest.approx(2 / 3) and row["lift"] == pytest.approx(8 / 6)
    assert co.iloc[0]["n_both"] == 2 and {"质量宣传", "监管执法"} == {co.iloc[0]["name_a"], co.iloc[0]["name_b"]}


def test_reuse_a_notice_copied_by_many_documents_of_its_year_is_not_stock():
    national = "为深入贯彻质量发展纲要,全国开展质量月活动,主题为建设质量强国,开展质量提升行动和群众性质量活动。"
    copied = "全国开展质量月活动,主题为建设质量强国,开展质量提升行动"
    docs = [doc("nat", STOCK + national, year=2012, level="national")]
    docs += [doc(f"c{i}", f"本市第{i}区结合实际开展技术比武。" + copied + STOCK, year=2012, level="municipal")
             for i in range(4)]
    docs += [doc(f"y{y}", f"{y}年本县举办实验室开放日。" + STOCK, year=y, level="county") for y in (2013, 2014)]
    r = A.reuse(Corpus(docs), reference="national").set_index("doc_id")
    # the copied passage is in 5 of 7 documents, but all of one year: copying, not a stock phrase;
    # the stock phrase is in every document of three years
    for i in range(4):
        assert r.loc[f"c{i}", "reused_chars"] >= len(copied) and r.loc[f"c{i}", "stock_chars"] >= len(STOCK) - 1
