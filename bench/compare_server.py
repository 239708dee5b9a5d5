"""Server time of the comparison, 4 and 12 trials, without the page cache, against a bare WSGI app
serving the same bytes under the same gunicorn: what the page costs beyond HTTP itself.

Prints the median and 95th percentile over N sequential requests (BENCH_REQUESTS, 200), the two
ratios the page is held to (4 trials at most 30x the bare app, 12 trials at most 2.5x 4 trials),
and the 4-trial median of each fifth of the run, which shows how much the machine moved. A third
server, Django with the site's settings and middleware answering the same bytes from a view that
does nothing else, shows the framework's own share: the floor no page of this site goes below.

    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python bench/compare_server.py
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_PORT", "8011"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
FOUR = "/compare/?trials=vision,netter-1,therap,ralu"
TWELVE = (
    "/compare/?trials=vision,netter-1,therap,ralu,psmafore,splash,eclipse,psmaddition,enza-p,"
    "upfrontpsma,netter-2,compete"
)


def bare_app(environ, start_response):
    """The same bytes, no work: gunicorn's own cost of a request of this size."""
    name = environ["PATH_INFO"].strip("/") or "four"
    body = Path(os.environ["BENCH_BODIES"], name).read_bytes()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body]


def same_bytes(request, name):
    return HttpResponse(Path(os.environ["BENCH_BODIES"], name).read_bytes())


urlpatterns = [path("<str:name>", same_bytes)]


def django_floor(environ, start_response):
    """The same bytes from a Django view: every middleware of the site, no query, no template."""
    global _django
    if _django is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radioligand_site.settings")
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        _django = get_wsgi_application()
        settings.ROOT_URLCONF = __name__
    return _django(environ, start_response)


_django = None


def wait_for_port(timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", PORT)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def serve(app, env):
    """One sync worker, as in production per core; requests are sequential."""
    return subprocess.Popen(
        [BIN / "gunicorn", app, "--bind", f"127.0.0.1:{PORT}", "--workers", "1"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=os.environ | env,
    )


def get(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200, (path, response.status)
    return body


def timed(path):
    get(path)  # warm: templates compiled, connections open
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        get(path)
        times.append((time.perf_counter() - start) * 1000)
    fifth = max(1, len(times) // 5)
    fifths = [statistics.median(times[i : i + fifth]) for i in range(0, fifth * 5, fifth)]
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], fifths


def main():
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    bodies = tempfile.mkdtemp(prefix="bench-bodies-")
    django_env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_PAGE_CACHE": "false",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=os.environ | django_env,
        check=True,
    )
    results = {}
    server = serve("radioligand_site.wsgi", django_env)
    try:
        wait_for_port()
        for name, path in (("four", FOUR), ("twelve", TWELVE)):
            Path(bodies, name).write_bytes(get(path))
            results[name] = timed(path)
    finally:
        server.terminate()
        server.wait()
    server = serve("bench.compare_server:bare_app", {"BENCH_BODIES": bodies})
    try:
        wait_for_port()
        results["bare"] = timed("/four")
        results["bare-twelve"] = timed("/twelve")
    finally:
        server.terminate()
        server.wait()
    server = serve("bench.compare_server:django_floor", django_env | {"BENCH_BODIES": bodies})
    try:
        wait_for_port()
        results["floor"] = timed("/four")
    finally:
        server.terminate()
        server.wait()
    for name, label in (
        ("four", "comparison, 4 trials"),
        ("twelve", "comparison, 12 trials"),
        ("bare", "bare WSGI, 4-trial bytes"),
        ("bare-twelve", "bare WSGI, 12-trial bytes"),
        ("floor", "Django view, 4-trial bytes"),
    ):
        median, p95, _ = results[name]
        size = Path(bodies, "twelve" if "twelve" in name else "four").stat().st_size
        print(f"{label:28} median {median:7.1f} ms   p95 {p95:7.1f} ms   {size / 1024:6.0f} KiB")
    four, twelve, bare = results["four"][0], results["twelve"][0], results["bare"][0]
    print(f"4 trials / bare: {four / bare:5.1f}x (target <= 30x)")
    print(f"Django view / bare: {results['floor'][0] / bare:5.1f}x")
    print(f"12 trials / 4 trials: {twelve / four:5.2f}x (target <= 2.5x)")
    fifths = ", ".join(f"{m:.1f}" for m in results["four"][2])
    print(f"4 trials, median of each fifth of the run: {fifths} ms")


if __name__ == "__main__":
    main()
