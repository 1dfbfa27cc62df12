"""How far the rjieba backend's tokens and fields differ from the jieba reference.

    python benchmarks/segmenter_agreement.py [CLEAN_DIR] [RAW_DIR]

Tokens: both segmenters (same dictionary, same domain lexicon) cut every gold clean text of the
test corpus (tests/corpus); printed are the token counts, the share of identical token sequences per
document, and precision/recall of rjieba's token spans against jieba's. Fields: every raw
document is processed once with each segmenter and its extracted fields compared (they must
not differ: segmentation is used only to check that a cue word stands on word boundaries).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "tests" / "corpus"


def main() -> int:
    from qmcorpus.document import process
    from qmcorpus.extract import segment

    clean = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "clean"
    raw = Path(sys.argv[2]) if len(sys.argv) > 2 else SHARED / "raw"
    texts = [p.read_text(encoding="utf-8") for p in sorted(clean.glob("*.txt"))]
    spans = {}
    for name in segment.SEGMENTERS:
        segment.use(name)
        spans[name] = [[(s, e) for _, s, e in segment.tokens(t)] for t in texts]
    ref, fast = spans["jieba"], spans["rjieba"]
    n_ref = sum(map(len, ref))
    n_fast = sum(map(len, fast))
    common = sum(len(set(a) & set(b)) for a, b in zip(ref, fast))
    same_docs = sum(a == b for a, b in zip(ref, fast))
    print(f"tokens on {len(texts)} clean texts: jieba {n_ref}, rjieba {n_fast}")
    print(f"  identical token sequence: {same_docs}/{len(texts)} documents")
    print(f"  rjieba token spans also in jieba: precision {common / max(1, n_fast):.4f}, recall {common / max(1, n_ref):.4f}")
    shown = 0
    for t, a, b in zip(texts, ref, fast):
        for s, e in sorted(set(b) - set(a)):
            if shown < 8:
                print(f"    rjieba {t[s:e]!r} in {t[max(0, s - 4):e + 4]!r}; jieba: "
                      + " ".join(t[x:y] for x, y in a if x < e and y > s))
                shown += 1

    files = sorted(raw.glob("*"))
    fields = {}
    for name in segment.SEGMENTERS:
        segment.use(name)
        docs = [process(p) for p in files]
        fields[name] = [(d.fields, [a.categories for a in d.activities]) for d in docs]
    differ = [p.name for p, a, b in zip(files, fields["jieba"], fields["rjieba"]) if a != b]
    print(f"fields and activity categories on {len(files)} raw documents: {len(files) - len(differ)} identical, "
          f"{len(differ)} differ{': ' + ', '.join(differ) if differ else ''}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
