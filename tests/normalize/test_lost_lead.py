"""A GBK lead byte lost with no mark at its place: the run re-aligns at a '?' (normalize.lost_lead)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import normalize
from qmcorpus.normalize.lost_lead import repair_lost_leads


def damage(text: str, start: int, n: int, lost: int = 0) -> str:
    """The scraper's damage: the lead byte of text[start] lost (``lost=1``: its trail byte), the
    next n characters' bytes read one byte late, the byte left over where they re-align printed
    as '?'."""
    b = text[start:start + n + 1].encode("gbk")
    run = b[:lost] + b[lost + 1:]  # n + 1 characters, less one byte of the first
    garbled = run[:-1].decode("gbk")  # n characters re-paired; the last byte pairs with nothing
    return text[:start] + garbled + "?" + text[start + n + 1:]


# invented sentences, each with the characters the damage spans (the first lost its lead byte, the
# last its trail byte: the '?')
CASES = [
    ("各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。", "发放宣"),
    ("对全县锅炉和电梯进行安全检查，排查隐患十一处，均已督促整改。", "排查隐"),
    ("要使质量管理工作经常化、制度化、规范化。", "制度化"),
    ("组织专家对有意向申报的企业进行一对一辅导。", "对有意向申报的企业进"),
    ("宣传质量第一的方针，做到家喻户晓。", "家喻户"),
]


@pytest.mark.parametrize("text", [
    "你知道吗?质量月来了。", "什么是质量?质量就是生命。", "为什么?因为质量第一。",
    "拉萨装修公司哪家好?点击免费报价", "全年共受理投诉?起，办结率百分之百。",
])
def test_a_real_question_mark_stays(text):
    assert repair_lost_leads(text) == (text, [])


def test_not_in_traditional_text_nor_on_a_big5_page():
    damaged = damage("各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。", 19, 2)
    assert repair_lost_leads(damaged, "big5") == (damaged, [])
    traditional = "各單位要積極組織開展質量宣傳諮詢活動，" + damaged[19:]
    assert repair_lost_leads(traditional)[1] == []


def test_the_pipeline_repairs_and_names_it():
    damaged = damage("各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。", 19, 2)
    n = normalize(damaged.encode("utf-8"))
    assert n.text == "各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。"
    assert any(s.action == "byte_shift" and "发放宣" in s.detail for s in n.steps)


_CHARS = st.sampled_from(list("质量月活动开展宣传企业检查安全标准计量的了是在和，。、?abc12 "))


@settings(max_examples=200, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_repairs_only_rewrite_their_runs(text):
    out, repairs = repair_lost_leads(text)
    if "?" not in text:
        assert (out, repairs) == (text, [])
    rebuilt, pos = [], 0
    for r in repairs:
        assert text[r.start:r.end] == r.garbled and len(r.repaired) == len(r.garbled)
        rebuilt += [text[pos:r.start], r.repaired]
        pos = r.end
    assert "".join(rebuilt) + text[pos:] == out


def test_a_run_ending_in_a_replacement_character_is_re_paired_too():
    damaged = damage("各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。", 19, 2).replace("?", "\ufffd")
    assert repair_lost_leads(damaged)[0] == "各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。"


def test_not_on_a_page_whose_question_marks_start_their_runs():
    damaged = damage("各单位要积极组织开展质量宣传咨询活动，发放宣传资料两千余份。", 19, 2)
    assert repair_lost_leads(damaged, marked_runs=8) == (damaged, [])
    assert repair_lost_leads(damaged, marked_runs=7)[1]


def test_gb2312_pairs_decoded_by_row_are_those_decoded_one_by_one():
    """Rows decoded at once give every pair's character, in the same order, as the plain
    definition (each pair decoded alone, a pair that does not decode left out)."""
    from qmcorpus.normalize import lost_lead

    plain = {}
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                plain[(lead, trail)] = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                pass
    fast = lost_lead._gb2312_pairs()
    assert list(fast.items()) == list(plain.items()) and len(plain) > 6000


# invented sentences: the first character of each span lost its trail byte
TRAIL_CASES = [
    ("市总工会组织机械加工、电工等工种开展技能比武，评选技术能手。", "开展技能比武"),
    ("组织专家深入重点产业企业开展质量帮扶，帮助企业解决技术难题。", "开展质量帮扶，"),
    ("本次讲座由学校团委、质量与可靠性工程学院联合主办。", "质量与可靠性工程学院联"),
    ("组织企业推广质量管理标准化经验。", "管理标准化"),
    ("组织中小学生走进研究院，参观计量实验室，体验检测工作。", "参观计量实验室"),
]


@pytest.mark.parametrize("text,span,lost", [(t, sp, 0) for t, sp in CASES] + [(t, sp, 1) for t, sp in TRAIL_CASES])
def test_a_run_ending_in_a_question_mark_is_re_paired(text, span, lost):
    # (lost: the first character's lead byte lost, or its trail byte)
    start, n = text.index(span), len(span) - 1
    damaged = damage(text, start, n, lost=lost)
    assert damaged != text and "?" in damaged
    repaired, repairs = repair_lost_leads(damaged)
    assert repaired == text
    assert [r.garbled for r in repairs] == [damaged[start:start + n + 1]]


@pytest.mark.parametrize("text", [
    "关于开展2010年“质?月”活动的通知", "公司开展《质?手册》宣贯，各车间组织学习。",
])
def test_a_mark_the_text_pairs_after_the_question_mark_is_not_re_paired_away(text):
    # the opening mark closes right after the '?': it is the text's own, no garbled character
    out, repairs = repair_lost_leads(text)
    assert all(text[r.start:r.end].count(m) == r.repaired.count(m) for r in repairs for m in "“《")
    assert out.count("“") == out.count("”") and out.count("《") == out.count("》")
