"""Bytes lost when UTF-8 text was misread as GBK (qmcorpus.normalize.lost_bytes), and 锟斤拷."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qmcorpus.normalize.decode import decode_bytes
from qmcorpus.normalize.lost_bytes import MARK, mark_lost_pairs, read_back
from qmcorpus.normalize.pipeline import normalize

COMMON = "质量月活动开展全国市场监督管理局关于通知企业产品标准计量检验检测安全服务工作要求组织各单位"
PUNCT = "，。、：“”（）"
text_st = st.text(alphabet=COMMON + PUNCT + "0123456789", min_size=1, max_size=40)


def _damage(text: str) -> str:
    """UTF-8 read as GBK, each rejected byte one U+FFFD, as a careless tool saves it."""
    return text.encode("utf-8").decode("gbk", errors="replace")


@settings(max_examples=150, deadline=None)
@given(text_st)
def test_read_back_never_invents(text):
    """What read_back gives outside its open spots is the original text, in order."""
    back = read_back(_damage(text))
    assert back is not None
    pieces = back.text.split(MARK)
    pos = 0
    for k, piece in enumerate(pieces):
        at = text.find(piece, pos) if k else (0 if text.startswith(piece) else -1)
        assert at >= 0, (text, back.text)
        pos = at + len(piece)
    assert text.endswith(pieces[-1])


@settings(max_examples=100, deadline=None)
@given(text_st)
def test_read_back_of_undamaged_reading_is_identity(text):
    """A misreading that lost no byte reads back whole, with no spot."""
    damaged = text.encode("utf-8").decode("gbk", errors="replace")
    if MARK not in damaged:
        back = read_back(damaged)
        assert back.text == text and not back.spots


@settings(max_examples=100, deadline=None)
@given(text_st)
def test_clean_text_is_left_alone(text):
    """Correct text (no 锟斤拷, read right) passes unchanged."""
    assert mark_lost_pairs(text) == (text, 0)
    assert decode_bytes(text.encode("utf-8")).text == text


@settings(max_examples=100, deadline=None)
@given(text_st, text_st)
def test_lost_pair_is_one_lost_character(a, b):
    assert mark_lost_pairs(a + "锟斤拷" + b) == (a + MARK + b, 1)


# a page misread as GBK and saved again: each line's lost bytes solved by the constraints, the
# date units, the page's own spelling and the words around (the start code left U+FFFD or
# guessed characters here)
PAGE = ("<p>关于开展2013年“质量月”活动的通知</p>\n"
        "<p>二、活动时间：2013年9月1日至30日</p>\n"
        "<p>（一）开展特种设备安全检查。对全县锅炉、电梯进行检查。</p>\n"
        "<p>2013年8月22日</p>\n")


def test_whole_page_lost_bytes_restored():
    damaged = _damage(PAGE)
    assert damaged.count(MARK) >= 8
    text = decode_bytes(damaged.encode("utf-8")).text
    for line in ("关于开展2013年“质量月”活动的通知", "活动时间：2013年9月1日至", "开展特种设备安全检查。对全县锅炉、电梯",
                 "2013年8月22"):
        assert line in text, text
    assert "\u9526" not in text and "\u7eea" not in text  # no mojibake character left (锦 绪 stand-ins)


def test_pasted_paragraph_with_lost_bytes_restored():
    good = "<p>本报讯 9月2日，全省质量月活动启动仪式在郑州举行，活动由省市场监督管理局主办。</p>\n"
    para = "<p>启动仪式上，省市场监管局发布了全省质量强省建设十大典型案例，并为获奖组织颁奖。</p>\n"
    tail = "<p>省市场监管局负责人表示，全省各地要以质量月为契机，扎实推进质量强省建设。</p>\n"
    raw = (good + _damage(para) + tail).encode("utf-8")
    text = decode_bytes(raw).text
    assert "启动仪式上，省市场监管局发布了全省质量强省建设十大典型案例" in text, text
    assert good.strip() in text and tail.strip() in text


def test_lost_pair_page_is_marked_and_logged():
    raw = "<p>市场监督管理局开展质量锟斤拷活动。</p>".encode("utf-8")
    n = normalize(raw)
    assert "锟斤拷" not in n.text
    assert any(s.action == "replacement_pairs" for s in n.steps)


def test_line_shapes_fill_document_number_and_heading_numeral():
    from qmcorpus.normalize.lost_bytes import read_back_decided

    back = read_back_decided(_damage("<p>某质监发〔2013〕19号</p>"))
    assert back.text == "<p>某质监发〔2013〕19号</p>"
    back = read_back_decided(_damage("<p>一、活动主题</p>"))
    assert back.text == "<p>一、活动主题</p>"


def test_line_shapes_leave_other_lines_open():
    from qmcorpus.normalize.lost_bytes import read_back_decided

    # the same brackets inside a sentence: no document-number line, the lost marks stay open
    back = read_back_decided(_damage("<p>依据某质监发〔2013〕19号文件精神开展</p>"))
    assert MARK in back.text
    # a heading numeral not at the start of a line is no heading
    back = read_back_decided(_damage("<p>活动主题为一、二</p>"))
    assert back.text == "<p>活动主题为\ufffd、二</p>"


def test_shifted_run_holding_kana_is_re_paired():
    """A GBK trail byte lost: the bytes pair late, one pair in GBK's kana rows (A4/A5), until a
    byte pairs with nothing (U+FFFD); the run is re-paired (the start code never tried it)."""
    from qmcorpus.normalize.lost_lead import repair_lost_leads

    good = "市场监管局对无证生产的小作坊依法取缔。"
    raw = bytearray(good.encode("gbk"))
    del raw[len("市场监管局对".encode("gbk")) + 1]  # the trail byte of the first character of 无证
    text, repairs = repair_lost_leads(bytes(raw).decode("gbk", errors="replace"), "utf-8")
    assert repairs and "证生产的小作坊" in text and MARK not in text


def test_line_shapes_fill_salutation_and_as_follows_colons():
    from qmcorpus.normalize.lost_bytes import read_back_decided

    for line in ("<p>各乡镇人民政府，县直有关单位，各有关企业：</p>", "<p>现将有关事项通知如下：</p>"):
        assert read_back_decided(_damage(line)).text == line
    # negative: a sentence of a body's duty ends in its own mark, not filled as a colon
    back = read_back_decided(_damage("<p>各单位要高度重视。</p>"))
    assert "：" not in back.text


def test_shifted_run_holding_user_defined_pairs_is_re_paired_to_a_full_stop():
    """GB18030 reads a pair of GBK's user-defined rows as a private-use character: a shifted run may
    hold them (the start code stopped there); a run's last mark at a paragraph's end is its full stop."""
    from qmcorpus.normalize.lost_lead import repair_lost_leads

    good = "<p>（二）开展名牌战略推进活动，组织企业申报省名牌产品，对已获名牌称号的企业开展回访。</p>"
    raw = bytearray(good.encode("gbk"))
    del raw[len("<p>（二）开展".encode("gbk")) + 1]  # the trail byte of 名
    damaged = bytes(raw).decode("gb18030", errors="replace")
    assert any("\ue000" <= c <= "\uf8ff" for c in damaged)
    assert repair_lost_leads(damaged, "gb18030")[0] == good


# ── shortcuts of a page with many spots (linear in the page, see decide_open) = their plain definitions ──
from qmcorpus.normalize.lost_bytes import _Grams, _offsets  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="质量月活" + MARK, max_size=30), st.text(alphabet="质量月活", min_size=1, max_size=4))
def test_grams_answer_as_a_search_of_the_page(page, probe):
    grams = _Grams(page)
    assert grams(probe) == (probe in page)
    assert grams(probe[:1]) == (probe[:1] in page)  # a second length gathered on its own


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "质", "量月", MARK, "a"]), max_size=20), st.data())
def test_offsets_are_lengths_of_the_joined_prefix(chars, data):
    slots = sorted(data.draw(st.sets(st.integers(0, len(chars)), max_size=5)))
    assert _offsets(chars, slots) == {q: len("".join(chars[:q])) for q in slots}


def test_a_page_of_many_spots_reads_the_same_with_gathered_substrings(monkeypatch):
    """A page with more spots than MANY_SPOTS looks its own spellings up in gathered substrings:
    the text equals that of a search per probe."""
    from qmcorpus.normalize import lost_bytes

    words = ["质量月", "活动", "开展", "企业", "产品", "标准", "计量", "检验", "服务", "安全"]
    # 79 lines: two passes of the page hold MANY_SPOTS spots or more (each line costs both readings
    # alike, so no more lines than that)
    lines = [f"第{i}条 " + "".join(words[(i * k) % len(words)] for k in range(1, 7)) + "，各单位要高度重视。"
             for i in range(1, 80)]
    page = _damage("\n".join(lines) + "\n").encode("utf-8")
    gatherings = []

    class _Counted(lost_bytes._Grams):
        def __init__(self, *args):
            gatherings.append(1)
            super().__init__(*args)

    monkeypatch.setattr(lost_bytes, "_Grams", _Counted)
    lost_bytes.read_back_decided.cache_clear()
    gathered = normalize(page).text
    assert len(gatherings) >= 2  # the gathered substrings were used (in more than one pass)
    monkeypatch.setattr(lost_bytes, "MANY_SPOTS", 10**9)
    lost_bytes.read_back_decided.cache_clear()
    assert normalize(page).text == gathered
    assert gathered.count(MARK) < len(lines)  # (most spots decided)


def test_a_counter_after_a_number_is_read_as_one():
    """A lost character after a digit is a counter when its candidates hold one (第1条, not 1来), and
    a date's 月 stays 月 (counters sharing its first bytes, 期 and 本, are not counted as such)."""
    from qmcorpus.normalize.lost_bytes import read_back_decided

    assert read_back_decided(_damage("第1条 质量月活动开展")).text.endswith("1条 质量月活动开展")
    assert read_back_decided(_damage("9月1日上午")).text.startswith("9月1日")


def test_pasted_paragraph_logs_its_restored_lost_bytes():
    # the pasted-paragraph reading counts its lost bytes in the log as the whole-page reading does
    good = "<p>本报讯 9月2日，全省质量月活动启动仪式在郑州举行，活动由省市场监督管理局主办。</p>\n"
    para = "<p>启动仪式上，省市场监管局发布了全省质量强省建设十大典型案例，并为获奖组织颁奖。</p>\n"
    n = normalize((good + _damage(para)).encode("utf-8"))
    step = next(s for s in n.steps if s.action == "mojibake")
    assert "lost bytes restored" in step.detail, step.detail
