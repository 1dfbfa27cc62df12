"""The bundled font covers every character a document can contain, and plots render it: every
gazetteer name and category label draws without a missing-glyph warning."""
import csv
import warnings

import matplotlib
import pytest
from fontTools.ttLib import TTFont

from qmcorpus import resources
from qmcorpus.extract.activities import taxonomy
from qmcorpus.extract.gazetteer import regions
from qmcorpus.plot import cjk_font_path
from qmcorpus.plot.fonts import font_context

matplotlib.use("Agg")


def _double_byte_ideographs(codec: str) -> set[str]:
    out = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                c = bytes((hi, lo)).decode(codec)
            except UnicodeDecodeError:
                continue
            if 0x4E00 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF:
                out.add(c)
    return out


@pytest.mark.parametrize("codec, at_least", [("gbk", 20902), ("big5", 13000)])
def test_font_maps_every_gbk_and_big5_ideograph(codec, at_least):
    """GBK is GB18030's two-byte part (its common ideographs); Big5 holds the traditional ones."""
    cmap = TTFont(cjk_font_path()).getBestCmap()
    chars = _double_byte_ideographs(codec)
    assert len(chars) >= at_least
    missing = sorted(c for c in chars if ord(c) not in cmap)
    assert not missing, f"{len(missing)} {codec} ideographs not in the font: {''.join(missing[:50])}"


def _missing_glyph_warnings(lines: list[str]) -> list[str]:
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with font_context():
            fig, ax = plt.subplots(figsize=(8, 8))
            for i, line in enumerate(lines):
                ax.text(0, i, line, fontsize=6)
            ax.set_ylim(0, len(lines))
        fig.canvas.draw()
        plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _chunks(names: list[str], n: int = 40) -> list[str]:
    return [" ".join(names[i: i + n]) for i in range(0, len(names), n)]


def test_every_gazetteer_name_and_category_label_renders():
    names = {r.name for r in regions()}
    with open(resources.path("region_former_names.csv"), encoding="utf-8", newline="") as fh:
        names |= {v for r in csv.DictReader(fh) for v in (r["former"], r["current"])}
    names |= {c.name for c in taxonomy()}
    assert len(names) > 3000 and {"硚口区", "埇桥区", "浉河区", "猇亭区", "瀍河回族区"} <= names
    assert _missing_glyph_warnings(_chunks(sorted(names))) == []


def test_traditional_text_renders():
    assert _missing_glyph_warnings(["關於開展「質量月」活動的通知 臺灣 鄉鎮 廣東省 滙豐 裏 綫 峯"]) == []


def test_a_character_outside_the_font_is_reported():
    """The check above can fail: a CJK Extension B ideograph is in neither font."""
    assert _missing_glyph_warnings(["質量 \U00020000"]) != []


def test_a_plot_restores_only_its_font_settings():
    """What a plot changes besides its fonts stays changed: Jupyter's inline backend turns
    ``interactive`` on while a kernel's first figure is made, and restoring it hid later figures."""
    before = matplotlib.rcParams["font.family"]
    try:
        with font_context():
            assert matplotlib.rcParams["font.family"][0] == "QMCorpus Sans SC"
            matplotlib.interactive(True)
        assert matplotlib.is_interactive()
        assert matplotlib.rcParams["font.family"] == before
    finally:
        matplotlib.interactive(False)
