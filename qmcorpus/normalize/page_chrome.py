"""qmcorpus.normalize.page_chrome: the elements of an HTML page that are the site's chrome, known by
the page's structure (tag, class/id words, ARIA role, hidden style; vocabulary in data/chrome.toml),
never by the text they hold; the element holding the article is never chrome."""
from __future__ import annotations

import functools
import re

from .. import resources

_FILE = "chrome.toml"
# tags whose text is never visible (the walk in markup.html_text drops them too)
_INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "svg", "object", "embed", "iframe"))
# tags that do not make a block of text of their own: a paragraph's text belongs to the element
# holding the paragraphs (a WeChat article nests its paragraphs in <section>s)
_TRANSPARENT = frozenset((
    "p", "span", "font", "b", "strong", "em", "i", "u", "a", "sup", "sub", "small", "big", "br", "img", "section",
    "center", "label", "h1", "h2", "h3", "h4", "h5", "h6", "s", "strike", "ins", "del", "mark", "abbr", "code", "tt",
))
# containers that can be a list of links (a column menu, a related or hot list, an e-paper's page list)
_LIST_BOXES = frozenset(("div", "td", "ul", "ol", "dl", "table", "tbody", "tr", "p", "section", "span", "li"))
_SPLIT = re.compile(r"[\s\-_.:/]+|(?<=[a-z])(?=[A-Z])")
# a simple CSS rule of a page's own stylesheet: selectors { declarations }
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# … its last part one class or id (".hide", "#qr", ".detail .hide-kw": hidden wherever it stands in that part)
_SIMPLE_SELECTOR = re.compile(r"(?:^|[\s>+~])\s*([.#])([\w\-]+)\s*$")


@functools.cache
def _vocab() -> dict:
    words = resources.toml(_FILE)["words"]
    strong = frozenset(w for key, ws in words.items() if key != "header" for w in ws)
    return {
        "drop": frozenset(resources.word_list(_FILE, "tags.drop")),
        "landmarks": frozenset(resources.word_list(_FILE, "tags.outside_article")),
        "strong": strong,
        "header": frozenset(resources.word_list(_FILE, "words.header")),
        "whole": frozenset(resources.word_list(_FILE, "whole.names")),
        "veto": frozenset(resources.word_list(_FILE, "veto.article")),
        "roles": frozenset(resources.word_list(_FILE, "roles.roles")),
        "aria": frozenset(resources.word_list(_FILE, "roles.aria_labels")),
        "hidden": frozenset(resources.word_list(_FILE, "hidden.words")),
        "responsive": frozenset(resources.word_list(_FILE, "hidden.responsive")),
        "style": re.compile(resources.toml(_FILE)["hidden"]["style"], re.I),
        "min_links": int(resources.toml(_FILE)["link_list"]["min_links"]),
        "link_share": float(resources.toml(_FILE)["link_list"]["min_share"]),
        "max_other": int(resources.toml(_FILE)["link_list"]["max_other"]),
        "files": re.compile(resources.toml(_FILE)["link_list"]["file_link"], re.I),
        "file_label": tuple(resources.word_list(_FILE, "link_list.file_labels")),
        "meta_date": re.compile(resources.toml(_FILE)["keep"]["meta_date"]),
        "meta_keys": tuple(resources.word_list(_FILE, "keep.meta_keys")),
        "meta_max": int(resources.toml(_FILE)["keep"]["meta_max"]),
    }


def _words(values) -> set[str]:
    """Lower-case words of class/id values ("pageNav" → page, nav; "site-hd" → site, hd), with each
    whole value too."""
    out = set()
    for v in values:
        out.add(v.lower())
        out.update(w.lower() for w in _SPLIT.split(v) if w)
    return out


def _hidden_by_stylesheet(soup, vocab) -> tuple[frozenset, frozenset]:
    """Classes and ids that the page's own <style> hides with a one-name selector (``.hide{display:none}``)."""
    classes, ids = set(), set()
    for style in soup.find_all("style"):
        for selectors, body in _CSS_RULE.findall(style.get_text()):
            if not vocab["style"].search(body):
                continue
            for sel in selectors.split(","):
                m = _SIMPLE_SELECTOR.search(sel)
                if m:
                    (classes if m.group(1) == "." else ids).add(m.group(2))
    return frozenset(classes), frozenset(ids)


NAMED = "named"  # chrome by its class/id words only: kept when it prints the page's metadata
HIDDEN = "hidden"  # not shown at all (a hidden block breaks no line)


def _is_chrome(tag, vocab, css_hidden, in_article: bool) -> bool | str:
    """Whether one element is chrome by its own markup, before the guards of chrome_elements: HIDDEN
    (a hiding style or class), NAMED (chrome class/id words), True (a chrome tag, a site's landmark
    or role), False (none)."""
    name = tag.name
    if name in vocab["drop"]:
        return True
    if name in vocab["landmarks"] and not in_article:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    style = attrs.get("style")
    if style and vocab["style"].search(style):
        return HIDDEN
    if "hidden" in attrs:
        return HIDDEN
    role = attrs.get("role")
    if isinstance(role, str) and role.lower() in vocab["roles"]:
        return True
    label = attrs.get("aria-label")
    if isinstance(label, str) and label.lower() in vocab["aria"]:
        return True
    classes = attrs.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = attrs.get("id")
    values = list(classes) + ([ident] if isinstance(ident, str) else [])
    if not values:
        return False
    if css_hidden[0].intersection(classes) or (ident in css_hidden[1]):
        return HIDDEN
    words = _words(values)
    if words & vocab["hidden"] and not words & vocab["responsive"]:
        return HIDDEN
    if words & vocab["strong"] or (words & vocab["header"] and not words & vocab["veto"]):
        return NAMED
    return NAMED if any(v.lower() in vocab["whole"] for v in values) else False


def _prints_metadata(tag, vocab) -> bool:
    """An element holding a date and a metadata key: the page's metadata line, whatever its class."""
    text = tag.get_text()
    return bool(vocab["meta_date"].search(text)) and any(k in text for k in vocab["meta_keys"])


def _is_link_list(total: int, linked: int, links: int, labelled: bool, vocab) -> bool:
    """A block of several links and little else (bullets, a heading): a menu or a list of other
    articles. Not a list of files to download (``links`` -1: an article's 附件), and not when its
    text names attachments (``labelled``)."""
    return links >= vocab["min_links"] and linked >= vocab["link_share"] * total \
        and total - linked <= vocab["max_other"] and not labelled


def _size(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r") - text.count("\u3000")


def chrome_elements(soup, text_types) -> dict[int, bool]:
    """The elements of a parsed page that are chrome (by ``id(tag)``; True when it is shown on screen,
    False when hidden: a hidden block breaks no line): named so by their markup (data/chrome.toml)
    and neither holding the page's main text block nor more than half of its text.

    The main text block is the element (not a paragraph or an inline tag) that holds the most text
    of its own; it and its ancestors are kept, so a page's article survives any class name around
    it (WeChat hides its article until a script shows it: still kept). One walk, linear in the page.
    """
    vocab = _vocab()
    css_hidden = _hidden_by_stylesheet(soup, vocab)
    total: dict[int, int] = {id(soup): 0}
    linked: dict[int, int] = {id(soup): 0}  # text inside <a>
    links: dict[int, int] = {id(soup): 0}  # <a> elements with text; -1 once one links to a file
    labelled: set[int] = set()  # elements whose text names attachments (附件 …)
    own: dict[int, int] = {}
    tags: dict[int, object] = {}
    candidates: list = []
    chrome_ids: set[int] = set()
    named: set[int] = set()
    hidden: set[int] = set()
    # (element, its children, the block its text belongs to, inside an <article>)
    stack: list = [(soup, iter(soup.contents), id(soup), False)]
    tags[id(soup)] = soup
    while stack:
        tag, children, block, in_article = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            t = id(tag)
            if tag.name == "a" and total[t]:
                linked[t], links[t] = total[t], (links[t] if links[t] < 0 else 1)
                href = tag.attrs.get("href")
                if isinstance(href, str) and vocab["files"].search(href):
                    links[t] = -1
            if stack:
                up = id(stack[-1][0])
                total[up] += total[t]
                linked[up] += linked[t]
                links[up] = -1 if links[t] < 0 or links[up] < 0 else links[up] + links[t]
                if t in labelled:
                    labelled.add(up)
            if tag.name in _LIST_BOXES and t not in chrome_ids and \
                    _is_link_list(total[t], linked[t], links[t], t in labelled, vocab):
                candidates.append(tag)
                chrome_ids.add(t)
            continue
        if type(node) in text_types:
            n = _size(node)
            total[id(tag)] += n
            own[block] = own.get(block, 0) + n
            if any(w in node for w in vocab["file_label"]):
                labelled.add(id(tag))
        elif getattr(node, "contents", None) is not None:
            name = node.name
            if name in _INVISIBLE:
                continue
            total[id(node)] = linked[id(node)] = links[id(node)] = 0
            if how := _is_chrome(node, vocab, css_hidden, in_article):
                candidates.append(node)
                if how == NAMED:
                    named.add(id(node))
                elif how == HIDDEN:
                    hidden.add(id(node))
                chrome_ids.add(id(node))
            nb = block if name in _TRANSPARENT else id(node)
            tags[id(node)] = node
            stack.append((node, iter(node.contents), nb, in_article or name == "article"))
    if not candidates:
        return {}
    page = total[id(soup)]
    keep: set[int] = set()
    if own:
        main = tags[max(own, key=own.get)]
        while main is not None:
            keep.add(id(main))
            main = main.parent
    return {id(t): id(t) not in hidden for t in candidates if id(t) not in keep and 2 * total[id(t)] <= page and not (
        id(t) in named and total[id(t)] <= vocab["meta_max"] and _prints_metadata(t, vocab))}
