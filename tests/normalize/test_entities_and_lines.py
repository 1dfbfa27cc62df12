"""Character references left in text, and traditional lines in a simplified page."""
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import normalize
from qmcorpus.normalize.entities import unescape_entities
from qmcorpus.normalize.script import convert_traditional_lines


def test_references_read_in_the_pipeline():
    n = normalize("某县开展“质量月”活动\n今年的活动主题是&ldquo;质量安全是社会和谐的基础&rdquo;。&nbsp;开展食品专项检查。".encode("utf-8"))
    assert "今年的活动主题是“质量安全是社会和谐的基础”。" in n.text and "&" not in n.text
    assert any(s.action == "html_entities" for s in n.steps)


def test_negative_an_ampersand_in_prose_and_unknown_names_stay():
    for text in ["R&D投入增长", "AT&T公司", "质量&安全", "&unknownname;"]:
        assert unescape_entities(text) == (text, 0)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="质量月&;#ldquonbsp0123456789xX ", max_size=40))
def test_property_text_without_references_is_unchanged(text):
    out, n = unescape_entities(text)
    assert (n == 0) == (out == text)


def test_a_traditional_line_in_a_simplified_page_is_converted():
    text = "关于开展2016年“质量月”活动的通知\n一、开展质量宣传。\n二、開展森林食品、北藥等特色產品質量提升行動。\n三、加强执法打假。"
    n = normalize(text.encode("utf-8"))
    assert "二、开展森林食品、北药等特色产品质量提升行动。" in n.text


def test_negative_a_line_with_one_traditional_character_stays():
    text = "一、开展质量宣传。\n二、老字号企业参加質量月活动。"
    assert convert_traditional_lines(text) == (text, 0)
