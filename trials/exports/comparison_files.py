"""The comparison's downloads: a grid with per trial a value and a source column (or the values
only), the caveats above and the citations below, as tab-separated CSV or a workbook; or JSON.
"""

import json
from dataclasses import dataclass, field

from .. import comparison
from .. import formatting as f
from .files import (
    COMPARISON_CSV_TYPE,
    CONTENT_TYPES,
    VALUES_FORMATS,
    attachment,
    citation,
    filename,
    today,
)
from .json_file import comparison_json
from .lines import line_source, value_label
from .spreadsheets import as_text, clean_text, csv_text
from .workbook import grid_xlsx

# The comparison as a spreadsheet. Each trial has a value column and a source column beside it:
# a source sits on the same row as the one number it belongs to, so it cannot be read against
# the wrong line, and the values-only variant simply leaves the source columns out. (Numbered
# footnotes were the alternative: a "[3]" printed next to "0.62" can be misread as a value.)


@dataclass
class GridRow:
    """A row of the comparison sheet; `kind` decides its style (caveat, header, section, ...)."""

    kind: str
    values: list
    group_start: bool = False  # the first spreadsheet row of a page row


@dataclass
class Grid:
    rows: list[GridRow] = field(default_factory=list)
    width: int = 0
    kinds: list[str] = field(default_factory=list)  # per column: label, value, source, notes

    def add(self, kind, values, group_start=False):
        padded = [*values, *[""] * (self.width - len(values))]
        self.rows.append(GridRow(kind, padded, group_start))

    @property
    def header_row(self):
        return next(i for i, row in enumerate(self.rows, 1) if row.kind == "header")


def comparison_grid(trials, sections, with_sources):
    grid = Grid()
    per_trial = ["value", "source"] if with_sources else ["value"]
    grid.kinds = ["label", *per_trial * len(trials), "notes"]
    grid.width = len(grid.kinds)
    for caveat in comparison.caveats(trials):
        grid.add("caveat", [caveat])
    header = ["Row"]
    for trial in trials:
        header += [trial.acronym, f"{trial.acronym} source"] if with_sources else [trial.acronym]
    grid.add("header", [*header, "Notes"])
    for section in sections:
        grid.add("section", [section.title])
        for note in getattr(section, "notes", []):
            grid.add("caveat", [note])
        for row in section.rows:
            notes = " ".join(row.notes)
            if with_sources:
                add_lines(grid, row, notes)
            else:
                cells = [
                    "\n".join(value_label(x) for x in c.lines) or f.NOT_REPORTED for c in row.cells
                ]
                grid.add("row", [row.label, *cells, notes], group_start=True)
    grid.add("blank", [])
    grid.add("footer", ["Exported", today()])
    for trial in trials:
        grid.add("footer", ["Source", citation(trial)])
    return grid


def add_lines(grid, row, notes):
    """A page row as one spreadsheet row per line: each value with its own source beside it."""
    depth = max([len(c.lines) for c in row.cells] + [1])
    for i in range(depth):
        values = [row.label if i == 0 else ""]
        for cell in row.cells:
            if i < len(cell.lines):
                values += [value_label(cell.lines[i]), line_source(cell.lines[i])]
            else:
                values += [f.NOT_REPORTED if i == 0 else "", ""]
        grid.add("row", [*values, notes if i == 0 else ""], group_start=i == 0)


def comparison_response(trials, sections, fmt):
    """The comparison as it shows on the page: per trial a value and a source column (or the
    values only), the caveats above and the citations below; or as structured JSON."""
    if fmt == "json":
        body = json.dumps(comparison_json(trials, sections), ensure_ascii=False, indent=1)
        return attachment(body, CONTENT_TYPES["json"], filename("comparison", trials, "json"))
    kind = VALUES_FORMATS.get(fmt, fmt)
    grid = comparison_grid(trials, sections, with_sources=fmt not in VALUES_FORMATS)
    stem = "comparison-values" if fmt in VALUES_FORMATS else "comparison"
    name = filename(stem, trials, kind)
    if kind == "csv":
        rows = [[as_text(clean_text(v)) for v in row.values] for row in grid.rows]
        body = ("\ufeff" + csv_text(rows, delimiter="\t")).encode("utf-16-le")
        return attachment(body, COMPARISON_CSV_TYPE, name)
    return attachment(grid_xlsx(grid, "Comparison"), CONTENT_TYPES["xlsx"], name)
