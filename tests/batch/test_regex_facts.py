"""Facts read off patterns and kept between runs (qmcorpus.regex_facts, in regex_cache's pack) are
exactly what the readers compute; a missing, stale, damaged or foreign file only means computing
as usual."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qmcorpus import regex_cache, regex_facts, resources
from qmcorpus.extract import lookahead, regions
from qmcorpus.literals import _alphabet, _may_start_with, required_any, required_text, required_texts
from qmcorpus.normalize import cuelines

from .regex_strategies import patterns as _patterns

pytestmark = pytest.mark.skipif(regex_cache._internals() is None, reason="not CPython's re")

# every remembered reader, with the extra arguments it is called with
READERS = [
    (cuelines.needs, ()), (cuelines.first_chars, ()), (lookahead.first_chars, ()), (lookahead.closing_words, ()),
    (lookahead.follow_class, ("g",)), (required_text, ()), (required_texts, (16,)), (required_any, (16,)),
    (required_any, ()), (_may_start_with, ("月",)), (_alphabet, ()), (regions.nonspace_width, ()),
]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder, no fact known, nothing preloaded, no derived table built."""
    monkeypatch.setenv("QMCORPUS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(resources, "BUILT", [])
    monkeypatch.setattr(regex_cache, "_loaded", set())
    monkeypatch.setattr(regex_cache, "_kind", ["test"])
    monkeypatch.setattr(regex_facts, "_facts", {})
    monkeypatch.setattr(regex_facts, "_fresh", [0])
    re.purge()
    yield tmp_path
    re.purge()


# ── values: JSON and back, the same value of the same kinds ──────────────────────────────────────
_ATOM = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.text(max_size=4))
_VALUE = st.recursive(_ATOM, lambda inner: st.one_of(st.lists(inner, max_size=4).map(tuple),
                                                     st.frozensets(_ATOM, max_size=4)), max_leaves=12)


def _shape(v):
    """The value with the kind of every part spelled out (True == 1, but not the same fact)."""
    if type(v) is tuple:
        return ("tuple", tuple(_shape(x) for x in v))
    if type(v) is frozenset:
        return ("frozenset", frozenset(_shape(x) for x in v))
    return (type(v).__name__, v)


@settings(max_examples=300, deadline=None)
@given(_VALUE)
def test_a_value_reads_back_as_itself(value):
    back = regex_facts.decode(json.loads(json.dumps(regex_facts.encode(value))))
    assert _shape(back) == _shape(value)


def test_values_of_other_kinds_are_not_remembered(fresh):
    calls = []

    @regex_facts.remembered
    def listed(pattern):
        calls.append(pattern)
        return [pattern]

    assert listed("a") == listed("a") == ["a"] and len(calls) == 2  # a mutable value: computed each time
    assert not regex_facts._facts


# ── readers: the remembered value, also after a round trip through the file, is the computed one ────


def _round_trip():
    """Write what is known, forget it, read it back (as the next process would)."""
    data = regex_facts.export()
    regex_facts.forget()
    assert regex_facts.load(data) == len(json.loads(data))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_patterns(), st.sampled_from([0, re.IGNORECASE, re.MULTILINE])), min_size=1, max_size=4))
def test_remembered_facts_are_the_computed_ones(patterns):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(regex_facts, "_facts", {})
        mp.setattr(regex_facts, "_fresh", [0])
        compiled = [_compiled(text, flags) for text, flags in patterns]
        plain = [[_plain(reader, p, args) for reader, args in READERS] for p in compiled]
        assert [[_plain(reader, p, args, remembered=True) for reader, args in READERS] for p in compiled] == plain
        _round_trip()
        assert [[_plain(reader, p, args, remembered=True) for reader, args in READERS] for p in compiled] == plain
        assert cuelines.anchored.plain(patterns[0][0]) == cuelines.anchored(patterns[0][0])


def _compiled(text, flags):
    try:
        return re.compile(text, flags)
    except (re.error, OverflowError):  # a group name twice, a repeat of nothing …
        assume(False)


def _plain(reader, pattern, args, remembered=False):
    """What ``reader`` gives (its shape, kinds spelled out), or the exception it raises."""
    try:
        return _shape((reader if remembered else reader.plain)(pattern, *args))
    except Exception as exc:  # (follow_class of a pattern without the group …): raised again, not kept
        return ("raises", type(exc).__name__)


def test_the_flags_and_arguments_are_part_of_the_key(fresh):
    assert cuelines.needs(re.compile("ab")) == ("ab",)
    assert cuelines.needs(re.compile("ab", re.IGNORECASE)) == ()
    assert required_texts(re.compile("[ab]cd"), 1) == ("cd",) and required_texts(re.compile("[ab]cd"), 16) == ("acd", "bcd")
    _round_trip()
    assert cuelines.needs(re.compile("ab", re.IGNORECASE)) == () and cuelines.needs(re.compile("ab")) == ("ab",)


# ── the file: kept with the regex cache, read by the next process; anything wrong: computed ────────
def _kept(kind="test"):
    cuelines.needs(re.compile(r"^\s*[|｜]\s*首页"))
    regex_cache.save(kind)
    regex_facts.forget()
    regex_cache._loaded.clear()
    regex_cache._kind.clear()
    re.purge()


def test_facts_are_kept_with_the_regex_cache_and_read_back(fresh):
    _kept()
    assert regex_cache.preload("test") > 0
    assert regex_facts._facts and not regex_facts.fresh()
    assert cuelines.needs(re.compile(r"^\s*[|｜]\s*首页")) == ("首页",) and not regex_facts.fresh()


def test_a_missing_stale_damaged_or_foreign_file_means_computing(fresh, monkeypatch):
    _kept()
    (target,) = Path(fresh).glob("regex-*.pack")
    good = target.read_bytes()
    parts = resources.load_pack(target)

    def rewritten(facts: bytes):
        resources.store_pack(target, [parts[0], parts[1], facts])
        return target.read_bytes()

    flipped = bytearray(good)
    flipped[-3] ^= 0xFF  # the checksum fails
    damaged = [bytes(flipped), b"qmcorpus-cache/3 0 0 2 3 4\nnot json", rewritten(b"not json"),
               rewritten(b'[["cuelines.needs","a",0,[],{"x":[]}]]'), rewritten(b'[["n","a",0,[],["a list"]]]'),
               rewritten(b'[["n","a",true,[],"v"]]'), rewritten(b'{"a": 1}')]
    for data in damaged:
        target.write_bytes(data)
        regex_facts.forget()
        regex_cache._kind.clear()
        regex_cache.preload("test")
        assert not regex_facts._facts
        assert cuelines.needs(re.compile(r"^\s*[|｜]\s*首页")) == ("首页",) and regex_facts.fresh()
    target.write_bytes(good)
    # stale (another version of the code) or foreign (another kind of process): another file, not read
    for kind, code in (("test", "another version"), ("another kind", resources.code_hash())):
        monkeypatch.setattr(resources, "code_hash", lambda code=code: code)
        regex_facts.forget()
        regex_cache._kind.clear()
        assert regex_cache.preload(kind) == 0 and not regex_facts._facts
    target.unlink()  # missing
    regex_facts.forget()
    regex_cache._kind.clear()
    assert regex_cache.preload("test") == 0 and not regex_facts._facts


def test_the_fork_servers_kept_facts_are_the_computed_ones(tmp_path):
    """A real warm-up keeps the facts of the toolkit's own patterns; the next one reads them all
    (computes none) and each equals what its reader computes."""
    import importlib.util

    segmenter = "rjieba" if importlib.util.find_spec("rjieba") else "jieba"
    env = {**os.environ, "QMCORPUS_CACHE_DIR": str(tmp_path), "QMCORPUS_WARM_SEGMENTER": segmenter}
    probe = ("import qmcorpus.warm\nfrom qmcorpus import regex_facts, regex_cache\n"
             "print(len(regex_facts._facts), regex_facts._fresh[0], regex_cache._kind)")
    for _ in range(2):  # (the first builds the derived tables, and so keeps no expression)
        subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True).stdout
    count, fresh_count, _ = out.split(" ", 2)
    assert int(count) > 100 and int(fresh_count) == 0
    (target,) = tmp_path.glob("regex-*-all-*.pack")
    rows = json.loads(resources.load_pack(target)[2])
    assert len(rows) == int(count)
    for name, text, flags, args, value in rows:
        module, _, qualname = name.rpartition(".")
        reader = getattr(importlib.import_module(module), qualname).plain
        pattern = text if flags is None else re.compile(text, flags)
        assert _shape(regex_facts.decode(value)) == _shape(reader(pattern, *args)), (name, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([chr(c) for c in range(0x4E00, 0x4E40)] + ["a", "-"]), max_size=60))
def test_a_remembered_character_class_is_the_computed_one(chars):
    from qmcorpus.normalize import script

    chars = "".join(sorted(set(chars)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(regex_facts, "_facts", {})
        mp.setattr(regex_facts, "_fresh", [0])
        plain = script._class_text.plain(chars)
        assert script._class_text(chars) == plain
        _round_trip()
        assert script._class_text(chars) == plain and not regex_facts.fresh()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcd"), st.frozensets(st.text(alphabet="xyzw", min_size=1, max_size=4),
                                                              max_size=6), max_size=4))
def test_risky_texts_by_prefix_index_are_the_plain_ones(parts):
    """SharedScan's texts that a cue of a set they do not name may start in and run past, found by
    looking suffixes up in an index of prefixes, are those of the comparison of every pair."""
    every = {t for texts in parts.values() for t in texts}
    owners = {w: frozenset(n for n, texts in parts.items() if any(t in w for t in texts)) for w in every}
    plain = frozenset(w for w in every for j in range(1, len(w)) for c in every
                      if c.startswith(w[j:]) and len(c) > len(w) - j and not owners[c] <= owners[w])
    assert cuelines._risky(every, owners) == plain
