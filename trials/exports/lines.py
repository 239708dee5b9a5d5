"""A comparison cell's lines as a download writes them: their text, the values they show and
where each value was read.
"""

from .. import formatting as f


def source_label(obj):
    """Where a value was read: "NEJM 2021 — Abstract; Figure 2B", "(secondary source)" added."""
    if getattr(obj, "source_id", None) is None:
        return ""
    text = f"{obj.source.label} — {obj.locator}"
    return text + f" ({f.SECONDARY})" if f.is_secondary(obj) else text


def value_label(line):
    return f"{line.label}: {line.text}" if line.label else line.text


def line_pieces(line):
    """(text, object) for each piece of a line; a line joining several numbers has several."""
    pieces = getattr(line, "pieces", None) or [line]
    return [(piece.text, piece.obj) for piece in pieces]


def line_objects(line):
    return list(dict.fromkeys(obj for _, obj in line_pieces(line) if obj is not None))


def line_source(line):
    """The source cell of a line: its one source, or each number with its own when they differ."""
    sourced = [
        (text.strip(" ·;,"), source_label(obj))
        for text, obj in line_pieces(line)
        if source_label(obj)
    ]
    if len({source for _, source in sourced}) <= 1:
        return sourced[0][1] if sourced else ""
    return "\n".join(dict.fromkeys(f"{text}: {source}" for text, source in sourced))
