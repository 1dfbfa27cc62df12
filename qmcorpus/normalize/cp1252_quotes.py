"""qmcorpus.normalize.cp1252_quotes: Windows-1252 curly quotes typed into GBK text, read back as quotes.

An editor on a Western Windows setting saves “ ” ‘ ’ as the single bytes 0x93 0x94 0x91 0x92 inside
an otherwise GBK page. GBK takes each such byte as the lead of a pair: it swallows the next byte and
the characters after it pair one byte late (“质量月” → 㧑柿吭聪) until the bytes fall back into step.
Where a line's GBK reading meets one of those bytes at a character boundary, the bytes after it are
read both ways; the byte is taken for its quote only when the reading after the quote is far more
plausible Chinese than the reading that pairs it (real GBK characters with those leads are rare
ones, and text read out of step is rarer still). A line that reads as UTF-8 is left alone (its
0x91–0x94 are continuation bytes).
"""
from __future__ import annotations

import re
from collections.abc import Callable

QUOTES = {0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d"}
WINDOW = 16  # bytes read each way after the quote byte
GOOD = 8.5  # plausibility the reading after a quote must reach (real text 9-12, misread bytes far below)
MARGIN = 3.0  # how much more plausible (mean log-frequency) the reading after a quote must be


# GB18030 characters whose first byte is no quote byte: ASCII (and the lone 0x80, 0xFF), a pair, a four-byte
# sequence (GB18030 maps every pair of these ranges, the user-defined rows to private use)
_NO_QUOTE_RUN = re.compile(rb"(?:[\x00-\x80\xff]|[\x81-\x90\x95-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]"
                           rb"|[\x81-\x90\x95-\xfe][\x40-\x7e\x80-\xfe])*")


def _step(line: bytes, i: int) -> int:
    """Bytes the GB18030 character at ``i`` takes (1 for ASCII or a byte that begins no character)."""
    b = line[i]
    if b < 0x80:
        return 1
    for n in (2, 4):
        try:
            line[i:i + n].decode("gb18030")
            return n
        except UnicodeDecodeError:
            continue
    return 1


def _window_score(chunk: bytes, plausibility: Callable[[str], float]) -> float:
    text = chunk.decode("gb18030", errors="replace")
    return plausibility(text) - 10.0 * text.count("\ufffd") / max(1, len(text))


def _line(line: bytes, plausibility: Callable[[str], float]) -> tuple[bytes, int]:
    if not any(b in line for b in (b"\x91", b"\x92", b"\x93", b"\x94")):
        return line, 0
    try:
        line.decode("utf-8")
        return line, 0
    except UnicodeDecodeError:
        pass
    out = bytearray()
    i, n, found = 0, len(line), 0
    while i < n:
        # the characters up to the next one that starts with a quote byte, or a byte that begins
        # none, in one match (the walk below runs only where it stops)
        j = _NO_QUOTE_RUN.match(line, i).end()
        out += line[i:j]
        i = j
        if i >= n:
            break
        b = line[i]
        if b in QUOTES:
            # the bytes up to the next quote byte (its own misreading is decided there)
            end = next((j for j in range(i + 1, min(n, i + 1 + WINDOW)) if line[j] in QUOTES), min(n, i + 1 + WINDOW))
            as_quote = QUOTES[b].encode("gbk") + line[i + 1:end]
            # the reading after the quote must be good Chinese (a misread block of UTF-8 is not, read
            # either way); and a byte that begins no GBK character there is the quote, else the
            # quote must read far better than the pair
            quoted = _window_score(as_quote, plausibility)
            if quoted >= GOOD and (_step(line, i) == 1 or quoted - _window_score(line[i:end], plausibility) >= MARGIN):
                out += QUOTES[b].encode("gbk")
                i += 1
                found += 1
                continue
        k = _step(line, i)
        out += line[i:i + k]
        i += k
    return bytes(out), found


def restore_quotes(data: bytes, plausibility: Callable[[str], float]) -> tuple[bytes, int]:
    """(bytes, quotes restored): each Windows-1252 quote byte inside a line of GBK text, where the
    bytes after it read far better with it as a quote (``plausibility``: how Chinese a text reads,
    :func:`.decode.plausibility`), replaced by that quote's GBK bytes.

    >>> from qmcorpus.normalize.decode import plausibility
    >>> raw = "开展".encode("gbk") + b"\\x93" + "质量月".encode("gbk") + b"\\x94" + "活动".encode("gbk")
    >>> restore_quotes(raw, plausibility)[1]
    2
    """
    if not any(b in data for b in (b"\x91", b"\x92", b"\x93", b"\x94")) or b"\x00" in data:
        return data, 0
    lines = data.split(b"\n")
    total = 0
    for k, line in enumerate(lines):
        lines[k], found = _line(line, plausibility)
        total += found
    return (b"\n".join(lines), total) if total else (data, 0)
