"""qmcorpus.normalize.entities: HTML character references left in a page's text (&ldquo;, &nbsp;, &#8220;).

A site that escaped its text twice, or a scraper that saved the source of a text field, leaves
the references themselves in the text: they are read as the characters they stand for. Only
complete references the HTML standard names (or numeric ones) are read; "&" in prose stays.
"""
from __future__ import annotations

import html
import re

_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,9}|#[0-9]{2,7}|#[xX][0-9A-Fa-f]{2,6});")


def unescape_entities(text: str) -> tuple[str, int]:
    """(text with its character references read, how many were read).

    >>> unescape_entities("主题是&ldquo;质量安全&rdquo;。&nbsp;开展检查 R&D")
    ('主题是“质量安全”。\\xa0开展检查 R&D', 3)
    """
    if "&" not in text:
        return text, 0
    n = 0

    def read(m: re.Match) -> str:
        nonlocal n
        out = html.unescape(m.group(0))
        n += out != m.group(0)
        return out

    out = _REFERENCE.sub(read, text)
    return (out, n) if n else (text, 0)
