"""lost_lead's table of two-character words by byte pair, kept between runs, is the table its
plain definition builds from the dictionaries (the same pairs, in the same order); so is
mojibake_runs' class of rare characters."""
import re

from qmcorpus import resources
from qmcorpus.normalize import lost_lead, mojibake_runs


def test_kept_two_char_words_equal_the_plain_definition(tmp_path, monkeypatch):
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path))  # built here, then read back
    wf, pairs = resources.word_freq(), lost_lead._gb2312()[2]
    bytes_of = {ch: key for key, ch in pairs.items()}
    plain: dict = {}
    for w, f in wf.items():
        if len(w) == 2 and f >= lost_lead.MIN_WORD_FREQ and w[0] in bytes_of and w[1] in bytes_of:
            plain.setdefault((bytes_of[w[0]][1], bytes_of[w[1]][0]), []).append((w[0], w[1]))
    assert len(plain) > 1000  # not vacuous
    for _ in range(2):  # built, then read from the kept file
        lost_lead._two_char_words.cache_clear()
        got = {tuple(map(int, key.split())): lost_lead._pairs_between(*map(int, key.split()))
               for key in lost_lead._two_char_words()}
        assert list(got.items()) == list(plain.items())
        assert lost_lead._pairs_between(0, 0) == []  # no such pair of bytes
    assert list(tmp_path.glob("lost_lead_pairs-*.cols"))
    lost_lead._two_char_words.cache_clear()


def test_kept_rare_characters_equal_the_plain_definition(tmp_path, monkeypatch):
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path))  # built here, then read back
    logfreq = resources.char_logfreq()
    rare = sorted({c for c in mojibake_runs._shaped_pairs()
                   if logfreq.get(c, 0.0) < mojibake_runs.RARE_BELOW and mojibake_runs._CLAUSE.fullmatch(c)})
    assert len(rare) > 100  # not vacuous
    plain = re.compile("[" + "".join(re.escape(c) for c in rare) + f"]{{{mojibake_runs.MIN_RUN}}}")
    for _ in range(2):  # built, then read from the kept file
        mojibake_runs._rare_class.cache_clear()
        assert mojibake_runs._rare_class().pattern == plain.pattern
    assert list(tmp_path.glob("mojibake_rare-*.cols"))
    mojibake_runs._rare_class.cache_clear()
