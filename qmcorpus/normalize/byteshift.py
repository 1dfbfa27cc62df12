"""qmcorpus.normalize.byteshift: repair GBK byte-shift damage (规?!百|(zhì)量月” → 规模“质量月”).

A scraper lost or replaced one byte of a GBK page (shown as ``?``); every following byte was
then paired with the wrong neighbour until the alignment happened to recover. We re-encode the
garbled run to its bytes, re-pair them one byte later, and choose the lost character among the
GBK characters that end (or start) with the surviving byte, by the words it makes with its
neighbours (jieba's dictionary plus the domain lexicon), a pinyin gloss that follows, and quote
balance. Facts of real damage modelled here: each further ``?`` in the run is one more lost
byte; fullwidth forms were turned into their ASCII twins after decoding (``!`` was ``！`` A3A1);
the first ``?`` may itself be such a twin (``？`` A3BF) with the lost byte not shown at all;
a gloss's own ``(`` may be swallowed into the last ``?``. When the lost byte may belong to a
full-width punctuation mark (``。`` A1A3), the punctuation reading is weighed against the
character reading by the sentence's shape. A real question mark does not re-align into
plausible text and is left alone.

The work per spot is bounded and does not grow with the page (#16): re-alignments are read one
character at a time and dropped at the first invalid pair; the candidates of each surviving byte,
their plausibility and simplified forms come from a table built once and kept on disk; the words a
candidate makes are found with one look-up per span of neighbours in a table of words with one
character blanked, best word length first; a re-alignment stops as soon as its score can no
longer pass or beat the best so far, and looks for a lost character's words no weaker than the
best so far's weakest; a spot's line is read only when it has a re-alignment, and at most its
end. Each shortcut gives what the plain form gives (tests/normalize/test_byteshift_fast_paths.py).
"""
from __future__ import annotations

import bisect
import functools
import importlib.util
import itertools
import math
import operator
import re
from dataclasses import dataclass
from pathlib import Path
from typing import AbstractSet, Callable, Collection, Iterable, NamedTuple, Sequence

from .. import resources
from .pinyin import is_reading
from .script import simplified_char, simplify_chars

UNRESOLVED = "\ufffd"  # marks a lost character the context could not decide
_MAX_UNITS = 16  # a run re-aligns within this many garbled characters
_MAX_ASCII_BRANCHES = 6
_PUNCT = "“”‘’、。，：；！？（）《》〈〉【】—…·"
_GLOSS_AFTER = re.compile(r"[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})[)）]")
_GLOSS_SWALLOWED = re.compile(r"([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})[)）]")
# the first characters the two patterns can match: a cheap test before trying them
_GLOSS_OPENERS = frozenset("(（")
_PINYIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_TAIL = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]*\Z")  # on a few characters only
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]*")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")
_LOST_THEN_QMARK = b"?\xa3\xbf"  # a lost byte, then a fullwidth ？ shown as ASCII '?'
_SENTENCE_MARKS = "。，；：、"  # punctuation a lost byte can belong to inside running text
_CLAUSE_END = re.compile(r"[。！？!?；;，,、：:“”\n]")
_CLAUSE_END_CHARS = frozenset("。！？!?；;，,、：:“”\n")  # the class above, for a test of one character
MIN_WORD_FREQ = 10  # rarer dictionary "words" are segmentation debris, not evidence
_CONTEXT_CHARS = 3  # neighbours on each side a candidate's words are read from
_NO_WORD = (0, 0, 0.0)
_LEFT_WINDOW = 64  # characters of a line read for the left context
_LINE_WINDOW = 256  # characters of the line before a spot a repair reads (the whole line when needed)
_RUN_WINDOW = 64  # characters after a spot a repair reads (a run, what follows it, a gloss)
_FREE = -2  # no byte waiting for its pair partner (a pairing boundary)
CLAUSE_MIN = 4  # characters since the last punctuation for a clause to end at the spot
_MARK_LOSES = (1, 3)  # the weakest word across a clause end that beats its punctuation mark


@dataclass(frozen=True)
class Repair:
    start: int  # offset of the '?' in the input text
    end: int  # end of the garbled run
    garbled: str
    repaired: str
    resolved: bool


def _valid_trail(b: int) -> bool:
    return 0x40 <= b <= 0xFE and b != 0x7F


@functools.cache
def _gbk_tables() -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """GBK double-byte characters indexed by trail byte and by lead byte."""
    by_trail: dict[int, list[str]] = {}
    by_lead: dict[int, list[str]] = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            ch = _decode_pair(lead, trail) if trail != 0x7F else None
            if ch is None:
                continue
            by_trail.setdefault(trail, []).append(ch)
            by_lead.setdefault(lead, []).append(ch)
    return by_trail, by_lead


@functools.cache
def _decode_pair(lead: int, trail: int) -> str | None:
    """The GBK character of two bytes, or None (invalid, or a private-use slot)."""
    try:
        ch = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(ch) != 1 or "\ue000" <= ch <= "\uf8ff":
        return None
    return ch


@functools.lru_cache(maxsize=8192)
def _char_options(ch: str, first: bool = False) -> tuple[bytes, ...] | None:
    """Byte readings of one garbled character (None = cannot be part of a run)."""
    if ch == "?":
        # placeholder for an unknown byte; the run's first '?' may be a lost byte and a ？
        return (b"?", _LOST_THEN_QMARK) if first else (b"?",)
    o = ord(ch)
    if 0x21 <= o <= 0x7E:
        # a literal ASCII byte, or a fullwidth form the site turned into ASCII
        return (bytes((o,)), bytes((0xA3, o + 0x80)))
    if o < 0x80 or ch.isspace():
        return None
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return (b,) if len(b) == 2 else None


class _Options(dict):
    """Character → :func:`_char_options` of a character after the first, remembered (a plain
    look-up: the same few hundred characters come back); a GBK character's from the table of
    their byte pairs (no encoding: a damaged page meets hundreds of characters)."""

    def __missing__(self, ch: str) -> tuple[bytes, ...] | None:
        pair = _GBK_PAIRS.get(ch, _NOT_GBK)
        if pair is _NOT_GBK:
            value = _char_options(ch)
        else:
            value = None if pair is None else (pair,)
        self[ch] = value
        return value


# GBK character → its byte pair as _char_options gives it (None: no reading), filled with the
# tables; bytes and None only, so that the collector never looks at it
_GBK_PAIRS: dict[str, bytes | None] = {}
_NOT_GBK = b""


_OPTIONS = _Options()


@dataclass(frozen=True, eq=False)
class _Slot:
    """The characters a lost byte can complete, given the byte that survived."""

    cands: str  # every GBK character with the surviving byte in its place, one per position
    best_plaus: float  # plausibility of the most common of them
    marks: str  # the sentence punctuation among them
    words: str  # the CJK characters among them that occur in dictionary words
    simple: str  # their simplified forms (what words are looked up with)
    by_simple: dict[str, str]  # simplified form → the words characters that have it
    wanted: frozenset[str]  # the simplified forms, as a set


_EMPTY_SLOT = _Slot("", 0.0, "", "", "", {}, frozenset())


class _SlotTable(dict):
    def __missing__(self, key):
        return _EMPTY_SLOT  # a byte no GBK character has in that place


@functools.cache
def _tables() -> tuple[dict[tuple[int | None, int | None], _Slot], bytes, float]:
    """(every slot keyed (None, trail) and (lead, None); a map of the valid GBK pairs, one byte
    per ``lead << 8 | trail``; the total word frequency), built once and kept between runs like
    the dictionaries (they depend on this module, the dictionaries and OpenCC's tables). Fills
    the plausibility of every GBK character in as well."""
    spec = importlib.util.find_spec("opencc")
    opencc_dir = Path(spec.origin).parent / "dictionary" if spec and spec.origin else None
    opencc = (opencc_dir / "TSCharacters.txt", opencc_dir / "TSPhrases.txt") if opencc_dir else ()
    built = resources.derived_table("byteshift_tables", _build_tables, sources=(Path(__file__), *opencc))
    slots = _SlotTable()
    for lead, trail, cands, best_plaus, marks, words, simple, by_simple in built["slots"]:
        slots[(lead, trail)] = _Slot(cands, best_plaus, marks, words, simple, by_simple, frozenset(simple))
    _SETS.update((slot.simple, slot.wanted) for slot in slots.values())
    _PLAUS.update(built["plaus"])
    _DECODED[:] = built["decoded"]
    _GBK_PAIRS.update(_gbk_pairs(built["decoded"], built["options_apart"]))
    _FILL_SETS.update(_long_fills(built["long_fills"]))
    _ALONE_LOG.update(built["alone"])
    _ALONE_KEPT.update(built["alone"])
    _FILL_NOT_HAN.update(built["fill_not_han"])
    _preload()
    return slots, bytes.fromhex(built["valid"]), built["freq_total"]


def _preload() -> None:
    """Load with the tables what a damaged page would otherwise load at its first spots, the same
    in every process: the characters that may end a clause (a data file, parsed), the span shapes
    of every context size, the readings of the ASCII characters and of the '?'. (A data file that
    fails to load here fails, as before, the page that needs it.)"""
    try:
        _clause_final_chars()
    except Exception:  # (raised again, with its reason, where a repair needs the file)
        pass
    for n_left in range(_CONTEXT_CHARS + 1):
        for n_right in range(_CONTEXT_CHARS + 1):
            _span_groups(n_left, n_right)
    _char_options("?", True)
    for code in range(0x21, 0x7F):
        _OPTIONS[chr(code)]  # (filled on a miss)


def _gbk_pairs(decoded: list[str], apart: dict[str, str | None]) -> dict[str, bytes | None]:
    """The byte pair of every GBK character as its :func:`_char_options` reads it, from the table
    of decoded pairs: the pair it decodes from, but for the few ``apart`` (hex of their reading,
    or None), listed when the table was built."""
    out: dict[str, bytes | None] = {}
    for lead, row in enumerate(decoded, 0x81):
        for trail, ch in enumerate(row, 0x40):
            if ch != "\0":
                out[ch] = bytes((lead, trail))
    out.update((ch, None if h is None else bytes.fromhex(h)) for ch, h in apart.items())
    return out


def _options_apart(decoded: list[str]) -> dict[str, str | None]:
    """The GBK characters whose :func:`_char_options` is not the pair they decode from (a space:
    none; a character two pairs decode to: the one it encodes to), as hex (None: no reading)."""
    out: dict[str, str | None] = {}
    for lead, row in enumerate(decoded, 0x81):
        for trail, ch in enumerate(row, 0x40):
            if ch == "\0":
                continue
            opts = _char_options.__wrapped__(ch)
            if opts != (bytes((lead, trail)),):
                out[ch] = None if opts is None else opts[0].hex()
    return out


# the GBK character of each valid pair: row ``lead - 0x81``, column ``trail - 0x40`` (filled with
# the slot table: a re-aligned pair, known valid, is read with two indexings)
_DECODED: list[str] = []


def _build_tables() -> dict:
    by_trail, by_lead = _gbk_tables()
    lf = resources.char_logfreq()
    keyed = [((None, t), cands) for t, cands in by_trail.items()] + [((ld, None), cands) for ld, cands in by_lead.items()]
    rows = []
    for key, cands in keyed:
        words = "".join(c for c in cands if _CJK.match(c) and lf.get(simplified_char(c), 0.0) > 0)
        simple = "".join(map(simplified_char, words))
        by_simple: dict[str, str] = {}
        for c, s in zip(words, simple):
            by_simple[s] = by_simple.get(s, "") + c
        rows.append([
            *key,
            "".join(cands),
            max(map(_plaus, cands), default=0.0),
            "".join(c for c in cands if c in _SENTENCE_MARKS),
            words,
            simple,
            by_simple,
        ])
    valid = bytearray(1 << 16)
    decoded = []
    for lead in range(0x81, 0xFF):
        row = []
        for trail in range(0x40, 0xFF):
            ch = _decode_pair(lead, trail) if trail != 0x7F else None
            if ch is not None:
                valid[lead << 8 | trail] = 1
            row.append(ch or "\0")
        decoded.append("".join(row))
    chars = {c for cands in by_trail.values() for c in cands} | set(_PUNCT)
    # plain data (JSON: lists, strings, numbers), so that it is kept between runs
    return {
        "slots": rows,
        "valid": bytes(valid).hex(),
        "decoded": decoded,
        "freq_total": float(sum(resources.word_freq().values())),
        "plaus": {c: _plaus(c) for c in chars},
        "options_apart": _options_apart(decoded),
        "long_fills": _long_fill_keys(),
        "alone": _alone_logs(),
        "fill_not_han": _fill_not_han(),
    }


def _parse(stream: list[int | None]) -> list[tuple[int | None, int | None]] | None:
    """Pair a byte stream (None = unknown byte) into GBK characters; None if invalid or unfinished."""
    out: list[tuple[int | None, int | None]] = []
    i = 0
    n = len(stream)
    while i < n:
        b = stream[i]
        if b is not None and b < 0x80:
            out.append((b, -1))  # single ASCII byte
            i += 1
            continue
        if i + 1 >= n:
            return None
        lead, trail = b, stream[i + 1]
        if lead is not None and not (0x81 <= lead <= 0xFE):
            return None
        if trail is not None and not _valid_trail(trail):
            return None
        if lead is not None and trail is not None and _decode_pair(lead, trail) is None:
            return None
        out.append((lead, trail))
        i += 2
    return out


def _hypotheses(text: str, pos: int) -> list[tuple[int, list[tuple[int | None, int | None]]]]:
    """The (end, pairs) re-alignments of the run starting at the '?' at ``pos``, shortest run
    first.

    A re-alignment reads each garbled character one way (a '?' as a lost byte, an ASCII character
    as itself or as its fullwidth twin) and re-pairs the bytes; it ends at the first character
    boundary where the true pairing meets the garbled one, and counts when every pair is a GBK
    character and one of them lost a byte. Readings are extended one character at a time, and a
    reading that met a boundary or made an invalid pair is not extended: every longer reading
    through it would fail the same way. Equals :func:`_hypotheses_by_product`.
    """
    units: list[tuple[bytes, ...]] = []  # read on demand: most readings end within a few characters
    limit = _MAX_UNITS  # lowered where one ASCII branch too many starts (as :func:`_last_unit`)
    branches = 0
    valid = _tables()[1]
    streams = _STREAMS
    options = _OPTIONS
    if not _may_re_align(text, pos, options):
        return []
    found: list[tuple[int, tuple]] = []  # (characters, pairs) of the runs found
    # depth first, readings in order: a stack of (unit, byte waiting for its partner or _FREE,
    # whether a pair lost a byte, the pairs so far). A reading with one way on (most characters
    # have one reading) is followed without the stack. A finished run is kept at once: runs of
    # one length are still met in the order of their readings, and the sort below is stable.
    stack: list[tuple] = [(0, _FREE, False, ())]
    while stack:
        n, pending, lost, pairs = stack.pop()
        while True:
            if n == len(units):  # read the next garbled character
                j = pos + n
                if n < limit and j < len(text):
                    opts = options[text[j]] if units else _char_options(text[j], True)
                else:
                    opts = None
                if opts is not None and units and len(opts) > 1:
                    branches += 1
                    if branches > _MAX_ASCII_BRANCHES:
                        opts = None
                if opts is None:
                    limit = n
                    break
                units.append(opts)
            elif n >= limit:
                break
            nexts = []
            for opt in units[n]:
                # pair the reading's bytes on: p is the byte waiting for its partner (or _FREE), lo
                # whether a pair lost a byte; a pair that is no GBK character ends the reading
                p, lo, got = pending, lost, pairs
                for b in streams[opt]:
                    if p == _FREE:
                        if b is None or b >= 0x80:
                            if b is not None and not 0x81 <= b <= 0xFE:
                                break
                            p = b
                        else:  # an ASCII byte stands alone
                            got += ((b, -1),)
                        continue
                    if b is None or p is None:
                        if b is not None and not (0x40 <= b <= 0xFE and b != 0x7F):
                            break
                        lo = True
                    elif not valid[p << 8 | b]:
                        break
                    got += ((p, b),)
                    p = _FREE
                else:
                    if p == _FREE:  # the pairings meet after n + 1 characters: the run ends here
                        if n and lo:
                            found.append((n + 1, got))
                    else:
                        nexts.append((n + 1, p, lo, got))
            if len(nexts) != 1:
                stack.extend(reversed(nexts))
                break
            n, pending, lost, pairs = nexts[0]
    found.sort(key=_first)  # stable: within one length, in the order of the readings
    return [(pos + n, list(pairs)) for n, pairs in found]


def _first(item: tuple) -> int:
    return item[0]


def _may_re_align(text: str, pos: int, options: dict) -> bool:
    """False when no re-alignment can start at ``pos``: every one needs a lost byte, and the
    pairings meet again only after an odd number of bytes since the '?', so some character after
    the first must read as one byte (an ASCII byte, a further '?') before the first character with
    no reading, within :data:`_MAX_UNITS` (every other character reads as two bytes). A character
    test or two where the search would set up its readings (a spot inside Chinese text with no
    ASCII before the next unreadable character is common on damaged pages)."""
    for j in range(pos + 1, min(len(text), pos + _MAX_UNITS)):
        opts = options[text[j]]
        if opts is None:
            return False
        if len(opts[0]) == 1:
            return True
    return False


def _units(text: str, pos: int) -> list[tuple[bytes, ...]]:
    """Byte readings of the garbled characters from ``pos`` (at most :data:`_MAX_UNITS`)."""
    units: list[tuple[bytes, ...]] = []
    j = pos
    while j < len(text) and len(units) < _MAX_UNITS:
        opts = _char_options(text[j], j == pos)
        if opts is None:
            break
        units.append(opts)
        j += 1
    return units


def _last_unit(units: list[tuple[bytes, ...]]) -> int:
    """How many units a run may span: it stops before the unit that would add one ASCII branch
    too many (the first '?' is not counted)."""
    branches = 0
    for k in range(2, len(units) + 1):
        if len(units[k - 1]) > 1:
            branches += 1
            if branches > _MAX_ASCII_BRANCHES:
                return k - 1
    return len(units)


class _Streams(dict):
    """Byte reading → its bytes, None for the lost (unknown) byte; filled on first use."""

    def __missing__(self, opt: bytes) -> tuple[int | None, ...]:
        self[opt] = value = (None, *opt[1:]) if opt[:1] == b"?" else tuple(opt)  # as :func:`_stream`
        return value


_STREAMS = _Streams()


def _hypotheses_by_product(text: str, pos: int):
    """The plain definition of :func:`_hypotheses`: every reading of every run length, in turn."""
    units = _units(text, pos)
    if len(units) < 2:
        return
    for k in range(2, _last_unit(units) + 1):
        for choice in itertools.product(*units[:k]):
            stream = _stream(choice)
            pairs = _parse(stream)
            if pairs is None or not any(p[0] is None or p[1] is None for p in pairs):
                continue
            if _first_sync(choice, stream) != k:
                continue
            yield pos + k, pairs


def _stream(choice: tuple[bytes, ...]) -> list[int | None]:
    """The bytes of a choice of readings, None for each unknown (lost) byte."""
    stream: list[int | None] = []
    for b in choice:
        stream.extend([None, *b[1:]] if b[:1] == b"?" else list(b))
    return stream


def _first_sync(choice: tuple[bytes, ...], stream: list[int | None]) -> int | None:
    """Number of units after which the true pairing first meets a garbled character boundary."""
    bound_at = {}
    off = 0
    for n, reading in enumerate(choice, 1):
        off += len(reading)
        bound_at[off] = n
    i = 0
    while i < len(stream):
        b = stream[i]
        i += 1 if (b is not None and b < 0x80) else 2
        if i in bound_at:
            return bound_at[i]
    return None


def _plaus(ch: str) -> float:
    if ch in _PUNCT or ("\uff01" <= ch <= "\uff5e"):
        return 10.0
    return resources.char_logfreq().get(simplified_char(ch), 0.0)


class _PlausMemo(dict):
    """Character → :func:`_plaus`: every GBK character's, filled in with the slot table; any
    other character's is remembered apart, in a small table. (Adding one to this table of twenty
    thousand would, now and then, grow it: a copy of every entry, milliseconds, in mid-page.)"""

    def __missing__(self, ch: str) -> float:
        value = _PLAUS_OTHERS.get(ch)
        if value is None:
            value = _PLAUS_OTHERS[ch] = _plaus(ch)
        return value


_PLAUS = _PlausMemo()
_PLAUS_OTHERS: dict[str, float] = {}


def _word_contexts(left: str, right: str) -> tuple[tuple[int, str, str], ...]:
    """(tier, left, right) contexts a candidate is scored in, simplified once for all candidates:
    tier 1 stops at punctuation, tier 0 reads across it (省（区市）)."""
    return _near_context(left, right), _far_context(left, right)


def _near_context(left: str, right: str) -> tuple[int, str, str]:
    """The CJK characters next to the slot up to punctuation, at most :data:`_CONTEXT_CHARS` on
    each side: ``_tail_word(left, n)`` and ``_head_word(right)[:n]``, read with a few character
    comparisons (as :data:`_CJK`) instead of two patterns."""
    n = _CONTEXT_CHARS
    i = len(left)
    stop = i - n if i > n else 0
    while i > stop and ("\u3400" <= left[i - 1] <= "\u9fff" or "\uf900" <= left[i - 1] <= "\ufaff"):
        i -= 1
    j = 0
    end = n if len(right) > n else len(right)
    while j < end and ("\u3400" <= right[j] <= "\u9fff" or "\uf900" <= right[j] <= "\ufaff"):
        j += 1
    return 1, simplify_chars(left[i:]) if i < len(left) else "", simplify_chars(right[:j]) if j else ""


def _near_context_plain(left: str, right: str) -> tuple[int, str, str]:
    """The plain definition of :func:`_near_context`."""
    n = _CONTEXT_CHARS
    return 1, simplify_chars(_tail_word(left, n)), simplify_chars(_head_word(right)[:n])


def _far_context(left: str, right: str) -> tuple[int, str, str]:
    n = _CONTEXT_CHARS
    return 0, simplify_chars(_cjk_only(left)[-n:]), simplify_chars(_cjk_only(right)[:n])


def _word_score(contexts, cand: str) -> tuple[int, int, float]:
    """Score ``cand`` by the best dictionary word it makes with its neighbours.

    Returns (tier, length, log-frequency) of the best word through the candidate's slot, tier as
    in :func:`_word_contexts`; (0, 0, 0) for none.
    """
    wf = resources.word_freq()
    c = simplified_char(cand)
    best = (0, 0, 0.0)
    for tier, lft, rgt in contexts:
        seq = lft + c + rgt
        i = len(lft)
        n = len(seq)
        for a in range(0, i + 1):
            for b in range(max(i + 1, a + 2), n + 1):
                f = wf.get(seq[a:b])
                if f and f >= MIN_WORD_FREQ:
                    score = (tier, b - a, math.log(f + 1))
                    if score > best:
                        best = score
    return best


@functools.lru_cache(maxsize=256)  # (damaged spots recur across the pages of one site)
def _top_words(
    left: str, right: str, chars: str, floor: tuple[int, int] | None = None
) -> dict[str, tuple[int, int, float]]:
    """Those of ``chars`` (simplified) that make the best word through the slot, with their
    :func:`_word_score`: all that ranking candidates needs, since a candidate outside this
    top (tier, length) can neither win nor tie (empty when no candidate makes a word).

    Spans of neighbours are tried best first, each looked up in the table of words with one
    character blanked (once per span instead of once per candidate), and the search stops
    after the first (tier, length) that makes a word: the context across punctuation is read
    only when the one up to it makes none. (A span met again at a lower tier is read again only
    when nothing was found: it finds nothing again.)

    With ``floor``, a (tier, length) below which no word is worth having, the search ends as soon
    as nothing found so far could reach it (empty then): a re-alignment whose pick makes only a
    weaker word than the best re-alignment so far cannot beat it.
    """
    wf, slots = _word_tables()
    wanted = _char_set(chars)
    fills = _FILL_SETS
    top: dict[str, tuple[int, int, float]] = {}
    fill: str | frozenset[str] | None  # a fill of the blanked-word table, a long one as its set
    near = _near_context(left, right)
    for context in (near, None):
        if context is None:
            if top or (floor is not None and floor[0] > 0):
                return top  # (nothing across punctuation reaches a floor at tier 1)
            context = _far_context(left, right)
            if context[1:] == near[1:]:
                break  # the same neighbours at a lower tier: nothing new
        tier, lft, rgt = context
        # the pieces of a span's key, cut once for all its spans: the left part with the blank, the
        # right part (a context has at most _CONTEXT_CHARS = 3 characters a side: four pieces, the
        # slices past its length cut off with the tuple)
        blanked = (lft + "\0", lft[1:] + "\0", lft[2:] + "\0", "\0")[: len(lft) + 1] if lft else _BLANK_ONLY
        heads = ("", rgt[:1], rgt[:2], rgt)[: len(rgt) + 1]
        for length, shapes in _SPAN_GROUPS[len(lft)][len(rgt)]:
            if floor is not None and (tier, length) < floor:
                return top  # spans come longest first: none further reaches the floor (top is empty)
            for a, r in shapes:
                key = blanked[a] + heads[r]
                fill = slots.get(key)
                if not fill:
                    continue  # (most spans: one look-up)
                part_l, part_r = lft[a:], heads[r]
                if len(fill) > _FILL_SET_MIN:  # (fill_chars, inline in this hot loop)
                    fill = fills.get(key, fill)  # (the string when the tables are not loaded)
                for m in wanted.intersection(fill):
                    f = wf.get(part_l + m + part_r, 0)
                    if f >= MIN_WORD_FREQ:
                        score = (tier, length, math.log(f + 1))
                        if score > top.get(m, _NO_WORD):
                            top[m] = score
            if top:
                return top  # words of this (tier, length) found: no shorter one can rank
    return top


@functools.cache
def _word_tables() -> tuple[dict[str, int], dict[str, str]]:
    """(word frequencies, the blanked-word table), looked up once for a search of words."""
    return resources.word_freq(), resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1)


@functools.cache
def _span_shapes(n_left: int, n_right: int) -> tuple[tuple[int, int, int], ...]:
    """(start in the left context, characters of the right context, word length) of every word
    of two characters or more through the slot, longest first."""
    shapes = [(a, r, n_left - a + 1 + r) for a in range(n_left + 1) for r in range(0 if a < n_left else 1, n_right + 1)]
    return tuple(sorted(shapes, key=lambda sh: -sh[2]))  # stable


@functools.cache
def _span_groups(n_left: int, n_right: int) -> tuple[tuple[int, tuple[tuple[int, int], ...]], ...]:
    """:func:`_span_shapes` grouped by word length, longest first: (length, ((start, right), ...))."""
    return tuple((length, tuple((a, r) for a, r, _ in group))
                 for length, group in itertools.groupby(_span_shapes(n_left, n_right), key=lambda sh: sh[2]))


# the span groups of every context size, [left][right] (a look-up in the search's inner loop)
_SPAN_GROUPS = tuple(tuple(_span_groups(n_left, n_right) for n_right in range(_CONTEXT_CHARS + 1))
                     for n_left in range(_CONTEXT_CHARS + 1))
_BLANK_ONLY = ("\0",)


# the long fills of the blanked-word table as sets (a thousand or so, built with the tables):
# a span intersects two sets instead of reading the string
_FILL_SETS: dict[str, frozenset[str]] = {}
_FILL_SET_MIN = 24  # (a short fill is read as fast as a set)


def fill_chars(key: str, fill: str) -> str | frozenset[str]:
    """The characters of a fill of the blanked-word table: a long one as the set kept of it once the
    tables are loaded (merged or intersected without reading the string character by character)."""
    return _FILL_SETS.get(key, fill) if len(fill) > _FILL_SET_MIN else fill


def _long_fill_keys() -> list[str]:
    """The keys of the blanked-word table whose fills are longer than :data:`_FILL_SET_MIN`, in
    the table's order (found once, with the tables kept between runs: a scan of the whole table
    at every start otherwise)."""
    slots = resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1)
    return [key for key, fill in slots.items() if len(fill) > _FILL_SET_MIN]


def _long_fills(keys: list[str] | None = None) -> dict[str, frozenset[str]]:
    """The fills of the blanked-word table longer than :data:`_FILL_SET_MIN`, as sets; ``keys``:
    those of :func:`_long_fill_keys`, when known (the kept tables and the blanked-word table come
    from the same dictionaries: their keys are its long fills)."""
    slots = resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1)
    return {key: frozenset(slots[key]) for key in (_long_fill_keys() if keys is None else keys)}

_SETS: dict[str, frozenset[str]] = {}  # the slots' candidate sets, filled with the slot table


def _char_set(chars: str) -> frozenset[str]:
    got = _SETS.get(chars)
    return got if got is not None else frozenset(chars)


def _cjk_only(s: str) -> str:
    return _NOT_CJK.sub("", s)


def _tail_word(s: str, limit: int | None = None) -> str:
    """The CJK characters at the end of ``s`` up to the nearest punctuation (the last ``limit``
    of them at most)."""
    if limit is None:
        i = len(s)
        while i and ("\u3400" <= s[i - 1] <= "\u9fff" or "\uf900" <= s[i - 1] <= "\ufaff"):  # (as _CJK)
            # (a backward scan: a regex anchored at the end tries every start)
            i -= 1
        return s[i:]
    if not limit:
        return ""
    tail = _CJK_TAIL.search(s[max(0, len(s) - limit) :])
    return tail.group(0) if tail else ""  # (the pattern matches the empty end: always found)


def _head_word(s: str) -> str:
    head = _CJK_RUN.match(s)
    return head.group(0) if head else ""  # (the pattern matches the empty start: always found)


def _context(s: str, *, reverse: bool) -> str:
    """Text next to a spot with pinyin glosses removed (punctuation kept), at most 8 characters."""
    if "(" in s or "（" in s:  # a gloss starts with one: most contexts have none to remove
        s = _GLOSS_AFTER.sub("", s)
    return s[-8:] if reverse else s[:8]


def _left_context(before: str, whole: Callable[[], str] | None = None) -> str:
    """``_context(before, reverse=True)``, reading only the end of a long line: a gloss cut by
    the window leaves at most 8 characters of residue at its start, so a window that keeps 16
    characters after removing glosses ends as the whole line does (``whole`` gives the whole
    line when ``before`` is only its end)."""
    if len(before) > _LEFT_WINDOW:
        tail = before[-_LEFT_WINDOW:]
        if "(" in tail or "（" in tail:
            tail = _GLOSS_AFTER.sub("", tail)
        if len(tail) >= 16:
            return tail[-8:]
    return _context(whole() if whole is not None else before, reverse=True)


def _choose(
    slot: _Slot,
    left: str,
    right: str,
    symbol_slot: bool,
    gloss: str | None,
    line_before: str,
    opened: int | None = None,
    whole: Callable[[], str] | None = None,
    floor: tuple[int, int] | None = None,
) -> tuple[str | None, tuple[int, int, float] | None]:
    """Pick the lost character among the slot's candidates (None if the context does not
    decide), with the :func:`_word_score` of a CJK pick when the choice met it (None when it did
    not, or for punctuation). ``line_before`` may be only the end of the line: then ``opened``
    is the quotes the whole of it leaves open and ``whole`` gives it. With ``floor`` (the weakest
    word a pick may make and still let its re-alignment beat the best so far), None also when
    no candidate makes a word that strong: the re-alignment loses whichever pick it makes."""
    if opened is None:
        opened = line_before.count("“") - line_before.count("”")
    if symbol_slot:
        # only quotes can be decided, by balance within the line
        if "”" in slot.cands and opened > 0:
            return "”", None
        if "“" in slot.cands and opened <= 0:
            return "“", None
        return None, None
    marks = slot.marks
    cands, simple = slot.words, slot.simple  # chars in no word cannot make one
    best = None
    if marks and not gloss and _clause_ends_here(line_before, right, opened, whole):
        # a clause ends at the spot and a word starts after it: the mark wins unless a character
        # makes a longer word across the spot than the two words the mark leaves whole. (The search
        # stops below that word: words are found best first, so when it finds any they are those
        # the search without a floor finds, and when it finds none the mark wins either way.)
        best = _top_words(left, right, simple, _MARK_LOSES)
        best_char = max(best.values(), default=_NO_WORD)
        if best_char[:2] < _MARK_LOSES:
            return ("。" if "。" in marks else marks[0]), None
    if gloss:
        cands, simple = _glossed(cands, simple, gloss)
    if len(cands) == 1 and gloss:
        return cands[0], None
    if best is None:  # (the words found for the mark's test are those of every candidate: no gloss)
        best = _top_words(left, right, simple, floor)
    if floor is not None and max(best.values(), default=_NO_WORD)[:2] < floor:
        return None, None
    # only candidates that make the best word can win or tie: the rest are left out of the ranking
    if gloss:
        scored = sorted(((best[s], c) for c, s in zip(cands, simple) if s in best), reverse=True)
    else:
        by_simple = slot.by_simple
        scored = [(sc, c) for s, sc in best.items() for c in by_simple[s]]
        if len(scored) > 1:  # (often a single candidate makes the best word)
            scored.sort(reverse=True)
    if not scored:
        # no candidate makes a word: neither does the one that may end the clause
        return _clause_final(cands, line_before, right, simple), _NO_WORD
    top = scored[0][0]
    if len(scored) > 1:
        second = scored[1][0]
        if second[:2] == top[:2] and top[2] - second[2] < math.log(3):
            # two words about equally good: read the whole clause around the spot (a word on
            # the left vs one on the right) and decide only when one reading segments clearly better
            tied = [c for sc, c in scored if sc[:2] == top[:2]]
            _, lft, rgt = _near_context(left, right)
            read = sorted(zip(_segment_logprobs(lft, rgt, [simplified_char(c) for c in tied]), tied), reverse=True)
            if read[0][0] - read[1][0] < math.log(3):
                return None, None
            return read[0][1], best[simplified_char(read[0][1])]
    return scored[0][1], top


@functools.lru_cache(maxsize=4096)  # (a slot and its gloss come back at every re-alignment of a spot)
def _glossed(cands: str, simple: str, gloss: str) -> tuple[str, str]:
    """The candidates (and their simplified forms) that ``gloss`` is a reading of."""
    keep = [k for k, c in enumerate(cands) if is_reading(c, gloss)]
    return "".join(cands[k] for k in keep), "".join(simple[k] for k in keep)


def _clause_final(
    cands: str | list[str], before: str, after: str, simple: Sequence[str] | None = None
) -> str | None:
    """The one candidate that can end a clause after a word ("会议上,"), when the spot sits
    between a dictionary word and a punctuation mark; None otherwise."""
    if not after[:1] or _CJK.match(after[0]) or after[0].isalnum():
        return None
    tail = simplify_chars(_tail_word(before, 4))
    wf = resources.word_freq()
    if not any(wf.get(tail[-k:], 0) >= MIN_WORD_FREQ for k in (2, 3, 4) if len(tail) >= k):
        return None
    final = _clause_final_chars()
    if simple is None:  # the simplified forms of the candidates, when not given
        simple = [simplified_char(c) for c in cands]
    fits = [c for c, s in zip(cands, simple) if s in final]
    return fits[0] if len(fits) == 1 else None


@functools.cache
def _clause_final_chars() -> frozenset[str]:
    return frozenset(resources.toml("byteshift.toml")["clause_final"])


def _segment_logprob(seq: str) -> float:
    """Log-probability of the best segmentation of ``seq`` into dictionary words (unigram model;
    a character in no word pays a heavy penalty). (Repairs use :func:`_segment_logprobs`.)"""
    wf = resources.word_freq()
    total = math.log(_freq_total())
    best = [0.0] + [-math.inf] * len(seq)
    for j in range(1, len(seq) + 1):
        for i in range(max(0, j - 6), j):
            f = wf.get(seq[i:j], 0)
            if f >= MIN_WORD_FREQ:
                lg = math.log(f)
            elif j - i == 1:
                lg = _LOG_RARE
            else:
                continue  # (a longer piece in no word)
            best[j] = max(best[j], best[i] + lg - total)
    return best[-1]


segment_logprob = _segment_logprob  # (lost_lead reads words the same way)


def _segment_logprobs(lft: str, rgt: str, chars) -> list[float]:
    """``[_segment_logprob(lft + c + rgt) for c in chars]``, sharing what does not depend on
    ``c``: the segmentation of ``lft``, the frequencies of the pieces of ``rgt`` and the fills of
    the pieces through ``c``, each looked up once (the same sums in the same order, so the same
    floats)."""
    if any(len(c) != 1 for c in chars):
        return [_segment_logprob(lft + c + rgt) for c in chars]  # (a slot holds one character)
    wf = resources.word_freq()
    total = math.log(_freq_total())
    k = len(lft)  # the position of c
    n = k + 1 + len(rgt)
    head = [0.0] + [-math.inf] * k
    for j in range(1, k + 1):
        for i in range(max(0, j - 6), j):
            lg = _log_freq(wf, lft[i:j], j - i)
            if lg is not None:
                head[j] = max(head[j], head[i] + lg - total)
    if not chars:
        return []
    # the pieces ending at each position after c, in the order the plain form reads them (start
    # by start): (start,) for c alone, (start, log-frequency) for a piece wholly after c (a word
    # or not, the same for every candidate), (start, left part, right part, fill)
    # for a piece of two characters or more through c: it is a word (of the frequency that
    # counts) only when c is among the characters that fill its blank in the table of blanked
    # words, one look-up per piece for all candidates and the word's own only for those that make it
    slots = resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1)
    plan: list[list[tuple]] = []
    for j in range(k + 1, n + 1):
        pieces: list[tuple] = []
        for i in range(max(0, j - 6), j):
            if i > k:
                lg = _log_freq(wf, rgt[i - k - 1 : j - k - 1], j - i)
                if lg is not None:  # (a piece in no word never raises the best)
                    pieces.append((i, lg))
            elif j - i == 1:
                pieces.append((i,))
            else:
                part_r = rgt[: j - k - 1]
                fill = slots.get(f"{lft[i:]}\0{part_r}", "")
                if fill:
                    pieces.append((i, lft[i:], part_r, fill))
        plan.append(pieces)
    out = []
    for c in chars:
        best = head + [-math.inf] * (n - k)
        j = k
        for pieces in plan:
            j += 1
            top = best[j]
            for piece in pieces:
                i = piece[0]
                if len(piece) == 2:
                    lg = piece[1]
                elif len(piece) == 1:
                    lg = _log_freq_alone(wf, c)
                elif c in piece[3]:
                    lg = _log_freq(wf, piece[1] + c + piece[2], j - i)
                    if lg is None:
                        continue
                else:
                    continue
                value = best[i] + lg - total
                if value > top:  # (as max: the values are never NaN)
                    top = value
            best[j] = top
        out.append(best[-1])
    return out


_TOP_SLACK = 1e-6  # far above the rounding of a sum of a few log-probabilities, far below any margin


def segment_top(lft: str, rgt: str, chars: Collection[str], count: int = 2) -> list[tuple[float, str]]:
    """``sorted(zip(segment_logprobs(lft, rgt, list(chars)), chars), reverse=True)[:count]`` for
    distinct ``chars`` (in any order: a set will do), segmenting only the readings that can be
    among them.

    A reading's best segmentation holds one piece through the slot: its value is the best, over
    the pieces through the slot that the reading makes, of (the best segmentation of the text
    before the piece) + the piece's + (the best segmentation of the text after it), the two sides
    found once for all readings. That is the segmentation's own value, summed in another order: it
    differs from it by rounding only. Readings whose value falls clearly below the ``count``-th
    best cannot be among the first ``count`` or tie with them; the others are segmented as
    :func:`_segment_logprobs` segments them (the same floats)."""
    # (every candidate one character: none empty, and their lengths sum to their number)
    if len(chars) <= count + 1 or "" in chars or len("".join(chars)) != len(chars):
        listed = list(chars)
        return sorted(zip(_segment_logprobs(lft, rgt, listed), listed), reverse=True)[:count]
    near = _segment_near(lft, rgt, chars if isinstance(chars, (set, frozenset)) else set(chars), count)
    return sorted(zip(_segment_logprobs(lft, rgt, near), near), reverse=True)[:count]


def _segment_near(lft: str, rgt: str, chars: AbstractSet[str], count: int) -> list[str]:
    """The characters of ``chars`` (single ones, more than ``count``) whose value comes within
    ``2 * _TOP_SLACK`` of the ``count``-th best, the value of ``c`` being that of
    ``_segment_logprob(lft + c + rgt)`` up to rounding: the best over the pieces through the slot of
    before + piece + after (see :func:`segment_top`).

    A character starts at its value alone (the same for all but a term of a per-character table),
    raised by the words it makes through the slot: the fills of the blanked-word table are read most
    frequent word first and no further than the values that can reach the ``count`` best so far (a
    value left lower there cannot come within the slack of them). A character that makes no word
    counts by its value alone: those are ranked by that term (a sort of a table's values, the same
    order as of the sums: float addition is monotone), and read only as far as they reach the cut."""
    wf = resources.word_freq()
    total = math.log(_freq_total())
    k = len(lft)
    n = k + 1 + len(rgt)
    head = [0.0] + [-math.inf] * k  # best segmentation of lft[:j], as _segment_logprobs finds it
    for j in range(1, k + 1):
        for i in range(max(0, j - 6), j):
            lg = _log_freq(wf, lft[i:j], j - i)
            if lg is not None:
                head[j] = max(head[j], head[i] + lg - total)
    tail = [-math.inf] * (n + 1)  # best segmentation of the text from position j to the end
    tail[n] = 0.0
    for i in range(n - 1, k, -1):
        for j in range(i + 1, min(n, i + 6) + 1):
            lg = _log_freq(wf, rgt[i - k - 1 : j - k - 1], j - i)
            if lg is not None:
                tail[i] = max(tail[i], lg - total + tail[j])
    # the pieces of two characters or more through the slot that some character makes (the blank's
    # fills), with the value of their two sides; a character met there starts at its value alone
    # (from a table kept for the process: the same characters come back at every spot)
    slots = resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1)
    alone_log = _ALONE_LOG
    alone_before, alone_after = head[k], tail[k + 1]
    best: dict[str, float] = {}  # the characters met in a word, with their value so far
    # the count best values so far, [value, character], best first (a value below the count-th less
    # the slack can change neither them nor which characters come within the slack of them)
    tops: list[list] = []
    low = cut = -math.inf
    get = wf.get
    log = math.log
    for j in range(k + 1, n + 1):
        part_r = rgt[: j - k - 1]
        after = tail[j]
        for i in range(max(0, j - 6), min(k, j - 2) + 1):
            fill = slots.get(f"{lft[i:]}\0{part_r}")
            if not fill:
                continue
            part_l, before = lft[i:], head[i]
            for c in fill:  # (most frequent word first)
                if c not in chars:
                    continue
                f = get(part_l + c + part_r, 0)
                if f < MIN_WORD_FREQ:  # (as _log_freq for a piece of two characters or more)
                    continue
                value = before + log(f) - total + after
                if value < cut:
                    break  # (the words further on are no more frequent)
                old = best.get(c)
                if old is None:
                    old = alone_before + alone_log[c] - total + alone_after
                if value < old:
                    value = old
                best[c] = value
                if value > low:  # c joins the count best, or moves up among them
                    for top in tops:
                        if top[1] == c:
                            top[0] = value
                            break
                    else:
                        tops.append([value, c])
                    tops.sort(reverse=True)
                    del tops[count:]
                    if len(tops) >= count:
                        low = tops[-1][0]
                        cut = low - 2 * _TOP_SLACK
    # the characters in no word, by their values alone, best first: the count best of them settle the
    # cut with the best of the others, the rest count as far as they reach it
    ranked = iter(_by_value_alone(chars))
    extra: list[tuple[str, float]] = []
    for c in ranked:
        if c not in best:
            extra.append((c, alone_before + alone_log[c] - total + alone_after))
            if len(extra) >= count:
                break
    cut = sorted([*best.values(), *(v for _, v in extra)], reverse=True)[count - 1] - 2 * _TOP_SLACK
    near = [c for c, v in best.items() if v >= cut] + [c for c, v in extra if v >= cut]
    if len(extra) >= count and extra[-1][1] >= cut:
        for c in ranked:
            if c not in best:
                if alone_before + alone_log[c] - total + alone_after < cut:
                    break  # (the values further on are no higher)
                near.append(c)
    return near


_RANKED_MIN = 64  # candidates from which the kept ranking is read instead of sorting them


def _by_value_alone(chars: AbstractSet[str]) -> Iterable[str]:
    """``chars`` by their value alone, highest first (any order among equal values): a few
    candidates sorted, many read off the ranking of the kept table (its best characters are the
    common ones, which many candidates hold: a few steps find the best of them)."""
    if len(chars) >= _RANKED_MIN and chars <= _ALONE_KEPT.keys():
        return (c for c in _alone_ranking() if c in chars)
    return sorted(chars, key=_ALONE_LOG.__getitem__, reverse=True)


@functools.cache
def _alone_ranking() -> tuple[str, ...]:
    """The characters of the kept table of values alone, highest value first."""
    _tables()
    return tuple(sorted(_ALONE_KEPT, key=_ALONE_KEPT.__getitem__, reverse=True))


class _AloneLog(dict):
    """Character → ``_log_freq`` of it alone, remembered: the value a segmentation counts for a
    character standing as a word of its own."""

    def __missing__(self, ch: str) -> float:
        value = self[ch] = _log_freq_alone(resources.word_freq(), ch)
        return value


_ALONE_LOG = _AloneLog()
_ALONE_KEPT: dict[str, float] = {}  # the values alone kept with the tables (those of every fill character)


def _alone_logs() -> dict[str, float]:
    """The value alone of every character that fills a blank of the blanked-word table (the
    candidates a segmentation of a slot reads), kept with the tables: a damaged page would
    otherwise look up the word table for each on its first spots."""
    wf = resources.word_freq()
    chars = set("".join(resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1).values()))
    return {c: _log_freq_alone(wf, c) for c in sorted(chars)}


def _fill_not_han() -> str:
    """The characters outside running text (U+3400 to U+9FFF) that fill a blank of the blanked-word
    table (digits, letters, a few symbols), as one string, kept with the tables."""
    chars = set("".join(resources.word_slots(MIN_WORD_FREQ, 2 * _CONTEXT_CHARS + 1).values()))
    return "".join(sorted(c for c in chars if not "\u3400" <= c <= "\u9fff"))


_FILL_NOT_HAN: set[str] = set()  # (filled with the tables)


def fills_not_han() -> AbstractSet[str]:
    """The characters outside running text (U+3400 to U+9FFF) that fill some blank of the
    blanked-word table: what a set of fills loses when it keeps running text only (one set
    difference instead of a test of each character)."""
    _tables()
    return _FILL_NOT_HAN


def _log_freq(wf: dict[str, int], piece: str, length: int) -> float | None:
    """The log-frequency a segmentation counts for a piece (a rare character's for one alone,
    None for a longer piece that is no word)."""
    f = wf.get(piece, 0)
    if f >= MIN_WORD_FREQ:
        return math.log(f)
    return _LOG_RARE if length == 1 else None


def _log_freq_alone(wf: dict[str, int], ch: str) -> float:
    """``_log_freq(wf, ch, 1)``: a piece of one character always counts (a rare one as rare)."""
    f = wf.get(ch, 0)
    return math.log(f) if f >= MIN_WORD_FREQ else _LOG_RARE


_LOG_RARE = math.log(0.01)  # what a character in no word (or rarer) counts alone: a frequency of 0.01


segment_logprobs = _segment_logprobs  # (and lost_lead its as-is reading)


def _freq_total() -> float:
    return _tables()[2]


def _clause_ends_here(
    before: str, after: str, opened: int | None = None, whole: Callable[[], str] | None = None
) -> bool:
    """Sentence shape around a spot: a clause of some length ends with a word right before it (no
    quote left open), and a word starts right after it. ``opened`` is the quotes ``before`` leaves
    open (counted when None); ``whole`` gives the whole line when ``before`` is only its end."""
    if opened is None:
        opened = before.count("“") - before.count("”")
    if opened > 0 or not _clause_is_long(before, whole):
        return False
    wf = resources.word_freq()
    tail = simplify_chars(_tail_word(before, 4))
    if not any(wf.get(tail[-k:], 0) >= MIN_WORD_FREQ for k in (2, 3, 4) if len(tail) >= k):
        return False  # (the head after the spot is read only when a word ends before it)
    if "(" in after or "（" in after:  # a gloss starts with one
        after = _GLOSS_AFTER.sub("", after)
    head = simplify_chars(_head_word(after))
    return any(wf.get(head[:k], 0) >= MIN_WORD_FREQ for k in (2, 3, 4) if len(head) >= k)


def _clause_is_long(before: str, whole: Callable[[], str] | None = None) -> bool:
    """At least CLAUSE_MIN CJK characters since the last clause end (read backwards, no further
    than needed; on to ``whole`` when ``before`` is only the end of the line and does not tell)."""
    n = 0
    ends = _CLAUSE_END_CHARS
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch in ends:
            return False
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":  # (as _CJK)
            n += 1
            if n >= CLAUSE_MIN:
                return True
    return _clause_is_long(whole()) if whole is not None else False


_FULLWIDTH_TO_ASCII = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def _fullwidth_to_ascii(s: str) -> str:
    return s.translate(_FULLWIDTH_TO_ASCII)


class _Line(NamedTuple):
    """The line before a spot as a render reads it: where the part read starts in the text,
    the quotes the whole line leaves open, and the whole line when only its end is read."""

    start: int
    opened: int
    whole: Callable[[], str] | None


class _LineIndex:
    """Line starts and quotes of a text, found once: each spot finds its line's start and the
    quotes left open before it by bisection, and reads at most :data:`_LINE_WINDOW` characters
    of the line, so the cost of a spot does not grow with the line or the page."""

    def __init__(self, text: str):
        self.text = text
        self.newlines = self._all("\n")
        self.opening = self._all("“")
        self.closing = self._all("”")

    def _all(self, ch: str) -> list[int]:
        # the k-th ``ch`` stands after the first k + 1 pieces between them and k of its own: the
        # pieces' summed lengths plus k (all in C: a page of thousands of lines costs no loop)
        ends = list(itertools.accumulate(map(len, self.text.split(ch))))
        return list(map(operator.add, ends, range(len(ends) - 1)))

    def line(self, pos: int) -> _Line:
        k = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[k - 1] + 1 if k else 0
        window = max(start, pos - _LINE_WINDOW)
        opened = (bisect.bisect_left(self.opening, pos) - bisect.bisect_left(self.opening, start)) - (
            bisect.bisect_left(self.closing, pos) - bisect.bisect_left(self.closing, start))
        whole = (lambda: self.text[start:pos]) if window > start else None
        return _Line(window, opened, whole)


def _render(
    text: str, pos: int, end: int, pairs, beat: tuple | None = None, line: _Line | None = None
) -> tuple[str, bool, float, tuple[int, int]] | None:
    """Decode re-aligned pairs, deciding unknown characters from context; None if implausible.

    None as soon as the score, bounded by the best candidate of each character not yet decided,
    can no longer pass the final test; with ``beat`` (the (resolved, strength, score) of the
    best re-alignment so far) also as soon as this one cannot rank above it: each decided
    character can only lower the bounds. ``line`` says which part of the line before the spot
    ``text`` holds (by default, all of it since the last newline).
    """
    if line is None:
        start = text.rfind("\n", 0, pos) + 1
        line = _Line(start, text.count("“", start, pos) - text.count("”", start, pos), None)
    after = text[end : end + 16]  # all that is read after the run (a gloss, the right context)
    swallowed = False
    first = after[:1]
    gloss_m = _GLOSS_AFTER.match(after) if first in _GLOSS_OPENERS else None
    if not gloss_m and text[end - 1] == "?" and first in _PINYIN_LETTERS:
        gloss_m = _GLOSS_SWALLOWED.match(after)
        swallowed = gloss_m is not None
    gloss = gloss_m.group(1) if gloss_m else None

    slots = _tables()[0]
    decoded = _DECODED
    plaus = _PLAUS
    chars: list[str] = []  # "" for a lost character until it is picked
    unknown: list[tuple[int, _Slot]] = []
    known_plaus = []  # of the decoded (non-ASCII) characters, in order
    for lead, trail in pairs:
        if trail == -1:
            if not chr(lead).isalnum():
                return None  # a lone ASCII symbol inside re-aligned Chinese ("海嘿|") is no repair
            chars.append(chr(lead))
        elif lead is None and trail is None:
            return None
        elif lead is None or trail is None:
            unknown.append((len(chars), slots[(lead, trail)]))
            chars.append("")
        else:
            ch = decoded[lead - 0x81][trail - 0x40]  # (a valid pair: as _decode_pair)
            p = plaus[ch]
            if p < 6.0:
                return None  # re-aligned text is no more Chinese than the garbled run
            known_plaus.append(p)
            chars.append(ch)
    if gloss and chars[-1] and not _reads_as(chars[-1], gloss):
        return None
    garbled = [plaus[c] if not c.isascii() else 0.0 for c in text[pos:end] if c != "?"]
    garbled_score = sum(garbled) / max(1, len(garbled))
    threshold = garbled_score + 2.0
    # the best score the re-alignment could reach, each lost character at its most common
    # candidate: when even that reads no better than the garbled run, skip choosing words
    top_sum = sum(known_plaus) + sum([slot.best_plaus for _, slot in unknown])
    n_final = max(1, len(known_plaus) + len(unknown))
    if top_sum / n_final < threshold:
        return None
    resolved = True
    strength = (9, 9)  # the weakest word a chosen character makes: ranks re-alignments
    line_text = text[line.start : pos]
    bound = top_sum  # the ceiling's sum, lowered as picks come in
    line_whole = line.whole
    for idx, slot in unknown:
        # rounding aside, the final score stays below the bound: stop when it can no longer pass
        # the test at the end, or rank above the best re-alignment so far
        reach = bound / n_final + 1e-9
        if reach < threshold or (beat is not None and (resolved, strength, reach) <= beat):
            return None
        prefix = "".join(chars[:idx]) if idx else ""  # (the lost characters not yet picked are "")
        before = line_text + prefix
        whole = (lambda p=prefix, w=line_whole: w() + p) if line_whole is not None else None
        left = _left_context(before, whole)
        right = _context("".join(chars[idx + 1 :]) + after, reverse=False)
        lead = pairs[idx][0]
        opened = line.opened + prefix.count("“") - prefix.count("”")
        floor = None
        if beat is not None and beat[0]:
            floor = beat[1]
            if reach <= beat[2]:
                # the bound no longer beats the best's score: a word only as strong as its weakest
                # ties it at best, so the pick must make a stronger one
                floor = (floor[0], floor[1] + 1)
        pick, score = _choose(
            slot, left, right, lead is not None and 0xA1 <= lead <= 0xA9, gloss if idx == len(chars) - 1 else None,
            before, opened, whole, floor,
        )
        if pick is None:
            resolved = False
            pick = UNRESOLVED
            strength = min(strength, (0, 0))
            bound -= slot.best_plaus
        else:
            if "\u3400" <= pick <= "\u9fff" or "\uf900" <= pick <= "\ufaff":  # (as _CJK: one character)
                if score is None:
                    score = _word_score(_word_contexts(left, right), pick)
                strength = min(strength, score[:2])
            bound += plaus[pick] - slot.best_plaus
        chars[idx] = pick
    out = _fullwidth_to_ascii("".join(chars))
    if swallowed:
        out += "("
    final = [c for c in chars if not c.isascii()]
    final_score = sum([plaus[c] if c != UNRESOLVED else 0.0 for c in final]) / max(1, len(final))
    if final_score < threshold:
        return None  # the run already reads as Chinese: a real question mark
    return out, resolved, final_score, strength


def _reads_as(ch: str, gloss: str) -> bool:
    """:func:`is_reading`, answered at once for an ASCII character: none has a reading (so
    pinyin's own tables, 0.3 s to load in every process, are not loaded to say so)."""
    return not ch.isascii() and is_reading(ch, gloss)


def _looks_garbled(after: str) -> bool:
    """Mis-paired bytes leave a trace right after the lost byte: an ASCII twin of a fullwidth form,
    another lost byte, or a character no Chinese word uses. Text that reads normally is skipped
    without trying re-alignments (a real question mark)."""
    if after.startswith("?"):
        return False  # two lost bytes in a row are a whole lost character: nothing to re-pair
    for ch in after[:4]:
        if ch == "?" or (ch.isascii() and not ch.isalnum() and not ch.isspace()):
            return True
        if not ch.isascii() and ch not in _PUNCT and _PLAUS[ch] < 6.0:
            return True
    return False


def find_repairs(text: str) -> list[Repair]:
    """Locate and decide every byte-shift run in ``text`` (no change is made)."""
    repairs: list[Repair] = []
    lines = None
    pos = text.find("?")
    while pos != -1:
        prev = text[pos - 1] if pos else ""
        # a lost byte sits inside Chinese text; '???' in English, a '?' ending a line or one in
        # place of a pinyin tone mark ("zh?n") is real. (Tested first: what follows the '?' is
        # read only after a character a lost byte can follow.)
        if not prev or (prev.isascii() and prev != ")"):
            pos = text.find("?", pos + 1)
            continue
        # the lost byte may have swallowed the '(' of a gloss: its residue ("nèi)") is dropped and
        # the run re-paired after it
        residue = _GLOSS_SWALLOWED.match(text, pos + 1) if text[pos + 1 : pos + 2] in _PINYIN_LETTERS else None
        skip = len(residue.group(0)) if residue and not _reads_as(prev, residue.group(1)) else 0
        nxt = text[pos + 1 + skip] if pos + 1 + skip < len(text) else ""
        if nxt and not nxt.isspace() and not (nxt.isascii() and nxt.isalnum()) and _looks_garbled(
            text[pos + 1 + skip : pos + 6 + skip]
        ):
            # re-alignments read only the spot and what follows: most spots have none, and then
            # the line before is never looked at
            run = "?" + text[pos + 1 + skip : pos + 1 + skip + _RUN_WINDOW]
            hypotheses = _hypotheses(run, 0)
            if not hypotheses:
                pos = text.find("?", pos + 1)
                continue
            # what a repair reads: the end of the line before the spot, the spot, what follows
            lines = lines or _LineIndex(text)
            line = lines.line(pos)
            at = line.start
            view = text[at:pos] + run
            line = _Line(0, line.opened, line.whole)
            best = None
            for end, pairs in hypotheses:
                end += pos - at
                r = _render(view, pos - at, end, pairs, best[0] if best else None, line)
                if r is None:
                    continue
                out, resolved, score, strength = r
                key = (resolved, strength, score)
                if best is None or key > best[0]:
                    best = (key, at + end + skip, out)
            if best is not None:
                (resolved, _, _), stop, out = best
                repairs.append(Repair(pos, stop, text[pos:stop], out, resolved))
                pos = text.find("?", stop)
                continue
        pos = text.find("?", pos + 1)
    return repairs


def repair_byte_shifts(text: str) -> tuple[str, list[Repair]]:
    """Apply :func:`find_repairs`; returns (text, repairs).

    >>> repair_byte_shifts("最大規?!百|(zhì)量月”活動")[0]
    '最大規模“質(zhì)量月”活動'
    """
    if "?" not in text:
        return text, []
    repairs = find_repairs(text)
    if not repairs:
        return text, []
    parts = []
    last = 0
    for r in repairs:
        parts.append(text[last : r.start])
        parts.append(r.repaired)
        last = r.end
    parts.append(text[last:])
    return "".join(parts), repairs
