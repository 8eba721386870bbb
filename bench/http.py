"""The benchmark's HTTP client (standard library only): sign in through the login form like a
browser, then request pages with several concurrent clients and time each answer."""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.registry import BENCH_PASSWORD

QUERY_HEADER = "X-Bench-Queries"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float


@dataclass
class Session:
    host: str
    port: int
    cookies: dict = field(default_factory=dict)

    def request(
        self, method: str, path: str, data: dict | None = None, timeout: float = 120
    ) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {"Accept-Language": "zh-hans", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method.upper() != "GET":
            payload = dict(data or {})
            if "csrftoken" in self.cookies:
                payload.setdefault("csrfmiddlewaretoken", self.cookies["csrftoken"])
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
            body = urlencode(payload, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data:
            path = f"{path}{'&' if '?' in path else '?'}{urlencode(data, doseq=True)}"
        started = time.perf_counter()
        try:
            connection.request(method.upper(), path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, content, seconds)


def sign_in(host: str, port: int, username: str, password: str = BENCH_PASSWORD) -> Session:
    session = Session(host, port)
    form = session.request("GET", "/login/")
    match = _TOKEN.search(form.body.decode("utf-8", "replace"))
    if form.status != 200 or not match:
        raise RuntimeError(f"login page answered {form.status} without a CSRF token")
    answer = session.request(
        "POST",
        "/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)},
    )
    if answer.status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"signing in as {username} failed (HTTP {answer.status})")
    return session


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


def measure(session: Session, page: dict, requests: int, clients: int) -> dict:
    """`requests` answers in total (at least one per client), split over `clients` threads that
    each send their next request as soon as the previous one is answered."""
    total = max(requests, clients)
    shares = [total // clients + (1 if k < total % clients else 0) for k in range(clients)]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queries: list[int] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        worker = Session(session.host, session.port, dict(session.cookies))
        for _ in range(count):
            try:
                answer = worker.request(page["method"], page["path"], page.get("data"))
                status, seconds = answer.status, answer.seconds
                count_header = answer.headers.get(QUERY_HEADER.lower())
            except OSError:
                status, seconds, count_header = 0, None, None
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if seconds is not None:
                    latencies.append(seconds)
                if count_header is not None:
                    queries.append(int(count_header))

    threads = [threading.Thread(target=client, args=(n,)) for n in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ok = statuses.get(200, 0)
    return {
        "clients": clients,
        "requests": total,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": total - ok,
        "median_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2) if latencies else None,
        "rps": round(total / wall, 2) if wall else None,
        "queries": max(queries) if queries else None,
    }
