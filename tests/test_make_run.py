"""`make run` serves on PORT (default 8000), says where, and the seed's closing line and e-mail
links (SITE_URL) name the same address."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _dry_run(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n prints the commands without running them (nothing is installed or started).
    result = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.parametrize("args,port", [((), "8000"), (("PORT=8001",), "8001")])
def test_make_run_serves_on_the_port_asked_for_and_says_where(args, port):
    commands = _dry_run(*args)
    assert f"manage.py runserver 127.0.0.1:{port}" in commands
    assert f"SITE_URL=http://127.0.0.1:{port} " in commands
    assert f"runs at http://127.0.0.1:{port}/" in commands
    other = "8001" if port == "8000" else "8000"
    assert f"127.0.0.1:{other}" not in commands


@pytest.mark.django_db
def test_the_seed_tells_where_to_sign_in(org, settings):
    settings.SITE_URL = "http://127.0.0.1:8001"
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)  # people exist: prints the logins only
    assert "north_rep" in out.getvalue()
    assert out.getvalue().rstrip().endswith("Open http://127.0.0.1:8001/ and sign in.")
