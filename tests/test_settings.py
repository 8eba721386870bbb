"""The embedded default needs no environment; production mode passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def clean_env(**extra) -> dict:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return {**keep, **extra}


def test_embedded_default_with_no_environment():
    code = (
        "import django, os; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','marketing_ops.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']); print(s.DATABASES['default']['NAME']);"
        "print(s.CELERY_TASK_ALWAYS_EAGER); print(s.DEBUG); print(s.EMAIL_BACKEND)"
    )
    result = run_python(code, clean_env())
    assert result.returncode == 0, result.stderr
    engine, name, eager, debug, email = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"
    assert eager == "True" and debug == "True"
    assert email.endswith("console.EmailBackend")


def test_broker_url_turns_off_eager_tasks():
    code = (
        "import django, os; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','marketing_ops.settings');"
        "django.setup(); from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_python(code, clean_env(CELERY_BROKER_URL="redis://127.0.0.1:6379/9"))
    assert result.stdout.strip() == "False", result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_env(DJANGO_ENV="production", ALLOWED_HOSTS="ops.example.com"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_passes_check_deploy():
    env = clean_env(
        DJANGO_ENV="production",
        SECRET_KEY="x7#kP2!vQ9zL4mN8rT1wY6uE3oA5sD0fG-hJ_kL*cV@bN%mQ^rW",
        ALLOWED_HOSTS="ops.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
