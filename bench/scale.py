"""Scale: the catalogue and the API list with 5,000 synthetic trials against the 4 curated ones,
and the SQL cost of comparing 10 trials against 2.

    make bench-scale       # seeds synthetic.sqlite3 once, then measures both databases

synthetic.sqlite3 is filled by bench/seed_synthetic.py, apart from the curated database.

Each database is measured in its own process (the database is chosen by DATABASE_URL).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
PAGES = [
    "/trials/",  # 25 rows a page (4 on the curated database)
    "/trials/?per_page=4",  # the same number of rows on both
    "/trials/?sort=-n_randomised&per_page=4&page=7",
    "/api/trials/",  # 50 items a page (4 on the curated database)
    "/api/trials/?page_size=4",
    "/api/trials/?page_size=4&page=500",
]


def measure():
    """Runs inside a child process: time the list pages, count a comparison's queries."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radioligand_site.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from trials.models import Trial

    client = Client()
    out = {"trials": Trial.objects.count(), "pages": {}, "compare": {}}
    for url in PAGES:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        out["pages"][url] = statistics.median(times)
    slugs = list(Trial.objects.published().values_list("slug", flat=True)[:10])
    for n in (2, 4, 10):
        if len(slugs) < n:
            continue
        url = "/compare/?trials=" + ",".join(slugs[:n])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            elapsed = (time.perf_counter() - start) * 1000
        out["compare"][n] = (len(queries), elapsed)
    print(json.dumps(out))


def run(database_url):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "true",
        "DJANGO_PAGE_CACHE": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    curated = run(os.environ.get("CURATED_DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}"))
    synthetic = run(
        os.environ.get("SYNTHETIC_DATABASE_URL", f"sqlite:///{ROOT / 'synthetic.sqlite3'}")
    )
    print(f"Median server time over {REQUESTS} requests (page cache off)")
    print(f"{'page':40} {curated['trials']:>6} trials {synthetic['trials']:>6} trials   ratio")
    for url in PAGES:
        a, b = curated["pages"][url], synthetic["pages"][url]
        print(f"{url:40} {a:10.1f} ms {b:10.1f} ms   {b / a:5.2f}x")
    print("\nComparison on the synthetic database: SQL queries and server time")
    for n, (queries, ms) in synthetic["compare"].items():
        print(f"  {n:>2} trials: {queries} queries, {ms:.1f} ms")


if __name__ == "__main__":
    measure() if "--measure" in sys.argv else main()
