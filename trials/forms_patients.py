"""The patients-like-mine form: a disease and the patient's features, every one optional."""

from django import forms

from .eligibility import DISEASES, FEATURES, features_for

NOT_KNOWN = "Not known"
MAX_VALUE = 40  # longer than any answer code
MAX_QUERY = 2000  # characters of query string: every question answered fits in a quarter


class PatientForm(forms.Form):
    disease = forms.ChoiceField(
        label="Disease",
        choices=DISEASES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feature in FEATURES:
            self.fields[feature.code] = forms.ChoiceField(
                label=feature.question,
                choices=[("", NOT_KNOWN), *feature.answers],
                required=False,
                help_text=feature.help,
            )

    def questions(self, *diseases):
        """The bound fields of the features asked for exactly these diseases."""
        return [self[f.code] for f in FEATURES if f.diseases == diseases]

    def asked(self):
        """The codes of the features asked for the chosen disease."""
        return {f.code for f in features_for(self.cleaned_data.get("disease"))}

    def answers(self):
        """{feature code: answer code} for the features asked for the chosen disease."""
        asked = self.asked()
        return {code: value for code, value in self.cleaned_data.items() if code in asked and value}

    def ignored(self):
        """Features answered but not asked for the chosen disease (left from another one)."""
        asked = self.asked()
        return [f for f in FEATURES if f.code not in asked and self.cleaned_data.get(f.code)]


def query_problem(query):
    """Why a query string cannot be read as one patient, or "" when it can."""
    if len(query.urlencode()) > MAX_QUERY:
        return "This address is too long to be a patient's answers."
    names = ["disease", *(f.code for f in FEATURES)]
    for name in names:
        values = query.getlist(name)
        if any(len(v) > MAX_VALUE for v in values):
            return f"The answer given for “{name}” is too long."
        if len(set(values)) > 1:
            return f"“{name}” is given more than once, with different answers: give one."
    return ""


def form_problem(form):
    """The first invalid answer of a bound form, in words."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        value = form.data.get(name, "")
        return f"“{value}” is not one of the answers to “{label}”." if value else errors[0]
    return ""
