"""Firm and body names are blanked in one pass: the same text as blanking them one at a time."""
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.extract import activities as A

_PIECES = st.sampled_from(["某某食品有限公司", "开展某某机械制造有限公司", "县质量技术监督局", "组织", "和", "，", "质量月",
                           "检查", "某某电器股份有限公司", "为", "市场监督管理局", "活动", "x"])


def _one_name_at_a_time(text: str) -> str:
    """The former masking of names: the text rebuilt once per name (quadratic), as reference."""
    out = text
    suffix = A._org_suffix().search(out)
    for m in A._org().finditer(out, max(0, suffix.start() - A._ORG_NAME_MAX)) if suffix else ():
        name = m.group(0)
        cut = max((x.end() for x in A._not_in_org().finditer(name)), default=0)
        if len(name) - cut >= 4:
            out = out[: m.start() + cut] + "\x00" * (len(name) - cut) + out[m.end():]
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_names_blanked_in_one_pass_as_one_at_a_time(pieces):
    text = "".join(pieces)
    masked = A.mask_non_activity(text)
    assert len(masked) == len(text)
    # only the name step differs between the two: compare where no other mask applies
    if "为" not in text and "《" not in text and "主题" not in text and not A._AIM.search(text) \
            and not A._STATEMENT.search(text):
        assert masked == _one_name_at_a_time(text)


def test_a_long_list_of_firms_is_blanked():
    text = "，".join(f"{i}号某某食品有限公司" for i in range(3000))
    masked = A.mask_non_activity(text)
    assert masked.count("\x00") == 3000 * 9 and set(masked.replace("\x00", "")) <= set("0123456789，")
