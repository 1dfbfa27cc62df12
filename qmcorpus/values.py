"""qmcorpus.values: comparing extracted values with each other and with gold or reference data."""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def comparable(fld: str, value) -> str | None:
    """Normalise a value for comparison: NFKC, no spaces; themes also ignore punctuation between parts.

    >>> comparable("theme", "建设质量强国，决胜全面小康") == comparable("theme", "建设质量强国 决胜全面小康")
    True
    """
    if value is None or (isinstance(value, float) and value != value) or type(value).__name__ == "NAType":
        return None
    s = str(int(value)) if fld == "year" and not isinstance(value, str) else str(value)
    s = unicodedata.normalize("NFKC", s).strip()
    if not s:
        return None
    if fld == "theme":
        s = re.sub(r"[\s,，、;；·“”\"'‘’]", "", s)
    else:
        s = _WS.sub("", s)
    return s


