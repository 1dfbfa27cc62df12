"""Lines broken at a fixed width (a PDF or a scan turned into text) are joined (normalize.unwrap)."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize.unwrap import unwrap

# an invented notice, its paragraphs, and the same wrapped at 20 characters
PARAGRAPHS = [
    "河阳县质量技术监督局关于开展2005年“质量月”活动的通知",
    "各乡镇人民政府，县直有关单位：",
    "一、今年“质量月”活动的主题是“奉献优质产品，构建和谐社会”。全县“质量月”活动时间为2005年9月1日至9月30日。",
    "二、活动重点",
    "（一）开展质量宣传。各乡镇要在9月上旬集中开展一次质量宣传咨询活动，利用广播电视、标语横幅宣传质量法律法规。",
    "（二）开展食品质量安全专项整治。重点对大米、食用油、酱油、白酒等食品生产加工企业进行检查。",
    "（三）开展锅炉压力容器安全检查。对全县在用锅炉、压力容器进行一次全面安全检查，及时消除事故隐患。",
    "河阳县质量技术监督局",
    "二〇〇五年八月三十日",
]


def _wrap(p: str, width: int) -> str:
    return "\n".join(p[i:i + width] for i in range(0, len(p), width))


def test_a_text_wrapped_at_a_width_is_joined_back():
    wrapped = "\n".join(_wrap(p, 20) for p in PARAGRAPHS)
    out, joined = unwrap(wrapped)
    assert out == "\n".join(PARAGRAPHS) and joined > 5


def test_paragraphs_are_left_alone():
    text = "\n".join(PARAGRAPHS)
    assert unwrap(text) == (text, 0)


def test_a_list_of_slogans_is_no_wrapped_text():
    text = "2004年全国“质量月”活动宣传口号\n活动主题：人人创造质量，人人享受质量\n1.提高质量意识，增强质量责任\n" \
           "2.质量是企业的生命，诚信是企业的灵魂\n3.实施名牌战略，振兴民族工业\n4.严格执行标准，确保产品质量\n" \
           "5.打击假冒伪劣，维护消费者权益\n6.质量兴则企业兴，质量强则国家强\n某某局质量管理处\n2004年8月"
    assert unwrap(text) == (text, 0)


_LINE = st.text(st.sampled_from(list("质量月活动开展宣传企业，。、：“”一二（）12 ")), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_only_line_breaks_and_spaces_at_joins_change(lines):
    text = "\n".join(lines)
    out, joined = unwrap(text)
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", text)
    assert out.count("\n") == text.count("\n") - joined


def test_a_title_filling_the_width_stays_apart_from_the_addressees_under_it():
    # the title happens to be exactly as wide as the wrapped lines: it ends on its genre word, and the
    # addressee line under it is a line of its own
    body = [p for p in PARAGRAPHS[2:] if len(p) > 20]
    wrapped = "\n".join(["河阳县质量技术监督局关于开展质量月的通知", "各乡镇人民政府，县直有关单位："]
                        + [_wrap(p, 20) for p in body])
    out, _ = unwrap(wrapped)
    assert out.split("\n")[:2] == ["河阳县质量技术监督局关于开展质量月的通知", "各乡镇人民政府，县直有关单位："]


def test_negative_a_wrapped_addressee_line_is_still_joined():
    # an addressee line broken at the width: its second part opens with no 各 and is joined back
    wrapped = "\n".join(_wrap(p, 20) for p in ["各乡镇人民政府，县直有关单位，县质监局各股室、各直属单位："] + PARAGRAPHS[2:])
    out, _ = unwrap(wrapped)
    assert out.split("\n")[0] == "各乡镇人民政府，县直有关单位，县质监局各股室、各直属单位："


def test_rows_of_a_flattened_table_are_not_joined():
    # (rows as wide as the wrapped lines, the last cell's wrapped part under its row)
    rows = ["序号  活动名称  时间  牵头单位", "1  质量宣传日  9月1日  市质监局", "2  白酒专项抽查  9月1日 市质监局",
            "     市食药监局"]
    wrapped = "\n".join([_wrap(p, 20) for p in PARAGRAPHS] + rows)
    out, _ = unwrap(wrapped)
    assert out.split("\n")[-4:] == rows
