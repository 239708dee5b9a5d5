"""Server time and page weight of the main pages.

Prints the median and 95th percentile of the server time (Django handling the request in this
process, database included, network excluded) over N requests per page, and the transfer size of
each page's HTML, scripts and stylesheets as the production static storage compresses them.

    make bench                     # SQLite, the shipped fixtures
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench
"""

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STATIC_ROOT = tempfile.mkdtemp(prefix="bench-static-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radioligand_site.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_STATIC_ROOT"] = STATIC_ROOT
os.environ.setdefault("DJANGO_HTTPS", "false")
# The work of building each page; DJANGO_PAGE_CACHE=true measures cache hits instead.
os.environ.setdefault("DJANGO_PAGE_CACHE", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = [
    ("overview", "/"),
    ("catalogue", "/trials/"),
    ("trial page", "/trials/vision/"),
    ("comparison, 4 trials", "/compare/?trials=vision,netter-1,therap,ralu"),
    ("API trial detail", "/api/trials/vision/"),
]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def compressed(path):
    """Sizes of a collected static file: raw, gzip and Brotli as WhiteNoise stores them."""
    file = Path(STATIC_ROOT) / path
    sizes = {"raw": file.stat().st_size}
    for suffix, name in ((".gz", "gzip"), (".br", "br")):
        if file.with_name(file.name + suffix).exists():
            sizes[name] = file.with_name(file.name + suffix).stat().st_size
    return sizes


def main():
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    print(f"Server time over {REQUESTS} requests per page (after 5 warm-up requests)")
    print(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'HTML KB':>8} {'gzip KB':>8}")
    assets = {}
    for name, url in PAGES:
        for _ in range(5):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        html = response.content
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{name:24} {statistics.median(times):10.1f} {p95:8.1f} {len(html) / 1024:8.1f} "
            f"{len(gzip.compress(html)) / 1024:8.1f}"
        )
        for asset in re.findall(rb'(?:src|href|data-plotly)="/static/([^"]+)"', html):
            assets.setdefault(asset.decode(), set()).add(name)

    print("\nStatic assets (KB): raw / gzip / Brotli; hashed names, cached for a year")
    for asset in sorted(assets):
        sizes = compressed(asset)
        print(
            f"  {asset:60} {sizes['raw'] / 1024:8.1f} {sizes.get('gzip', 0) / 1024:8.1f} "
            f"{sizes.get('br', 0) / 1024:8.1f}"
        )
    cache = client.get(f"/static/{next(iter(assets))}")["Cache-Control"]
    print(f"  Cache-Control of a hashed static file: {cache}")

    html = client.get(PAGES[3][1]).content
    first = len(gzip.compress(html)) + sum(
        compressed(a).get("br", compressed(a)["raw"])
        for a, pages in assets.items()
        if "comparison, 4 trials" in pages
    )
    print(
        f"\nComparison first load, HTML gzip + assets Brotli: {first / 1024:.0f} KB; "
        f"a repeat visit fetches the HTML only ({len(gzip.compress(html)) / 1024:.0f} KB)."
    )


if __name__ == "__main__":
    main()
