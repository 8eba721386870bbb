"""`python -m bench`: for each scale, a fresh database, every app's generator, gunicorn on
127.0.0.1, every page measured over HTTP and every job timed; then the ratio between the
largest and the smallest scale for each figure, written to bench/results/latest.{json,md}."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.http import Session, measure, sign_in

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / "work"
HOST = "127.0.0.1"


def scale_tag(scale: float) -> str:
    return "s" + f"{scale:g}".replace(".", "_")


# --- databases -------------------------------------------------------------------------------
class Database:
    """A fresh database for one scale: `<name>_bench_s<scale>` next to DATABASE_URL's database
    on PostgreSQL, a SQLite file under bench/work/ (or --workdir) otherwise."""

    def __init__(self, base_url: str | None, scale: float, workdir: Path):
        self.base_url = base_url
        self.tag = scale_tag(scale)
        if base_url and urlsplit(base_url).scheme.startswith("postgres"):
            parts = urlsplit(base_url)
            base_name = parts.path.lstrip("/") or "postgres"
            self.name = f"{base_name}_bench_{self.tag}"
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self.vendor = "postgresql"
        else:
            workdir.mkdir(parents=True, exist_ok=True)
            self.path = workdir / f"bench_{self.tag}.sqlite3"
            self.name = str(self.path)
            self.url = f"sqlite:///{self.path}"
            self.vendor = "sqlite"

    def _admin(self):
        import psycopg

        parts = urlsplit(self.base_url)
        return psycopg.connect(
            host=parts.hostname or HOST,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            autocommit=True,
        )

    def create(self) -> None:
        self.drop()
        if self.vendor == "postgresql":
            with self._admin() as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.vendor == "postgresql":
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


# --- the server ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the project against one scale's database, with the query counter."""

    def __init__(self, env: dict, workers: int, log: Path):
        self.port = free_port()
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "marketing_ops.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "300",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {log}")
            try:
                if Session(HOST, self.port).request("GET", "/login/", timeout=5).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# --- the machine -----------------------------------------------------------------------------
def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text()
        match = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        if match:
            cpu = match.group(1).strip()
    except OSError:
        pass
    ram_gb = None
    try:
        match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        if match:
            ram_gb = round(int(match.group(1)) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


# --- one scale -------------------------------------------------------------------------------
class Prepared:
    """One scale: its database, loaded, and (while measuring) its gunicorn."""

    def __init__(self, scale: float, database: Database, env: dict):
        self.scale, self.database, self.env = scale, database, env
        self.result: dict = {}
        self.server: Server | None = None
        self.sessions: dict[str, Session] = {}


def prepare_scale(scale: float, args, base_env: dict) -> Prepared:
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    database = Database(base_env.get("DATABASE_URL"), scale, Path(args.workdir))
    print(f"scale {scale:g}: fresh database {database.name}", flush=True)
    database.create()
    env = {
        **base_env,
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "development",
        "DEBUG": "0",
    }
    env.pop("CELERY_BROKER_URL", None)
    prepared = Prepared(scale, database, env)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    started = time.perf_counter()
    loaded = subprocess.run(
        [sys.executable, "-m", "bench.prepare", "--scale", str(scale), "--out", str(out)],
        cwd=ROOT,
        env=env,
    )
    if loaded.returncode != 0:
        raise SystemExit(
            f"scale {scale:g}: building the data failed (the traceback is above): "
            "an app's bench.py generate(), pages() or jobs() raised"
        )
    prepared.result = json.loads(out.read_text())
    out.unlink()
    prepared.result["prepare_seconds"] = round(time.perf_counter() - started, 3)
    print(
        f"scale {scale:g}: loaded in {prepared.result['load_seconds']:.1f} s "
        f"({sum(prepared.result['rows'].values()):,} rows)",
        flush=True,
    )
    return prepared


def measure_pages(scales: list[Prepared], args) -> None:
    """Every page at every scale, interleaved: for each page and number of clients the scales are
    measured back to back, so a change in the machine's background load hits them alike and the
    ratio between scales stays meaningful on a busy machine."""
    names: list[str] = []
    for prepared in scales:
        for page in prepared.result["pages"]:
            page["measurements"] = []
            if page["name"] not in names:
                names.append(page["name"])
    for name in names:
        live = []
        for prepared in scales:
            page = next((p for p in prepared.result["pages"] if p["name"] == name), None)
            if page is None:
                continue
            user = page["username"]
            try:
                if user not in prepared.sessions:
                    prepared.sessions[user] = sign_in(HOST, prepared.server.port, user)
            except (RuntimeError, OSError) as error:
                page["error"] = str(error)
                print(f"  [scale {prepared.scale:g}] {name}: {error}", flush=True)
                continue
            warm = prepared.sessions[user].request(page["method"], page["path"], page.get("data"))
            page["status"] = warm.status
            page["queries"] = int(warm.headers.get("x-bench-queries", -1))
            if warm.status != 200:
                page["error"] = f"HTTP {warm.status}"
                print(
                    f"  [scale {prepared.scale:g}] {name}: HTTP {warm.status} at {page['path']}",
                    flush=True,
                )
                continue
            live.append((prepared, page))
        for clients in args.clients:
            for prepared, page in live:
                figures = measure(prepared.sessions[page["username"]], page, args.requests, clients)
                page["measurements"].append(figures)
                if figures["errors"]:
                    page["error"] = f"{figures['errors']} failed requests ({figures['statuses']})"
        for prepared, page in live:
            print(
                f"  [scale {prepared.scale:g}] {name}: {page['queries']} queries, "
                + ", ".join(
                    f"{m['clients']}c median {m['median_ms']} ms p95 {m['p95_ms']} ms "
                    f"{m['rps']} req/s"
                    for m in page["measurements"]
                ),
                flush=True,
            )


def run_scales(args, base_env: dict) -> list[dict]:
    """Load every scale, then serve them all at once and measure the pages interleaved."""
    scales: list[Prepared] = []
    try:
        for scale in args.scales:
            scales.append(prepare_scale(scale, args, base_env))
        for prepared in scales:
            log = Path(args.workdir) / f"gunicorn_{prepared.database.tag}.log"
            prepared.server = Server(prepared.env, args.workers, log)
        print(f"serving {len(scales)} scale(s); measuring pages", flush=True)
        measure_pages(scales, args)
    finally:
        for prepared in scales:
            if prepared.server:
                prepared.server.stop()
        if not args.keep:
            for prepared in scales:
                prepared.database.drop()
            # a scale that failed while loading is not in the list yet: drop its database too
            for scale in args.scales[len(scales) :]:
                Database(base_env.get("DATABASE_URL"), scale, Path(args.workdir)).drop()
    return [prepared.result for prepared in scales]


# --- report ----------------------------------------------------------------------------------
def ratio(high, low):
    if high is None or low in (None, 0):
        return None
    return round(high / low, 2)


def compare(scales: list[dict]) -> dict:
    """Each figure at the largest scale divided by the same figure at the smallest."""
    if len(scales) < 2:
        return {}
    low, high = scales[0], scales[-1]
    out = {
        "between": [low["scale"], high["scale"]],
        "load_seconds": ratio(high["load_seconds"], low["load_seconds"]),
        "pages": {},
        "jobs": {},
    }
    high_pages = {p["name"]: p for p in high["pages"]}
    for page in low["pages"]:
        other = high_pages.get(page["name"])
        if not other:
            continue
        entry = {"queries": ratio(other.get("queries"), page.get("queries"))}
        by_clients = {m["clients"]: m for m in other.get("measurements", [])}
        for m in page.get("measurements", []):
            o = by_clients.get(m["clients"])
            if o:
                for key in ("median_ms", "p95_ms", "rps"):
                    entry[f"{key}_c{m['clients']}"] = ratio(o[key], m[key])
        out["pages"][page["name"]] = entry
    high_jobs = {j["name"]: j for j in high["jobs"]}
    for job in low["jobs"]:
        if job["name"] in high_jobs:
            out["jobs"][job["name"]] = ratio(high_jobs[job["name"]]["seconds"], job["seconds"])
    return out


def fmt(value, unit=""):
    if value is None:
        return "–"
    if isinstance(value, float) and value >= 100:
        return f"{value:,.0f}{unit}"
    return f"{value:g}{unit}"


def markdown(report: dict) -> str:
    scales = report["scales"]
    m = report["machine"]
    db = scales[0]["database"] if scales else {}
    clients = report["options"]["clients"]
    lo_c, hi_c = clients[0], clients[-1]
    tags = [f"s{s['scale']:g}" for s in scales]
    lines = [
        f"# Benchmark {report['finished_at'][:16].replace('T', ' ')} UTC",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; "
        f"{db.get('engine')} {db.get('version')}; "
        f"Python {m['python']}; gunicorn {report['options']['workers']} workers; "
        f"load average at start {', '.join(map(str, m.get('load_average') or [])) or '–'}. "
        f"{report['options']['requests']} requests per page per client level; "
        f"clients {', '.join(map(str, clients))}.",
        "",
        "| Scale | Rows | Load (s) |",
        "|---|---:|---:|",
    ]
    for s in scales:
        lines.append(f"| {s['scale']:g} | {sum(s['rows'].values()):,} | {fmt(s['load_seconds'])} |")
    lines += [
        "",
        f"Pages: SQL queries; median ms with {lo_c} client; p95 ms and req/s with {hi_c} clients "
        f"({' / '.join(tags)}{' / ratio' if len(scales) > 1 else ''}).",
        "",
    ]
    lines.append("| Page | Queries | Median ms | p95 ms | req/s |")
    lines.append("|---|---:|---:|---:|---:|")
    by_scale = [{p["name"]: p for p in s["pages"]} for s in scales]

    def fig(page_name, key, c):
        values = []
        for pages in by_scale:
            page = pages.get(page_name, {})
            if key == "queries":
                values.append(page.get("queries"))
            else:
                mm = next((x for x in page.get("measurements", []) if x["clients"] == c), {})
                values.append(mm.get(key))
        text = " / ".join(fmt(v) for v in values)
        if len(values) > 1:
            text += f" / ×{fmt(ratio(values[-1], values[0]))}"
        return text

    for page in scales[0]["pages"] if scales else []:
        name = page["name"] + (
            " ⚠" if any(p.get(page["name"], {}).get("error") for p in by_scale) else ""
        )
        lines.append(
            f"| {name} | {fig(page['name'], 'queries', 0)} | "
            f"{fig(page['name'], 'median_ms', lo_c)} | "
            f"{fig(page['name'], 'p95_ms', hi_c)} | {fig(page['name'], 'rps', hi_c)} |"
        )
    jobs = scales[0]["jobs"] if scales else []
    if jobs:
        lines += ["", "| Job | Seconds |", "|---|---:|"]
        for job in jobs:
            values = [
                next((j["seconds"] for j in s["jobs"] if j["name"] == job["name"]), None)
                for s in scales
            ]
            text = " / ".join(fmt(v) for v in values)
            if len(values) > 1:
                text += f" / ×{fmt(ratio(values[-1], values[0]))}"
            lines.append(f"| {job['name']} | {text} |")
    problems = [
        f"- scale {s['scale']:g}: {p['name']}: {p['error']}"
        for s in scales
        for p in s["pages"]
        if p.get("error")
    ]
    problems += [
        f"- scale {s['scale']:g}: job {j['name']} failed"
        for s in scales
        for j in s["jobs"]
        if j.get("error")
    ]
    if problems:
        lines += ["", "Problems:", *problems]
    return "\n".join(lines) + "\n"


README = ROOT / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_readme(table: str, readme: Path = README) -> bool:
    """Put the latest table between the README's bench markers (a run to the default results
    folder only). Returns whether the README changed."""
    if not readme.exists():
        return False
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        return False
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    body = table.replace("# Benchmark", "#### Latest run:", 1)
    new = f"{head}{README_START}\n{body}{README_END}{tail}"
    if new != text:
        readme.write_text(new)
    return new != text


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build a database per scale, load every app's synthetic data, serve it with "
        "gunicorn on 127.0.0.1 and measure every page and job. PostgreSQL when DATABASE_URL is set "
        "(a database <name>_bench_s<scale> per scale), SQLite files otherwise.",
    )
    parser.add_argument(
        "--scales",
        type=float,
        nargs="+",
        default=[1, 10],
        help="volume multipliers (default: 1 10); ratios compare the last to the first",
    )
    parser.add_argument(
        "--requests", type=int, default=40, help="requests per page per client level (default 40)"
    )
    parser.add_argument(
        "--clients", type=int, nargs="+", default=[1, 8], help="concurrent clients (default: 1 8)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=max(2, min(8, (os.cpu_count() or 2) * 2)),
        help="gunicorn workers (default: 2 × cores, 2 to 8)",
    )
    parser.add_argument("--out", default=str(RESULTS), help="folder for latest.json and latest.md")
    parser.add_argument(
        "--workdir", default=str(WORK), help="SQLite files and server logs (default bench/work)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    args.scales = sorted(args.scales)
    args.clients = sorted(set(args.clients))
    started = time.perf_counter()
    report = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {
            "scales": args.scales,
            "requests": args.requests,
            "clients": args.clients,
            "workers": args.workers,
        },
        "scales": [],
    }
    report["scales"] = run_scales(args, dict(os.environ))
    report["ratios"] = compare(report["scales"])
    report["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    table = markdown(report)
    (out / "latest.md").write_text(table)
    if out.resolve() == RESULTS.resolve():
        update_readme(table)
    print(table)
    print(f"wrote {out / 'latest.json'} and {out / 'latest.md'} in {report['wall_seconds']} s")
    failed = any(p.get("error") for s in report["scales"] for p in s["pages"]) or any(
        j.get("error") for s in report["scales"] for j in s["jobs"]
    )
    return 1 if failed else 0
