"""qmcorpus.normalize.decode: raw bytes → str with the encoding detected by trial decoding.

Candidates are decoded strictly and scored for plausibility (how common the resulting Chinese
characters are); GB2312 is never used (GB18030 is its superset). Undecodable bytes never raise:
they become U+FFFD and are counted.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .. import resources

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Names a page may declare, mapped to the codec we actually use (supersets; never gb2312).
ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "big5": "big5", "big5-hkscs": "big5hkscs", "cp950": "big5",
    "utf-8": "utf-8", "utf8": "utf-8", "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}
_SAMPLE = 800  # characters scored: GB18030 and Big5 readings of the same bytes differ at once
_CONTROL_RUN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_COMMON_PUNCT = frozenset("，。、；：？！“”‘’（）《》〔〕【】—…·　")
_PUNCT_SCORE = 10.0  # about the log-frequency of a common character  # characters scored per candidate: enough to separate GB18030 from Big5


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the name recorded in documents.csv
    replaced: int  # undecodable bytes replaced by U+FFFD


def plausibility(text: str) -> float:
    """Mean log-frequency of the text's CJK characters (higher = more like real Chinese).

    Traditional characters are scored by their OpenCC t2s form so that Big5 documents are not penalised.
    """
    sample = _SCORED.findall(text, 0, _SAMPLE)
    if not sample:
        return 0.0
    scores = _CHAR_SCORES
    for c in set(sample).difference(scores):
        scores[c] = _char_score(c)
    return sum(map(scores.__getitem__, sample)) / len(sample)


_SCORED = re.compile(r"[^\x00-\x7f\s]")  # non-ASCII, not a space: the characters scored
_CHAR_SCORES: dict[str, float] = {}  # character → score, filled as characters are met


def _char_score(c: str) -> float:
    from .script import simplify_chars  # a table lookup: misread bytes meet thousands of new characters

    if c in _COMMON_PUNCT:
        return _PUNCT_SCORE
    return resources.char_logfreq().get(simplify_chars(c), 0.0)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in alternate positions, else None."""
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _count_replaced(data: bytes, codec: str) -> tuple[str, int]:
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (mapped to our codec), if any."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    return ALIASES.get(m.group(1).decode("ascii", "ignore").lower())


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode raw bytes, detecting the encoding.

    Order: BOM; a declared charset (HTML meta) if it decodes cleanly; UTF-16 by NUL pattern;
    strict UTF-8; then GB18030, Big5 (and BOM-less UTF-16) by plausibility. Never raises on bad bytes.

    >>> decode_bytes("质量月".encode("gb18030")).encoding
    'gb18030'
    """
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            text, bad = _count_replaced(data[len(bom):], codec.replace("-sig", ""))
            return Decoded(text, name, bad)
    if declared:
        try:
            return Decoded(data.decode(declared), _name(declared), 0)
        except (UnicodeDecodeError, LookupError):
            pass  # the page lies about its charset: detect instead
    u16 = _utf16_without_bom(data)  # before UTF-8: NUL bytes are valid UTF-8
    if u16:
        text, bad = _count_replaced(data, u16)
        return Decoded(text, "utf-16", bad)
    try:
        text = data.decode("utf-8")
        # NUL and other control bytes are valid UTF-8 but not real text: BOM-less UTF-16 perhaps
        if not _CONTROL_RUN.search(text):
            return Decoded(text, "utf-8", 0)
    except UnicodeDecodeError:
        pass
    mixed = _decode_by_line(data)
    if mixed is not None:
        return mixed
    # Legacy double-byte pages: when exactly one of GB18030 / Big5 decodes cleanly and the bytes
    # are far from UTF-8, that is the answer; otherwise score every candidate.
    strict = []
    for codec in ("gb18030", "big5"):
        try:
            strict.append((codec, data.decode(codec)))
        except UnicodeDecodeError:
            pass
    if len(strict) == 1:
        u8, bad = _count_replaced(data, "utf-8")
        if bad > 0.01 * len(u8) and not _CONTROL_RUN.search(strict[0][1]):
            return Decoded(strict[0][1], _name(strict[0][0]), 0)
    text, codec, bad = _most_plausible(
        data, ("utf-8", "gb18030", "big5") + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    )
    return Decoded(text, _name(codec), bad)


def _most_plausible(data: bytes, codecs=("utf-8", "gb18030", "big5")) -> tuple[str, str, int]:
    """(text, codec, bad bytes) of the candidate codec whose reading scores best (first wins ties)."""
    best = None
    for codec in codecs:
        text, bad = _count_replaced(data, codec)
        score = _score(text, bad)
        if best is None or score > best[0]:
            best = (score, text, codec, bad)
    return best[1], best[2], best[3]


def _score(text: str, bad: int) -> float:
    """Plausibility of what decoded, less a penalty for replaced bytes and control characters.

    The replaced characters are left out of the plausibility itself, so that a UTF-8 text with
    one truncated character still beats its GB18030 mojibake."""
    ctrl = len(_CONTROL_RUN.findall(text))  # below space, but tab and newlines
    return plausibility(text.replace("\ufffd", "")) - 10.0 * (bad + ctrl) / max(1, len(text))


def _decode_by_line(data: bytes) -> Decoded | None:
    """A file whose lines come in different encodings (UTF-8 lines next to GBK ones), or None.

    Used only when some non-ASCII lines are valid UTF-8 and others are not; each invalid line
    is decoded on its own (a UTF-8 line with one truncated character stays UTF-8).
    """
    if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data):
        return None  # control bytes: UTF-16 perhaps, whose code units may contain the newline byte
    lines = data.split(b"\n")
    good_utf8 = bad_utf8 = 0
    for ln in lines:
        if max(ln, default=0) < 0x80:
            continue
        try:
            ln.decode("utf-8")
            good_utf8 += 1
        except UnicodeDecodeError:
            bad_utf8 += 1
    if not good_utf8 or not bad_utf8:
        return None
    out, codecs_used, bad_total = [], set(), 0
    for ln in lines:
        try:
            out.append(ln.decode("utf-8"))
            if max(ln, default=0) >= 0x80:
                codecs_used.add("utf-8")
        except UnicodeDecodeError:
            text, codec, bad = _most_plausible(ln)
            out.append(text)
            codecs_used.add(codec)
            bad_total += bad
    if codecs_used == {"utf-8"}:
        return Decoded("\n".join(out), "utf-8", bad_total)
    return Decoded("\n".join(out), "mixed:" + "+".join(sorted(_name(c) for c in codecs_used)), bad_total)


def _name(codec: str) -> str:
    return {"utf-16-le": "utf-16", "utf-16-be": "utf-16", "big5hkscs": "big5"}.get(codec, codec)
