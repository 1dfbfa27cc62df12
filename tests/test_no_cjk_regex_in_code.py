"""No regular expression with Chinese characters is written in the code: such patterns are
domain knowledge and live in qmcorpus/data/patterns.toml (or extract.toml, furniture.toml),
loaded through qmcorpus.resources.pattern (compiled once, validated at load time).

What counts as a regex literal: a string literal (plain, raw or f-string) in the pattern argument
of a call of the ``re`` module (``re.compile``, ``re.search``, ``re.sub`` …), and a module- or
class-level string that such a pattern is built from (``_PIECE = r"…"`` used as
``re.compile(_PIECE + r"…")``, or in an f-string), followed through any number of names.
"Chinese characters" are Han ideographs (CJK Unified Ideographs, extension A, compatibility
ideographs); punctuation classes such as ``[。；;]`` are orthography, not a lexicon, and may stay.
Nothing is allowed: the allow-list is empty on purpose (a Unicode range such as ``[\\u4e00-\\u9fff]``
is written with escapes in a raw string, which holds no ideograph).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "qmcorpus"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
ALLOWED: set[tuple[str, int]] = set()  # (file relative to qmcorpus/, line): none


def _pattern_args(tree: ast.AST):
    """The pattern argument of every call of the re module."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in RE_FUNCTIONS):
            if node.args:
                yield node.args[0]
            yield from (k.value for k in node.keywords if k.arg == "pattern")


def _top_level_strings(tree: ast.Module) -> dict[str, ast.AST]:
    """Names assigned at module or class level → the expression assigned."""
    out: dict[str, ast.AST] = {}
    bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for node in body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) and node.value is not None else []
            for t in targets:
                if isinstance(t, ast.Name):
                    out[t.id] = node.value
    return out


def cjk_regex_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string literal with Han characters that a regex of ``path`` is built from."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = _top_level_strings(tree)
    todo, seen_names, found = list(_pattern_args(tree)), set(), {}
    while todo:
        expr = todo.pop()
        for node in ast.walk(expr):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value):
                found[(node.lineno, node.col_offset)] = node.value
            elif isinstance(node, ast.Name) and node.id in named and node.id not in seen_names:
                seen_names.add(node.id)
                todo.append(named[node.id])
    return [(line, text) for (line, _), text in sorted(found.items())]


def all_cjk_regex_literals() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        out += [f"{rel}:{line}: {text[:60]!r}" for line, text in cjk_regex_literals(path)
                if (rel, line) not in ALLOWED]
    return out


def test_no_regex_with_chinese_characters_in_the_code():
    assert all_cjk_regex_literals() == []


def test_the_scan_finds_each_kind_of_regex_literal(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text(
        'import re\n'
        '_PIECE = r"(?:联合|会同)"\n'
        '_OTHER = "[,，]"\n'
        'A = re.compile(_PIECE + _OTHER)\n'
        'def f(t, n):\n'
        '    return re.search(rf"第{n}条", t) or re.sub(pattern="主题", repl="", string=t)\n'
        'WORDS = ("质量",)  # not a regex\n'
        'B = re.compile(r"[\\u4e00-\\u9fff]")  # escapes, no ideograph\n',
        encoding="utf-8")
    assert [line for line, _ in cjk_regex_literals(sample)] == [2, 6, 6]
