"""qmcorpus.plot.fonts: the bundled Simplified-Chinese font, registered lazily with matplotlib."""
from __future__ import annotations

import functools
from pathlib import Path

from .. import resources

FONT_FILE = "fonts/NotoSansSC-qmcorpus-subset.otf"


def cjk_font_path() -> Path:
    """Path of the bundled font (QMCorpus Sans SC, a subset of Noto Sans CJK SC, SIL OFL 1.1)."""
    return resources.path(FONT_FILE)


@functools.cache
def cjk_font_family() -> str:
    """Register the bundled font with matplotlib (once) and return its family name."""
    from matplotlib import font_manager

    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def font_rc() -> dict:
    """rc settings for one plot: the bundled font first, matplotlib's default as fallback."""
    return {"font.family": [cjk_font_family(), "DejaVu Sans"], "axes.unicode_minus": False}
