"""Session 7 shortcuts of decoding, gloss stripping and script conversion give what the plain
definitions give (hypothesis properties; the plain definitions are written out here)."""
import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import resources
from qmcorpus.normalize import decode, pinyin, script

SETTINGS = settings(max_examples=300, deadline=None)


# ── script: phrases by a DFA, corrections behind a literal gate ────────────────────────────────
def _phrase_pieces():
    keys = script._opencc_keys("TSPhrases.txt")
    return st.lists(st.one_of(st.sampled_from(keys[:60] + keys[-60:]), st.sampled_from(list("質量發展於乾，。 \n-𠀾a"))),
                    max_size=16).map("".join)


@SETTINGS
@given(st.data())
def test_phrase_starts_of_the_dfa_are_the_starts_of_the_plain_scan(data):
    text = data.draw(_phrase_pieces())
    assert script._phrase_starts(text) == [start for start, _, _ in script._phrase_matcher().scan(text)]


def _corrections_plain(text):
    table = dict(resources.t2s_corrections())
    found = resources.t2s_corrections_re().findall(text)
    return resources.t2s_corrections_re().sub(lambda m: table[m.group(0)], text), len(found)


_CORRECTION_PIECES = st.lists(st.one_of(st.sampled_from([w for w, _ in resources.t2s_corrections()]),
                                        st.sampled_from(list("著着力眼随本名显作，。 a"))), max_size=12).map("".join)


@SETTINGS
@given(_CORRECTION_PIECES)
def test_corrections_behind_the_required_character_equal_the_plain_substitution(text):
    assert script.apply_corrections(text) == _corrections_plain(text)


@SETTINGS
@given(_CORRECTION_PIECES)
def test_corrections_tried_near_the_required_character_are_the_matches_of_the_scan(text):
    pattern = resources.t2s_corrections_re()
    found = script._correction_matches(text, pattern, script._correction_required_char())
    assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


def test_every_correction_holds_the_required_character():
    required = script._correction_required_char()
    assert required and all(required in wrong for wrong, _ in resources.t2s_corrections())


# ── pinyin: runs of glosses split once ─────────────────────────────────────────────────────────
_GLOSSED = st.lists(st.sampled_from(["質", "量", "的", "京", "(", "（", ")", "）", "zhì", "zhi4", "de", "liang",
                                     "pdf", "北京", "a", "，", " "]), max_size=24).map("".join)


@SETTINGS
@given(_GLOSSED)
def test_runs_start_at_the_gloss_matches_and_hold_them_first(text):
    runs = list(pinyin._GLOSS_RUN.finditer(text))
    matches = list(pinyin.GLOSS.finditer(text))
    assert [m.start() for m in runs] == [m.start() for m in matches]
    assert all(r.group(0).startswith(m.group(0)) for r, m in zip(runs, matches))


def _strip_by_passes(text, examples):
    """The plain definition: GLOSS passes until one removes none (a truncated gloss only where
    it ends the original text)."""
    count, seen, out = 0, [], text

    def fix(m):
        nonlocal count
        ch, open_, py, close = m.groups()
        if close == "" and m.end() != len(text):
            return m.group(0)
        if pinyin._is_gloss(ch, open_, py, close):
            count += 1
            if len(seen) < examples:
                seen.append(m.group(0))
            return ch
        return m.group(0)

    before = -1
    while count != before:
        before = count
        out = pinyin.GLOSS.sub(fix, out)
    return out, count, seen


@SETTINGS
@given(st.lists(st.sampled_from(["的", "質", "(de)", "(zhì)", "(pdf)", "（de）", "(", "(de", ")", "a", "。"]),
                max_size=16).map("".join), st.integers(1, 6))
def test_doubled_glosses_go_as_pass_after_pass(text, examples):
    assert pinyin.strip_glosses(text, examples=examples) == _strip_by_passes(text, examples)


# ── decode: bytes without a NUL are neither UTF-16 nor UTF-32 by NUL pattern ───────────────────
def _utf16_by_nul_plain(data):
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even, odd, half = sample[0::2].count(0), sample[1::2].count(0), len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _utf32_by_nul_plain(data):
    sample = data[:4000]
    n = len(sample) // 4
    if n < 2:
        return None
    for codec, zero in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
        if all(sample[z::4][:n].count(0) >= 0.95 * n for z in zero):
            other = (1,) if codec == "utf-32-le" else (2,)
            if sample[other[0]::4][:n].count(0) < n:
                return codec
    return None


_NUL_BYTES = st.one_of(st.binary(max_size=80), st.lists(st.sampled_from([b"\0", b"\0\0", b"a", b"\xe8\xb4", b"\0\0\0a"]),
                                                         max_size=40).map(b"".join),
                       st.text(alphabet="质量a1\n", max_size=30).map(lambda s: s.encode("utf-16-le")),
                       st.text(alphabet="质量a1\n", max_size=30).map(lambda s: s.encode("utf-32-be")))


@SETTINGS
@given(_NUL_BYTES)
def test_nul_patterns_are_found_as_by_counting_every_position(data):
    assert decode._utf16_without_bom(data) == _utf16_by_nul_plain(data)
    assert decode.utf32_without_bom(data) == _utf32_by_nul_plain(data)


@SETTINGS
@given(st.lists(st.sampled_from([b"~{", b"~", b"{", b"a", b"\x80", b"~}"]), max_size=20).map(b"".join),
       st.integers(0, 8))
def test_hz_prefix_test_equals_the_slice_test(data, pad):
    data = b"x" * (65536 - pad) + data
    assert (data.find(b"~{", 0, 65536) < 0) == (b"~{" not in data[:65536])


# ── decode: good UTF-8 lines found in the bytes; Latin runs found in the UTF-8 form ─────────────
_LINE_PIECES = st.lists(st.sampled_from([b"\n", b"a", b"\r", b"\t", "质".encode(), "é".encode(), "𠀾".encode(),
                                         b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xf5", b"\x80",
                                         b"\xe4\xb8", b"\xd6\xd0", b"\xa4\x40", b"\xe0\x80\x80", b"\xf0\x80\x80\x80"]),
                        max_size=30).map(b"".join)


@SETTINGS
@given(_LINE_PIECES)
def test_good_utf8_lines_found_in_the_bytes_are_the_lines_found_in_the_escaped_text(data):
    escaped = data.decode("utf-8", errors="surrogateescape")
    assert decode._has_good_utf8_line(data) == bool(decode._GOOD_UTF8_LINE.search(escaped))


@SETTINGS
@given(st.text(alphabet="质量aÃ¨é€Ü©\u0152\u2122\u2014\u00bf\u00c0\u00ff\u0100\ud800 \n", max_size=40))
def test_latin_runs_found_in_the_utf8_form_are_the_runs_in_the_text(text):
    assert decode._has_latin_run(text) == bool(decode._LATIN_RUN.search(text))


@SETTINGS
@given(st.one_of(_LINE_PIECES, st.binary(max_size=40),
                 st.text(alphabet="质量月\x01\ufeff", max_size=20).map(lambda s: s.encode("utf-8")),
                 st.text(alphabet="质量月", max_size=20).map(lambda s: codecs.BOM_UTF8 + s.encode("utf-8"))),
       st.sampled_from([None, "utf-8", "gb18030", "big5"]))
def test_a_utf8_reading_without_bom_or_replaced_bytes_is_the_bytes_own_text(data, declared):
    dec = decode._decode(data, declared)
    if dec.encoding == "utf-8" and not dec.replaced and not data.startswith(codecs.BOM_UTF8):
        assert dec.text.encode("utf-8", "surrogatepass") == data


# ── decode: scores summed by code point, readings scored likeliest first ───────────────────────
@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=0x2FFFF), max_size=120), st.floats(-5, 5))
def test_scores_summed_by_code_point_equal_the_sum_by_character(text, start):
    assert decode._summed(text, start) == decode._summed_by_character(text, start)
    assert decode._summed(text) == sum(decode._char_score(c) if not decode._UNSCORED.fullmatch(c) else 0.0
                                       for c in text)


@SETTINGS
@given(st.text(alphabet="质量月活动的了是龘䶵㐀，。 a\n€", max_size=900), st.floats(-1, 16), st.integers(0, 3))
def test_plausibility_continued_from_a_summed_start_equals_it_from_the_first_character(head, floor, chunks):
    done = min(len(head), chunks * decode._CHUNK)
    start = (decode._summed(head[:done]), done)
    decode._RECENT.clear()
    plain = decode._plausibility_unless_below(head, floor)
    decode._RECENT.clear()
    assert decode._plausibility_unless_below(head, floor, summed=start) == plain
    decode._RECENT.clear()
    assert decode._plausibility_unless_below(head, None, summed=start) == decode._plausibility_unless_below(head, None)
