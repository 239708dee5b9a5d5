"""Faults: gunicorn with its own Redis, under bounded local load, while a curator saves a
correction every half second in the admin; Redis is killed mid-run, then started again.
Prints, per phase, requests, 5xx, p50/p95 latency, saves made, saves lost and stale pages.

    make bench-faults      # SQLite in a temporary folder; FAULT_DATABASE_URL for PostgreSQL

A save is lost if the admin answered it but the API does not serve it; a page is stale if,
right after a save, the public trial page does not show it.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.admin_forms import form_data  # noqa: E402

BIN = Path(sys.executable).parent
READERS = 4
PHASES = [("Redis up", 6.0), ("Redis killed", 10.0), ("Redis back", 6.0)]
PAGES = ["/", "/trials/vision/", "/compare/?trials=vision,therap", "/api/trials/vision/"]
PASSWORD = "fault-run-password-123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def start_redis(port):
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for(port)
    return process


def manage(env, *args):
    subprocess.run([BIN / "python", "manage.py", *args], cwd=ROOT, env=env, check=True)


class Run:
    def __init__(self, origin):
        self.origin = origin
        self.phase = PHASES[0][0]
        self.stop = threading.Event()
        self.statuses = defaultdict(list)
        self.latencies = defaultdict(list)
        self.saves = defaultdict(int)
        self.saved = []
        self.stale = defaultdict(int)
        self.lock = threading.Lock()

    def read(self):
        session = requests.Session()
        i = 0
        while not self.stop.is_set():
            url = self.origin + PAGES[i % len(PAGES)]
            i += 1
            start = time.perf_counter()
            try:
                status = session.get(url, timeout=10).status_code
            except requests.RequestException:
                status = 599
            with self.lock:
                self.statuses[self.phase].append(status)
                self.latencies[self.phase].append((time.perf_counter() - start) * 1000)

    def curate(self, hr_id):
        session = requests.Session()
        login = self.origin + "/admin/login/"
        session.get(login)
        session.post(
            login,
            {
                "username": "fault-curator",
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
                "next": "/admin/",
            },
            headers={"Referer": login},
        )
        url = f"{self.origin}/admin/trials/effectestimate/{hr_id}/change/"
        k = 0
        while not self.stop.is_set():
            k += 1
            locator = f"Abstract; Figure 2B (fault run save {k})"
            phase = self.phase
            page = session.get(url)
            data = form_data(
                page.text, "effectestimate_form", locator=locator, change_reason=f"Save {k}"
            )
            answer = session.post(url, data, headers={"Referer": url}, allow_redirects=False)
            with self.lock:
                self.statuses[phase].append(answer.status_code)
            if answer.status_code == 302:
                self.saves[phase] += 1
                self.saved.append(locator)
                public = requests.get(self.origin + "/trials/vision/", timeout=10).text
                if f"fault run save {k})" not in public:
                    self.stale[phase] += 1
            time.sleep(0.5)


def main():
    work = Path(tempfile.mkdtemp(prefix="faults-"))
    redis_port, web_port = free_port(), free_port()
    env = os.environ | {
        "DATABASE_URL": os.environ.get("FAULT_DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "fault-run-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "DJANGO_STATIC_ROOT": str(work / "static"),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User;"
        "User.objects.filter(username='fault-curator').delete();"
        f"u = User.objects.create_user('fault-curator', password='{PASSWORD}', is_staff=True);"
        "u.groups.add(Group.objects.get(name='Curator'))",
    )
    hr_id = subprocess.run(
        [BIN / "python", "manage.py", "shell", "-v", "0", "-c", HR_QUERY],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    redis = start_redis(redis_port)
    server = subprocess.Popen(
        [BIN / "gunicorn", "radioligand_site.wsgi", "--bind", f"127.0.0.1:{web_port}"]
        + ["--workers", "3", "--timeout", "30", "--log-level", "critical"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    run = Run(f"http://127.0.0.1:{web_port}")
    try:
        wait_for(web_port)
        threads = [threading.Thread(target=run.read) for _ in range(READERS)]
        threads.append(threading.Thread(target=run.curate, args=(hr_id,)))
        for thread in threads:
            thread.start()
        for name, seconds in PHASES:
            run.phase = name
            if name == "Redis killed":
                redis.kill()
                redis.wait()
            elif name == "Redis back":
                redis = start_redis(redis_port)
            time.sleep(seconds)
        run.stop.set()
        for thread in threads:
            thread.join()
        served = requests.get(f"{run.origin}/api/trials/vision/", timeout=10).text
        lost = sum(1 for locator in run.saved[-1:] if locator not in served)
        history = subprocess.run(
            [BIN / "python", "manage.py", "shell", "-v", "0", "-c", HISTORY_QUERY],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        lost += sum(1 for locator in run.saved if locator not in history)
    finally:
        server.terminate()
        server.wait()
        redis.kill()
        redis.wait()
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'phase':14} {'requests':>8} {'5xx':>5} {'p50 ms':>7} {'p95 ms':>7} {'saves':>5} stale")
    for name, _ in PHASES:
        statuses, times = run.statuses[name], sorted(run.latencies[name])
        p95 = times[int(len(times) * 0.95)] if times else 0
        print(
            f"{name:14} {len(statuses):8} {sum(s >= 500 for s in statuses):5} "
            f"{statistics.median(times) if times else 0:7.1f} {p95:7.1f} "
            f"{run.saves[name]:5} {run.stale[name]:5}"
        )
    print(f"saves answered: {len(run.saved)}; lost: {lost}")


HR_QUERY = (
    "from trials.models import EffectEstimate;"
    "print(EffectEstimate.objects.get(endpoint__trial__slug='vision',"
    " endpoint__name='Overall survival', measure='hr').pk)"
)
# Every locator the estimate ever had, one per line: each answered save must be among them.
HISTORY_QUERY = (
    "from trials.models import EffectEstimate;"
    "print('\\n'.join(EffectEstimate.history.values_list('locator', flat=True)))"
)

if __name__ == "__main__":
    main()
