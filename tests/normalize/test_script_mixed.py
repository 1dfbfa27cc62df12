"""Script of a page converted in part: a run of wholly traditional lines, then wholly simplified ones
(a database's converter that stopped part-way) is mixed, whatever the share of its characters; a
traditional page with a few simplified strays stays traditional."""
from qmcorpus.normalize.script import detect_script

TRAD = ["海南省質量技術監督局關於開展質量月活動的通知", "各市縣質量技術監督局：", "為貫徹落實國家質檢總局的部署，經研究決定開展活動。",
        "一、廣泛開展質量宣傳活動。", "二、開展產品質量專項監督檢查。", "三、組織質量知識競賽與質量論壇。"]
SIMP = ["四、开展计量服务进社区活动。", "五、组织企业开展质量诚信承诺。", "六、各单位于十月十日前报送总结。"]


def test_traditional_lines_then_simplified_lines_are_mixed():
    assert detect_script("\n".join(TRAD + SIMP)) == "mixed"


def test_traditional_page_with_two_simplified_lines_is_traditional():
    assert detect_script("\n".join(TRAD + SIMP[:2])) == "traditional"


def test_traditional_page_with_strays_inside_its_lines_is_traditional():
    strays = [ln + "关于" for ln in TRAD]  # a converter's simplified leftovers inside traditional lines
    assert detect_script("\n".join(strays)) == "traditional"
