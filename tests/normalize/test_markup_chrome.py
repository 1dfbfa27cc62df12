"""Page chrome known by the page's structure (normalize/page_chrome.py, data/chrome.toml): the case
file tests/cases/markup.jsonl holds each class (menus, breadcrumbs, share boxes, related and hot
lists, comments, footers, adverts, hidden and off-screen elements, tickers, form controls, blocks
of links) and negative cases that must stay (the article under any name, WeChat's hidden article,
an article's own header and footer, its attachment list, responsive classes, linked prose)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize.markup import _html_text_reference, html_text

from ..conftest import case_params, load_cases

CASES = load_cases("markup.jsonl")


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case):
    assert html_text(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", case_params(CASES))
def test_the_former_tree_edits_agree(case):
    assert _html_text_reference(case["input"]) == html_text(case["input"])


def test_case_file_has_negative_cases():
    assert sum(bool(c.get("negative")) for c in CASES) >= 8


# chrome of every kind the vocabulary names, as wrappers around the article or beside it
CHROME_CLASS = st.sampled_from(["nav", "topnav", "crumbs", "share", "footer", "comment", "related", "hide", "top",
                                "pagination", "ad", "attach", "login", "sidebar-search", "header"])
CHROME_TAG = st.sampled_from(["div", "td", "section", "span", "ul", "header", "footer", "aside", "form"])
HIDING = st.sampled_from(["", ' style="display:none"', ' style="visibility:hidden"', " hidden", ' role="navigation"'])
SENTENCE = st.text(alphabet="质量月活动市局开展企业检查宣传标准计量服务提升品牌", min_size=12, max_size=40).map(lambda s: s + "。")


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(SENTENCE, min_size=2, max_size=6), wrappers=st.lists(st.tuples(CHROME_TAG, CHROME_CLASS, HIDING), max_size=3),
       siblings=st.lists(st.tuples(CHROME_TAG, CHROME_CLASS, HIDING, SENTENCE), max_size=3))
def test_the_articles_paragraphs_are_never_dropped(paragraphs, wrappers, siblings):
    """Whatever chrome names or hides the elements around it, the element holding the article's
    paragraphs keeps every one of them (chrome beside it is shorter than the article)."""
    html = '<div class="con">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"
    for tag, cls, hiding in wrappers:
        html = f'<{tag} class="{cls}"{hiding}>{html}</{tag}>'
    for tag, cls, hiding, text in siblings:
        html += f'<{tag} class="{cls}"{hiding}>{text[:10]}</{tag}>'
    out = html_text("<html><body>" + html + "</body></html>").split("\n")
    for p in paragraphs:
        assert p in out
