"""Session 13's extraction shortcuts (#16) give exactly what their plain definitions give.

- categorize tries the categories and cues present by their ranks = walking every category's cue
  list, the absent cues skipped;
- a line longer than any column pattern's widest match names no column = the three patterns tried;
- attachments and contacts of a text without their patterns' literals = every line tried;
- the firm stems read the window's place spans = its PlaceMentions' offsets;
- an office's body found after one endswith of all the offices = each office tried in turn.
"""
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmcorpus.extract import activities, flat_tables, gazetteer, issuers, places, segment, structure
from qmcorpus.extract.activities import compound_part, in_other_sense, is_word_span, yields
from qmcorpus.extract.fields import Found

from .test_extract_fast_paths import _renamed_pieces

SETTINGS = settings(max_examples=300, deadline=None)


def _plain_categorize(text, mask=(), level=None):
    """categorize as it was: every category whose bit a present cue sets, its exclusions and cues
    walked in order, the absent ones skipped."""
    words = activities._word_finder().present(text)
    present = words & activities._cue_set()
    if not present:
        return ()
    base = activities.mask_non_activity(text, also=mask, found=words)
    cats = activities._cue_categories()
    hit = 0
    for cue in present:
        hit |= cats[cue]
    out = []
    for i, (key, exclude, cues) in enumerate(activities._cue_table()):
        if not hit >> i & 1:
            continue
        masked = base
        for ex, blank in exclude:
            if ex in words:
                masked = masked.replace(ex, blank)
        for cue in cues:
            if cue not in present:
                continue
            k, tries, found = masked.find(cue), 0, -1
            while k != -1 and tries < activities._MAX_TRIES:
                tries += 1
                if (is_word_span(text, k, k + len(cue), need_end=len(cue) < 3) or (
                        len(cue) < 3 and compound_part(text, k, k + len(cue)))) and not yields(key, cue, text, k) \
                        and not in_other_sense(key, cue, text, k, level):
                    found = k
                    break
                k = masked.find(cue, k + 1)
            if found >= 0:
                out.append((key, cue, found))
                break
    return tuple(out)


_CUES = sorted(activities._cue_set())
_EXCLUDED = sorted({ex for _, exclude, _ in activities._cue_table() for ex, _ in exclude})
_PIECES = _CUES[:60] + _CUES[-30:] + _EXCLUDED[:30] + [
    "，", "。", "\n", "开展", "组织", "某县", "企业", "有限公司", "《", "》", "主题", "为", "的", "a"]


@SETTINGS
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join), st.sampled_from([None, "enterprise", "county"]))
@example("开展电梯安全大检查和质量知识竞赛,严厉打击假冒伪劣", None)
def test_categorize_by_ranks_is_the_plain_walk(text, level):
    got = activities._categorize.__wrapped__(text, (), segment.current(), level)
    assert got == _plain_categorize(text, (), level)


def test_categorize_by_ranks_on_real_pages(normalized):
    for norm in normalized.values():
        for line in norm.text.split("\n"):
            if len(line) >= 10:
                assert activities._categorize.__wrapped__(line, (), segment.current(), None) == _plain_categorize(line)


def test_cue_ranks_list_each_category_once_at_its_first_place():
    table = activities._cue_table()
    for cue, where in activities._cue_ranks().items():
        assert [k for k, _ in where] == sorted({k for k, (_, _, cues) in enumerate(table) if cue in cues})
        assert all(table[k][2].index(cue) == rank for k, rank in where)


# ── flat tables: a text longer than any column name names none ───────────────────────────────────
def _plain_column(text):
    what, other, serial = flat_tables._columns()
    return "what" if what.match(text) else "other" if other.match(text) else "serial" if serial.match(text) else None


def test_the_column_bound_is_known_for_the_shipped_patterns():
    assert flat_tables._column_max() is not None  # (else the bound would never skip a line)


@SETTINGS
@given(st.lists(st.sampled_from(["序号", "序", "活动", "内容", "名称", "时间", "牵头单位", "主要", "活动", "\n", " ", "1",
                                 "开展质量月活动"]), max_size=5).map("".join))
@example("活动内容\n")
@example("序号\n")
def test_the_bounded_column_is_the_plain_column(text):
    assert flat_tables._column(text) == _plain_column(text)


def test_the_bounded_column_on_real_pages(normalized):
    for norm in normalized.values():
        for line in norm.text.split("\n"):
            assert flat_tables._column(line.strip()) == _plain_column(line.strip())


# ── attachments and contacts: the text's literals checked first ──────────────────────────────────
@SETTINGS
@given(st.lists(st.sampled_from(["附件", "附件：", "1.", "某某方案", "联系人", "：", "电话", "\n", "2、", "张三"]),
                max_size=12).map("".join))
def test_attachments_and_contacts_gated_by_the_text(text):
    lines = structure.split_lines(text)
    assert structure.attachments(lines, text) == structure.attachments(lines)
    assert structure.contacts(lines, text) == structure.contacts(lines)


def test_attachments_and_contacts_on_real_pages(normalized):
    for norm in normalized.values():
        lines = structure.split_lines(norm.text)
        assert structure.attachments(lines, norm.text) == structure.attachments(lines)
        assert structure.contacts(lines, norm.text) == structure.contacts(lines)


# ── the firm stems read from the window's spans ─────────────────────────────────────────────────
@SETTINGS
@given(st.lists(st.sampled_from(_renamed_pieces() + ["天水市", "甘肃省", "甘肃", "天水", "某", "集团公司", "有限公司"]),
                max_size=14), st.integers(0, 70))
def test_window_spans_are_the_window_places(parts, upto):
    text = "".join(parts)
    finder = gazetteer.PlaceFinder(text, upto)
    assert finder.window_spans() == [(p.start, p.end) for p in finder.window_places()]
    window = text[:upto]
    assert places._firm_stems(window, spans=finder.window_spans()) == places._firm_stems(window)


def test_window_spans_on_real_pages(normalized):
    for norm in normalized.values():
        finder = gazetteer.PlaceFinder(norm.text, 2000)
        assert finder.window_spans() == [(p.start, p.end) for p in finder.window_places()]


# ── an office's body: one endswith of every office first ────────────────────────────────────────
def _plain_outer_body(f):
    from qmcorpus import resources

    for office in resources.toml("extract.toml")["issuers"]["offices"]:
        if f.value.endswith(office):
            head = f.value[:-len(office)]
            for k in range(len(head), 1, -1):
                if issuers.is_body(head[:k]):
                    return Found(head[:k], f.start, f.start + k, f.rule, f.share)
            break
    return f


@SETTINGS
@given(st.lists(st.sampled_from(["某厂", "某县", "市场监督管理局", "质量管理处", "协会", "秘书处", "办公室", "某"] +
                                list(issuers._offices())), max_size=5).map("".join))
def test_outer_body_is_the_plain_walk(name):
    f = Found(name, 3, 3 + len(name), "issuers:signature")
    assert issuers._outer_body(f) == _plain_outer_body(f)
