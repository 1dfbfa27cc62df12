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
