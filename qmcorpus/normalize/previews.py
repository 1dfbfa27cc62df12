"""qmcorpus.normalize.previews: drop a folded preview of an article, or a summary box, printed above the
article itself.

Mobile and portal pages show an article's first lines, cut off, over a toggle ("展开全文∨"); a scrape
keeps both the preview and the full article. The lines right above the toggle are a preview when
each of them is the start of a line printed after it (the preview may cut its last line short): they
go with the toggle. A toggle whose lines above are not repeated below (a page that printed only the
preview) keeps them. A labelled summary box ("【内容提要】…", "摘要：…") goes when its words open a
passage of the text after it: the box repeats the article's lead.
"""
from __future__ import annotations

import re

from .. import resources

_TOGGLE = resources.pattern("patterns.toml", "normalize.previews.toggle", flags=re.M)
_SUMMARY = resources.pattern("patterns.toml", "normalize.previews.summary", flags=re.M)
# a toggle or a summary label: one scan of a page that holds neither (most) instead of two
_EITHER = re.compile(f"(?:{_TOGGLE.pattern})|(?:{_SUMMARY.pattern})", re.M)
SUMMARY_PROBE = 12  # characters of a summary's start that must recur after it
PREVIEW_MAX = 8  # lines a preview may have
_CUT_MARKS = "…. "  # a cut-off preview line may end with an ellipsis


def drop_previews(text: str) -> tuple[str, list[str]]:
    """``text`` without each fold toggle and the preview lines above it, and the lines dropped.

    >>> drop_previews("同志们：\\n今天，我们召开大会，表彰\\n展开全文∨\\n讲话\\n同志们：\\n今天，我们召开大会，表彰先进。")[1]
    ['同志们：', '今天，我们召开大会，表彰', '展开全文∨']
    """
    if _EITHER.search(text) is None:
        return text, []
    lines = text.split("\n")
    drop: set[int] = set()
    for i, ln in enumerate(lines):
        m = _SUMMARY.match(ln)
        if m and m.group("body")[:SUMMARY_PROBE] in "\n".join(lines[i + 1:]):
            drop.add(i)
    for t, ln in enumerate(lines):
        if not _TOGGLE.match(ln):
            continue
        later = [x.strip() for x in lines[t + 1:] if x.strip()]
        preview = []
        k = t - 1
        while k >= 0 and len(preview) < PREVIEW_MAX:
            s = lines[k].strip().rstrip(_CUT_MARKS)
            if not s:
                k -= 1
                continue
            if not any(x.startswith(s) for x in later):
                break
            preview.append(k)
            k -= 1
        if preview:
            drop.update(preview)
            drop.add(t)
    dropped = [lines[i].strip() for i in sorted(drop) if lines[i].strip()]
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop), dropped
