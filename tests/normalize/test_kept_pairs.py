"""lost_lead's table of two-character words by byte pair, kept between runs, is the table its
plain definition builds from the dictionaries (the same pairs, in the same order)."""
from qmcorpus import resources
from qmcorpus.normalize import lost_lead


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
        got = lost_lead._two_char_words()
        assert list(got.items()) == list(plain.items())
    assert list(tmp_path.glob("lost_lead_pairs-*.cols"))
    lost_lead._two_char_words.cache_clear()
