"""The catalogue's facets and search.

Each facet offers only the values some published trial has, read in a few queries whatever the
number of trials; an unknown value is a 400, not an empty list.
"""

import re

import django_filters
from django.db.models import Q

from .eligibility import BY_CODE, admitted_codes
from .models import Arm, EligibilityCriterion, Radioligand, Trial

ANY = "Any"
MAX_WORDS = 6

# Names clinicians type for the radionuclides, as (symbol, usual mass number).
ELEMENTS = {
    "lutetium": ("Lu", "177"),
    "actinium": ("Ac", "225"),
    "radium": ("Ra", "223"),
    "gallium": ("Ga", "68"),
    "yttrium": ("Y", "90"),
    "lead": ("Pb", "212"),
    "terbium": ("Tb", "161"),
    "thorium": ("Th", "227"),
}
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
ELEMENT_NAME = re.compile(rf"^({'|'.join(ELEMENTS)})(?:[-\s]?(\d{{1,3}}))?$", re.IGNORECASE)
# "177Lu", "[177Lu]Lu-PSMA-617": the curated names print the mass number as a superscript.
MASS_BEFORE = re.compile(r"(?<![\w])(\d{1,3})(?=[A-Za-z])")
# "[177Lu]Lu-PSMA-617": the chemical name's bracket, which the short names leave out.
BRACKETED = re.compile(r"\[(\d{1,3})([A-Z][a-z]?)\]\2-")
# "Lu-177", "Lu177": the symbol first.
MASS_AFTER = re.compile(r"\b([A-Z][a-z]?)-?(\d{1,3})\b")

# The patient features that are treatments received before entry.
PRIOR_THERAPY = ["arpi", "taxane", "radium", "ssa", "rlt"]

TRIAL_TEXT = ["acronym", "title", "nct_number", "indication", "setting", "key_eligibility"]
# Not the setting's description: it names one trial's comparator for the whole setting.
TRIAL_TEXT += [f"clinical_setting__{name}" for name in ("name", "line", "disease_state")]
ARM_TEXT = ["label", "short_label", "regimen", "agent__name", "agent__brand"]
ARM_TEXT += ["agent__radionuclide", "agent__target"]


def superscript(digits):
    return digits.translate(SUPERSCRIPT)


def search_terms(value):
    """The text as typed and as the curated names write radionuclides (¹⁷⁷Lu, Lu-177)."""
    value = value.strip()
    terms = [value]
    element = ELEMENT_NAME.match(value)
    if element:
        symbol, usual = ELEMENTS[element[1].lower()]
        mass = element[2] or usual
        terms += [f"{superscript(mass)}{symbol}", f"{symbol}-{mass}"]
    terms.append(MASS_BEFORE.sub(lambda m: superscript(m[1]), value))
    terms.append(BRACKETED.sub(lambda m: f"{superscript(m[1])}{m[2]}-", value))
    terms.append(MASS_AFTER.sub(lambda m: superscript(m[2]) + m[1], value))
    return list(dict.fromkeys(term for term in terms if term))


def any_contains(fields, terms):
    query = Q()
    for term in terms:
        for field in fields:
            query |= Q(**{f"{field}__icontains": term})
    return query


def prior_therapy(trials):
    """{"taxane:one-mcrpc": {ids of trials whose criteria admit that history}}, one query.

    Read as the patients page reads the criteria: a history is admitted when every criterion
    on the feature admits it. Trials whose criteria do not address the feature are in no set.
    """
    admitted = {}
    rows = EligibilityCriterion.objects.filter(trial__in=trials, feature__in=PRIOR_THERAPY)
    for trial_id, feature, admits in rows.values_list("trial_id", "feature", "admits"):
        codes = set(admitted_codes(admits))
        key = (trial_id, feature)
        admitted[key] = admitted[key] & codes if key in admitted else codes
    found = {}
    for (trial_id, feature), codes in admitted.items():
        for code in codes:
            found.setdefault(f"{feature}:{code}", set()).add(trial_id)
    return found


def prior_therapy_choices(found):
    """e.g. ("taxane:one-mcrpc", "Prior taxane: one taxane regimen for castration-resistant
    disease"), each feature's answers in their natural order; the feature named in each, as a
    closed select shows the option alone."""
    return [
        (value, f"{BY_CODE[feature].label}: {label[0].lower()}{label[1:]}")
        for feature in PRIOR_THERAPY
        if feature in BY_CODE
        for code, label in BY_CODE[feature].answers
        if (value := f"{feature}:{code}") in found
    ]


class Facets:
    """The values published trials have, for each facet's choices, in three queries."""

    SETTING = ("slug", "name", "disease", "order")

    def __init__(self):
        trials = Trial.objects.published().order_by()
        setting = [f"clinical_setting__{name}" for name in self.SETTING]
        rows = list(trials.values_list("disease", "phase", "design", *setting).distinct())
        self.diseases = {row[0] for row in rows}
        self.phases = {row[1] for row in rows}
        self.designs = {row[2] for row in rows}
        self.settings = {row[3:] for row in rows if row[3] is not None}
        self.agents = list(
            Radioligand.objects.filter(arms__trial__in=trials).distinct().order_by("name")
        )
        self.prior = prior_therapy(trials)


def present(choices, values):
    return [(value, label) for value, label in choices if value in values]


def setting_choices(settings):
    """(slug, name, disease, order) rows grouped by disease, each in treatment order."""
    groups = []
    for disease, label in Trial.Disease.choices:
        mine = sorted((s for s in settings if s[2] == disease), key=lambda s: s[3])
        if mine:
            groups.append((label, [(slug, name) for slug, name, *_ in mine]))
    return groups


class TrialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        max_length=200,
        help_text="Acronym, title, NCT number, agent or brand (e.g. Pluvicto), comparator or "
        "regimen (e.g. cabazitaxel), setting, eligibility",
    )
    disease = django_filters.ChoiceFilter(label="Disease", empty_label=ANY)
    setting = django_filters.ChoiceFilter(
        field_name="clinical_setting__slug", label="Clinical setting", empty_label=ANY
    )
    prior = django_filters.ChoiceFilter(
        method="prior_therapy",
        label="Prior therapy",
        empty_label=ANY,
        help_text="Trials whose published eligibility criteria admit a patient with this "
        "history; trials whose criteria do not say are left out",
    )
    agent = django_filters.ChoiceFilter(
        field_name="arms__agent__slug", label="Agent", distinct=True, empty_label=ANY
    )
    target = django_filters.ChoiceFilter(
        field_name="arms__agent__target", label="Target", distinct=True, empty_label=ANY
    )
    phase = django_filters.ChoiceFilter(label="Phase", empty_label=ANY)
    design = django_filters.ChoiceFilter(label="Design", empty_label=ANY)
    year = django_filters.NumberFilter(
        field_name="publications__year",
        label="Publication year (any data cut)",
        distinct=True,
        min_value=1900,
        max_value=2100,
    )

    class Meta:
        model = Trial
        fields = ["q", "disease", "setting", "prior", "agent", "target", "phase", "design"]
        fields += ["year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facets = facets = Facets()
        choices = {
            "disease": present(Trial.Disease.choices, facets.diseases),
            "setting": setting_choices(facets.settings),
            "prior": prior_therapy_choices(facets.prior),
            "agent": [(a.slug, a.name) for a in facets.agents],
            "target": [(t, t) for t in sorted({a.target for a in facets.agents})],
            "phase": present(Trial.Phase.choices, facets.phases),
            "design": present(Trial.Design.choices, facets.designs),
        }
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options
        # A facet no published trial has a value for is not offered at all.
        self.empty_facets = {name for name, options in choices.items() if not options}

    @property
    def active_count(self):
        """How many filters the query uses: the folded form's button says so."""
        return sum(1 for name in self.filters if self.data.get(name))

    def prior_therapy(self, queryset, name, value):
        return queryset.filter(pk__in=self.facets.prior.get(value, ()))

    def search(self, queryset, name, value):
        """The text as typed, or else every word of it, each anywhere in the trial's record
        ("cabazitaxel docetaxel": TheraP's comparator and its eligibility)."""
        query = matching(value)
        # Each word is a few LIKEs and two subqueries: a handful is all a question needs.
        words = list(dict.fromkeys(value.split()))[:MAX_WORDS]
        if len(words) > 1:
            every = Q()
            for word in words:
                every &= matching(word)
            query |= every
        return queryset.filter(query)


def matching(value):
    """Trials whose own text, arms or eligibility criteria contain the value; arms and criteria
    are matched in subqueries, so a trial is listed once."""
    terms = search_terms(value)
    arms = Arm.objects.filter(any_contains(ARM_TEXT, terms)).values("trial_id")
    criteria = EligibilityCriterion.objects.filter(any_contains(["text"], terms))
    return any_contains(TRIAL_TEXT, terms) | Q(pk__in=arms) | Q(pk__in=criteria.values("trial_id"))
