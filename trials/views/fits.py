"""Where radioligand therapy fits: per disease, the clinical settings in treatment order, each
with its trials, their arms as published, the headline result and a forest plot."""

from dataclasses import dataclass
from functools import cached_property

from django.shortcuts import render

from .. import charts
from ..caching import cached_public_page
from ..forms import MAX_TRIALS
from ..headlines import headline
from ..models import Arm, ClinicalSetting, Trial
from ..selection import compare_url


@dataclass
class TrialRow:
    """One trial as a setting lists it."""

    trial: Trial

    def __post_init__(self):
        self.endpoint, self.headline, self.sourced = headline(self.trial)

    def arms(self, role):
        return [arm.label for arm in self.trial.arms.all() if arm.role == role]

    @property
    def experimental(self):
        return self.arms(Arm.Role.EXPERIMENTAL) or self.arms(Arm.Role.SINGLE_GROUP)

    @property
    def comparators(self):
        return self.arms(Arm.Role.CONTROL)


@dataclass
class SettingGroup:
    """A clinical setting with its published trials (none where nothing is curated yet)."""

    setting: ClinicalSetting
    trials: list

    @property
    def compare_url(self):
        # The comparison needs two trials and takes at most twelve.
        slugs = [row.trial.slug for row in self.trials]
        return compare_url(slugs[:MAX_TRIALS]) if len(slugs) >= 2 else ""

    @property
    def compare_count(self):
        return min(len(self.trials), MAX_TRIALS)

    @cached_property
    def chart(self):
        # Several forest plots share the page: each its own element ids and title.
        return charts.forest(
            [row.trial for row in self.trials],
            chart_id=f"forest-{self.setting.slug}",
            title=f"Hazard ratios: {self.setting.name}",
        )


# Trials with no setting yet are listed as if in one more setting, so nothing goes missing.
UNPLACED = ClinicalSetting(
    slug="not-yet-placed",
    name="Not yet placed",
    line="no clinical setting curated yet",
    description="These trials have not yet been given a clinical setting.",
)


def settings_by_disease(settings, trials):
    """[(disease, label, [SettingGroup in treatment order])], then the trials placed nowhere."""
    rows = {}
    unplaced = []
    for trial in trials:
        if trial.clinical_setting_id is None:
            unplaced.append(TrialRow(trial))
        else:
            rows.setdefault(trial.clinical_setting_id, []).append(TrialRow(trial))
    diseases = []
    for disease, label in Trial.Disease.choices:
        groups = [
            SettingGroup(s, rows.get(s.pk, []))
            for s in sorted(settings, key=lambda s: (s.order, s.name))
            if s.disease == disease
        ]
        if groups:
            diseases.append((disease, label, groups))
    if unplaced:
        diseases.append(("unplaced", UNPLACED.name, [SettingGroup(UNPLACED, unplaced)]))
    return diseases


@cached_public_page
def where_it_fits(request):
    # Whole records for the headlines and the forest plots, in a fixed number of queries.
    trials = Trial.objects.published().order_by("acronym").full_records(criteria=False)
    diseases = settings_by_disease(list(ClinicalSetting.objects.all()), trials)
    return render(request, "trials/settings.html", {"diseases": diseases, "n_trials": len(trials)})
