"""How the charts look everywhere: each trial's colour and marker, fonts, grid and ticks, and
curated text made safe for Plotly to draw.
"""

import re

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
# The same shapes as text, for a swatch beside a trial's name on a page.
GLYPHS = dict(zip(SYMBOLS, "●■◆▲✕★⬢✚", strict=True))
OUTLINE = "#1f2937"  # keeps the yellow markers visible on white
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
SMALL = 11
GRID = "#e5e7eb"
HR_TICKS = [0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3]
HR_TICKS_NARROW = [0.1, 0.2, 0.5, 1, 2]
ROW_HEIGHT, ROW_HEIGHT_NARROW = 32, 46
HEADING = ("<b>", "</b>")  # a group heading row in a forest plot
# Plotly reads tags and entities in the text it draws. A "<" or ">" before a digit stays, as in
# "P<0.001": no Plotly tag name starts with a digit, so it cannot open one.
MARKUP = re.compile(r"&|[<>](?!\d)")
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def literal(text):
    """Curated text as Plotly should draw it: as written, never as markup."""
    text = str(text)
    if "&" not in text and "<" not in text and ">" not in text:
        return text  # most text: nothing to escape, no regular expression to run
    return MARKUP.sub(lambda m: ENTITIES[m.group()], text)


def num(value):
    return float(value) if value is not None else None


def short(text, limit):
    """A tick label short enough not to crowd the plot; the full text is in hover and table."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:(") + "…"


def trial_style(trial):
    """The trial's colour and marker on every page and download.

    From the primary key alone, so it never depends on which trials are shown and costs no query.
    The curated trials are numbered in blocks of a thousand (1001, 2001, …): block plus offset
    gives consecutive positions, and each of 64 positions has its own colour and symbol pair.
    """
    block, offset = divmod(trial.pk - 1, 1000)
    index = (block + offset) % 64
    symbol = SYMBOLS[(index + index // 8) % 8]
    return {"colour": PALETTE[index % 8], "symbol": symbol, "glyph": GLYPHS[symbol]}
