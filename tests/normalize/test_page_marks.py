"""Page numbers of a document printed page by page, and its running header, dropped (normalize.page_marks)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import normalize
from qmcorpus.normalize.page_marks import drop_page_marks

from .line_drops import only_whole_lines_dropped

BODY = ["某县2019年“质量月”活动工作总结", "2019年9月，按照市局的部署，我局组织开展了“质量月”活动。",
        "一、主要做法", "（一）质量宣传声势浓厚。9月3日举办启动仪式。", "（二）专项抽查扎实有效。抽查产品120批次。",
        "二、存在问题", "企业质量意识仍需提高。", "某县市场监督管理局", "2019年10月8日"]


def _paged(lines, mark, header=None, every=2):
    out = []
    for i, ln in enumerate(lines):
        out.append(ln)
        if i % every == every - 1 and i < len(lines) - 1:
            out += ["", mark.format(n=i // every + 1, m=len(lines) // every + 1), ""]
            if header:
                out.append(header)
    return "\n".join(out)


def test_page_numbers_and_running_header_dropped():
    text = _paged(BODY, "第 {n} 页 共 {m} 页", header="某县市场监督管理局文件")
    out, dropped = drop_page_marks(text)
    assert out == "\n".join(BODY)
    assert "某县市场监督管理局文件" in dropped and any("第 1 页" in d for d in dropped)


def test_dash_page_numbers_dropped_and_the_real_letterhead_kept():
    text = "某县市场监督管理局文件\n" + _paged(BODY, "— {n} —", header="某县市场监督管理局文件")
    out, _ = drop_page_marks(text)
    assert out == "某县市场监督管理局文件\n" + "\n".join(BODY)


def test_negative_a_line_beside_one_page_number_only_stays():
    text = "\n".join(BODY[:3]) + "\n\n第 1 页 共 2 页\n\n" + "\n".join(BODY[3:])
    out, dropped = drop_page_marks(text)
    assert out == "\n".join(BODY) and dropped == ["第 1 页 共 2 页"]


def test_negative_sentences_about_pages_stay():
    text = "活动手册共 12 页，第 3 页为活动日程。\n请于第 5 页填写报名表。\n宣传册第3页刊登了质量月主题。"
    assert drop_page_marks(text) == (text, [])


def test_in_the_pipeline_a_step_names_them():
    n = normalize(_paged(BODY, "第 {n} 页 共 {m} 页", header="某县市场监督管理局文件").encode("utf-8"))
    assert "第 1 页" not in n.text and "监督管理局文件" not in n.text
    assert any(s.action == "furniture:page_marks" for s in n.steps)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(BODY + ["", "第 1 页 共 3 页", "— 2 —", "Page 3 of 9", "某局文件"]), max_size=30))
def test_property_only_whole_lines_go_in_order(lines):
    text = "\n".join(lines)
    assert only_whole_lines_dropped(lines, *drop_page_marks(text))


# page tops of a converted PDF: the header line set off by a blank line under it
SUMMARY = ["某县2020年“质量月”活动开展情况报告", "某县市场监督管理局", "（2020年10月9日）",
           "按照市局统一部署，我局组织开展了“质量月”活动，现将有关情况报告如下：",
           "一、活动开展情况", "组织企业开展质量攻关，帮助企业解决质量技术难题23项。"]


def test_page_one_header_printed_again_as_the_title_byline_dropped():
    text = "某县市场监督管理局\n\n" + "\n".join(SUMMARY) + "\n\n                              - 1 -\n"
    out, dropped = drop_page_marks(text)
    assert out.strip() == "\n".join(SUMMARY) and dropped == ["某县市场监督管理局", "- 1 -"]


def test_header_at_the_top_of_two_pages_dropped_and_the_signature_kept():
    body = ["某市2017年“质量月”活动方案", "一、活动主题", "大力提升质量，建设质量强国。"]
    text = ("某市“质量月”活动组委会\n\n" + "\n".join(body) + "\n\n          — 1 —\n某市“质量月”活动组委会\n\n"
            "某市“质量月”活动组委会\n2017年8月25日\n\n          — 2 —\n")
    out, _ = drop_page_marks(text)
    assert out.strip() == "\n".join(body + ["某市“质量月”活动组委会", "2017年8月25日"])


def test_later_page_header_naming_the_letterhead_less_its_文件_dropped():
    text = ("某市质量技术监督局文件\n某质监〔2002〕41号\n关于开展2002年“质量月”活动的通知\n三、工作要求\n\n"
            "          - 1 -\n某市质量技术监督局\n\n各单位要高度重视。\n二〇〇二年八月二十日\n\n          - 2 -\n")
    out, dropped = drop_page_marks(text)
    assert "某市质量技术监督局\n" not in out and out.startswith("某市质量技术监督局文件") and "某市质量技术监督局" in dropped


def test_negative_a_letterhead_set_off_and_a_top_line_printed_nowhere_else_stay():
    # the 版头 "…文件" stays even when the signature names the body; a page-1 top line the text does
    # not print again, and a page-2 top line that is the text's own heading, stay
    text = ("某县市场监督管理局文件\n\n某县市场监督管理局\n关于开展“质量月”活动的通知\n\n    - 1 -\n"
            "三、工作要求\n\n各单位要高度重视。\n某县市场监督管理局\n\n    - 2 -\n")
    out, dropped = drop_page_marks(text)
    assert dropped == ["- 1 -", "- 2 -"] and "某县市场监督管理局文件" in out and "三、工作要求" in out
    text2 = "某县质量技术监督局\n\n关于开展“质量月”活动的通知\n各乡镇：\n正文。\n\n    - 1 -\n"
    assert drop_page_marks(text2)[1] == ["- 1 -"]


def test_centred_n_of_m_marks_dropped_and_a_line_alone_on_the_last_page_kept():
    text = ("四、工作要求\n各所要明确专人负责。\n\n                              1/2\n2021年8月□日\n\n"
            "                              2/2\n")
    out, dropped = drop_page_marks(text)
    assert out.strip() == "四、工作要求\n各所要明确专人负责。\n2021年8月□日" and dropped == ["1/2", "2/2"]


def test_negative_numbers_and_fractions_at_the_margin_stay():
    # a table's cells and a ratio written at the margin are the text's own
    text = "序号 项目\n1\n质量宣传\n2/3\n的企业参加了培训。"
    assert drop_page_marks(text) == (text, [])


def test_scan_and_archive_captions_dropped():
    from qmcorpus.normalize.page_marks import drop_scan_captions

    text = "各单位要认真组织。\n二○○五年八月三十日\n扫描件仅供参考 某市质监局档案室\n扫描全能王 创建\n"
    out, dropped = drop_scan_captions(text)
    assert out == "各单位要认真组织。\n二○○五年八月三十日\n" and len(dropped) == 2


def test_negative_sentences_naming_scans_and_archives_stay():
    from qmcorpus.normalize.page_marks import drop_scan_captions

    text = ("请将报名表扫描件于9月10日前发送至邮箱。\n附件：活动方案扫描件\n市档案馆开展质量档案展览。\n"
            "组织参观市档案馆")
    assert drop_scan_captions(text) == (text, [])


def test_later_page_header_printing_the_title_again_dropped():
    text = ("附件\n某省2023年“质量月”活动方案\n一、活动主题\n增强质量意识 推进高质量发展。\n某省“质量月”活动组委会\n\n"
            "          第 1 页 共 2 页\n某省2023年“质量月”活动方案\n\n2023年8月24日\n\n          第 2 页 共 2 页\n")
    out, dropped = drop_page_marks(text)
    assert out.count("某省2023年“质量月”活动方案") == 1 and out.strip().endswith("活动组委会\n2023年8月24日")


def test_a_seal_caption_closing_a_scanned_page_dropped_and_a_signature_with_its_seal_kept():
    from qmcorpus.normalize.page_marks import drop_scan_captions

    text = "请各单位于10月10日前报送。\n2013年8月26日\n\n某市质量技术监督局（印章）\n"
    assert drop_scan_captions(text) == ("请各单位于10月10日前报送。\n2013年8月26日\n\n", ["某市质量技术监督局（印章）"])
    signed = "请各单位于10月10日前报送。\n某市质量技术监督局（印章）\n2013年8月26日"
    assert drop_scan_captions(signed) == (signed, [])
