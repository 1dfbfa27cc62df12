"""The speed shortcuts of the normalisation stages (#16) give exactly what their plain definitions give.

Each test holds a shortcut beside the plain formulation it replaced (written out here as it was),
on generated inputs built to reach both sides of each shortcut's test.
"""
import functools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize import decode

SETTINGS = settings(max_examples=300, deadline=None)

# ── decode ─────────────────────────────────────────────────────────────────────────────────────
# bytes that read as Chinese in UTF-16, as GBK, as UTF-8, as ASCII, plus noise and stray FFFDs
_CHINESE = "质量月活动開展，。“”（）\n 12ab\ufffd\x01㐀\u3000"
_PIECES = st.one_of(
    st.text(alphabet=_CHINESE, max_size=40).map(lambda s: s.encode("utf-16-le")),
    st.text(alphabet=_CHINESE, max_size=40).map(lambda s: s.encode("utf-16-be")),
    st.text(alphabet=_CHINESE.replace("\ufffd", "").replace("㐀", ""), max_size=40).map(lambda s: s.encode("gb18030")),
    st.text(alphabet=_CHINESE, max_size=40).map(lambda s: s.encode("utf-8")),
    st.binary(max_size=20),
    st.sampled_from([b"\n", b"\xef\xbf\xbd", b"\x84\x31\xa4\x37", b"\xfd\xff", b"\xd8\x00", b"\xe4\xb8"]),
)
_BYTES = st.lists(_PIECES, max_size=8).map(b"".join)


def _utf16_chinese_plain(sample: bytes):
    if len(sample) < 16:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = sample.decode(codec, errors="replace")
        n = len(text)
        if len(decode._TEXTLIKE.findall(text)) < 0.95 * n or len(decode._CJK.findall(text)) < 0.2 * n:
            continue
        if decode.plausibility(text) >= decode.PLAUSIBLE:
            return codec
    return None


@SETTINGS
@given(_BYTES)
def test_utf16_high_byte_bound_never_skips_a_textlike_reading(data):
    sample = data[: len(data) - len(data) % 2]
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if not decode._may_be_textlike(high):
            text = sample.decode(codec, errors="replace")
            assert len(decode._TEXTLIKE.findall(text)) < 0.95 * len(text)
    assert decode._utf16_chinese.__wrapped__(sample) == _utf16_chinese_plain(sample)


def test_utf16_high_byte_bound_lets_chinese_utf16_through():
    sample = ("质量月活动全面开展，" * 40).encode("utf-16-le")
    assert decode._may_be_textlike(sample[1::2]) and decode._utf16_chinese.__wrapped__(sample) == "utf-16-le"
    assert not decode._may_be_textlike(("质量月活动" * 40).encode("utf-8")[1::2])


def _decode_by_line_plain(data: bytes):
    """decode._decode_by_line as it was: each line tried as UTF-8 on its own."""
    if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data):
        return None
    lines = data.split(b"\n")
    good = bad = 0
    for ln in lines:
        if max(ln, default=0) < 0x80:
            continue
        try:
            ln.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    if not good or not bad:
        return None
    return "decode"  # the rest of the function is unchanged


@SETTINGS
@given(st.lists(st.one_of(st.text(alphabet=_CHINESE.replace("\x01", ""), max_size=12).map(lambda s: s.encode("utf-8")),
                          st.text(alphabet="质量月活動，", max_size=12).map(lambda s: s.encode("gb18030")),
                          st.binary(max_size=6).map(lambda b: b.replace(b"\x01", b"")),
                          st.just(b"\xe4\xb8")), max_size=6))
def test_lines_of_mixed_encodings_are_found_as_by_decoding_each_line(parts):
    data = b"\n".join(parts)
    plain = _decode_by_line_plain(data)
    fast = decode._decode_by_line(data)
    assert (fast is not None) == (plain is not None)


def _count_replaced_plain(data: bytes, codec: str):
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")


@SETTINGS
@given(_BYTES, st.sampled_from(["utf-8", "gb18030", "big5", "big5hkscs", "utf-16-le", "utf-16-be",
                                "utf-32-le", "utf-32-be", "shift_jis"]))
def test_replaced_bytes_are_counted_as_by_decoding_twice(data, codec):
    assert decode._count_replaced(data, codec) == _count_replaced_plain(data, codec)


def test_no_double_byte_sequence_of_the_cjk_codecs_reads_as_fffd():
    # _FFFD_BYTES: Big5 has no U+FFFD, GB18030 only its four-byte one
    for codec in ("big5", "big5hkscs", "gb18030"):
        for a in range(0x80, 0x100):
            for b in range(0x100):
                try:
                    assert "\ufffd" not in bytes([a, b]).decode(codec), (codec, a, b)
                except UnicodeDecodeError:
                    pass
    assert decode._FFFD_BYTES["gb18030"].decode("gb18030") == "\ufffd"


_TEXTS = st.text(alphabet="质量月活動體龘 ，。a1\n\ufffd\x01\x02㐀\u3000€ÃÂ", max_size=120)


@SETTINGS
@given(_TEXTS, st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-32", "big5"]), st.integers(0, 3))
def test_not_text_reason_and_text_warnings_equal_the_plain_definitions(text, encoding, replaced):
    dec = decode.Decoded(text, encoding, replaced)
    # as they were: every figure of _text_stats computed first
    n, junk, cjk, plaus = decode._text_stats(text)
    if dec.replaced == 0 and encoding in ("utf-8", "hz"):
        reason = None
    elif junk > 0.2:
        reason = "junk"
    elif cjk > 0.05 and plaus < decode.NOT_TEXT_PLAUSIBILITY and (junk > 0.01 or encoding in ("utf-16", "utf-32")):
        reason = "data"
    else:
        reason = None
    got = decode.not_text_reason(dec)
    assert (got is None) == (reason is None) and (reason != "junk" or "undecodable" in got)
    warnings = []
    if not decode._CJK.search(text):
        warnings.append("no_chinese")
    elif plaus < decode.PLAUSIBLE:
        warnings.append("implausible_chinese")
    if text.count("\ufffd") > max(3, 0.01 * len(text)):
        warnings.append("replacement_chars")
    assert decode.text_warnings(text) == tuple(warnings)


@SETTINGS
@given(st.text(min_size=1, max_size=30))
def test_characters_scored_at_once_score_as_each_alone(chars):
    decode._score_chars(chars)
    assert all(decode._CHAR_SCORES[c] == (0.0 if decode._UNSCORED.fullmatch(c) else decode._char_score(c))
               for c in chars)


def test_the_characters_not_scored_score_nothing_from_the_start():
    """ASCII and the spaces (what _UNSCORED removes) are in _CHAR_SCORES at 0.0 from the start,
    so that a head is summed as it stands; no other character is."""
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
    unscored = "".join(decode._UNSCORED.findall(chars))
    assert unscored and all(decode._CHAR_SCORES.get(c) == 0.0 for c in unscored)


@SETTINGS
@given(st.text(alphabet="质量 a\n\t\x85\xa0\u2003\u3000\u3001é\U00020000", max_size=60))
def test_scored_characters_are_counted_as_removing_the_rest_counts_them(head):
    sample = decode._UNSCORED.sub("", head)
    assert decode._scored_count(head) == len(sample)
    assert decode._summed(head) == decode._summed(sample)  # 0.0 added for each character not scored


# ── pinyin glosses ─────────────────────────────────────────────────────────────────────────────
def _strip_glosses_plain(text: str, examples: int = 0):
    """strip_glosses as it was: a callback per match, passes repeated until one removes nothing."""
    from qmcorpus.normalize.pinyin import GLOSS, _is_reading

    seen: list[str] = []
    if "(" not in text and "（" not in text:
        return (text, 0, seen) if examples else (text, 0)
    count = 0

    def fix(m):
        nonlocal count
        ch, _, py, close = m.groups()
        truncated = close == ""
        if not py and not truncated:
            return m.group(0)
        if truncated and m.end() != len(text):
            return m.group(0)
        if (not py and truncated) or _is_reading(ch, py, truncated):
            count += 1
            if len(seen) < examples:
                seen.append(m.group(0))
            return ch
        return m.group(0)

    out = GLOSS.sub(fix, text)
    before = -1
    while count != before:
        before = count
        out = GLOSS.sub(fix, out)
    return (out, count, seen) if examples else (out, count)


_GLOSSED = st.lists(st.sampled_from(["質", "量", "的", "京", "(", "（", ")", "）", "zhì", "zhi4", "de", "liang",
                                     "pdf", "北京", "a", "\0", "，", " "]), max_size=24).map("".join)


@SETTINGS
@given(_GLOSSED, st.integers(0, 3))
def test_strip_glosses_equals_the_callback_definition(text, examples):
    from qmcorpus.normalize.pinyin import strip_glosses

    assert strip_glosses(text, examples=examples) == _strip_glosses_plain(text, examples)


def test_strip_glosses_removes_doubled_and_tripled_glosses_as_before():
    from qmcorpus.normalize.pinyin import strip_glosses

    for text in ("的(de)(de)(de)中(zhōng)（zhong）", "質(zhì)(pdf)量(liàng)(", "京(pdf)的(de)(de", "質(zhì)(\0(zhi)"):
        assert strip_glosses(text, examples=5) == _strip_glosses_plain(text, 5)


# ── traditional → simplified ───────────────────────────────────────────────────────────────────
def _phrase_pieces():
    from qmcorpus.normalize.script import _opencc_keys

    keys = _opencc_keys("TSPhrases.txt")
    return st.lists(st.one_of(st.sampled_from(keys[:40] + keys[-40:]), st.sampled_from(list("質量發展於乾，。 \n（）-𠀾𫝦a"))),
                    max_size=16).map("".join)


@SETTINGS
@given(st.data())
def test_phrases_found_by_first_character_equal_the_alternation(data):
    from qmcorpus.normalize.script import _phrase_matcher, _phrase_re

    text = data.draw(_phrase_pieces())
    assert [s for s, _, _ in _phrase_matcher().find(text)] == [m.start() for m in _phrase_re().finditer(text)]


@SETTINGS
@given(st.data())
def test_to_simplified_equals_opencc(data):
    from qmcorpus.normalize.script import _converter, to_simplified

    text = data.draw(_phrase_pieces())
    assert to_simplified(text) == _converter("t2s").convert(text)


@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=0x2FFFF), max_size=40))
def test_translate_by_sequence_equals_translate_by_dict(text):
    from qmcorpus.normalize.script import _char_table, simplify_chars

    assert simplify_chars(text) == text.translate(_char_table())


def test_translate_sequence_covers_every_key():
    from qmcorpus.normalize.script import _char_sequence, _char_table

    table = _char_table()
    keys = "".join(map(chr, table)) + "\U0002FFFF\U0010FFFF"
    assert keys.translate(_char_sequence()) == keys.translate(table) and len(_char_sequence()) == max(table) + 1


@SETTINGS
@given(st.dictionaries(st.one_of(st.integers(0, 0x3000), st.integers(0xD700, 0xE100), st.integers(0x2B700, 0x2B800)),
                       st.text(max_size=2), max_size=30))
def test_translate_sequence_is_the_plain_one(table):
    """The sequence built from slices of one decoded string (surrogates too) is the plain one: each
    code point's character, its value where it is a key."""
    from qmcorpus.normalize.script import _sequence_of

    # every code point's character, then each key's overwritten by its value (one list item a code
    # point, as the plain join of table.get(code, chr(code)), without a Python call per code point)
    plain = list(map(chr, range(max(table, default=-1) + 1)))
    for code, value in table.items():
        plain[code] = value
    assert _sequence_of(table) == "".join(plain)


def test_kept_long_fill_keys_are_the_long_fills():
    from qmcorpus import resources
    from qmcorpus.normalize import byteshift as bs

    slots = resources.word_slots(bs.MIN_WORD_FREQ, 2 * bs._CONTEXT_CHARS + 1)
    plain = {key: frozenset(fill) for key, fill in slots.items() if len(fill) > bs._FILL_SET_MIN}
    bs._tables()
    assert bs._FILL_SETS == bs._long_fills() == plain and plain


# ── whitespace, script detection ───────────────────────────────────────────────────────────────
@SETTINGS
@given(st.text(alphabet="质量 a\n\r\u3000\u00a0\u200b\ufeff\x00\x07\x7f\t\u2003", max_size=40))
def test_whitespace_without_odd_characters_is_returned_as_the_three_substitutions_give(text):
    from qmcorpus.normalize import whitespace as ws

    n = 0
    plain = text
    if "\r" in plain:
        n += plain.count("\r")
        plain = plain.replace("\r\n", "\n").replace("\r", "\n")
    plain, a = ws._ZERO_WIDTH.subn("", plain)
    plain, b = ws._ODD_SPACE.subn(" ", plain)
    plain, c = ws._CONTROL.subn("", plain)
    assert ws.normalize_whitespace(text) == (plain, n + a + b + c)


@SETTINGS
@given(st.text(alphabet="质量月活动質量發展关于並并 ，a", max_size=60), st.integers(0, 2))
def test_detect_script_equals_the_definition_by_both_counts(text, glosses):
    from qmcorpus.normalize import script

    t, s = script.count_script_chars(text)
    if t and glosses:
        expected = script.TRADITIONAL_PINYIN
    elif t == 0 or (t < 3 and t < 0.05 * (s + 1)):
        expected = script.SIMPLIFIED
    elif t / (t + s) >= 0.7:
        expected = script.TRADITIONAL_PINYIN if glosses else script.TRADITIONAL
    elif t / (t + s) <= 0.1:
        expected = script.SIMPLIFIED
    else:
        expected = script.MIXED
    assert script.detect_script(text, pinyin_glosses=glosses) == expected


@SETTINGS
@given(st.text(alphabet="质量关于并月 ", max_size=90), st.text(alphabet="質發並", max_size=3), st.integers(0, 90))
def test_stray_traditional_characters_among_many_simplified_are_judged_by_both_counts(simple, trad, at):
    """The count of simplified-only characters stops at 20 per traditional one (t < 3): the
    verdict is the one of both full counts, around that bound too."""
    from qmcorpus.normalize import script

    text = simple[:at] + trad + simple[at:]
    t, s = script.count_script_chars(text)
    if t == 0 or (t < 3 and t < 0.05 * (s + 1)):
        expected = script.SIMPLIFIED
    elif t / (t + s) >= 0.7:
        expected = script.TRADITIONAL
    elif t / (t + s) <= 0.1:
        expected = script.SIMPLIFIED
    else:
        expected = script.MIXED
    assert script.detect_script(text) == expected


def _convert_traditional_lines_plain(text: str):
    """convert_traditional_lines as it was: its own search of the whole text first."""
    from qmcorpus.normalize import script

    trad, _ = script._script_patterns()
    if trad.search(text) is None:
        return text, 0
    lines = text.split("\n")
    n = 0
    for i, line in enumerate(lines):
        if len(trad.findall(line)) >= script.LINE_MIN_TRADITIONAL:
            lines[i] = script.convert(line)[0]
            n += 1
    return ("\n".join(lines), n) if n else (text, 0)


@SETTINGS
@given(st.lists(st.text(alphabet="质量关于并月 質發並\n", max_size=30), min_size=1, max_size=4))
def test_the_first_traditional_character_is_searched_once_per_text(texts):
    """detect_script and convert_traditional_lines share one search of a text (the last one
    searched): each still answers as its own search of the text in hand would, whatever text
    was searched before (equal texts that are other objects included)."""
    from qmcorpus.normalize import script

    def span(m):
        return None if m is None else m.span()

    trad, _ = script._script_patterns()
    for text in texts + ["".join(list(t)) for t in reversed(texts)]:  # (the second: equal texts, new objects)
        assert span(script._first_traditional(text)) == span(trad.search(text))
        script.detect_script(text)
        assert script.convert_traditional_lines(text) == _convert_traditional_lines_plain(text)
        assert span(script._first_traditional(text)) == span(trad.search(text))


# ── furniture: cheap tests before the line patterns ────────────────────────────────────────────
_LINES = st.text(alphabet="质量月活动打印【】[]关闭 |｜-_—·2023-09-0１１)）】。返回首页", max_size=30)


@SETTINGS
@given(_LINES)
def test_ui_line_reads_its_tokens_as_the_split_gives_them(s):
    from qmcorpus.normalize import furniture as f

    r = f.rules()
    any_token, plain = False, None
    for t in f._TOKEN_SEP.split(f._UNPAIRED.sub(" ", f._BRACKETED.sub(f._unbracket, s))):
        if not t or f._COUNTER.match(t):
            continue
        if t not in r.ui_words and not r.ui_patterns.match(t):
            plain = False
            break
        any_token = True
    assert f.is_ui_line(s) == (any_token if plain is None else plain)


@functools.cache
def _spam_cues():
    """Every spam vocabulary word, one longest-first alternation (the automaton's plain definition)."""
    from qmcorpus import resources
    from qmcorpus.literals import words_re

    return words_re(w for ws in resources.furniture()["spam"]["vocabulary"].values() for w in ws)


@SETTINGS
@given(_LINES)
def test_spam_suffix_without_a_separator_is_none_as_the_pattern_gives(line):
    from qmcorpus.normalize import furniture as f

    m = f._SUFFIX_SEP.search(line.rstrip())
    plain = line[: m.start()] if m and m.start() > 0 and _spam_cues().search(line[m.end():]) else None
    assert f._spam_suffix(line) == plain


_DATED = st.builds(lambda a, sep, d: a + sep + d, _LINES, st.sampled_from([" ", "", "(", "【"]),
                   st.sampled_from(["2023-09-01", "9-1", "2023/9/1)", "１２-３", "9.1】", "2023-9-1。", "9-1 "]))


@SETTINGS
@given(st.lists(st.one_of(_LINES, _DATED), max_size=8),
       st.lists(st.sampled_from(["widget", "navigation", "metadata"]), max_size=8))
def test_dated_lists_are_found_as_by_searching_every_line(lines, kinds):
    from qmcorpus.normalize import furniture as f

    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    kind = {i: k for i, k in zip(nonempty[::2], kinds)}
    expected = dict(kind)

    def dated(i):  # as it was: the pattern first
        s = lines[i].strip()
        m = f._DATED_ITEM.search(s)
        return bool(m) and m.start() > 0 and len(s) <= 80 and "。" not in s

    run = []
    for i in nonempty + [None]:
        if i is not None and i not in expected and dated(i):
            run.append(i)
            continue
        prev = nonempty[nonempty.index(run[0]) - 1] if run and nonempty.index(run[0]) > 0 else None
        if len(run) >= 2 or (run and prev is not None and expected.get(prev) in ("widget", "navigation")):
            for j in run:
                expected[j] = "link_list"
        run = []
    f._drop_dated_lists(lines, nonempty, kind)
    assert kind == expected


@SETTINGS
@given(st.text(alphabet="时间来源点击:： 2016-09-02质量科。发表于", max_size=40))
def test_metadata_lines_without_a_colon_have_no_key(line):
    from qmcorpus.normalize import furniture as f

    if ":" not in line and "：" not in line:
        assert not list(f.rules().meta_key.finditer(line))
    assert f.parse_meta(line) is None or ":" in line or "：" in line or f.rules().date_only.match(
        line.strip().strip(f._BULLETS).strip()) or f.rules().post_line.match(line.strip().strip(f._BULLETS).strip())


# ── the most plausible reading, with bounds ────────────────────────────────────────────────────
def _most_plausible_plain(data, codecs):
    best = None
    for codec in codecs:
        text, bad = decode._count_replaced(data, codec)
        score = decode._score(text, bad)
        if best is None or score > best[0]:
            best = (score, text, codec, bad)
    return best[1], best[2], best[3]


_READINGS = st.one_of(_BYTES, st.text(alphabet="質量月活動開展，。的了是 \n", max_size=300).map(lambda s: s.encode("big5")),
                      st.text(alphabet="质量月活动开展，。的了是 \n", max_size=300).map(lambda s: s.encode("gb18030")))


@SETTINGS
@given(st.one_of(_BYTES, _READINGS), st.sampled_from(sorted(decode._NO_CONTROL_WITHOUT_CONTROL_BYTES)))
def test_bytes_without_control_bytes_read_without_control_characters(data, codec):
    """The penalty's count of control characters is 0, not counted, when the bytes hold no
    control byte: each reading then holds none (the shortcut of _most_plausible)."""
    data = data.translate(None, decode._CONTROL_BYTES)
    assert decode._no_control_bytes(data)
    text, _ = decode._count_replaced(data, codec)
    assert not decode._CONTROL_RUN.search(text)


@SETTINGS
@given(st.text(alphabet="质量\ufffd a", max_size=1800))
def test_scored_head_equals_replacing_in_the_whole_text(text):
    assert decode._scored_head(text) == text.replace("\ufffd", "")[:decode._SAMPLE]


@SETTINGS
@given(st.one_of(_BYTES, _READINGS), st.sampled_from(["utf-8", "gb18030", "big5"]))
def test_a_strict_reading_holds_a_control_character_exactly_where_the_bytes_hold_one(data, codec):
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return
    assert (decode._CONTROL_RUN.search(text) is None) == decode._no_control_bytes(data)


@SETTINGS
@given(st.one_of(_BYTES, _READINGS, st.binary(max_size=60)))
def test_far_from_utf8_is_the_share_of_replaced_bytes_of_the_utf8_reading(data):
    text, bad = decode._count_replaced(data, "utf-8")
    assert decode._far_from_utf8(data) == (bad > 0.01 * len(text))


def test_no_double_byte_character_is_a_control_character():
    """Every two-byte sequence of the double-byte codecs reads as no control character (and
    the four-byte range of GB18030 starts above them)."""
    trails = [b for b in range(0x100) if b not in decode._CONTROL_BYTES]
    pairs = bytes(b for lead in range(0x80, 0x100) for trail in trails for b in (lead, trail))
    for codec in ("gb18030", "big5", "big5hkscs"):
        assert not decode._CONTROL_RUN.search(pairs.decode(codec, errors="replace"))
    assert b"\x81\x30\x81\x30".decode("gb18030") == "\x80"
    assert decode._no_control_bytes(b"abc\t\r\n\x7f\x80") and not decode._no_control_bytes(b"a\x1fb")
    assert not decode._no_control_bytes(b"\x00") and not decode._no_control_bytes(b"\x0b")


@SETTINGS
@given(_READINGS)
def test_most_plausible_with_strict_readings_given_picks_what_it_picks_alone(data):
    strict = {}
    for codec in ("gb18030", "big5"):
        try:
            strict[codec] = data.decode(codec)
        except UnicodeDecodeError:
            pass
    codecs = ("utf-8", "gb18030", "big5") + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    assert decode._most_plausible(data, codecs, strict=strict) == _most_plausible_plain(data, codecs)


@SETTINGS
@given(_READINGS)
def test_most_plausible_with_bounds_picks_the_reading_every_score_picks(data):
    codecs = ("utf-8", "gb18030", "big5") + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    assert decode._most_plausible(data, codecs) == _most_plausible_plain(data, codecs)
    assert decode._most_plausible(data) == _most_plausible_plain(data, ("utf-8", "gb18030", "big5"))


@SETTINGS
@given(st.text(alphabet="质量月活动的了是龘䶵㐀，。 a\n€", max_size=900), st.floats(-1, 16))
def test_plausibility_unless_below_is_exact_or_surely_below(head, floor):
    exact = decode.plausibility(head)
    got = decode._plausibility_unless_below(head[:decode._SAMPLE], floor)
    assert got == exact or (got is None and exact < floor)


@SETTINGS
@given(st.text(alphabet="质量月活动的了是龘䶵㐀，。 a\n€", max_size=900), st.floats(-1, 16), st.booleans())
def test_plausibility_below_equals_the_comparison(text, threshold, cached):
    decode._RECENT.clear()
    exact = decode._plausibility_unless_below(text[:decode._SAMPLE], None)  # in full, not remembered
    if cached:
        decode.plausibility(text)
    assert decode._plausibility_below(text, threshold) == (exact < threshold)
    bounded = decode._plausibility_unless_below(text[:decode._SAMPLE], threshold - 1, threshold + 1)
    assert bounded == exact or (bounded is None and exact < threshold - 1) or (bounded == float("inf") and exact >= threshold + 1)


def test_opencc_separator_matches_cover_exactly_the_separator_characters():
    from qmcorpus.normalize.script import _converter, _separator_char

    split_re, sep = _converter("t2s").split_chars_re, _separator_char()
    for code in list(range(0x10000)) + list(range(0x10000, 0x110000, 97)):
        c = chr(code)
        assert bool(split_re.fullmatch(c)) == bool(sep.fullmatch(c)), hex(code)
    text = "質量 \t發展，於是 乾\u3000坤-—…x"
    covered = {i for m in split_re.finditer(text) for i in range(m.start(), m.end())}
    assert covered == {m.start() for m in sep.finditer(text)}


# ── repeats ────────────────────────────────────────────────────────────────────────────────────
@SETTINGS
@given(st.lists(st.text(alphabet="质量月活动。一二 【】abc", max_size=14), max_size=8), st.integers(0, 8))
def test_table_cells_are_found_as_by_the_list_of_neighbours(lines, i):
    from qmcorpus.normalize import repeats as rp

    near = [lines[j].strip() for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    plain = len(near) == 2 and all(len(x) <= rp.CELL and not x.endswith("。") for x in near) and rp._short(
        lines[i], rp._key(lines[i]))
    assert rp._in_table(lines, i) == plain


def test_reading_table_holds_what_pypinyin_reads_for_every_glossable_character():
    from qmcorpus.normalize import pinyin

    table = pinyin._reading_table()
    assert table is not None and len(table) > 20000
    fresh = pinyin._build_reading_table()  # each character asked of pypinyin
    assert fresh == table
    for ch in ("質", "的", "〇", "a", "豈", "\u9fff", *list(table)[::97]):
        assert pinyin.readings.__wrapped__(ch) == pinyin._pypinyin_readings(ch), ch


# ── scan captions: the cue texts first ────────────────────────────────────────────────────────
_CAPTION_LINES = st.lists(st.one_of(
    st.sampled_from(["扫描件仅供参考", "扫描版", "数字化扫描件", "CamScanner", "扫描全能王", "某县档案馆存档", "档案室专用",
                     "某县质监局（公章）", "某局(印章)", "（章）", "某某局", "二〇〇五年八月三十日", "正文。"]),
    st.sampled_from(["\n", " ", "\t", "  ", "\n\n", "，"]),
    st.text(alphabet="扫描档案章印公盖签（）()局县 \n", max_size=8)), max_size=10).map("".join)


def _drop_scan_captions_plain(text: str):
    from qmcorpus.normalize import page_marks as P

    if P._CAPTION.search(text) is None and P._SEAL.search(text) is None:
        return text, []
    lines = text.split("\n")
    drop = {i for i, ln in enumerate(lines) if P._CAPTION.match(ln)
            or (P._SEAL.match(ln) and P._neighbour(lines, i, 1) is None)}
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop), [lines[i].strip() for i in sorted(drop)]


@SETTINGS
@given(_CAPTION_LINES)
def test_scan_captions_looked_for_after_their_cues_as_everywhere(text):
    from qmcorpus.normalize import page_marks as P

    if P._CAPTION_CUES.search(text) is None:
        assert P._CAPTION.search(text) is None
    if P._SEAL_CUES.search(text) is None:
        assert P._SEAL.search(text) is None
    assert P.drop_scan_captions(text) == _drop_scan_captions_plain(text)


@SETTINGS
@given(st.lists(st.text(alphabet="質量發展並關於质量并关于月 ", max_size=12), max_size=12).map("\n".join))
def test_detect_script_reads_lines_only_with_enough_simplified_characters(text):
    """A page mostly traditional is MIXED when MIXED_LINES lines are wholly of each script: asked
    only when the text holds 2 * MIXED_LINES simplified-only characters (fewer cannot make them)."""
    from qmcorpus.normalize import script

    trad, simp = script._script_patterns()
    t, s = script.count_script_chars(text)
    if t and t / (t + s) >= 0.7 and not (t < 3 and t < 0.05 * (s + 1)):
        expected = script.MIXED if script._both_scripts_by_line(text, trad, simp) else script.TRADITIONAL
        assert script.detect_script(text) == expected
