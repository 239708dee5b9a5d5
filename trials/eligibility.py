"""Patient features, their answers, and how a trial's published criteria meet a patient.

The features are defined once here: the curated criteria (EligibilityCriterion.feature and
.admits), the patients-like-mine form and the matching all read them. Answers are coarse on
purpose: each is one the published criteria can decide.

Semantics (said on the page too): a trial *included* such a patient when its criteria state at
least one of the answered features and every stated one admits the answer; it *excluded* the
patient when any criterion on an answered feature does not admit the answer; its sources *do
not say* when no criterion addresses an answered feature. "Not known" answers nothing. An
included trial says which answered features its sources are silent on, and which of the
criteria it met ask more than the answer tells (a PSMA SUVmax threshold): it included such a
patient only if those held.
"""

from dataclasses import dataclass, field

PROSTATE, NET = "prostate", "net"


@dataclass(frozen=True)
class Feature:
    code: str  # the query parameter and the stored value
    label: str  # short, for lists ("Prior taxane")
    question: str  # as the form asks it
    answers: tuple  # ((code, label), ...) in a natural order
    diseases: tuple = (PROSTATE, NET)
    help: str = ""

    @property
    def answer_codes(self):
        return [code for code, _ in self.answers]

    def answer_label(self, code):
        return dict(self.answers).get(code, code)


FEATURES = (
    Feature(
        "stage",
        "Disease state",
        "Disease state",
        (
            ("mhspc", "Metastatic hormone-sensitive (mHSPC)"),
            ("mcrpc", "Metastatic castration-resistant (mCRPC)"),
        ),
        diseases=(PROSTATE,),
    ),
    Feature(
        "adt",
        "Time on ADT",
        "Time on androgen-deprivation therapy (ADT) so far",
        (
            ("none", "Not started"),
            ("under-4-weeks", "Less than 4 weeks"),
            ("4-weeks-to-45-days", "4 weeks to 45 days"),
            ("over-45-days", "More than 45 days"),
        ),
        diseases=(PROSTATE,),
    ),
    Feature(
        "arpi",
        "Prior ARPI",
        "Androgen-receptor-pathway inhibitors (ARPI) so far",
        (
            ("none", "None"),
            ("one-mhspc", "One, given for hormone-sensitive disease"),
            ("one-mcrpc", "One, given for castration-resistant disease"),
            ("two-plus", "Two or more"),
        ),
        diseases=(PROSTATE,),
        help="Abiraterone, enzalutamide, apalutamide or darolutamide.",
    ),
    Feature(
        "taxane",
        "Prior taxane",
        "Taxane chemotherapy so far",
        (
            ("none", "None"),
            ("docetaxel-mhspc", "Docetaxel for hormone-sensitive disease only"),
            ("one-mcrpc", "One taxane regimen for castration-resistant disease"),
            ("two", "Two taxane regimens (e.g. docetaxel, then cabazitaxel)"),
        ),
        diseases=(PROSTATE,),
    ),
    Feature(
        "radium",
        "Prior radium-223",
        "Radium-223 so far",
        (
            ("no", "No"),
            ("over-6-months", "Yes, last dose more than 6 months ago"),
            ("within-6-months", "Yes, within the last 6 months"),
        ),
        diseases=(PROSTATE,),
    ),
    Feature(
        "psma_pet",
        "PSMA PET",
        "PSMA PET",
        (("positive", "Positive"), ("negative", "Negative"), ("not-done", "Not done")),
        diseases=(PROSTATE,),
    ),
    Feature(
        "fdg",
        "FDG PET discordance",
        "FDG PET: sites FDG-positive but PSMA-negative (discordant)",
        (("none", "None"), ("present", "Present"), ("not-done", "FDG PET not done")),
        diseases=(PROSTATE,),
    ),
    Feature(
        "grade",
        "Tumour grade",
        "Tumour grade (WHO)",
        (("g1", "Grade 1"), ("g2", "Grade 2"), ("g3", "Grade 3")),
        diseases=(NET,),
    ),
    Feature(
        "ki67",
        "Ki-67",
        "Ki-67 index",
        (
            ("under-3", "Under 3%"),
            ("3-9", "3 to 9%"),
            ("10-20", "10 to 20%"),
            ("21-55", "21 to 55%"),
            ("over-55", "Over 55%"),
        ),
        diseases=(NET,),
    ),
    Feature(
        "site",
        "Primary site",
        "Primary tumour site",
        (
            ("midgut", "Midgut (jejunum, ileum, proximal colon)"),
            ("pancreas", "Pancreas"),
            ("other-gep", "Other gastroenteropancreatic (e.g. stomach, rectum)"),
            ("non-gep", "Lung or other non-gastroenteropancreatic"),
        ),
        diseases=(NET,),
    ),
    Feature(
        "sstr",
        "SSTR imaging",
        "Somatostatin-receptor (SSTR) imaging",
        (("positive", "Positive"), ("negative", "Negative")),
        diseases=(NET,),
    ),
    Feature(
        "ssa",
        "Somatostatin analogue",
        "Somatostatin analogue (SSA) so far",
        (
            ("none", "None"),
            ("no-progression", "Given, without progression"),
            ("progressed", "Progressed on it"),
        ),
        diseases=(NET,),
    ),
    Feature(
        "progression",
        "Progression",
        "Disease progressing on imaging (RECIST)",
        (("progressing", "Progressing"), ("stable", "Not progressing")),
        diseases=(NET,),
    ),
    Feature(
        "rlt",
        "Prior radioligand therapy",
        "Radioligand therapy so far (PRRT or PSMA-targeted)",
        (("no", "No"), ("yes", "Yes")),
    ),
    Feature(
        "ecog",
        "ECOG",
        "ECOG performance status",
        (("0", "0"), ("1", "1"), ("2", "2"), ("3-4", "3 or 4")),
    ),
)

BY_CODE = {f.code: f for f in FEATURES}
FEATURE_CHOICES = [(f.code, f.label) for f in FEATURES]
DISEASES = ((PROSTATE, "Prostate cancer"), (NET, "Neuroendocrine tumour"))


def features_for(disease):
    """The features asked for a disease, or all of them when the disease is not known."""
    return [f for f in FEATURES if not disease or disease in f.diseases]


def admitted_codes(admits):
    """A criterion's stored `admits` text as its answer codes, in order."""
    return [code.strip() for code in admits.split(",") if code.strip()]


def admits_errors(feature_code, admits):
    """Plain-language problems with a criterion's admitted answers, or []."""
    feature = BY_CODE.get(feature_code)
    if feature is None:
        return []  # the feature field reports an unknown feature
    if not admits:
        return [f"Give at least one answer to “{feature.label}” that the criterion lets in."]
    unknown = [a for a in admits if a not in feature.answer_codes]
    if unknown:
        return [
            f"“{', '.join(unknown)}” is not an answer to “{feature.label}”; "
            f"choose from: {', '.join(feature.answer_codes)}."
        ]
    if len(set(admits)) != len(admits):
        return ["An answer is listed twice."]
    return []


# Matching ----------------------------------------------------------------------------------

INCLUDED, EXCLUDED, NOT_STATED = "included", "excluded", "not-stated"


@dataclass
class Match:
    """How one trial's criteria meet the answered features."""

    trial: object
    met: list = field(default_factory=list)  # criteria that admit the answer
    failed: list = field(default_factory=list)  # criteria that rule the answer out
    unstated: list = field(default_factory=list)  # answered features no criterion addresses
    unanswered: list = field(default_factory=list)  # criteria on features not answered

    @property
    def conditions(self):
        """Met criteria that ask more than the answer tells: the patient qualified only if
        they held."""
        return [c for c in self.met if c.asks_more]

    @property
    def verdict(self):
        if self.failed:
            return EXCLUDED
        return INCLUDED if self.met else NOT_STATED


def match(trial, answers):
    """Match a trial (with prefetched `criteria`) against {feature code: answer code}."""
    result = Match(trial)
    criteria = list(trial.criteria.all())
    for feature in FEATURES:
        stated = [c for c in criteria if c.feature == feature.code]
        answer = answers.get(feature.code)
        if not answer:
            result.unanswered.extend(stated)
        elif not stated:
            result.unstated.append(feature)
        else:
            for criterion in stated:
                target = result.met if answer in criterion.admitted else result.failed
                target.append(criterion)
    return result


def sort_matches(trials, answers):
    """{verdict: [Match]} with each list in the trials' given order."""
    groups = {INCLUDED: [], EXCLUDED: [], NOT_STATED: []}
    for trial in trials:
        found = match(trial, answers)
        groups[found.verdict].append(found)
    return groups
