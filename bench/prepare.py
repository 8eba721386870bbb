"""One scale's database, built in its own process (the runner points DATABASE_URL at a fresh
database for each scale): migrate, run every app's generator in ORDER, ANALYZE, time each job,
and write what the runner needs (pages, timings, row counts, machine) as JSON.

    export DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=...
    python -m bench.prepare --scale 1 --out f.json
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
import traceback
from dataclasses import asdict


def discover():
    """(app label, module) for every installed app that has a bench.py, sorted by ORDER."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.bench":
                raise
            continue
        found.append((config.label, module))
    return sorted(found, key=lambda item: (getattr(item[1], "ORDER", 100), item[0]))


def database_info() -> dict:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return {"engine": "PostgreSQL", "version": version.split()[0]}
    import sqlite3

    return {"engine": connection.vendor, "version": sqlite3.sqlite_version}


def row_counts() -> dict:
    from django.apps import apps
    from django.conf import settings

    project = {
        name.split(".")[0] for name in settings.INSTALLED_APPS if not name.startswith("django")
    }
    counts = {}
    for model in apps.get_models():
        if model._meta.app_config.name in project and not model._meta.proxy and model._meta.managed:
            n = model._default_manager.count()
            if n:
                counts[model._meta.label] = n
    return counts


def prepare(scale: float) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.registry import BenchContext

    result: dict = {
        "scale": scale,
        "database": database_info(),
        "generators": [],
        "jobs": [],
        "pages": [],
    }
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    result["migrate_seconds"] = round(time.perf_counter() - started, 3)

    ctx = BenchContext(scale=scale)
    modules = discover()
    load_started = time.perf_counter()
    for label, module in modules:
        if not hasattr(module, "generate"):
            continue
        began = time.perf_counter()
        module.generate(ctx)
        result["generators"].append(
            {"app": label, "seconds": round(time.perf_counter() - began, 3)}
        )
        print(
            f"  [scale {scale:g}] {label}: generated in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result["load_seconds"] = round(time.perf_counter() - load_started, 3)
    result["rows"] = row_counts()

    for label, module in modules:
        for job in getattr(module, "jobs", lambda ctx: [])(ctx):
            began = time.perf_counter()
            error = None
            try:
                job.run(ctx)
            except Exception:  # a broken job is reported, not fatal: the other figures stand
                error = traceback.format_exc(limit=5)
            seconds = round(time.perf_counter() - began, 3)
            result["jobs"].append(
                {"app": label, "name": job.name, "seconds": seconds, "error": error}
            )
            print(
                f"  [scale {scale:g}] job {job.name}: {seconds:.2f} s{' FAILED' if error else ''}",
                flush=True,
            )

    if connection.vendor == "postgresql":
        # Pages are measured on a settled database, as autovacuum leaves a production one: freshly
        # COPYed tables have no visibility map yet, so no index-only scan would be chosen.
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        result["vacuum_seconds"] = round(time.perf_counter() - began, 3)
        print(f"  [scale {scale:g}] VACUUM (ANALYZE): {result['vacuum_seconds']:.1f} s", flush=True)

    for label, module in modules:
        for page in getattr(module, "pages", lambda ctx: [])(ctx):
            result["pages"].append({"app": label, **asdict(page)})
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.prepare")
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    result = prepare(args.scale)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
