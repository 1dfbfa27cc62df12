"""qmcorpus.plot.fonts: the bundled Simplified-Chinese font, registered lazily with matplotlib."""
from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def font_context():
    """Set the bundled font for the plot made inside, then restore those settings only.

    Not ``plt.rc_context``: that restores *every* rc setting on exit, including the
    ``interactive`` flag that Jupyter's inline backend turns on when a kernel's first figure
    selects it; restored to off, later figures of the kernel would never be shown.
    """
    import matplotlib

    rc = font_rc()
    saved = {k: matplotlib.rcParams[k] for k in rc}
    matplotlib.rcParams.update(rc)
    try:
        yield
    finally:
        matplotlib.rcParams.update(saved)
