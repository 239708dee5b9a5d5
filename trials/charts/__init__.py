"""Plotly figures for the pages, built as plain figure dicts.

Each chart is a dict: id, title, note, figure, alternate (another figure the reader can switch to,
or None), table or tables (the accessible data), filename (for downloads: it names only the trials
drawn), empty. A figure is Plotly JSON (data, layout) plus "narrow", the changes for a plot under
600 px wide, and "export", the title and footnote a download carries. Nothing here touches the
database: the trials arrive with their records prefetched.

The modules: style (colours, markers, escaping), figures (the dicts, axes and markers every chart
uses), downloads (a download's title and footnote), hazard_ratios (a trial's published hazard
ratios), forest_plot, cuts (across data cuts), arms (per-arm medians and response rates), safety
(the adverse-event heatmap) and numbers_at_risk.
"""

from .arms import medians, response_rates
from .cuts import across_cuts, side_by_side
from .forest_plot import forest
from .hazard_ratios import Estimate, estimates
from .numbers_at_risk import at_risk
from .safety import adverse_events
from .style import GLYPHS, PALETTE, SYMBOLS, literal, trial_style

__all__ = [
    "GLYPHS",
    "PALETTE",
    "SYMBOLS",
    "Estimate",
    "across_cuts",
    "adverse_events",
    "at_risk",
    "comparison_charts",
    "estimates",
    "forest",
    "literal",
    "medians",
    "response_rates",
    "side_by_side",
    "trial_style",
]


def comparison_charts(trials):
    built = (forest(trials), medians(trials), response_rates(trials))
    built += (adverse_events(trials), at_risk(trials))
    return [c for c in built if not c["empty"]]
