"""The expressions kept compiled between runs (qmcorpus.regex_cache) are exactly what ``re`` compiles,
a damaged or foreign cache file only means compiling as usual, and the batch's tasks (guided sizes)
give the results of one process in input order."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus import regex_cache, resources
from qmcorpus.literals import any_of, words_re

from .regex_strategies import valid_patterns as _patterns

pytestmark = pytest.mark.skipif(regex_cache._internals() is None, reason="not CPython's re")


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder, re's cache emptied, nothing preloaded, no derived table built."""
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(resources, "BUILT", [])
    monkeypatch.setattr(regex_cache, "_loaded", set())
    monkeypatch.setattr(regex_cache, "_kind", ["test"])
    re.purge()
    yield tmp_path
    re.purge()


def _round_trip(patterns, kind="test"):
    """Compile ``patterns`` ((text, flags) pairs), save, forget everything, preload: each pattern
    is then re's cached object, equal to a fresh compile (Pattern equality compares the code)."""
    for text, flags in patterns:
        re.compile(text, flags)
    regex_cache.save(kind)
    re.purge()
    regex_cache._loaded.clear()
    regex_cache._kind.clear()
    assert regex_cache.preload(kind) >= len(set(patterns))
    for text, flags in patterns:
        loaded = re._cache[(str, text, flags)]
        plain = re._compiler.compile(text, flags)
        assert loaded == plain, text
        assert (loaded.pattern, loaded.flags, loaded.groups, loaded.groupindex) == \
               (plain.pattern, plain.flags, plain.groups, plain.groupindex)
        assert re.compile(text, flags) is loaded


SAMPLES = [
    (r"[\u4e00-\u9fff]{2,8}?(?:局|委员会)", 0),
    (r"(?P<year>\d{4})\s*年(?:(?P<month>\d{1,2})月)?", 0),
    ("copyright|Copyright|版权所有", re.IGNORECASE),
    ("(?:^|\n)\\s*[一二三四五六七八九十]+、(.*)$", re.MULTILINE),
    ("[\udc80-\udcff]+", 0),  # lone surrogates (undecodable bytes): kept as ASCII JSON
    (r"(?x) a \ b  # a comment", 0),
    (r"(?<=[。；])\s*(?=[^\s])", 0),
    (r"(a)?(?(1)b|c)", 0),
]


def test_kept_expressions_are_the_compiled_ones(fresh):
    resources.checked("patterns.toml")  # every expression of the patterns file, compiled
    resources.BUILT.clear()  # (reading the file into an empty cache folder built its kept copy: no table here)
    patterns = [(k[1], k[2]) for k in list(re._cache) if k[0] is str] + SAMPLES
    _round_trip(patterns)




@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_patterns(), st.sampled_from([0, re.IGNORECASE, re.MULTILINE | re.DOTALL])),
                min_size=1, max_size=5, unique=True))
def test_any_kept_expression_is_the_compiled_one(tmp_path_factory, patterns):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QMCORPUS_CACHE_DIR", str(tmp_path_factory.mktemp("rc")))
        mp.setattr(resources, "BUILT", [])
        mp.setattr(regex_cache, "_loaded", set())
        mp.setattr(regex_cache, "_kind", ["test"])
        re.purge()
        try:
            _round_trip(patterns)
        finally:
            re.purge()


def test_a_damaged_or_missing_file_means_compiling_as_usual(fresh):
    _round_trip(SAMPLES)
    (target,) = Path(fresh).glob("regex-*.pack")
    data = bytearray(target.read_bytes())
    data[-5] ^= 0xFF  # one byte of the compiled code changed: the checksum fails
    garbage = b"qmcorpus-cache/3 0 0 2 3 4\nnot json"
    for damage in (lambda: target.write_bytes(bytes(data)), lambda: target.write_bytes(garbage), target.unlink):
        damage()
        re.purge()
        regex_cache._loaded.clear()
        regex_cache._kind.clear()
        assert regex_cache.preload("test") == 0
    assert re.compile(SAMPLES[0][0]).search("某市质量技术监督局")


def test_a_run_that_built_derived_tables_keeps_nothing(fresh, monkeypatch):
    """Its table builders' expressions would crowd a later run's own out of re's cache."""
    monkeypatch.setattr(resources, "BUILT", ["word_freq"])
    re.compile(SAMPLES[0][0])
    regex_cache.save("test")
    assert not list(Path(fresh).glob("regex-*.pack"))


def test_a_worker_forked_from_the_fork_server_keeps_nothing(fresh, monkeypatch):
    """Its expressions are the server's (kept under the server's kind)."""
    monkeypatch.setattr(regex_cache, "_kind", ["rjieba-all"])
    re.compile(SAMPLES[0][0])
    assert regex_cache.preload("rjieba-common") == 0
    regex_cache.save("rjieba-common")
    assert not list(Path(fresh).glob("regex-*.pack"))


def test_unchanged_expressions_are_not_written_again(fresh):
    _round_trip(SAMPLES)
    (target,) = Path(fresh).glob("regex-*.pack")
    stamp = target.stat().st_mtime_ns
    for text, flags in SAMPLES:
        re.compile(text, flags)
    regex_cache.save("test")
    assert target.stat().st_mtime_ns == stamp


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="质量月a.|(", min_size=1, max_size=4), min_size=1, max_size=8),
       st.randoms(use_true_random=False), st.text(alphabet="质量月a.|( ", max_size=30))
def test_words_re_is_one_pattern_whatever_the_order(words, rnd, text):
    """The same pattern text from the words in any order (so it can be kept compiled), matching
    what the longest-first alternation in any order matches (words of one length cannot both
    match at one place)."""
    shuffled = list(words)
    rnd.shuffle(shuffled)
    assert words_re(shuffled).pattern == words_re(words).pattern
    plain = any_of(tuple(map(re.escape, sorted(set(shuffled), key=len, reverse=True))))
    assert [m.span() for m in words_re(words).finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_task_sizes_shrink_to_the_end():
    from qmcorpus.batch.pool import TASK_MAX, TASK_SIZE, task_size

    sizes = [task_size(n, 2) for n in range(5000, 0, -1)]
    assert sizes[0] == TASK_MAX and sizes[-1] == TASK_SIZE
    assert all(a >= b for a, b in zip(sizes, sizes[1:]))


def test_tasks_of_several_sizes_give_the_results_of_one_process(shared, monkeypatch):
    import qmcorpus.batch.pool as B
    from qmcorpus.types import Document

    monkeypatch.setattr(B, "TASK_SIZE", 1)
    monkeypatch.setattr(B, "TASK_MAX", 2)
    pairs = [(p.stem, p) for p in sorted((shared / "raw").glob("*.txt"))[:40]]
    assert {B.task_size(len(pairs) - n, 2) for n in range(len(pairs))} == {1, 2}
    together = list(B.process_files(pairs, jobs=2))
    alone = list(B.process_files(pairs, jobs=1))
    assert [d.doc_id for d in together] == [d.doc_id for d in alone] == [i for i, _ in pairs]
    for a, b in zip(together, alone):
        assert isinstance(a, Document) and (a.text, a.fields) == (b.text, b.fields)


def test_more_expressions_than_res_own_cache_holds_are_kept(fresh, monkeypatch):
    """The toolkit compiles more than ``re``'s 512: the preload makes room, every one is kept and
    handed back (a cache that overflowed used to keep nothing, silently)."""
    monkeypatch.setattr(re, "_MAXCACHE", 512)
    regex_cache.make_room()
    assert re._MAXCACHE >= regex_cache.CAPACITY
    _round_trip([(f"质量月{i}[0-9]+", 0) for i in range(700)])
