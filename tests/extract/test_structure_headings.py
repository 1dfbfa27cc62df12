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
