"""A folded preview above the full article, dropped with its toggle (normalize.previews)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import normalize
from qmcorpus.normalize.previews import drop_previews

from .line_drops import only_whole_lines_dropped

ARTICLE = ["在某省质量协会2009年“质量月”大会上的讲话", "某省质量协会会长 某某", "同志们：",
           "今天，我们在这里召开全省质量管理小组代表大会，表彰优秀质量管理小组。", "一、坚持不懈推进质量管理小组活动。"]


def test_preview_and_toggle_dropped():
    text = "\n".join(["同志们：", "今天，我们在这里召开全省质量管理小组代表大会，", "展开全文∨"] + ARTICLE)
    out, dropped = drop_previews(text)
    assert out == "\n".join(ARTICLE) and dropped[-1] == "展开全文∨"


def test_in_the_pipeline_the_speaker_is_found_again():
    from qmcorpus.extract import extract

    text = "\n".join(["同志们：", "今天，我们在这里召开全省质量管理小组代表大会，", "展开全文∨"] + ARTICLE)
    n = normalize(text.encode("utf-8"))
    assert n.text == "\n".join(ARTICLE)
    assert extract(n.text, page_meta=n.page_meta).fields["issuers"] == ["某省质量协会"]


def test_negative_a_page_printing_only_the_preview_keeps_it():
    text = "某市开展“质量月”活动\n9月1日，某市启动“质量月”活动，各部门开展质量宣传。\n展开全文∨\n相关新闻"
    assert drop_previews(text) == (text, [])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ARTICLE + ["", "展开全文∨", "阅读全文", "同志们", "今天，我们"]), max_size=25))
def test_property_only_whole_lines_go_in_order(lines):
    text = "\n".join(lines)
    assert only_whole_lines_dropped(lines, *drop_previews(text))


def test_a_summary_box_repeating_the_lead_goes():
    text = ("关于开展1997年“质量月”活动的通知\n【内容提要】为贯彻落实《质量振兴纲要》，决定于1997年9月开展“质量月”活动。\n"
            "各省、自治区、直辖市：\n为贯彻落实《质量振兴纲要》，经研究，决定于1997年9月开展“质量月”活动。")
    out, dropped = drop_previews(text)
    assert "内容提要" not in out and len(dropped) == 1


def test_negative_a_summary_not_repeated_stays():
    text = "某市质量工作总结\n摘要：全年抽查产品1200批次，合格率95%。\n一、主要工作\n开展质量宣传。"
    assert drop_previews(text) == (text, [])
