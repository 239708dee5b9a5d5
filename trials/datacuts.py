"""A trial's data cuts: which publication's cut each report restates, and its cut-off date.

A publication either is a data cut (a trial's primary paper, an update) or reports one that
another publication is (a news summary, the full paper of a congress abstract's analysis),
possibly through a report of a report. Read from a trial loaded by `full_records()`: no query.
"""

from . import formatting as f
from .models.trials import by_pk


def publications(trial):
    return by_pk(trial, "publications")


def cut_of(pub, pubs):
    """The publication whose data cut `pub` reports: itself, or the one its reports lead to."""
    seen = {pub.pk}
    while pub.reports_id and pub.reports_id in pubs and pub.reports_id not in seen:
        pub = pubs[pub.reports_id]
        seen.add(pub.pk)
    return pub


def cutoff_date(cut, pubs):
    """The cut's data cut-off date and the publication that gives it (the cut's own, else a
    report of it, which may be secondary), or (None, None)."""
    cut = cut_of(cut, pubs)
    reports = (p for p in pubs.values() if p.pk != cut.pk and cut_of(p, pubs).pk == cut.pk)
    for pub in [cut, *reports]:
        if pub.data_cutoff:
            return pub.data_cutoff, pub
    return None, None


def cutoff_text(pub, pubs):
    """ "27 January 2021", or "18 January 2021 (as given by …, secondary source)" where a
    report of the cut gives the date; "" where none does."""
    date, given_by = cutoff_date(pub, pubs)
    if date is None:
        return ""
    if given_by.pk == cut_of(pub, pubs).pk:
        return f.page_date(date)
    secondary = f", {f.SECONDARY}" if given_by.is_secondary else ""
    return f"{f.page_date(date)} (as given by {given_by.label}{secondary})"


def recency(pub, pubs, cut=None):
    """Sort key, later data cuts last; within a cut, the cut's own report, then primary sources,
    then the earliest report of it, last. `cut`: where a row names its cut apart from its source.

    Publications are curated in the order of their data cuts (`order`).
    """
    cut = cut or cut_of(pub, pubs)
    return (cut.order, cut.pk, pub.pk == cut.pk, not pub.is_secondary, -pub.order)
