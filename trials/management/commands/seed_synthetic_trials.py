"""Fill a separate database with N synthetic trials for load and scale tests.

The trials are marked synthetic everywhere (flag, acronym SYN-…, title, sponsor) and the
command refuses a database that holds curated trials or whose name does not say "synthetic",
so made-up numbers never mix with the curated data:

    DATABASE_URL=sqlite:///synthetic.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///synthetic.sqlite3 python manage.py seed_synthetic_trials 5000
"""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from trials.models import (
    AdverseEvent,
    AdverseEventArm,
    AnalysisSet,
    AnalysisSetArm,
    Arm,
    ArmResult,
    EffectEstimate,
    Endpoint,
    Publication,
    Radioligand,
    Trial,
)

AGENTS = [
    ("Synthetic ¹⁷⁷Lu-ligand A", "synthetic-a", "PSMA"),
    ("Synthetic ¹⁷⁷Lu-ligand B", "synthetic-b", "Somatostatin receptor"),
    ("Synthetic ²²⁵Ac-ligand C", "synthetic-c", "FAP"),
]
INDICATIONS = [
    "Synthetic indication: metastatic prostate cancer",
    "Synthetic indication: neuroendocrine tumours",
    "Synthetic indication: solid tumours",
]
TERMS = ["Fatigue", "Nausea", "Anemia", "Thrombocytopenia", "Dry mouth", "Lymphopenia"]


def d(value, places=1):
    return Decimal(str(round(value, places)))


class Command(BaseCommand):
    help = "Fill a separate, synthetic-only database with N made-up trials."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, count, seed, **options):
        name = str(connection.settings_dict["NAME"])
        if "synthetic" not in name.lower():
            raise CommandError(
                f"Refusing to seed {name!r}: use a database whose name contains "
                "'synthetic' (e.g. DATABASE_URL=sqlite:///synthetic.sqlite3)."
            )
        if Trial.objects.filter(is_synthetic=False).exists():
            raise CommandError("Refusing to seed: this database holds curated trials.")
        if not 1 <= count <= 100_000:
            raise CommandError("Give a count between 1 and 100000.")
        rng = random.Random(seed)
        with transaction.atomic():
            start = Trial.objects.count()
            agents = [
                Radioligand.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": n,
                        "radionuclide": "Lu-177",
                        "target": t,
                        "notes": "Synthetic agent for load tests.",
                    },
                )[0]
                for n, slug, t in AGENTS
            ]
            for first in range(start, start + count, 500):
                self.seed_batch(rng, agents, range(first, min(first + 500, start + count)))
        self.stdout.write(self.style.SUCCESS(f"Seeded {count} synthetic trials into {name}."))

    def seed_batch(self, rng, agents, numbers):
        trials = Trial.objects.bulk_create(
            [
                Trial(
                    slug=f"syn-{i:05d}",
                    acronym=f"SYN-{i:05d}",
                    title=f"Synthetic trial {i} (made-up data for load tests)",
                    phase=rng.choice(["2", "3"]),
                    design="randomised-open-label",
                    indication=rng.choice(INDICATIONS),
                    randomisation_ratio="1:1",
                    n_randomised=rng.randint(100, 900),
                    sponsor="Synthetic data, not a real trial",
                    review_status="published",
                    is_synthetic=True,
                )
                for i in numbers
            ]
        )
        pubs = Publication.objects.bulk_create(
            [
                Publication(
                    trial=t,
                    label=f"Synthetic {2015 + rng.randint(0, 10)}",
                    citation="Synthetic publication.",
                    year=2015 + rng.randint(0, 10),
                    kind="primary",
                    source_quality="full-text",
                )
                for t in trials
            ]
        )
        arms, sets = [], []
        for t, pub in zip(trials, pubs, strict=True):
            half = t.n_randomised // 2
            arms += [
                Arm(
                    trial=t,
                    label="Synthetic experimental arm",
                    short_label="Experimental",
                    role="experimental",
                    n_randomised=half,
                    n_safety=half,
                    agent=rng.choice(agents),
                    activity_gbq=Decimal("7.4"),
                    interval_weeks=Decimal("6"),
                    max_cycles=6,
                    regimen="Synthetic regimen.",
                    order=1,
                    source=pub,
                    locator="Synthetic",
                ),
                Arm(
                    trial=t,
                    label="Synthetic control arm",
                    short_label="Control",
                    role="control",
                    n_randomised=t.n_randomised - half,
                    n_safety=t.n_randomised - half,
                    regimen="Synthetic control.",
                    order=2,
                    source=pub,
                    locator="Synthetic",
                ),
            ]
            sets.append(
                AnalysisSet(
                    trial=t,
                    label="All randomised",
                    n_total=t.n_randomised,
                    source=pub,
                    locator="Synthetic",
                )
            )
        arms = Arm.objects.bulk_create(arms)
        sets = AnalysisSet.objects.bulk_create(sets)
        AnalysisSetArm.objects.bulk_create(
            [
                AnalysisSetArm(analysis_set=s, arm=a, n=a.n_randomised)
                for s, pair in zip(sets, zip(arms[::2], arms[1::2], strict=True), strict=True)
                for a in pair
            ]
        )
        endpoints = Endpoint.objects.bulk_create(
            [
                Endpoint(
                    trial=t,
                    publication=p,
                    analysis_set=s,
                    name=name,
                    family=family,
                    kind=kind,
                    role=role,
                    order=order,
                )
                for t, p, s in zip(trials, pubs, sets, strict=True)
                for order, (name, family, kind, role) in enumerate(
                    [
                        ("Overall survival", "os", "time-to-event", "primary"),
                        ("Progression-free survival", "pfs", "time-to-event", "secondary"),
                        ("Objective response", "orr", "proportion", "secondary"),
                    ]
                )
            ]
        )
        results, effects = [], []
        for index, e in enumerate(endpoints):
            pub = pubs[index // 3]
            exp, ctl = arms[2 * (index // 3)], arms[2 * (index // 3) + 1]
            if e.kind == "time-to-event":
                for arm, base in ((exp, rng.uniform(8, 20)), (ctl, rng.uniform(4, 12))):
                    results.append(
                        ArmResult(
                            endpoint=e,
                            arm=arm,
                            measure="median",
                            value=d(base),
                            ci_low=d(base * 0.8),
                            ci_high=d(base * 1.25),
                            ci_level=Decimal("95"),
                            n=arm.n_randomised,
                            source=pub,
                            locator="Synthetic",
                        )
                    )
                hr = rng.uniform(0.3, 1.1)
                effects.append(
                    EffectEstimate(
                        endpoint=e,
                        measure="hr",
                        value=d(hr, 2),
                        ci_low=d(hr * 0.8, 2),
                        ci_high=d(hr * 1.25, 2),
                        ci_level=Decimal("95"),
                        p_value="0.01",
                        source=pub,
                        locator="Synthetic",
                    )
                )
            else:
                for arm in (exp, ctl):
                    pct = rng.uniform(5, 60)
                    results.append(
                        ArmResult(
                            endpoint=e,
                            arm=arm,
                            measure="proportion",
                            value=d(pct),
                            ci_low=d(pct * 0.7),
                            ci_high=d(min(pct * 1.3, 100)),
                            ci_level=Decimal("95"),
                            n=arm.n_randomised,
                            source=pub,
                            locator="Synthetic",
                        )
                    )
        ArmResult.objects.bulk_create(results)
        EffectEstimate.objects.bulk_create(effects)
        events = AdverseEvent.objects.bulk_create(
            [
                AdverseEvent(
                    trial=t,
                    term=term,
                    category="event",
                    high_grade="3+",
                    decimals=1,
                    source=p,
                    locator="Synthetic",
                    order=order,
                )
                for t, p in zip(trials, pubs, strict=True)
                for order, term in enumerate(TERMS)
            ]
        )
        counts = []
        for index, event in enumerate(events):
            for arm in arms[2 * (index // len(TERMS)) : 2 * (index // len(TERMS)) + 2]:
                n_all = rng.randint(0, arm.n_safety)
                n_high = rng.randint(0, n_all)
                counts.append(
                    AdverseEventArm(
                        adverse_event=event,
                        arm=arm,
                        denominator=arm.n_safety,
                        all_grades_n=n_all,
                        all_grades_pct=d(100 * n_all / arm.n_safety),
                        high_grade_n=n_high,
                        high_grade_pct=d(100 * n_high / arm.n_safety),
                    )
                )
        AdverseEventArm.objects.bulk_create(counts)
