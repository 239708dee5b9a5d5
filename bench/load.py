"""Load: gunicorn on 127.0.0.1 driven by locust (headless) for 60 s at 32 users, with and
without the page cache. Prints requests/s, p50/p95/p99 and errors per kind of request.

    make bench-load        # uses REDIS_URL if set (default redis://127.0.0.1:6379/2)
"""

import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_PORT", "8010"))
USERS = os.environ.get("BENCH_USERS", "32")
DURATION = os.environ.get("BENCH_DURATION", "60s")
WORKERS = os.environ.get("BENCH_WORKERS", "3")


def wait_for_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def run(label, extra_env, static_root):
    env = (
        os.environ
        | {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-secret-key",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "false",
            "DJANGO_STATIC_ROOT": static_root,
        }
        | extra_env
    )
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "radioligand_site.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(PORT)
        prefix = Path(static_root) / label.replace(" ", "-")
        subprocess.run(
            [
                BIN / "locust",
                "-f",
                ROOT / "bench/locustfile.py",
                "--headless",
                "-u",
                USERS,
                "-r",
                USERS,
                "-t",
                DURATION,
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
        with open(f"{prefix}_stats.csv", newline="") as f:
            rows = list(csv.DictReader(f))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{label}: {USERS} users, {DURATION}, gunicorn {WORKERS} workers")
    print(
        f"  {'request':26} {'count':>7} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} ms"
    )
    for row in rows:
        print(
            f"  {row['Name']:26} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} "
            f"{row['99%']:>6}"
        )


def main():
    static_root = tempfile.mkdtemp(prefix="bench-load-")
    env = os.environ | {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench",
        "DJANGO_STATIC_ROOT": static_root,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
    run("without the page cache", {"DJANGO_PAGE_CACHE": "false"}, static_root)
    run(
        "with the page cache (Redis)",
        {"DJANGO_PAGE_CACHE": "true", "REDIS_URL": redis},
        static_root,
    )


if __name__ == "__main__":
    main()
