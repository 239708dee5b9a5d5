"""Production settings: the deploy check, security headers, and error pages that leak nothing."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k7#Qz!v9@Lm2$Xw5^Tr8&Yp1*Hn4(Bd6)Fg3_Js0+Ce-Vu=Ka;Ox:Ri?Wl<Ny>Mq",
    "DJANGO_ALLOWED_HOSTS": "trials.example.org",
    "DJANGO_HTTPS": "true",
}


def run(args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issue_under_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


HEADERS_SCRIPT = """
import django; django.setup()
from django.test import Client
client = Client(HTTP_HOST="trials.example.org")
plain = client.get("/no-such-page/")
print("redirect", plain.status_code, plain["Location"])
secure = client.get("/no-such-page/", secure=True)
print("status", secure.status_code)
for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options",
             "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"):
    print(name, "=", secure.get(name))
"""


def test_production_responses_carry_the_security_headers():
    env = PRODUCTION | {
        "DJANGO_SETTINGS_MODULE": "radioligand_site.settings",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = run(["-c", HEADERS_SCRIPT], env)
    out = result.stdout
    assert "redirect 301 https://trials.example.org/no-such-page/" in out, result.stderr
    assert "status 404" in out
    assert "Strict-Transport-Security = max-age=31536000; includeSubDomains; preload" in out
    csp = next(line for line in out.splitlines() if line.startswith("Content-Security-Policy"))
    script_src = csp.split("script-src", 1)[1].split(";")[0]
    assert script_src.strip() == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "X-Content-Type-Options = nosniff" in out
    assert "Referrer-Policy = same-origin" in out
    assert "X-Frame-Options = DENY" in out
    assert "Cross-Origin-Opener-Policy = same-origin" in out


def test_pages_have_a_content_security_policy_and_no_inline_script(client):
    response = client.get("/compare/?trials=vision,therap")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    # Every <script> either loads a file or is a JSON data block.
    import re

    for tag in re.findall(r"<script[^>]*>", body):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert " style=" not in body and "<style" not in body


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/trials/no-such-trial/", 404, "Page not found"),
    ],
)
def test_error_pages_leak_nothing(client, path, status, words):
    response = client.get(path)
    assert response.status_code == status
    body = response.content.decode()
    assert words in body
    for leak in ("Traceback", "django", "Django", "DEBUG", "settings", "urlpatterns"):
        assert leak not in body


def test_server_error_page_is_plain():
    from django.urls import path

    def broken(request):
        raise RuntimeError("secret detail")

    urlconf = type("urls", (), {"urlpatterns": [path("boom/", broken)], "handler500": None})
    client = Client(raise_request_exception=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "ROOT_URLCONF", urlconf)
        from django.urls import clear_url_caches

        clear_url_caches()
        response = client.get("/boom/")
        clear_url_caches()
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "secret detail" not in body and "Traceback" not in body


def test_csrf_failure_is_a_plain_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
