"""A property shared by the passes that drop whole lines (page marks, previews)."""


def only_whole_lines_dropped(lines: list[str], out: str, dropped: list[str]) -> bool:
    """Whether ``out`` keeps input lines unchanged and in order, and every non-blank line is either
    kept or listed as dropped."""
    kept = out.split("\n") if out else []
    it = iter(lines)
    in_order = all(any(k == ln for ln in it) for k in kept)
    return in_order and len([k for k in kept if k.strip()]) + len(dropped) == len([ln for ln in lines if ln.strip()])
