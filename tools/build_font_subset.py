"""Build qmcorpus/data/fonts/NotoSansSC-qmcorpus-subset.otf from Debian's fonts-noto-cjk.

    apt-get install fonts-noto-cjk
    python tools/build_font_subset.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]

Keeps the Simplified Chinese face of Noto Sans CJK (SIL Open Font License 1.1) restricted to
every character of GBK (GB18030's two-byte part: all 20,902 unified ideographs U+4E00-U+9FA5
plus its radicals, compatibility ideographs and symbols) and of Big5 (traditional characters and
symbols), ASCII and Latin-1, general punctuation, CJK punctuation, enclosed numbers and fullwidth
forms, so that plots render any simplified or traditional text a document can contain, on
machines without CJK fonts. The licence travels with the subset
(qmcorpus/data/fonts/OFL.txt). The subset is renamed, as the OFL asks of modified versions.
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = Path(__file__).resolve().parent.parent / "qmcorpus" / "data" / "fonts" / "NotoSansSC-qmcorpus-subset.otf"
FAMILY = "QMCorpus Sans SC"  # renamed: no Reserved Font Name in a modified version


def double_byte_chars(codec: str) -> set[str]:
    """Every character a two-byte code of ``codec`` (gbk, big5) decodes to."""
    chars = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def ranges(*pairs: tuple[int, int]) -> set[str]:
    return {chr(c) for lo, hi in pairs for c in range(lo, hi + 1)}


def main(src: str) -> None:
    coll = TTCollection(src)
    face = next(f for f in coll.fonts if "SC" in f["name"].getDebugName(1))
    chars = double_byte_chars("gbk") | double_byte_chars("big5")
    chars |= ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2150, 0x218F), (0x2460, 0x24FF),
                    (0x3000, 0x303F), (0x3200, 0x32FF), (0xFF01, 0xFF5F))
    chars |= set("℃№")
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.layout_features = ["kern", "vert"]
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(face)
    name = face["name"]
    for rec in name.names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (4,):
            rec.string = FAMILY + " Regular"
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "") + "-Regular"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    face.save(OUT)
    print(f"{len(chars)} characters → {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else SRC)
