"""qmcorpus.normalize.pipeline: raw bytes or str → clean simplified text + the steps taken."""
from __future__ import annotations

from ..types import Normalized, Step
from .byteshift import UNRESOLVED, repair_byte_shifts
from .decode import Decoded, decode_bytes
from .entities import unescape_entities
from .furniture import remove_furniture
from .lost_bytes import mark_lost_pairs
from .lost_lead import repair_lost_leads
from .replaced import fill_lost_qmarks, fill_replaced
from .page_marks import drop_page_marks, drop_scan_captions
from .previews import drop_previews
from .pinyin import strip_glosses
from .script import SIMPLIFIED, convert, convert_traditional_lines, detect_script
from .unwrap import unwrap
from .whitespace import normalize_whitespace


def _trace(repairs) -> str:
    return "; ".join(f"{r.garbled!r}→{r.repaired!r}" for r in repairs)


def normalize(data: bytes | str | Decoded, *, declared_encoding: str | None = None,
              decoded: Decoded | None = None) -> Normalized:
    """Normalise one document: decode, repair byte shifts, strip pinyin glosses, convert to
    simplified, drop page furniture, join lines wrapped at a fixed width, normalise whitespace.
    Every change is a named Step.

    ``data`` may be raw bytes (the encoding is detected), their Decoded record, or an already
    decoded str (``decoded``: the record of the bytes it came from, for the repairs made then).

    >>> n = normalize("當前位置: 首頁>>要聞\\n擴大規?!百|(zhì)量月”影響".encode("utf-8"))
    >>> n.text, n.encoding, n.script
    ('扩大规模“质量月”影响', 'utf-8', 'traditional_pinyin')
    """
    steps: list[Step] = []
    if isinstance(data, str):
        text, encoding, bad = data, "str", 0
        dec = decoded
    else:
        dec = data if isinstance(data, Decoded) else decode_bytes(data, declared=declared_encoding)
        text, encoding, bad = dec.text, dec.encoding, dec.replaced
    if bad:
        steps.append(Step("replacement_chars", bad, "undecodable bytes replaced by U+FFFD"))
    if dec is not None and dec.quotes:
        steps.append(Step("cp1252_quotes", dec.quotes, "Windows-1252 quote bytes (0x91-0x94) inside GBK text "
                          "read as ‘ ’ “ ”"))
    if dec is not None and dec.mojibake:
        steps.append(Step("mojibake", dec.mojibake, "lines garbled by an earlier misreading, read right: "
                          + dec.mojibake_detail))

    text, refs = unescape_entities(text)  # before the whitespace: &nbsp; is a space to normalise
    if refs:
        steps.append(Step("html_entities", refs, "character references left in the text read (&ldquo; → “)"))

    text, lost = mark_lost_pairs(text)
    if lost:
        steps.append(Step("replacement_pairs", lost, "锟斤拷 (U+FFFD saved as UTF-8, then read as GBK) "
                          "marked as the one lost character U+FFFD"))

    text, ws = normalize_whitespace(text)

    text, shifts = repair_byte_shifts(text)
    # runs ending in a '?' (the lost byte unmarked), read after the runs starting at one
    text, late = repair_lost_leads(text, encoding, marked_runs=len(shifts))

    text, glosses, examples = strip_glosses(text, examples=5)
    if glosses and "?" in text:
        # a gloss stood between a spot and the characters that tell its reading ("底(de)?"):
        # read the spots again in the words the gloss hid, or a second pass would repair them
        text, again = repair_byte_shifts(text)
        text, again_late = repair_lost_leads(text, encoding, marked_runs=len(shifts) + len(again))
        shifts += again
        late += again_late
        if again or again_late:  # the glosses of the characters just repaired ("任务(wù)")
            text, more, more_examples = strip_glosses(text, examples=5)
            glosses += more
            examples = (examples + more_examples)[:5]
    fixed = [r for r in shifts if r.resolved] + late
    if fixed:
        steps.append(Step("byte_shift", len(fixed), _trace(fixed)))
    unresolved = [r for r in shifts if not r.resolved]
    if unresolved:
        steps.append(Step("byte_shift_unresolved", len(unresolved),
                          f"re-aligned, lost character marked {UNRESOLVED!r}: " + _trace(unresolved)))
    if glosses:
        steps.append(Step("pinyin_annotation", glosses, "removed: " + " ".join(examples)))

    script = detect_script(text, pinyin_glosses=glosses)
    if script != SIMPLIFIED:
        text, corrections = convert(text)
        steps.append(Step("t2s", 1, f"OpenCC t2s ({script})"))
        if corrections:
            steps.append(Step("t2s_correction", corrections, "domain corrections after OpenCC (著→着 …)"))
    else:
        text, lines = convert_traditional_lines(text)
        if lines:
            steps.append(Step("t2s_lines", lines, "lines in traditional script converted (OpenCC t2s)"))

    # (after t2s: the words that fix a lost character are read in simplified script)
    text, filled = fill_replaced(text)
    if filled:
        steps.append(Step("replacement_filled", len(filled), "U+FFFD restored from the words around it: "
                          + " ".join(f"{q}:{c}" for q, c in filled[:8])))

    text, qfilled = fill_lost_qmarks(text)
    if qfilled:
        steps.append(Step("lost_char_filled", len(qfilled), "a '?' between characters restored as the one lost "
                          "character its words tell: " + " ".join(f"{q}:{c}" for q, c in qfilled[:8])))

    text, pages = drop_page_marks(text)
    text, captions = drop_scan_captions(text)
    pages += captions
    if pages:
        steps.append(Step("furniture:page_marks", len(pages), " ⏎ ".join(pages[:5])))
    text, preview = drop_previews(text)
    if preview:
        steps.append(Step("furniture:preview", len(preview), " ⏎ ".join(preview[:5])))

    furn = remove_furniture(text)
    text = furn.text
    for kind, lines in sorted(furn.dropped.items()):
        steps.append(Step(f"furniture:{kind}", len(lines), " ⏎ ".join(lines[:5])))
    if furn.dropped_prose:
        # never silent: a researcher (and a test) can see every prose line that went away, whole
        steps.append(Step("dropped_prose", len(furn.dropped_prose), " ⏎ ".join(furn.dropped_prose)))

    text, joined = unwrap(text)  # after the furniture: only the document's own lines were wrapped
    if joined:
        steps.append(Step("unwrap", joined, "line breaks of a text wrapped at a fixed width removed"))

    if ws:
        steps.append(Step("whitespace", ws, "odd spaces, zero-width and control characters normalised"))
    return Normalized(text=text, encoding=encoding, script=script, steps=tuple(steps), page_meta=furn.meta)
