"""normalize.html_tree builds the tree BeautifulSoup's html.parser builder builds (hypothesis property:
same elements, attributes, strings of the same kind, same get_text) and html_text reads it the same."""
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize import html_tree
from qmcorpus.normalize.markup import _html_text_reference, html_text

SETTINGS = settings(max_examples=300, deadline=None)
# pieces of markup: unclosed, stray and empty elements, white-space-only text, <pre>, scripts, styles,
# ruby, comments, CDATA, doctypes, character and entity references, duplicate attributes, chrome names
PIECES = st.sampled_from([
    "<p>", "</p>", "<div class='nav menu'>", "<div id=main>", "</div>", "<br>", "</br>", "<br/>", "<img src=x>",
    "<pre>", "</pre>", "<textarea>", "</textarea>", "<script>var a='<p>';</script>", "<style>.hide{display:none}</style>",
    "<style>", "</style>", "<ruby>质<rt>zhi</rt></ruby>", "<rp>(</rp>", "<!-- 注释 -->", "<![CDATA[数据]]>", "<!DOCTYPE html>",
    "<?xml version='1.0'?>", "&amp;", "&nbsp;", "&#150;", "&#x8d28;", "&#12;3", "&#xzz;", "&bogus", "&", "<a href='f.doc'>",
    "</a>", "<span class=hide>", "</span>", "<table><tr><td>", "</td></tr></table>", "<li>", "</ul>", "<template>t</template>",
    "<p a=1 a=2 hidden>", "<b>", "</b>", "<article>", "</article>", "<nav>导航</nav>", "<header>", "<meta charset=gbk>",
    " ", "\n", "  \n\t", "\u3000", "质量月", "活动 通知", "附件：", "2024-09-01 来源：", "<", ">", "</", "<x", "=",
])
HTML = st.lists(PIECES, max_size=40).map("".join)


def _shape(node):
    if isinstance(node, Tag):
        return (node.name, dict(node.attrs), [_shape(c) for c in node.contents], node.get_text())
    return (html_tree._kind(type(node)).__name__, str(node))


def _light_shape(node):
    if type(node) is html_tree.Element:
        return (node.name, dict(node.attrs), [_light_shape(c) for c in node.contents], node.get_text())
    return (type(node).__name__, str(node))


@SETTINGS
@given(HTML)
def test_the_light_tree_is_beautifulsoups_tree(html):
    soup = BeautifulSoup(html, "html.parser", store_line_numbers=False, multi_valued_attributes=None)
    root = html_tree.parse(html)
    assert _light_shape(root) == _shape(soup)
    assert [s.get_text() for s in root.find_all("style")] == [s.get_text() for s in soup.find_all("style")]


@SETTINGS
@given(HTML)
def test_html_text_on_the_light_tree_equals_html_text_on_beautifulsoups_tree(html):
    # the shortcut's property: the same walk over either tree (the former quadratic walk,
    # _html_text_reference, differs from both on an empty chrome block between texts)
    light = html_text(html)
    verified = html_tree.VERIFIED_RELEASES
    html_tree.VERIFIED_RELEASES = ("0.0.",)  # parse() refuses: markup.py builds BeautifulSoup's tree
    try:
        assert light == html_text(html)
    finally:
        html_tree.VERIFIED_RELEASES = verified


def test_html_text_on_either_tree_equals_the_reference_walk_on_ordinary_chrome():
    html = "<div class='nav'>首页 新闻</div><p>质量月<br>活动</p><script>x()</script>&amp;<p>通知</p>"
    assert html_text(html) == _html_text_reference(html) == "质量月\n活动\n&\n通知"


def test_strings_keep_their_kind():
    root = html_tree.parse("<p>质量</p><script>x()</script><!--c--><![CDATA[d]]><style>.a{}</style>")
    p, script, comment, cdata, style = root.contents
    assert type(p.contents[0]) is str and type(cdata) is html_tree.CDataText
    assert type(script.contents[0]) not in html_tree.TEXT_TYPES and type(comment) not in html_tree.TEXT_TYPES
    assert style.get_text() == ".a{}" and root.get_text() == "质量d"


def test_an_unchecked_beautifulsoup_release_means_beautifulsoups_own_tree(monkeypatch):
    html = "<div class='nav'>首页</div><p>质量月<br>活动</p><script>x()</script>"
    expected = html_text(html)
    monkeypatch.setattr(html_tree, "VERIFIED_RELEASES", ("0.0.",))
    try:
        html_tree.parse(html)
        raise AssertionError("parse accepted an unchecked release")
    except html_tree.UncheckedRelease:
        pass
    assert html_text(html) == expected == "质量月\n活动"
