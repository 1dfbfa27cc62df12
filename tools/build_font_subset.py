"""Build qmcorpus/data/fonts/NotoSansSC-qmcorpus-subset.otf from Debian's fonts-noto-cjk.

    apt-get install fonts-noto-cjk
    python tools/build_font_subset.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]

Keeps the Simplified Chinese face of Noto Sans CJK (SIL Open Font License 1.1) restricted to
ASCII, GB2312 (all 6,763 hanzi and its symbols), CJK punctuation and fullwidth forms, so that
plots render Chinese on machines without CJK fonts. The licence travels with the subset
(qmcorpus/data/fonts/OFL.txt). The subset is renamed, as the OFL asks of modified versions.
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = Path(__file__).resolve().parent.parent / "qmcorpus" / "data" / "fonts" / "NotoSansSC-qmcorpus-subset.otf"
FAMILY = "QMCorpus Sans SC"  # renamed: no Reserved Font Name in a modified version


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main(src: str) -> None:
    coll = TTCollection(src)
    face = next(f for f in coll.fonts if "SC" in f["name"].getDebugName(1))
    chars = gb2312_chars() | {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0x3000, 0x3040)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)} | set("·—…‘’“”〔〕【】《》°±×÷℃№")
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
