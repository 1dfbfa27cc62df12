"""A Big5 page holding Hong Kong characters (HKSCS) is read as Big5-HKSCS, not misread as GB18030."""
from qmcorpus.normalize.decode import decode_bytes

TEXT = "香港質量協會舉辦“質量月”講座，嘅企業負責人參加了學習。本會會員單位積極參與質量改進活動。"


def test_declared_big5_page_with_an_hkscs_character():
    page = ('<html><head><meta charset="big5"></head><body><p>' + TEXT + "</p></body></html>").encode("big5hkscs")
    dec = decode_bytes(page, declared="big5")
    assert TEXT in dec.text and dec.encoding == "big5"


def test_undeclared_big5_text_with_an_hkscs_character():
    dec = decode_bytes(TEXT.encode("big5hkscs"))
    assert dec.text == TEXT and dec.encoding == "big5"


def test_plain_big5_is_unchanged():
    plain = TEXT.replace("嘅", "的")
    assert decode_bytes(plain.encode("big5")).text == plain
