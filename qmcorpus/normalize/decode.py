"""qmcorpus.normalize.decode: raw bytes → str with the encoding detected by trial decoding.

Candidates are decoded strictly and scored for plausibility (how common the resulting Chinese
characters are); GB2312 is never used (GB18030 is its superset). Undecodable bytes never raise:
they become U+FFFD and are counted. A charset a page declares is one candidate among others: it
wins unless another reading is clearly more plausible. UTF-16/32 without a BOM are recognised by
where their NUL bytes fall, or by decoding to Chinese text. Text that was already garbled before
it was saved (UTF-8 read as Latin-1/cp1252 or as GBK, GBK read as Latin-1) is repaired line by
line when the repaired line is far more plausible. :func:`not_text_reason` says when bytes are not
a text at all (random or binary data) and :func:`text_warnings` when a decoded text is doubtful.
"""
from __future__ import annotations

import codecs
import dataclasses
import functools
import itertools
import math
import re
from dataclasses import dataclass

from .. import resources
from .cp1252_quotes import restore_quotes
from .lost_bytes import read_back_decided, restore_lines
from .mojibake_runs import repair_mojibake_runs

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
_PUNCT_SCORE = 10.0  # about the log-frequency of a common character
PLAUSIBLE = 7.0  # mean plausibility of real Chinese is far above, of misread bytes far below
_DECLARED_MARGIN = 3.0  # how much more plausible another reading must be to overrule a declared charset


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the name recorded in documents.csv
    replaced: int  # undecodable bytes replaced by U+FFFD
    mojibake: int = 0  # lines repaired from an earlier misreading (UTF-8 read as cp1252 …)
    mojibake_detail: str = ""
    quotes: int = 0  # Windows-1252 quote bytes inside GBK lines read as their quotes


def plausibility(text: str) -> float:
    """Mean log-frequency of the text's CJK characters (higher = more like real Chinese).

    Traditional characters are scored by their OpenCC t2s form so that Big5 documents are not penalised.
    """
    return _plausibility(text[:_SAMPLE])


def _plausibility(head: str) -> float:
    # memoised: the decoder, the mojibake check and the not-text check score the same text
    value = _RECENT.pop(head, None)
    if value is None:
        value = _plausibility_unless_below(head, None)
    _remember(head, value)
    return value


_RECENT: dict[str, float] = {}  # head → plausibility of the last heads scored (a small LRU cache)


def _remember(head: str, value: float) -> None:
    _RECENT[head] = value  # the most recent last
    while len(_RECENT) > 8:
        try:
            del _RECENT[next(iter(_RECENT))]
        except (KeyError, RuntimeError, StopIteration):  # another thread evicted it first
            break


_UNSCORED = re.compile(r"[\x00-\x7f\s]+")  # the characters scored are non-ASCII and not spaces
# the non-ASCII spaces (the last is U+3000; none beyond the BMP): with ASCII, the characters not scored
_ODD_SPACES = "".join(c for c in map(chr, range(0x80, 0x3001)) if c.isspace())
_ODD_SPACE = re.compile("[" + re.escape(_ODD_SPACES) + "]")
# character → score, filled as characters are met; an unscored character scores 0.0, so that a
# text is summed as it stands (adding 0.0 leaves a float sum as it is: the same sum as of the
# scored characters alone, without building the string of them)
_CHAR_SCORES: dict[str, float] = dict.fromkeys([*map(chr, range(0x80)), *_ODD_SPACES], 0.0)


def _scored_count(head: str) -> int:
    """``len(_UNSCORED.sub("", head))``: the non-ASCII characters less the non-ASCII spaces."""
    n = len(head) - len(head.encode("ascii", "ignore"))
    return n - len(_ODD_SPACE.findall(head)) if n else 0


def _score_chars(chars: str) -> None:
    """Enter the _char_score of each of ``chars`` in _CHAR_SCORES, all at once (one translate:
    simplify_chars converts character by character, so each keeps its own simplified form)."""
    from .script import simplify_chars

    logfreq = resources.char_logfreq()
    for c, simple in zip(chars, simplify_chars(chars)):
        if c < "\x80" or c.isspace():
            _CHAR_SCORES[c] = 0.0  # not scored (as _UNSCORED): adds nothing to a sum
        else:
            _CHAR_SCORES[c] = _PUNCT_SCORE if c in _COMMON_PUNCT else logfreq.get(simple, 0.0)


def _char_score(c: str) -> float:
    from .script import simplify_chars  # a table lookup: misread bytes meet thousands of new characters

    if c in _COMMON_PUNCT:
        return _PUNCT_SCORE
    return resources.char_logfreq().get(simplify_chars(c), 0.0)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in alternate positions, else None."""
    sample = data[:2000]
    if len(sample) < 4 or b"\0" not in sample:
        return None  # (no NUL byte: neither share below can be reached; most files stop here)
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def utf32_without_bom(data: bytes) -> str | None:
    """'utf-32-le'/'utf-32-be' when the two high bytes of (nearly) every 4-byte unit are NUL."""
    sample = data[:4000]
    n = len(sample) // 4
    if n < 2 or b"\0" not in sample:
        return None  # (no NUL byte: no position holds 95 % of them; most files stop here)
    for codec, zero in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
        if all(sample[z::4][:n].count(0) >= 0.95 * n for z in zero):
            other = (1,) if codec == "utf-32-le" else (2,)
            if sample[other[0]::4][:n].count(0) < n:  # not all NUL
                return codec
    return None


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is no UTF-8, escaped by surrogateescape
# a line with a non-ASCII character and no escaped byte (possessive: linear on any line)
_GOOD_UTF8_LINE = re.compile("^[\x00-\x09\x0b-\x7f]*+[^\x00-\x7f\udc80-\udcff][^\n\udc80-\udcff]*+$", re.M)
# the same lines in the bytes: a line (up to a newline byte or the end) of ASCII bytes and well-formed
# UTF-8 sequences (the ones Python's decoder reads: no overlong form, surrogate or code point
# beyond U+10FFFF), at least one of them; the first line by match, the others after their newline
# (a literal to scan for, where a pattern starting with ^ is tried at every byte)
_UTF8_SEQUENCE = (rb"(?:[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                  rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                  rb"|\xf4[\x80-\x8f][\x80-\xbf]{2})")
_GOOD_UTF8_LINE_BODY = (rb"[\x00-\x09\x0b-\x7f]*+" + _UTF8_SEQUENCE
                        + rb"(?:[\x00-\x09\x0b-\x7f]|" + _UTF8_SEQUENCE + rb")*+(?=\n|\Z)")
_GOOD_UTF8_FIRST_LINE = re.compile(_GOOD_UTF8_LINE_BODY)
_GOOD_UTF8_LATER_LINE = re.compile(rb"\n" + _GOOD_UTF8_LINE_BODY)
_NOT_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff]+")
_TEXTLIKE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\x20-\x7e\t\n\r]")


def utf16_chinese(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes (without BOM) decode to Chinese text: nearly all
    characters CJK, CJK punctuation or ASCII, a good share of them common Chinese characters.
    Random bytes land in those ranges a third of the time, GBK/Big5 pairs rarely throughout."""
    sample = data[:4000]
    return _utf16_chinese(sample[: len(sample) - len(sample) % 2])


@functools.lru_cache(maxsize=4)
def _utf16_chinese(sample: bytes) -> str | None:
    # memoised: the binary check and the decoder ask about the same first 4000 bytes of a file
    if len(sample) < 16:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        if not _may_be_textlike(sample[1::2] if codec == "utf-16-le" else sample[0::2]):
            continue  # exact: the test below would fail (most files skip both decodes)
        text = sample.decode(codec, errors="replace")
        n = len(text)
        if len(_TEXTLIKE.findall(text)) < 0.95 * n or len(_CJK.findall(text)) < 0.2 * n:
            continue
        if plausibility(text) >= PLAUSIBLE:
            return codec
    return None


# The high bytes of the UTF-16 code units of the _TEXTLIKE characters (ASCII and controls 00,
# punctuation 20, CJK punctuation 30, CJK 34-9F, fullwidth forms FF); every other byte is deleted.
_TEXTLIKE_HIGH = bytes([0x00, 0x20, 0x30, 0xFF]) + bytes(range(0x34, 0xA0))
_NOT_TEXTLIKE_HIGH = bytes(b for b in range(256) if b not in _TEXTLIKE_HIGH)


def _may_be_textlike(high: bytes) -> bool:
    """False when a UTF-16 reading whose code units have these high bytes cannot be 95 % text-like.

    Exact bound: each text-like character is one unit with a high byte of _TEXTLIKE_HIGH (u of the
    ``units``), none of them a surrogate, so the reading has at least u + (units - u) / 2
    characters (a surrogate pair makes one); fewer than 95 % of them are text-like when
    u < 0.95 * (units + u) / 2, i.e. 105 u < 95 units (integers: no rounding)."""
    units = len(high)
    u = len(high.translate(None, _NOT_TEXTLIKE_HIGH))
    return 105 * u >= 95 * units


def _better_than_declared(data: bytes, declared: str, text: str) -> Decoded | None:
    """Another strict reading of a page that is clearly more plausible than its declared charset
    (a UTF-8 page declared gb2312 reads as 璐ㄩ噺…), else None."""
    if data[:65536].isascii():  # = max(...) < 0x80, without iterating in Python
        return None
    own = plausibility(text)
    best = None
    for codec in ("utf-8", "gb18030", "big5"):
        if codec == declared:
            continue
        try:
            alt = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(alt)
        if score > own + _DECLARED_MARGIN and (best is None or score > best[0]):
            best = (score, alt, codec)
    return Decoded(best[1], _name(best[2]), 0) if best else None


def _count_replaced(data: bytes, codec: str) -> tuple[str, int]:
    text = data.decode(codec, errors="replace")
    replaced = text.count("\ufffd")
    if replaced and _may_hold_fffd(data, codec):  # else every U+FFFD is a replaced byte sequence
        replaced -= data.decode(codec, errors="ignore").count("\ufffd")  # less the text's own
    return text, replaced


# U+FFFD as each stateless codec writes it (None: the codec has no byte sequence for it)
_FFFD_BYTES = {"utf-8": b"\xef\xbf\xbd", "utf-16-le": b"\xfd\xff", "utf-16-be": b"\xff\xfd",
               "utf-32-le": b"\xfd\xff\x00\x00", "utf-32-be": b"\x00\x00\xff\xfd",
               "gb18030": b"\x84\x31\xa4\x37", "big5": None, "big5hkscs": None}


def _may_hold_fffd(data: bytes, codec: str) -> bool:
    """Whether ``data`` read in ``codec`` may hold a U+FFFD of its own: only if the bytes that
    write one are there (unknown codecs: assume so)."""
    if codec not in _FFFD_BYTES:
        return True
    fffd = _FFFD_BYTES[codec]
    return fffd is not None and fffd in data


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (mapped to our codec), if any."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    return ALIASES.get(m.group(1).decode("ascii", "ignore").lower())


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode raw bytes, detecting the encoding, and repair text garbled before it was saved.

    Order: BOM; a declared charset (HTML meta) if it decodes cleanly and no other reading is
    clearly more plausible; UTF-32/UTF-16 by NUL pattern; strict UTF-8; BOM-less UTF-16 that
    decodes to Chinese; then GB18030, Big5 (and UTF-16) by plausibility. Never raises on bad bytes.

    >>> decode_bytes("质量月".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes("质量月活动".encode("utf-8").decode("latin-1").encode("utf-8")).text
    '质量月活动'
    """
    dec = _decode(data, declared)
    if dec.encoding == "gb18030" or dec.encoding.startswith("mixed:"):
        # a GBK page (or GBK lines) holding Windows-1252 quote bytes: a quote byte misaligns the
        # GBK after it, so the bytes are mended and read again
        fixed, quotes = restore_quotes(data, plausibility)
        if quotes:
            data = fixed
            dec = dataclasses.replace(_decode(fixed, declared), quotes=quotes)
    # a UTF-8 reading without BOM and without a replaced byte is the strict reading of the bytes
    # (every path of _decode that names UTF-8): they are its UTF-8 form, not to be encoded again
    utf8 = data if dec.encoding == "utf-8" and not dec.replaced and not data.startswith(codecs.BOM_UTF8) else None
    text, n, detail = repair_mojibake(dec.text, utf8=utf8)
    # a clause of a UTF-8 snippet read as GBK, in a line that reads well otherwise
    text, runs, more = repair_mojibake_runs(text)
    n, detail = n + runs, "; ".join(x for x in (detail, more) if x)
    if n:
        return Decoded(text, dec.encoding, dec.replaced, n, detail, dec.quotes)
    return dec


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            text, bad = _count_replaced(data[len(bom):], codec.replace("-sig", ""))
            return Decoded(text, name, bad)
    if declared:
        try:
            text = _strict(data, declared)
            other = _better_than_declared(data, declared, text)
            return other or Decoded(text, _name(declared), 0)
        except (UnicodeDecodeError, LookupError):
            pass  # the page lies about its charset: detect instead
    u32 = utf32_without_bom(data)
    if u32:
        text, bad = _count_replaced(data[: len(data) - len(data) % 4], u32)
        return Decoded(text, "utf-32", bad)
    u16 = _utf16_without_bom(data)  # before UTF-8: NUL bytes are valid UTF-8
    if u16:
        text, bad = _count_replaced(data, u16)
        return Decoded(text, "utf-16", bad)
    hz = _hz(data)
    if hz:
        return hz
    try:
        text = data.decode("utf-8")
        # NUL and other control bytes are valid UTF-8 but not real text: BOM-less UTF-16 perhaps
        # (= no _CONTROL_RUN in the text: a strict reading holds a control character exactly where
        # the bytes hold its byte, which no multi-byte sequence holds; one C pass over the bytes)
        if _no_control_bytes(data):
            return Decoded(text, "utf-8", 0)
    except UnicodeDecodeError:
        pass
    u16 = utf16_chinese(data)  # Chinese in UTF-16 has few NUL bytes (only its ASCII has)
    if u16:
        text, bad = _count_replaced(data[: len(data) - len(data) % 2], u16)
        return Decoded(text, "utf-16", bad)
    mixed = _decode_by_line(data)
    if mixed is not None:
        return mixed
    # Legacy double-byte pages: when exactly one of GB18030 / Big5 decodes cleanly and the bytes
    # are far from UTF-8, that is the answer; otherwise score every candidate.
    strict = []
    for codec in ("gb18030", "big5"):
        try:
            strict.append((codec, _strict(data, codec)))
        except UnicodeDecodeError:
            pass
    if len(strict) == 1:
        if _far_from_utf8(data) and _no_control_bytes(data):  # (= no _CONTROL_RUN in the strict reading)
            return _rare_reading(data, Decoded(strict[0][1], _name(strict[0][0]), 0))
    # (Big5 read as Big5-HKSCS, its superset: a Hong Kong character is no bad byte)
    text, codec, bad = _most_plausible(
        data, ("utf-8", "gb18030", "big5hkscs") + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ()),
        strict={("big5hkscs" if c == "big5" else c): t for c, t in strict},
    )
    return _rare_reading(data, Decoded(text, _name(codec), bad))


# bytes that begin no UTF-8 sequence and continue none: read as UTF-8, each is one U+FFFD of its own
_NEVER_UTF8 = bytes([0xC0, 0xC1, *range(0xF5, 0x100)])


def _far_from_utf8(data: bytes) -> bool:
    """More than 1 % of the UTF-8 reading of ``data`` replaced bytes (``bad > 0.01 * len(text)``
    of :func:`_count_replaced`). Without decoding when the bytes that are never UTF-8 already make
    more than 1 % of the bytes: each is a replaced character of its own, and the reading has at most
    one character per byte; else the bytes are read."""
    never = len(data) - len(data.translate(None, _NEVER_UTF8))
    if never > 0.01 * len(data):
        return True
    u8, bad = _count_replaced(data, "utf-8")
    return bad > 0.01 * len(u8)


def _rare_reading(data: bytes, dec: Decoded) -> Decoded:
    """``dec``, or a Japanese code page reading when only that one reads as Chinese."""
    if plausibility(dec.text) >= PLAUSIBLE:
        return dec
    for other in _RARE_CODECS:
        try:
            alt = data.decode(other)
        except UnicodeDecodeError:
            continue
        if plausibility(alt) >= PLAUSIBLE and not _CONTROL_RUN.search(alt):
            return Decoded(alt, other, 0)
    return dec


_RARE_CODECS = ("shift_jis", "cp932", "euc_jp")  # tried only when no common reading is plausible


def _hz(data: bytes) -> Decoded | None:
    """HZ (7-bit GB2312 between ``~{`` and ``~}``), which also reads as ASCII."""
    if not data.isascii() or data.find(b"~{", 0, 65536) < 0:  # (ASCII first: a word-wise C test)
        return None
    try:
        text = data.decode("hz")
    except UnicodeDecodeError:
        return None
    return Decoded(text, "hz", 0) if _CJK.search(text) and plausibility(text) >= PLAUSIBLE else None


def _most_plausible(data: bytes, codecs=("utf-8", "gb18030", "big5"), strict: dict | None = None
                    ) -> tuple[str, str, int]:
    """(text, codec, bad bytes) of the candidate codec whose reading scores best (first wins ties).

    Each reading's _score is its plausibility less its penalty. The penalties are cheap and
    counted first; the plausibilities are computed from the lowest penalty up, and not (or only
    in part) for a reading that could not reach the best score so far even if all its remaining
    characters scored the most: the same reading wins as when every score is computed.
    ``strict``: codec → the reading of the bytes already decoded strictly (no byte replaced)."""
    readings = []
    no_control = _no_control_bytes(data)
    for index, codec in enumerate(codecs):
        if strict and codec in strict:
            text, bad = strict[codec], 0  # (what _count_replaced gives when no byte is replaced)
        else:
            text, bad = _count_replaced(data, codec)
        if no_control and codec in _NO_CONTROL_WITHOUT_CONTROL_BYTES:
            penalty = 10.0 * bad / max(1, len(text))  # = _penalty(text, bad): no control character
        else:
            penalty = _penalty(text, bad)
        readings.append((penalty, index, text, codec, bad))
    best = None  # (score, -index, text, codec, bad): the highest score, then the first codec
    top = _top_char_score()
    ranked, started = _likeliest_first(sorted(readings, key=lambda r: r[:2]))
    for penalty, index, text, codec, bad in ranked:
        if best is not None and top - penalty < best[0] - _BOUND_SLACK:
            continue  # even a plausibility of ``top`` would lose
        floor = None if best is None else best[0] + penalty - _BOUND_SLACK
        plaus = _plausibility_unless_below(_scored_head(text), floor, summed=started.get(index, (0, 0)))
        if plaus is None:
            continue
        score = plaus - penalty  # = _score(text, bad)
        if best is None or (score, -index) > best[:2]:
            best = (score, -index, text, codec, bad)
    return best[2], best[3], best[4]


def _likeliest_first(ranked: list) -> tuple[list, dict]:
    """_most_plausible's readings (penalty, index, …) in the order to score them, and index →
    (sum, characters) of the first chunk already summed. The readings tied at the lowest penalty
    (the strict readings of GB18030 and Big5, say) have their first chunk summed and the likeliest
    is scored first: the others then meet its score as a floor after a chunk or two, where in
    codec order a misreading of rare characters is summed whole before the right one. Any order
    picks the same reading: one is left off only when it surely scores below one already scored."""
    low = [r for r in ranked if r[0] == ranked[0][0]] if ranked else []
    if len(low) < 2:
        return ranked, {}
    started = {r[1]: (_summed(_scored_head(r[2])[:_CHUNK]), _CHUNK) for r in low}
    low.sort(key=lambda r: -started[r[1]][0])  # (a stable sort: ties stay in codec order)
    return low + ranked[len(low):], started


_BOUND_SLACK = 1e-9  # far above the rounding of a sum of 800 scores: a bound never prunes a tie


def _scored_head(text: str) -> str:
    """``text.replace("\ufffd", "")[:_SAMPLE]``, replacing in the whole text only when the
    head holds a U+FFFD (the replaced characters of a reading are left out of its plausibility)."""
    head = text[:_SAMPLE]
    return text.replace("\ufffd", "")[:_SAMPLE] if "\ufffd" in head else head



_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # the bytes of _CONTROL_RUN
# codecs whose readings hold a character of _CONTROL_RUN only where the bytes hold one of
# _CONTROL_BYTES: the ASCII-compatible ones read a byte below 0x80 as itself and every other
# sequence as a character above U+007F (or U+FFFD); a UTF-16 code unit below U+0020 needs a NUL byte
_NO_CONTROL_WITHOUT_CONTROL_BYTES = frozenset({"utf-8", "gb18030", "big5", "big5hkscs", "utf-16-le", "utf-16-be"})


def _no_control_bytes(data: bytes) -> bool:
    """Whether ``data`` holds none of :data:`_CONTROL_BYTES` (one C pass: deleting them changes nothing)."""
    return len(data.translate(None, _CONTROL_BYTES)) == len(data)


def _penalty(text: str, bad: int) -> float:
    """_score's penalty for replaced bytes and control characters."""
    ctrl = len(_CONTROL_RUN.findall(text))  # below space, but tab and newlines
    return 10.0 * (bad + ctrl) / max(1, len(text))


@functools.cache
def _top_char_score() -> float:
    """The highest score a character can have (no plausibility is above it)."""
    return max(_PUNCT_SCORE, max(resources.char_logfreq().values(), default=0.0), 0.0)


def _plausibility_unless_below(head: str, floor: float | None, ceiling: float | None = None, *,
                               summed: tuple[float, int] = (0, 0)) -> float | None:
    """_plausibility(head); or, given bounds, None as soon as it is surely below ``floor`` and
    ``math.inf`` as soon as it is surely at least ``ceiling``. The characters are summed in the
    same order (sum continues from its start value: the same additions), and after each chunk
    the sum so far plus the top (lowest) score for each character left bounds the total. A
    plausibility computed in full with bounds is remembered for _plausibility. ``summed``: the
    sum of the first characters of the head, already taken (``_summed(head[:done])``, ``done``)."""
    # the head is summed as it stands, its unscored characters adding 0.0 (the same sum as of the
    # scored ones), and divided by the count of scored ones; a chunk's bound counts every character
    # left as one that may be scored (more than are: a bound no tighter, as sure)
    n = _scored_count(head)
    if not n:
        return 0.0
    total, done = summed
    if floor is None and ceiling is None:
        value = _summed(head[done:], total) / n
        _remember(head, value)
        return value
    top, bottom = _top_char_score(), _bottom_char_score()
    size = len(head)
    codes = _code_units(head)  # (the head's code points once, their chunks sliced without copies)
    for start in range(done, size, _CHUNK):
        if start:  # the bound after the characters before ``start``, the others left
            left = size - start
            if floor is not None and (total + left * top) / n < floor:
                return None
            if ceiling is not None and (total + left * bottom) / n >= ceiling:
                return math.inf
        if codes is None:
            total = _summed_by_character(head[start:start + _CHUNK], total)
        else:
            total = _summed_codes(codes[start:start + _CHUNK], total)
    _remember(head, total / n)
    return total / n


def _summed(chars: str, start: float = 0) -> float:
    """sum of the scores of ``chars`` from ``start``, scoring the characters met for the first time."""
    codes = _code_units(chars)
    return _summed_by_character(chars, start) if codes is None else _summed_codes(codes, start)


def _code_units(chars: str) -> memoryview | None:
    """The code points of ``chars`` (a sequence of ints) when all are in the BMP, else None."""
    units = chars.encode("utf-16-le", "surrogatepass")
    return memoryview(units).cast("H") if len(units) == 2 * len(chars) else None


def _summed_codes(codes: memoryview, start: float = 0) -> float:
    """_summed of the characters of these code points (a slice of _code_units: no copy)."""
    # the same scores in the same order, looked up by code point: a list read by the int of a
    # code unit is faster than a dict hashing a new one-character string for each character
    try:
        return sum(map(_SCORE_BY_CODE.__getitem__, codes), start)
    except TypeError:  # a character not scored yet (None): score them, then sum again
        missing = {chr(code) for code in codes if _SCORE_BY_CODE[code] is None}
        _score_chars("".join(missing.difference(_CHAR_SCORES)))
        for c in missing:
            _SCORE_BY_CODE[ord(c)] = _CHAR_SCORES[c]
        return sum(map(_SCORE_BY_CODE.__getitem__, codes), start)


def _summed_by_character(chars: str, start: float = 0) -> float:
    """_summed, looked up by character (any character)."""
    scores = _CHAR_SCORES
    try:
        return sum(map(scores.__getitem__, chars), start)
    except KeyError:  # (no set of the characters built each time: the miss is rare)
        _score_chars("".join(set(chars).difference(scores)))
        return sum(map(scores.__getitem__, chars), start)


# _CHAR_SCORES by code point, for the BMP (None: not scored yet)
_SCORE_BY_CODE: list[float | None] = [None] * 0x10000
for _c, _v in _CHAR_SCORES.items():
    _SCORE_BY_CODE[ord(_c)] = _v


_CHUNK = 100  # characters summed between two looks at the bound


def _plausibility_below(text: str, threshold: float) -> bool:
    """plausibility(text) < threshold, the characters summed only as far as decides it."""
    head = text[:_SAMPLE]
    known = _RECENT.get(head)
    if known is not None:
        return known < threshold
    value = _plausibility_unless_below(head, threshold - _BOUND_SLACK, threshold + _BOUND_SLACK)
    return value is None or value < threshold


@functools.cache
def _bottom_char_score() -> float:
    """The lowest score a character can have (unknown characters score 0)."""
    return min(_PUNCT_SCORE, min(resources.char_logfreq().values(), default=0.0), 0.0)


def _score(text: str, bad: int) -> float:
    """Plausibility of what decoded, less a penalty for replaced bytes and control characters.

    The replaced characters are left out of the plausibility itself, so that a UTF-8 text with
    one truncated character still beats its GB18030 mojibake."""
    return plausibility(text.replace("\ufffd", "")) - _penalty(text, bad)


def _decode_by_line(data: bytes) -> Decoded | None:
    """A file whose lines come in different encodings (UTF-8 lines next to GBK ones), or None.

    Used only when some non-ASCII lines are valid UTF-8 and others are not; each invalid line
    is decoded on its own (a UTF-8 line with one truncated character stays UTF-8).
    """
    if not _no_control_bytes(data):
        return None  # control bytes: UTF-16 perhaps, whose code units may contain the newline byte
    # Is some non-ASCII line valid UTF-8, and some not? Read at once: escaped, each undecodable
    # byte becomes one lone surrogate (valid UTF-8 never gives one) and no byte sequence spans a
    # newline, so the escaped text's lines are the lines of bytes, each decoded on its own.
    if not _has_good_utf8_line(data):
        return None  # (the usual legacy page: found in the bytes, without decoding them)
    escaped = data.decode("utf-8", errors="surrogateescape")
    if not _ESCAPED_BYTE.search(escaped):
        return None
    lines = data.split(b"\n")
    out, codecs_used, bad_total = [], set(), 0
    for ln in lines:
        try:
            out.append(ln.decode("utf-8"))
            if not ln.isascii():
                codecs_used.add("utf-8")
        except UnicodeDecodeError:
            text, codec, bad = _most_plausible(ln)
            out.append(text)
            codecs_used.add(codec)
            bad_total += bad
    if codecs_used == {"utf-8"}:
        return Decoded("\n".join(out), "utf-8", bad_total)
    return Decoded("\n".join(out), "mixed:" + "+".join(sorted(_name(c) for c in codecs_used)), bad_total)


def _has_good_utf8_line(data: bytes) -> bool:
    """Whether some line of ``data`` is well-formed UTF-8 with a non-ASCII character: whether
    ``_GOOD_UTF8_LINE`` finds a line in the bytes read with surrogateescape (no sequence spans a
    newline byte, so a line of bytes reads as that line of the text), without reading them."""
    return bool(_GOOD_UTF8_FIRST_LINE.match(data) or _GOOD_UTF8_LATER_LINE.search(data))


def _strict(data: bytes, codec: str) -> str:
    """``data`` decoded strictly; a Big5 page may hold Hong Kong characters (HKSCS), which plain
    Big5 refuses: such a page is read as Big5-HKSCS, its superset."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec != "big5":
            raise
        return data.decode("big5hkscs")


def _name(codec: str) -> str:
    return {"utf-16-le": "utf-16", "utf-16-be": "utf-16", "big5hkscs": "big5"}.get(codec, codec)


# ── text garbled before it was saved (mojibake) ───────────────────────────────────────────────────
# Characters a misreading of multi-byte text as Latin-1/cp1252 produces: Latin-1 letters and
# symbols, C1 controls, and the cp1252 extras. Chinese text itself uses a few of them alone
# (· × — …), never in runs with Latin-1 letters.
_LATIN_MOJIBAKE = ("\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                   "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_LATIN_RUN = re.compile(f"[\u00c0-\u00ff][{_LATIN_MOJIBAKE}]")  # a lead byte's letter, then more: linear to search
_REPAIR_MARGIN = 3.0  # a repaired line must be this much more plausible than the line as read


def _utf8_alternatives(chars) -> bytes:
    """A bytes pattern of the UTF-8 forms of ``chars``: one byte class of last bytes per prefix."""
    last: dict[bytes, list[int]] = {}
    for c in sorted(set(chars)):
        b = c.encode("utf-8")
        last.setdefault(b[:-1], []).append(b[-1])
    return b"|".join(re.escape(prefix) + b"[" + b"".join(re.escape(bytes([x])) for x in ends) + b"]"
                     for prefix, ends in last.items())


# _LATIN_RUN in the UTF-8 form of a text: C3 is the lead byte of U+00C0-U+00FF and of no other
# character (never a continuation byte), and UTF-8 is a prefix code, so a match starting at C3
# is one of U+00C0-U+00FF and then the whole UTF-8 form of the next character. The search scans
# for the literal C3, where _LATIN_RUN tests every character of the text against a class.
_LATIN_RUN_UTF8 = re.compile(rb"\xc3[\x80-\xbf](?:" + _utf8_alternatives(
    filter(re.compile(f"[{_LATIN_MOJIBAKE}]").fullmatch, map(chr, range(0x80, 0x2200)))) + rb")")


def _has_latin_run(text: str, utf8: bytes | None = None) -> bool:
    """Whether _LATIN_RUN occurs in ``text``, found in its UTF-8 form (``utf8``, when known);
    lone surrogates pass as their three bytes, ED first."""
    return _LATIN_RUN_UTF8.search(text.encode("utf-8", "surrogatepass") if utf8 is None else utf8) is not None


def _latin_candidates(line: str):
    """(family, reading) of a line that looks like multi-byte text read as Latin-1/cp1252."""
    try:
        import ftfy
        import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

        yield "utf-8>latin", ftfy.fix_encoding(line)  # UTF-8 read as (sloppy) cp1252/Latin-1, also twice over
    except ImportError:  # pragma: no cover - ftfy is a dependency
        pass
    for single in ("latin-1", "cp1252", "sloppy-windows-1252"):
        try:
            raw = line.encode(single)
        except (UnicodeEncodeError, LookupError):
            continue
        yield "utf-8>latin", raw.decode("utf-8", errors="replace")
        yield "gbk>latin", raw.decode("gb18030", errors="replace")  # GBK read as Latin-1
        yield "big5>latin", raw.decode("big5", errors="replace")


def _gbk_candidates(line: str, lost: dict | None = None):
    """(family, reading) of a line that looks like UTF-8 read as GBK (璐ㄩ噺鏈…) or as Big5.

    A line with bytes the GBK misreading lost (U+FFFD) is read back instead with each lost byte
    solved where it can be (:mod:`.lost_bytes`); ``lost`` keeps that reading's open spots."""
    if "\ufffd" in line:
        back = read_back_decided(line)
        if back is not None:
            if lost is not None:
                lost[back.text] = back
            yield "utf-8>gb18030", back.text
            yield from _other_gbk_candidates(line, ("big5",))
            return
    yield from _other_gbk_candidates(line, ("gb18030", "big5"))


def _other_gbk_candidates(line: str, wrongs):
    for wrong in wrongs:
        try:  # bytes lost to U+FFFD in the misreading stay one U+FFFD each
            fixed = "\ufffd".join(part.encode(wrong).decode("utf-8", errors="replace") for part in line.split("\ufffd"))
            yield f"utf-8>{wrong}", re.sub("\ufffd+", "\ufffd", fixed)  # one character lost where bytes were lost
        except UnicodeEncodeError:
            continue


def _line_score(text: str, lost: int = 0) -> float:
    """Plausibility of a line, less a penalty for U+FFFD beyond the ``lost`` it had already."""
    return plausibility(text.replace("\ufffd", "")) - 10.0 * max(0, text.count("\ufffd") - lost) / max(1, len(text))


def _at_least(matches, n: int) -> bool:
    """Whether an iterator of matches yields ``n`` of them (it stops at the n-th)."""
    return sum(1 for _ in itertools.islice(matches, n)) >= n


def repair_mojibake(text: str, *, utf8: bytes | None = None) -> tuple[str, int, str]:
    """(text, lines repaired, trace) — lines garbled by an earlier misreading, read right.

    A line is only replaced by a reading that is far more plausible as Chinese (the common
    characters of jieba's dictionary), so correct text, and text in other languages, stays.

    >>> repair_mojibake("质量月活动".encode("gb18030").decode("latin-1"))[0]
    '质量月活动'
    >>> repair_mojibake("质量月·活动 — 通知……")[1]
    0
    """
    latin = _has_latin_run(text, utf8)  # (utf8: the text's UTF-8 form, when the caller has it)
    gbk = _at_least(_CJK.finditer(text, 0, 4000), 4) and _plausibility_below(text, PLAUSIBLE)
    if not latin and not gbk:
        return text, 0, ""
    lines = text.split("\n")
    fixed, trace, left, families = 0, [], [], set()
    read_backs: dict = {}  # reading with lost bytes solved → its Reading (open spots)

    def candidates(line: str) -> list:
        out = []
        if latin and _LATIN_RUN.search(line):
            out += _latin_candidates(line)
        if gbk and _CJK.search(line):
            out += _gbk_candidates(line, read_backs)
        return out

    def put(i: int, new: str) -> None:
        nonlocal fixed
        if len(trace) < 3:
            trace.append(f"{lines[i][:12]!r}→{new[:12]!r}")
        lines[i] = new
        fixed += 1

    # a line is repaired on its own evidence when it then reads as Chinese (two characters at
    # least) far more plausibly; the remaining lines of a text so repaired follow when the same
    # misreading undone loses nothing (a lone ·, a one-character line)
    decided: dict[int, tuple[str, str, float]] = {}  # line → (family, reading, gain)
    for i, line in enumerate(lines):
        cands = candidates(line)
        if not cands:
            continue
        lost = line.count("\ufffd")
        family, best = max(cands, key=lambda c: _line_score(c[1], lost))
        gain = _line_score(best, lost) - _line_score(line, lost)
        if len(_CJK.findall(best)) >= 2 and gain > _REPAIR_MARGIN:
            decided[i] = (family, best, gain)
        else:
            left.append(i)
    # one misreading garbled a text: a line whose own best reading undoes another one (a short
    # line of symbols read as rare characters) takes the text's main misreading when that reads it
    # at least as well as it stands
    gains: dict[str, float] = {}
    for family, _, gain in decided.values():
        gains[family] = gains.get(family, 0.0) + gain
    main = max(gains, key=gains.get) if gains else None
    for i, (family, best, _) in sorted(decided.items()):
        if family != main:
            line, lost = lines[i], lines[i].count("\ufffd")
            same = [c for f, c in candidates(line) if f == main and c.count("\ufffd") <= lost]
            if same:
                family, best = main, max(same, key=lambda c: _line_score(c, lost))
                if _line_score(best, lost) < _line_score(line, lost):
                    continue
        put(i, best)
        families.add(family)
    for i in left if families else ():
        line = lines[i]
        lost = line.count("\ufffd")
        same = [c for f, c in candidates(line) if f in families and c != line and c.count("\ufffd") <= lost]
        if same:
            best = max(same, key=lambda c: _line_score(c, lost))
            if _line_score(best, lost) >= _line_score(line, lost):
                put(i, best)
    if not fixed:
        return text, 0, ""
    out, solved = restore_lines(lines, read_backs)
    if solved:
        trace.append(f"{solved} lost bytes restored")
    return out, fixed, "; ".join(trace)


# ── is it text at all; is it believable Chinese ──────────────────────────────────────────────────
def _text_stats(text: str) -> tuple[int, float, float, float]:
    """(characters, share replaced or control, share of CJK, plausibility) of a sample."""
    sample = text[:_STATS_SAMPLE]
    n = max(1, len(sample))
    cjk = len(_NOT_CJK.sub("", sample))  # what is left when the rest is removed (in runs)
    return len(sample), _junk_share(text), cjk / n, plausibility(sample)


_STATS_SAMPLE = 20000  # characters counted by _text_stats


def _junk_share(text: str) -> float:
    """_text_stats' share of replaced or control characters (alone: the cheapest of its figures)."""
    sample = text[:_STATS_SAMPLE]
    return (sample.count("\ufffd") + len(_CONTROL_RUN.findall(sample))) / max(1, len(sample))


def not_text_reason(dec: Decoded) -> str | None:
    """Why decoded bytes are not a text document (random or binary data), or None.

    No candidate reading makes such bytes into text: whatever was chosen still holds many
    replaced or control characters, or Chinese characters too rare to be a real text."""
    if dec.replaced == 0 and dec.encoding in ("utf-8", "hz"):
        return None  # well-formed UTF-8 is text (random bytes never are); doubts go to text_warnings
    junk = _junk_share(dec.text)
    if junk > 0.2:
        return f"not text: {junk:.0%} of the characters are undecodable or control characters in every encoding tried"
    # A clean reading of rare characters is text in an encoding we cannot read (flagged by
    # text_warnings); a reading with undecodable bytes, or a UTF-16/32 reading that is not
    # Chinese (Chinese UTF-16 is recognised as such), is data. (The shares of CJK and the
    # plausibility are counted only when the rest of the test holds: a clean GBK page needs neither.)
    if (junk > 0.01 or dec.encoding in ("utf-16", "utf-32")) and _text_stats(dec.text)[2] > 0.05 \
            and plausibility(dec.text) < NOT_TEXT_PLAUSIBILITY:
        return "not text: no encoding gives a readable Chinese text (random or binary data?)"
    return None


NOT_TEXT_PLAUSIBILITY = 4.5  # misread random bytes score below 3.5, real Chinese pages 9 and more


def text_warnings(text: str) -> tuple[str, ...]:
    """Doubts about a document's final text, for the ``warnings`` column (empty when none).

    ``implausible_chinese``: its Chinese characters are mostly rare ones — a misread encoding
    nobody could repair (EUC-TW, Shift-JIS …) rather than a real text; ``no_chinese``: no Chinese
    characters at all; ``replacement_chars``: many undecodable bytes."""
    out = []
    if not _CJK.search(text):
        out.append("no_chinese")
    elif _plausibility_below(text, PLAUSIBLE):  # = _text_stats(text)[3] < PLAUSIBLE: no other figure needed
        out.append("implausible_chinese")
    if text.count("\ufffd") > max(3, 0.01 * len(text)):
        out.append("replacement_chars")
    return tuple(out)
