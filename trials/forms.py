"""The comparison's ?trials= (and ?add=) parameters, checked with messages a reader can act on."""

from django import forms
from django.core.exceptions import ValidationError

from .selection import SLUG, canonical_query

MAX_TRIALS = 12
# The one refusal that is a 404: the names are well formed but no visible trial has them.
UNKNOWN = "unknown"


class SlugListField(forms.Field):
    """Repeated parameters of comma-separated trial names, as one list in the order given."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [
            part
            for text in value or []
            for part in (piece.strip().lower() for piece in text.split(","))
            if part
        ]


class CompareForm(forms.Form):
    add = SlugListField(required=False)
    trials = SlugListField(required=False)

    def __init__(self, data, trials):
        """`trials`: the queryset of trials the visitor may compare."""
        super().__init__(data)
        self.visible = trials

    def clean_trials(self):
        raw = self.cleaned_data["trials"] + self.cleaned_data.get("add", [])
        if not raw:
            raise ValidationError("Choose at least two trials to compare.", code="too_few")
        if not all(SLUG.match(part) for part in raw):
            raise ValidationError(
                "Some requested trial names are not valid: a trial name has only lower-case "
                "letters, digits and hyphens.",
                code="invalid",
            )
        slugs = list(dict.fromkeys(raw))
        # Checked before the names are looked up, so a long list never reaches the database.
        if len(slugs) > MAX_TRIALS:
            raise ValidationError(
                f"Compare at most {MAX_TRIALS} trials at a time.", code="too_many"
            )
        known = set(self.visible.filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise ValidationError(
                "No published trial has these names:", code=UNKNOWN, params={"names": unknown}
            )
        if len(slugs) < len(raw) and not self.cleaned_data.get("add"):
            duplicates = sorted({slug for slug in raw if raw.count(slug) > 1})
            raise ValidationError(
                "Each trial can be chosen once; these were chosen more than once:",
                code="duplicate",
                params={"names": duplicates},
            )
        if len(slugs) < 2:
            raise ValidationError(
                "Choose at least two trials to compare.", code="too_few", params={"chosen": slugs}
            )
        return slugs

    @property
    def refusal(self):
        """The error a refused request is answered with."""
        return self.errors.as_data()["trials"][0]

    def is_permalink(self):
        """Whether the request is already the comparison's canonical address."""
        canonical = canonical_query(self.cleaned_data["trials"])
        return self.data.urlencode(safe=",") == canonical or not set(self.data) <= {"trials", "add"}
