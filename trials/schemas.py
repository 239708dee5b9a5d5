"""JSON shapes of the read-only API.

Numbers are JSON numbers as published (52.7 means 52.7%); `decimals` says how many decimal
places the publication printed, so 0.4 with decimals 2 reads "0.40".
"""

from datetime import date

from ninja import Field, Schema


class SourceOut(Schema):
    publication_id: int
    publication: str
    doi: str
    source_quality: str
    secondary: bool
    locator: str

    @staticmethod
    def of(obj):
        if obj.source_id is None:
            return None
        pub = obj.source
        return {
            "publication_id": pub.pk,
            "publication": pub.label,
            "doi": pub.doi,
            "source_quality": pub.source_quality,
            "secondary": pub.is_secondary,
            "locator": obj.locator,
        }


class Sourced(Schema):
    source: SourceOut | None

    @staticmethod
    def resolve_source(obj):
        return SourceOut.of(obj)


class AgentOut(Sourced):
    name: str
    slug: str
    brand: str
    radionuclide: str
    target: str
    emission: str
    half_life: float | None
    half_life_unit: str


class PublicationOut(Schema):
    id: int
    label: str
    citation: str
    journal: str
    year: int | None
    doi: str
    pmid: str
    kind: str
    source_quality: str
    secondary: bool
    data_cutoff: date | None
    reports_id: int | None
    median_follow_up_months: float | None
    follow_up_locator: str
    notes: str

    @staticmethod
    def resolve_secondary(obj):
        return obj.is_secondary


class ArmOut(Sourced):
    id: int
    label: str
    short_label: str
    role: str
    n_randomised: int | None
    n_safety: int | None
    agent: AgentOut | None
    activity_gbq: float | None
    activity_mci: float | None
    interval_weeks: float | None
    max_cycles: int | None
    regimen: str
    exposure: str


class ArmNOut(Schema):
    arm_id: int
    n: int


class AnalysisSetOut(Sourced):
    id: int
    label: str
    description: str
    n_total: int | None
    arm_ns: list[ArmNOut]


class ArmResultOut(Sourced):
    arm_id: int | None
    measure: str
    value: float | None
    unit: str
    not_reached: bool
    not_estimable: bool
    ci_low: float | None
    ci_low_not_estimable: bool
    ci_high: float | None
    ci_high_not_estimable: bool
    ci_level: float | None
    ci_level_not_reported: bool
    ci_low_decimals: int | None
    ci_high_decimals: int | None
    n: int | None
    landmark_months: float | None
    decimals: int
    note: str


class EffectOut(Sourced):
    measure: str
    analysis: str
    value: float | None
    unit: str
    ci_low: float | None
    ci_high: float | None
    ci_level: float | None
    ci_level_not_reported: bool
    ci_low_decimals: int | None
    ci_high_decimals: int | None
    p_value: str
    p_sided: str
    significance_level: str
    method: str
    crossover_adjustment: str
    decimals: int
    note: str


class AtRiskOut(Sourced):
    arm_id: int
    month: float
    n_at_risk: int


class EndpointOut(Schema):
    id: int
    name: str
    family: str
    kind: str
    role: str
    definition: str
    notes: str
    publication_id: int
    analysis_set_id: int | None
    results: list[ArmResultOut]
    effects: list[EffectOut]
    at_risk: list[AtRiskOut]


class AdverseEventArmOut(Schema):
    arm_id: int | None
    denominator: int | None
    all_grades_n: int | None
    all_grades_pct: float | None
    high_grade_n: int | None
    high_grade_pct: float | None
    not_applicable: bool
    decimals: int | None
    note: str


class AdverseEventOut(Sourced):
    data_cut_id: int | None
    term: str
    system_organ_class: str
    category: str
    high_grade: str
    grading: str
    p_value: str
    decimals: int
    note: str
    arms: list[AdverseEventArmOut]


class BaselineOut(Sourced):
    analysis_set_id: int | None
    arm_id: int | None
    group: str
    label: str
    value: str
    n: int | None
    percent: float | None


class CrossoverOut(Sourced):
    data_cut_id: int
    from_arm_id: int
    to_treatment: str
    population: str
    timing: str
    n: int | None
    denominator: int | None
    percent: float | None
    decimals: int
    note: str


class CriterionOut(Sourced):
    feature: str
    feature_label: str
    admits: list[str] = Field(description="Answer codes to the feature that the criterion lets in.")
    text: str = Field(description="The criterion as published.")
    is_exclusion: bool
    asks_more: bool = Field(
        description="The criterion sets a further condition (a threshold, a lesion rule) "
        "that its admitted answers do not tell."
    )

    @staticmethod
    def resolve_admits(obj):
        return obj.admitted


class ClinicalSettingOut(Schema):
    slug: str
    disease: str
    disease_state: str
    name: str
    line: str
    order: int
    description: str


class TrialSummaryOut(Schema):
    slug: str
    acronym: str
    title: str
    nct_number: str
    phase: str
    design: str
    disease: str
    indication: str
    agents: list[str]
    n_randomised: int | None
    n_enrolled: int | None
    results_status: str

    @staticmethod
    def resolve_agents(obj):
        # Arms and their agents are prefetched by the list query.
        return sorted({arm.agent.name for arm in obj.arms.all() if arm.agent_id})


class TrialOut(TrialSummaryOut, Sourced):
    design_detail: str
    setting: str
    randomisation_ratio: str
    stratification: str
    n_screened: int | None
    screening: str
    n_sites: int | None
    sites: str
    enrolment_period: str
    sponsor: str
    key_eligibility: str
    results_note: str
    publications: list[PublicationOut]
    arms: list[ArmOut]
    analysis_sets: list[AnalysisSetOut]
    endpoints: list[EndpointOut]
    adverse_events: list[AdverseEventOut]
    baseline: list[BaselineOut]
    crossovers: list[CrossoverOut]
    clinical_setting: ClinicalSettingOut | None
    criteria: list[CriterionOut]


class ErrorOut(Schema):
    detail: str
