"""Page cleaning on whole pages. The case file tests/cases/cleaning.jsonl (each class of furniture,
spam and repetition the cleaning removes, the body it must keep whole, and negative cases that must
stay: headlines, photo captions, bylines inside paragraphs, contact lines, signatures, the source's
typos) runs in test_normalize_cases.py with the other normalisation cases."""
from qmcorpus import normalize
from qmcorpus.normalize.furniture import remove_furniture


def test_page_without_line_breaks_after_a_breadcrumb_is_not_emptied():
    body = "9月1日,市市场监管局在人民广场举行“质量月”启动仪式,向市民发放宣传资料。" * 1500  # ~100 KB
    n = normalize("当前位置:首页>新闻中心>工作动态 " + body)
    assert n.text == body


def test_dropped_prose_is_logged_whole():
    blurb = "中国“质量月”活动始于1978年,是在我国政府相关主管部门的倡导和部署下,以多种形式于每年的9月在全国范围内动员全社会尤其是广大企业积极参与,长期组织开展的一项重大质量活动和群众性质量主题活动,旨在提高全民质量意识。"
    page = "\n".join([blurb, "", "2018年全国“质量月”企业质量诚信倡议书", "时间:2018-09-02 来源:中国质量检验协会", "", "正文第一段。"])
    n = normalize(page)
    assert n.text == "2018年全国“质量月”企业质量诚信倡议书\n\n正文第一段。"
    step = next(s for s in n.steps if s.action == "dropped_prose")
    assert step.count == 1 and step.detail == blurb
    assert remove_furniture(page).dropped_prose == (blurb,)
