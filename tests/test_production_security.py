"""Security headers on real responses, and in production mode (DJANGO_ENV=production, as
deployed behind an HTTPS proxy) the cookie flags, HSTS and the redirect to HTTPS."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(headers: dict) -> None:
    for name, value in HEADERS.items():
        assert headers.get(name) == value, (name, headers.get(name))
    csp = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "object-src 'none'" in csp


@pytest.mark.parametrize("path", ["/login/", "/", "/approvals/", "/does-not-exist/"])
def test_security_headers_on_every_kind_of_response(org, client, path):
    client.force_login(org.north_manager)
    response = client.get(path)
    assert response.status_code in (200, 302, 404)
    assert_security_headers(response.headers)


def test_security_headers_when_signed_out(client):
    response = client.get("/")
    assert response.status_code == 302
    assert_security_headers(response.headers)


PRODUCTION_PROBE = r"""
import json, os, sys, tempfile
import django
django.setup()
from django.core.management import call_command
from django.test import Client, override_settings

static_root = tempfile.mkdtemp()
with override_settings(STATIC_ROOT=static_root):
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    from regions.models import User
    from regions.roles import Role
    User.objects.create_user(
        "probe", password="Probe-pass-2026!", role=Role.SALES_REP, language="en"
    )
    out = {}
    plain = Client(HTTP_HOST="ops.example.com")
    answer = plain.get("/login/")
    out["http"] = {"status": answer.status_code, "location": answer.headers.get("Location", "")}
    https = Client(HTTP_HOST="ops.example.com", HTTP_X_FORWARDED_PROTO="https")
    page = https.get("/login/")
    signed_in = https.post("/login/", {"username": "probe", "password": "Probe-pass-2026!"})
    cookies = {}
    for response in (page, signed_in):
        for name, morsel in response.cookies.items():
            cookies[name] = {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
                             "samesite": morsel["samesite"]}
    home = https.get("/")
    out.update(login_status=page.status_code, signin_status=signed_in.status_code,
               home_status=home.status_code, cookies=cookies,
               headers={**dict(home.headers)})
print("PROBE" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def production():
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="marketing_ops.settings",
        SECRET_KEY="x7#kP2!vQ9zL4mN8rT1wY6uE3oA5sD0fG-hJ_kL*cV@bN%mQ^rW",
        ALLOWED_HOSTS="ops.example.com",
        DATABASE_URL="sqlite://:memory:",
        LOG_LEVEL="ERROR",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE"))
    return json.loads(line.removeprefix("PROBE"))


def test_production_collects_static_files_and_serves_pages(production):
    # the probe ran collectstatic with the manifest storage (a vendored file pointing at a
    # missing source map fails it) and rendered the login page and home through it
    assert production["login_status"] == 200 and production["home_status"] == 200


def test_production_redirects_plain_http_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == "https://ops.example.com/login/"


def test_production_session_and_csrf_cookies_are_secure_httponly_samesite(production):
    assert production["login_status"] == 200 and production["signin_status"] == 302
    assert production["home_status"] == 200
    session = production["cookies"]["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}
    csrf = production["cookies"]["csrftoken"]
    assert csrf["secure"] is True and csrf["samesite"] == "Lax"
    # the CSRF cookie stays readable by the page's own script (htmx sends it as a header)
    assert csrf["httponly"] is False
    language = production["cookies"].get("django_language")
    if language:
        assert language["secure"] is True and language["samesite"] == "Lax"


def test_production_sends_hsts_and_the_security_headers(production):
    headers = production["headers"]
    assert_security_headers(headers)
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
