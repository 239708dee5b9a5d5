"""The tidy results table: one row per trial, publication, end point, arm and measure, each with
its source and where in it the value was read.
"""

import tablib

from .. import formatting as f
from .datasets import dataset_response
from .files import filename

RESULT_HEADERS = [
    "trial",
    "nct_number",
    "publication",
    "publication_kind",
    "data_cutoff",
    "doi",
    "section",
    "end_point",
    "family",
    "role",
    "analysis_set",
    "arm",
    "measure",
    "value",
    "value_as_published",
    "ci_low",
    "ci_high",
    "ci_level",
    "p_value",
    "n",
    "landmark_months",
    "note",
    "source",
    "source_quality",
    "secondary",
    "locator",
]


def result_row(trial, source, locator, **values):
    """A tidy row: the trial and its source, then the given values, in RESULT_HEADERS order."""
    row = dict.fromkeys(RESULT_HEADERS, None)
    row.update(
        trial=trial.acronym,
        nct_number=trial.nct_number,
        publication=source.label,
        publication_kind=source.get_kind_display(),
        data_cutoff=source.data_cutoff,
        doi=source.doi,
        source=source.citation,
        source_quality=source.get_source_quality_display(),
        secondary=source.is_secondary,
        locator=locator,
    )
    row.update(values)
    return [row[h] for h in RESULT_HEADERS]


def result_rows(trials):
    """One row per trial x publication x end point x arm x measure, with source and locator."""
    for trial in trials:
        sets = {s.pk: s.label for s in trial.analysis_sets.all()}

        for e in trial.endpoints.all():
            common = dict(
                section="efficacy",
                end_point=e.name,
                family=e.get_family_display(),
                role=e.get_role_display(),
                analysis_set=sets.get(e.analysis_set_id),
            )
            for r in e.results.all():
                yield result_row(
                    trial,
                    r.source,
                    r.locator,
                    **common,
                    arm=r.arm_label,
                    measure=r.get_measure_display(),
                    value=f.exact(r.value, r.decimals),
                    value_as_published=f.value_text(r),
                    ci_low=f.exact(r.ci_low, f.limit_decimals(r, "ci_low")),
                    ci_high=f.exact(r.ci_high, f.limit_decimals(r, "ci_high")),
                    ci_level=f.exact(r.ci_level),
                    n=r.n,
                    landmark_months=f.exact(r.landmark_months),
                    note=r.note,
                )
            for x in e.effects.all():
                yield result_row(
                    trial,
                    x.source,
                    x.locator,
                    **common,
                    arm="Between arms",
                    measure=x.get_measure_display() + (f" ({x.unit})" if x.unit else ""),
                    value=f.exact(x.value, x.decimals),
                    value_as_published=f.number(x.value, x.decimals),
                    ci_low=f.exact(x.ci_low, f.limit_decimals(x, "ci_low")),
                    ci_high=f.exact(x.ci_high, f.limit_decimals(x, "ci_high")),
                    ci_level=f.exact(x.ci_level),
                    p_value=x.p_value,
                    note="; ".join(s for s in (x.analysis, x.method, x.note) if s),
                )
            for a in e.at_risk.all():
                yield result_row(
                    trial,
                    a.source,
                    a.locator,
                    **common,
                    arm=a.arm.short_label,
                    measure="Number at risk",
                    value=a.n_at_risk,
                    value_as_published=str(a.n_at_risk),
                    landmark_months=f.exact(a.month),
                )
        arms = {a.pk: a.short_label for a in trial.arms.all()}
        for event in trial.adverse_events.all():
            band = event.get_high_grade_display() or "High grade"
            for c in event.arms.all():
                for measure, value, is_pct in (
                    ("All grades, n", c.all_grades_n, False),
                    ("All grades, %", c.all_grades_pct, True),
                    (f"{band}, n", c.high_grade_n, False),
                    (f"{band}, %", c.high_grade_pct, True),
                ):
                    if value is None:
                        continue
                    decimals = f.pct_places(c, event) if is_pct else 0
                    yield result_row(
                        trial,
                        event.source,
                        event.locator,
                        section="safety",
                        end_point=event.term,
                        family=event.get_category_display(),
                        arm=arms.get(c.arm_id),
                        measure=measure,
                        value=f.exact(value, decimals) if is_pct else value,
                        value_as_published=f.number(value, decimals),
                        n=c.denominator,
                        p_value=event.p_value,
                        note=event.note,
                    )


def results_dataset(trials):
    dataset = tablib.Dataset(headers=RESULT_HEADERS, title="Results")
    for values in result_rows(trials):
        dataset.append(values)
    return dataset


def results_response(trials, fmt):
    return dataset_response(results_dataset(trials), fmt, trials, filename("results", trials, fmt))
