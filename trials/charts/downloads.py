"""The title and footnote a downloaded figure carries: the trials shown, their data cuts and the
publications the numbers were read in.
"""

import textwrap

from .. import formatting as f
from .style import literal


def cut_text(publication):
    """A data cut as a footnote names it: "NEJM 2021, cut-off 27 January 2021"."""
    if publication.data_cutoff:
        return f"{publication.label}, cut-off {f.page_date(publication.data_cutoff)}"
    return f"{publication.label}, cut-off not reported"


def export_info(title, trials, sources, note=""):
    """The title and footnote of a download: the trials shown, and per trial its data cuts and
    the publications the numbers were read in. `sources` maps a trial to (cuts, read in)."""
    names = ", ".join(t.acronym for t in trials)
    entries = []
    for trial in trials:
        cuts, read = sources.get(trial.pk, ({}, {}))
        entry = f"{trial.acronym}: " + "; ".join(label + when for label, when in cuts.items())
        extra = [label for label in read if label not in cuts]
        if extra:
            entry += f" (read in {'; '.join(extra)})"
        entries.append(entry)
    lines = textwrap.wrap(note, 170) + textwrap.wrap(
        "Data cuts and sources. " + " · ".join(entries), 170
    )
    return {
        "title": f"{literal(title)}<br><sup>{literal(names)}</sup>",
        "footnote": "<br>".join(literal(line) for line in lines),
        "lines": len(lines),
    }


def add_source(sources, trial, cut, read_in):
    cuts, read = sources.setdefault(trial.pk, ({}, {}))
    if cut.label not in cuts:
        cuts[cut.label] = f" (cut-off {f.page_date(cut.data_cutoff)})" if cut.data_cutoff else ""
    if read_in != cut.label:
        read.setdefault(read_in, None)
