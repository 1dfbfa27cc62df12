"""qmcorpus.normalize.whitespace: normalise odd spaces and line breaks; paragraphs are kept."""
from __future__ import annotations

import re

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY = re.compile("|".join(p.pattern for p in (_ZERO_WIDTH, _ODD_SPACE, _CONTROL)))  # a character of one of them


def normalize_whitespace(text: str) -> tuple[str, int]:
    """NBSP, U+3000 and other spaces → ' '; zero-width and control characters dropped; CRLF → LF.

    Returns (text, number of characters changed).

    >>> normalize_whitespace("质量\\u3000月\\u200b\\r\\n")
    ('质量 月\\n', 3)
    """
    n = 0
    if "\r" in text:
        n += text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _ANY.search(text):  # the usual page: none of the three kinds (one scan, not three)
        return text, n
    text, a = _ZERO_WIDTH.subn("", text)
    text, b = _ODD_SPACE.subn(" ", text)
    text, c = _CONTROL.subn("", text)
    return text, n + a + b + c
