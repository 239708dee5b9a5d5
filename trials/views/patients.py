"""Patients like mine: which trials' eligibility included, excluded or did not address a patient."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import render

from ..eligibility import (
    BY_CODE,
    DISEASES,
    EXCLUDED,
    INCLUDED,
    NET,
    NOT_STATED,
    PROSTATE,
    Match,
    sort_matches,
)
from ..forms_patients import PatientForm, form_problem, query_problem
from ..models import Arm, EligibilityCriterion, Trial
from .common import bad_request

SECTIONS = (
    (INCLUDED, "Eligibility included such a patient"),
    (EXCLUDED, "Eligibility excluded such a patient"),
    (NOT_STATED, "Sources do not say"),
)


@dataclass
class Section:
    key: str
    title: str
    rows: list


@dataclass
class Line:
    """A criterion beside the answer it was matched against."""

    criterion: EligibilityCriterion
    feature: str
    answer: str

    @property
    def only_if(self):
        """Met, but the criterion asks more than the answer tells."""
        return self.criterion.asks_more


@dataclass
class Row:
    """One trial as a section lists it."""

    match: Match
    answers: dict

    @property
    def trial(self):
        return self.match.trial

    @property
    def comparators(self):
        return [a.label for a in self.trial.arms.all() if a.role == Arm.Role.CONTROL]

    def lines(self, criteria):
        found = []
        for criterion in criteria:
            feature = BY_CODE[criterion.feature]
            answer = self.answers.get(criterion.feature, "")
            found.append(Line(criterion, feature.label, feature.answer_label(answer)))
        return found

    @property
    def failed(self):
        return self.lines(self.match.failed)

    @property
    def met(self):
        return self.lines(self.match.met)

    @property
    def unanswered(self):
        return self.lines(self.match.unanswered)

    @property
    def unstated(self):
        return [feature.label for feature in self.match.unstated]

    @property
    def qualifier(self):
        """What an included trial's listing leaves open, said beside its name: "included"
        claims no more than its published criteria and the answers tell."""
        if self.match.verdict != INCLUDED:
            return ""
        bits = []
        conditions = dict.fromkeys(BY_CODE[c.feature].label for c in self.match.conditions)
        if conditions:
            bits.append(f"only if its criteria on {', '.join(conditions)} held")
        if self.unstated:
            bits.append(f"its sources are silent on {', '.join(self.unstated)}")
        return "; ".join(bits)


def trials_for(disease):
    """Published trials with their setting, arms and criteria, in three queries."""
    trials = Trial.objects.published().select_related("clinical_setting")
    if disease:
        trials = trials.filter(disease=disease)
    return trials.prefetch_related(
        Prefetch("arms", queryset=Arm.objects.only("trial_id", "label", "role", "order")),
        Prefetch("criteria", queryset=EligibilityCriterion.objects.select_related("source")),
    ).order_by("disease", "clinical_setting__order", "acronym")


def patients_like_mine(request):
    problem = query_problem(request.GET)
    if problem:
        return bad_request(request, problem)
    form = PatientForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form_problem(form))
    disease = form.cleaned_data.get("disease", "")
    answers = form.answers()
    sections = []
    if answers or disease:
        groups = sort_matches(trials_for(disease), answers)
        sections = [
            Section(key, title, [Row(m, answers) for m in groups[key]]) for key, title in SECTIONS
        ]
    context = {
        "form": form,
        "disease": disease,
        "answered": [
            (BY_CODE[code].label, BY_CODE[code].answer_label(value))
            for code, value in answers.items()
        ],
        "ignored": form.ignored(),
        "sections": sections,
        "disease_label": dict(DISEASES).get(disease, ""),
        "question_groups": [
            ("prostate", "Prostate cancer", form.questions(PROSTATE)),
            ("net", "Neuroendocrine tumour", form.questions(NET)),
            ("common", "Either disease", form.questions(PROSTATE, NET)),
        ],
    }
    return render(request, "trials/patients.html", context)
