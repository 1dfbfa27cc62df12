"""The gazetteer's place lookup in running text."""
from qmcorpus.extract.gazetteer import find_places


def test_renamed_county_needs_its_city_and_is_not_a_word_start():
    """A county renamed since the gazetteer (某县 → 某区/某市) is read after its own city only, and
    "X市场监管局" is the word 市场, not a county-level city X市."""
    def surfaces(t):
        return [m.surface for m in find_places(t)]

    assert surfaces("杭州市桐庐区市场监督管理局") == ["杭州市", "桐庐区"]
    assert surfaces("承德市宽城市场监管局") == ["承德市"]
    assert surfaces("桐庐区市场监督管理局") == []
    assert surfaces("杭州市临安市") == ["杭州市", "临安市"]  # the gazetteer's own name stays
