"""qmcorpus.normalize.html_tree: the tree BeautifulSoup's ``html.parser`` builder makes of a page, built
with plain objects (elements with a name, attributes, children and parent; strings as ``str``).

Why: building BeautifulSoup's own objects (links between every node, a string class per node,
attribute lists) costs about four times the tokenising itself, and the page walks read only the
tree. The tokeniser is BeautifulSoup's own (its ``BeautifulSoupHTMLParser``: the same tags,
attributes, character and entity references, comments and declarations), and the tree is built by
the same rules as ``BeautifulSoup``'s (an end tag closes the most recent open element of its name
and every element opened after it, or nothing; empty elements close at once; white-space-only text
outside <pre>/<textarea> shrinks to one space or line break; a string takes the kind of the
innermost <script>/<style>/<template>/<rt>/<rp> around it), so the walks see the same tree.
"""
from __future__ import annotations

import functools
from collections import Counter

import bs4
from bs4 import CData, NavigableString
from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser

# the BeautifulSoup releases whose tree-building this module was checked against (tests/normalize/
# test_html_tree.py); with another, parse() refuses and the caller builds BeautifulSoup's own tree
VERIFIED_RELEASES = ("4.15.",)
_ROOT = "[document]"  # BeautifulSoup's name for the root (no element of a page has it)


class UncheckedRelease(RuntimeError):
    """The installed BeautifulSoup is not among VERIFIED_RELEASES."""


_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"  # the white space BeautifulSoup shrinks (BeautifulSoup.ASCII_SPACES)


class CDataText(str):
    """A CDATA section's text (shown, like BeautifulSoup's CData)."""

    __slots__ = ()


@functools.cache
def _kind(cls: type) -> type:
    """The string class standing for one of BeautifulSoup's: ``str`` for shown text, CDataText for
    CDATA, a class of its own for each other kind (comments, scripts, style sheets …)."""
    if cls is NavigableString:
        return str
    if cls is CData:
        return CDataText
    return type(f"Light{cls.__name__}", (str,), {"__slots__": ()})


TEXT_TYPES = (str, CDataText)  # the kinds get_text() and the page walks read (NavigableString, CData)


@functools.cache
def _builder() -> HTMLParserTreeBuilder:
    """The builder whose rules the tree follows (its empty, white-space-keeping and string-container tags)."""
    return HTMLParserTreeBuilder(multi_valued_attributes=None, store_line_numbers=False)


class Element:
    """One element: ``name``, ``attrs`` (values as written), ``contents`` (elements and strings), ``parent``."""

    __slots__ = ("name", "attrs", "contents", "parent")

    def __init__(self, name: str, attrs: dict, parent: Element | None) -> None:
        self.name, self.attrs, self.contents, self.parent = name, attrs, [], parent

    @property
    def is_empty_element(self) -> bool:
        """An element that may stand without an end tag (<br>, <img> …) and holds nothing: the
        tokeniser closes it at once (BeautifulSoup's Tag.is_empty_element)."""
        return not self.contents and self.name in _builder().empty_element_tags

    def descendants(self):
        """Every node under the element, in document order (elements before their contents)."""
        stack = [iter(self.contents)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            yield node
            if type(node) is Element:
                stack.append(iter(node.contents))

    def get_text(self) -> str:
        """The strings under the element that BeautifulSoup's ``get_text()`` joins: shown text and
        CDATA, or in a string-container element (<style> …) the strings of its own kind."""
        containers = _builder().string_containers
        types = (_kind(containers[self.name]),) if self.name in containers else TEXT_TYPES
        return "".join([node for node in self.descendants() if type(node) in types])

    def find_all(self, name: str) -> list[Element]:
        """The elements named ``name`` under this one, in document order."""
        return [node for node in self.descendants() if type(node) is Element and node.name == name]


class _Builder:
    """The part of BeautifulSoup the tokeniser calls (handle_starttag, handle_endtag, handle_data,
    endData), building Elements by BeautifulSoup's rules (its methods of the same names)."""

    contains_replacement_characters = False
    original_encoding = None

    def __init__(self) -> None:
        b = _builder()
        self.builder = b
        self._empty, self._keep_space, self._containers = b.empty_element_tags, b.preserve_whitespace_tags, b.string_containers
        self.root = Element(_ROOT, {}, None)
        self.current = self.root
        self.stack = [self.root]
        self.open = Counter()
        self.keep_space: list[Element] = []  # open <pre>/<textarea>
        self.container: list[Element] = []  # open <script>/<style>/… (their strings' kind)
        self.data: list[str] = []

    def handle_starttag(self, name, namespace, nsprefix, attrs, sourceline=None, sourcepos=None, namespaces=None):
        self.endData()
        tag = Element(name, dict(attrs), self.current)
        self.current.contents.append(tag)
        self.stack.append(tag)
        self.current = tag
        self.open[name] += 1  # (a page's element is never named like the root)
        if name in self._keep_space:
            self.keep_space.append(tag)
        if name in self._containers:
            self.container.append(tag)
        return tag

    def handle_endtag(self, name: str, nsprefix=None) -> None:
        self.endData()
        if name == _ROOT:
            return
        for i in range(len(self.stack) - 1, 0, -1):  # (BeautifulSoup._popToTag)
            if not self.open.get(name):
                break
            t = self.stack[i]
            self._pop()
            if t.name == name:
                break

    def _pop(self) -> None:
        tag = self.stack.pop()
        if tag.name in self.open:
            self.open[tag.name] -= 1
        if self.keep_space and tag is self.keep_space[-1]:
            self.keep_space.pop()
        if self.container and tag is self.container[-1]:
            self.container.pop()
        if self.stack:
            self.current = self.stack[-1]

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def endData(self, containerClass=None) -> None:
        if not self.data:
            return
        text = "".join(self.data)
        self.data = []
        if not self.keep_space and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        cls = containerClass or NavigableString
        if self.container and cls is NavigableString:
            cls = self._containers.get(self.container[-1].name, cls)
        self.current.contents.append(_kind(cls)(text) if cls is not NavigableString else text)

    def finish(self) -> Element:
        self.endData()
        while self.current is not None and self.current.name != _ROOT:  # (BeautifulSoup._feed)
            if len(self.stack) == 1:
                break
            self._pop()
        return self.root


def parse(html: str) -> Element:
    """The page's tree (its root: BeautifulSoup's ``BeautifulSoup(html, "html.parser")``, as plain
    Elements and strings). Raises what BeautifulSoup's tokeniser raises on markup it rejects, and
    UncheckedRelease with a BeautifulSoup release this module was not checked against."""
    if not bs4.__version__.startswith(VERIFIED_RELEASES):
        raise UncheckedRelease(f"BeautifulSoup {bs4.__version__}: tree building not checked against it")
    tree = _Builder()
    args, kwargs = _builder().parser_args
    parser = BeautifulSoupHTMLParser(tree, *args, **kwargs)
    parser.feed(html)
    parser.close()
    return tree.finish()
