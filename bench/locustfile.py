"""A realistic mix of clinicians and analysts for bench/load.py."""

import random

from locust import HttpUser, between, task

SLUGS = ["vision", "netter-1", "therap", "ralu"]
FILTERS = [
    "",
    "?target=PSMA",
    "?phase=3",
    "?q=lutetium",
    "?sort=-n_randomised",
    "?design=retrospective",
]


class Clinician(HttpUser):
    wait_time = between(0.2, 1.0)

    @task(2)
    def overview(self):
        self.client.get("/", name="overview")

    @task(2)
    def catalogue(self):
        self.client.get(f"/trials/{random.choice(FILTERS)}", name="catalogue")

    @task(3)
    def trial_page(self):
        self.client.get(f"/trials/{random.choice(SLUGS)}/", name="trial page")

    @task(4)
    def comparison(self):
        chosen = random.sample(SLUGS, random.randint(2, 4))
        self.client.get(f"/compare/?trials={','.join(chosen)}", name="comparison (2-4 trials)")

    @task(1)
    def api_list(self):
        self.client.get("/api/trials/", name="API list")

    @task(2)
    def api_detail(self):
        self.client.get(f"/api/trials/{random.choice(SLUGS)}/", name="API trial")
