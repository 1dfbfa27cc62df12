"""qmcorpus.plot: DataFrame in → matplotlib Axes out. Chinese renders with the bundled font.

The bundled font (a subset of Noto Sans CJK SC, OFL) is registered with matplotlib's font
manager the first time a plot is made; every plot sets its own fonts, so importing or plotting
never changes the user's global matplotlib style.
"""
from .charts import heatmap, keyness_bars, similarity_heatmap, trend_lines
from .fonts import cjk_font_family, cjk_font_path

__all__ = ["heatmap", "keyness_bars", "trend_lines", "similarity_heatmap", "cjk_font_family", "cjk_font_path"]
