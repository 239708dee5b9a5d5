"""The title and footnote a downloaded figure carries: the trials shown, their data cuts and the
publications the numbers were read in.
"""

import textwrap

from ..datacuts import cut_of, cutoff_text, publications
from .style import literal


def cut_text(publication, pubs):
    """A data cut as a footnote names it: "NEJM 2021, cut-off 27 January 2021", the date of
    the cut the publication reports, as the key results give it."""
    return f"{publication.label}, cut-off {cutoff_text(publication, pubs) or 'not reported'}"


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


def add_source(sources, trial, publication, read_in):
    """Note the data cut `publication` belongs to, and where its number was read."""
    pubs = publications(trial)
    cut = cut_of(publication, pubs)
    cuts, read = sources.setdefault(trial.pk, ({}, {}))
    if cut.label not in cuts:
        when = cutoff_text(cut, pubs)
        cuts[cut.label] = f" (cut-off {when})" if when else ""
    if read_in != cut.label:
        read.setdefault(read_in, None)
