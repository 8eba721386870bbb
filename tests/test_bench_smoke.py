"""The benchmark cannot rot: the whole pipeline (fresh database, every app's generator, gunicorn,
sign-in, every page over HTTP, every job) at scale 0.1 with one request per page. A broken
`<app>/bench.py` — a generator that fails, a page that does not answer 200, a job that
raises — fails the suite. Runs on SQLite, or on PostgreSQL (a database named after the test
database) when the suite does."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.prepare import discover

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str | None:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return None
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    name = db.get("TEST", {}).get("NAME") or f"test_{db['NAME'].removeprefix('test_')}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.mark.django_db
def test_the_benchmark_runs_end_to_end_at_scale_0_1(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    url = database_url()
    if url:
        env["DATABASE_URL"] = url
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scales",
            "0.1",
            "--requests",
            "1",
            "--clients",
            "1",
            "--workers",
            "2",
            "--out",
            str(tmp_path),
            "--workdir",
            str(tmp_path / "work"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text())
    assert (tmp_path / "latest.md").read_text().startswith("# Benchmark")
    (scale,) = report["scales"]
    assert scale["scale"] == 0.1 and scale["database"]["engine"] in {"sqlite", "PostgreSQL"}

    apps_with_bench = [label for label, module in discover()]
    assert "regions" in apps_with_bench
    assert [g["app"] for g in scale["generators"]] == [
        label for label, module in discover() if hasattr(module, "generate")
    ]
    assert scale["rows"]["regions.User"] >= 60

    # every app's pages were requested, and every one answered 200 with its query count
    assert {p["app"] for p in scale["pages"]} >= {
        label for label, module in discover() if hasattr(module, "pages")
    }
    for page in scale["pages"]:
        assert page.get("error") is None, page
        assert page["status"] == 200, page
        assert page["queries"] > 0, page
        (figures,) = page["measurements"]
        assert figures["statuses"] == {"200": 1} and figures["median_ms"] > 0
    for job in scale["jobs"]:
        assert job["error"] is None, job
        assert job["seconds"] >= 0
