"""Fill a separate database with N made-up trials for the scale benchmark.

    DATABASE_URL=sqlite:///synthetic.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///synthetic.sqlite3 python bench/seed_synthetic.py 5000

The trials say they are made up in their own text (acronym SYN-…, title, sponsor). The script
refuses a database whose name does not contain "synthetic" or that holds any other trial, so
made-up numbers never sit beside the curated data.
"""

import os
import random
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radioligand_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
django.setup()

from django.db import connection, transaction  # noqa: E402

from trials import models as m  # noqa: E402

E, R, AE = m.Endpoint, m.ArmResult.Measure, m.AdverseEvent
TRIAL = {
    "design": m.Trial.Design.RANDOMISED_OPEN_LABEL,
    "randomisation_ratio": "1:1",
    "sponsor": "Synthetic data, not a real trial",
    "review_status": m.Trial.ReviewStatus.PUBLISHED,
}
INDICATIONS = [
    (m.Trial.Disease.PROSTATE, "Synthetic: prostate cancer"),
    (m.Trial.Disease.NET, "Synthetic: neuroendocrine tumours"),
]
ARMS = [
    {
        "label": "Synthetic experimental arm",
        "short_label": "Experimental",
        "role": m.Arm.Role.EXPERIMENTAL,
        "activity_gbq": Decimal("7.4"),
        "interval_weeks": 6,
        "max_cycles": 6,
        "regimen": "Synthetic.",
    },
    {
        "label": "Synthetic control arm",
        "short_label": "Control",
        "role": m.Arm.Role.CONTROL,
        "regimen": "Synthetic control.",
    },
]
# Each end point, with the measure of its per-arm results, drawn between low and high.
ENDPOINTS = [
    (
        {"name": "Overall survival", "family": E.Family.OS, "kind": E.Kind.TIME_TO_EVENT},
        E.Role.PRIMARY,
        R.MEDIAN,
        4,
        20,
    ),
    (
        {"name": "Objective response", "family": E.Family.ORR, "kind": E.Kind.PROPORTION},
        E.Role.SECONDARY,
        R.PROPORTION,
        5,
        60,
    ),
]
TERMS = ["Fatigue", "Nausea", "Anemia", "Dry mouth"]


def ci(value, places=1):
    """A value with a 95% CI around it; rounding keeps low <= value <= high."""
    low, value, high = (Decimal(f"{x:.{places}f}") for x in (value * 0.8, value, value * 1.25))
    return {"value": value, "ci_low": low, "ci_high": high, "ci_level": 95}


def synthetic_trial(i, rng, agents):
    """Every row of one made-up two-arm trial, each kind of row first after its parents."""
    n = rng.randint(100, 900)
    disease, indication = rng.choice(INDICATIONS)
    trial = m.Trial(
        slug=f"syn-{i:05d}",
        acronym=f"SYN-{i:05d}",
        title=f"Synthetic trial {i} (made-up data for the scale benchmark, not a real trial)",
        phase=rng.choice("23"),
        disease=disease,
        indication=indication,
        n_randomised=n,
        **TRIAL,
    )
    pub = m.Publication(
        trial=trial,
        label="Synthetic",
        citation="Synthetic publication, not a real one.",
        year=rng.randint(2015, 2025),
        kind=m.Publication.Kind.PRIMARY,
        source_quality=m.Publication.SourceQuality.FULL_TEXT,
    )
    src = {"source": pub, "locator": "Synthetic"}
    aset = m.AnalysisSet(trial=trial, label="All randomised", n_total=n, **src)
    endpoints = [
        m.Endpoint(trial=trial, publication=pub, analysis_set=aset, order=k, role=role, **fields)
        for k, (fields, role, *_) in enumerate(ENDPOINTS)
    ]
    events = [
        m.AdverseEvent(
            trial=trial,
            term=term,
            category=AE.Category.EVENT,
            high_grade=AE.HighGrade.GRADE_3_PLUS,
            order=k,
            **src,
        )
        for k, term in enumerate(TERMS)
    ]
    hr = m.EffectEstimate(
        endpoint=endpoints[0],
        measure=m.EffectEstimate.Measure.HR,
        **ci(rng.uniform(0.3, 1.1), 2),
        **src,
    )
    rows = [trial, pub, aset, *endpoints, *events, hr]
    for k, size in enumerate([n // 2, n - n // 2]):
        agent = rng.choice(agents) if k == 0 else None
        arm = m.Arm(
            trial=trial, n_randomised=size, n_safety=size, agent=agent, order=k, **ARMS[k], **src
        )
        rows += [arm, m.AnalysisSetArm(analysis_set=aset, arm=arm, n=size)]
        for endpoint, (_, _, measure, low, high) in zip(endpoints, ENDPOINTS, strict=True):
            value = ci(rng.uniform(low, high))
            rows.append(
                m.ArmResult(endpoint=endpoint, arm=arm, measure=measure, n=size, **value, **src)
            )
        for event in events:
            n_all = rng.randint(0, size)
            n_high = rng.randint(0, n_all)
            pct = {
                "all_grades_pct": Decimal(f"{100 * n_all / size:.1f}"),
                "high_grade_pct": Decimal(f"{100 * n_high / size:.1f}"),
            }
            rows.append(
                m.AdverseEventArm(
                    adverse_event=event,
                    arm=arm,
                    denominator=size,
                    all_grades_n=n_all,
                    high_grade_n=n_high,
                    **pct,
                )
            )
    return rows


def seed(count, batch=500):
    rng = random.Random(1)  # the same data on every run
    agents = [
        m.Radioligand.objects.get_or_create(
            slug=f"synthetic-{letter}",
            defaults={
                "name": f"Synthetic ¹⁷⁷Lu-ligand {letter.upper()}",
                "radionuclide": "Lu-177",
                "target": target,
                "notes": "Made-up agent for the scale benchmark.",
            },
        )[0]
        for letter, target in [("a", "PSMA"), ("b", "Somatostatin receptor"), ("c", "FAP")]
    ]
    start = m.Trial.objects.count() + 1
    for first in range(start, start + count, batch):
        by_model = defaultdict(list)  # filled parents first, so parents get their keys first
        for i in range(first, min(first + batch, start + count)):
            for row in synthetic_trial(i, rng, agents):
                by_model[type(row)].append(row)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)


def main():
    name = str(connection.settings_dict["NAME"])
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 1 <= int(sys.argv[1]) <= 100_000:
        sys.exit("Usage: python bench/seed_synthetic.py COUNT (1 to 100000)")
    if "synthetic" not in name.lower():
        sys.exit(
            f"Refusing to seed {name!r}: use a database whose name contains 'synthetic' "
            "(e.g. DATABASE_URL=sqlite:///synthetic.sqlite3)."
        )
    if m.Trial.objects.exclude(acronym__startswith="SYN-").exists():
        sys.exit(f"Refusing to seed {name!r}: it holds trials that are not synthetic (SYN-…).")
    with transaction.atomic():
        seed(int(sys.argv[1]))
    print(f"Seeded {sys.argv[1]} synthetic trials into {name}.")


if __name__ == "__main__":
    main()
