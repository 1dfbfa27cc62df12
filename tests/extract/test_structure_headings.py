"""Numbered points of the third level ("1." lines): a point may open with a month, a decimal is no point."""
import pytest

from qmcorpus.extract.structure import headings, split_lines


@pytest.mark.parametrize("line, is_point", [
    ("1.9月初召开全县“质量月”活动动员大会。", True),
    ("2.10月底前报送活动总结。", True),
    ("3.开展电梯安全检查。", True),
    ("1.5万份宣传资料已印制完毕。", False),  # a decimal
    ("2.35亿元货值的案件已移送。", False),
])
def test_third_level_point(line, is_point):
    found = [h for h in headings(split_lines(line)) if h.level == 3]
    assert bool(found) is is_point


# a post's section numbers (two digits with a zero) before a short heading alone on its line are headings of
# the first level; a number opening a sentence, a table's row of figures or a longer line is none
@pytest.mark.parametrize("line, is_heading", [
    ("01 质量服务进园区", True),
    ("02　先进质量方法推广", True),
    ("01 组建服务团队，为企业提供质量技术服务。", False),  # a sentence
    ("09 月 1 日", False),
    ("10 群众性质量活动", False),  # no zero: a count, not a section number
    ("01 2023", True),
])
def test_post_section_number(line, is_heading):
    found = [h for h in headings(split_lines(line)) if h.level == 1]
    assert bool(found) is is_heading


def _categories(text: str) -> set[str]:
    from qmcorpus.extract import extract

    return set(extract(text).fields["categories"])


def test_a_report_s_unnamed_sections_beside_an_activities_section_are_activities():
    # a post's numbered sections: only "03 …活动" names a section kind; the others beside it are activities too
    text = ("某区“质量月”活动启动！这些服务送到企业家门口\n"
            "9月1日，某区2023年“质量月”活动正式启动，区市场监管局联合区总工会组织开展四大类18项活动。\n"
            "01 质量服务进企业\n组建专家服务团队，为企业提供计量技术服务。\n"
            "02 先进质量方法推广\n举办卓越绩效管理专题培训，组织企业参加质量奖申报辅导。\n"
            "03 群众性质量活动\n开展QC小组成果发表交流会。\n04 消费品质量安全\n对电动自行车开展监督抽查。\n")
    assert {"education_training", "brand_building", "quality_infrastructure", "mass_participation"} <= _categories(text)


def test_negative_a_plan_s_unnamed_section_beside_its_kinds_stays_out():
    # a plan with a guiding-ideology section: a section of no known kind is not read as activities
    text = ("关于开展2023年“质量月”活动的通知\n一、指导思想\n以质量提升为主线。\n二、活动内容\n开展QC小组成果发表交流会。\n"
            "三、经费来源\n举办专题培训所需经费由各单位自筹。\n")
    cats = _categories(text)
    assert "mass_participation" in cats and "education_training" not in cats


def test_a_summary_s_account_of_what_was_done_holds_its_activities():
    # its 主要做法 beside a 活动成效 section (which alone would be read as the activities)
    text = ("某市质监局2015年“质量月”活动工作总结\n今年9月，我局在全市组织开展了“质量月”活动。\n一、主要做法\n"
            "（一）开展群众性质量活动。举办QC小组成果发表会5场。\n（二）推进品牌建设。新增省名牌产品11个。\n"
            "二、活动成效\n质量氛围更加浓厚，参与群众5万余人次。\n三、存在问题\n部分企业参与积极性不高。\n")
    assert {"mass_participation", "brand_building"} <= _categories(text)


def _labels(text: str) -> set[str]:
    from qmcorpus.extract.activities import categorize

    return {k for k, _, _ in categorize(text)}


@pytest.mark.parametrize("text, counted", [
    # an official's statement of what the body will go on doing: an intent, not an activity
    ("某区市场监管局相关负责人表示，某区将持续推进质量强区建设，提供坚实的质量支撑。", set()),
    ("（同期声）县质监局局长 某某：我们将以这次质量月为契机，扎实推进质量强县建设。", set()),
    # negative: a statement of what the campaign will do holds its activities
    ("区质监局负责人表示，“质量月”期间还将对辖区玩具企业开展监督抽查，督促企业落实产品质量主体责任。",
     {"enforcement", "consumer_goods", "enterprise_responsibility"}),
    # negative: a report of the work itself, not a statement of intent ("宣传…" alone would be publicity only)
    ("活动现场，县质量强县工作领导小组成员单位设立咨询台，现场签订质量强县建设责任书。", {"regional_quality_building"}),
])
def test_a_statement_of_intent_names_no_activity(text, counted):
    assert counted <= _labels(text) and (counted or not _labels(text) & {"regional_quality_building"})
