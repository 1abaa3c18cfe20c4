"""50 learners claiming on the portal at once, through the real server (`cme-desktop serve` on uvicorn, its own
process), on SQLite and on PostgreSQL, beside the health endpoint measured in the same run (issue 17: p99 under
200 ms).

    uv run python benchmarks/portal_claims.py [--learners 50] [--codes 5] [--runs 3] [--postgres URL | --no-postgres]

Each learner is signed in already (a portal session made for them, as the emailed code would), so what is
measured is the claim: a browser's POST /claim with the form's CSRF token, through the session middleware, the
one rule book and the audit log. All learners start together; each claims `--codes` open sessions one after
another, then sends its first claim again (answered "Already recorded", adding nothing), on one kept-alive
connection as a browser does. Paced (the default, --pace 1): each learner claims once a second, the 50 staggered
over the second, so 50 claims a second arrive, as a room tapping "Record attendance" together does; the reply
time is then the server's own. Closed loop (--pace 0): every learner claims again the moment it is answered, so
50 requests always wait and the reply time is 50 / throughput (the worst case). The baseline is GET /healthz (one trivial query) from the same 50 clients in the
same run. The script prints per case the median over runs of p50 and p99, their ratio to the baseline's, and the
proof that nothing was lost or doubled. Everything runs on this one machine (2 cores): the clients and the
PostgreSQL server take CPU from the server.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine, func, select, text
from texting_burst import DEFAULT_POSTGRES, prepare, start_gateway

from cme_desktop.services.context import Actor, Context
from cme_desktop.services.portal.sessions import begin_signed_in
from cme_desktop.store.db import Database, normalize_url
from cme_desktop.store.migrate import upgrade
from cme_desktop.store.models import AttendanceClaim, PersonEmail

COOKIE = "cme_portal"


@dataclass
class Run:
    label: str
    claim_p50: float
    claim_p99: float
    health_p50: float
    health_p99: float
    claims: int
    expected: int
    failures: list[str]


def signed_in_tokens(ctx: Context, learners: int) -> list[str]:
    """A signed-in portal session for each learner (what the emailed code gives)."""
    tokens = []
    with ctx.db.transaction() as session:
        rows = session.execute(
            select(PersonEmail.address, PersonEmail.person_id).order_by(PersonEmail.id)
        ).all()
        for address, person_id in rows[:learners]:
            token, _ = begin_signed_in(
                ctx, session, None, method="email", email=address, netid=None, person_id=person_id
            )
            tokens.append(token)
    return tokens


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _request(
    connection: http.client.HTTPConnection, method: str, path: str, token: str, body: str | None = None
) -> tuple[int, str, float]:
    headers = {"Cookie": f"{COOKIE}={token}"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    return response.status, data, time.perf_counter() - started


def load(
    port: int, tokens: list[str], codes: list[str], pace: float
) -> tuple[list[float], list[float], list[str]]:
    claims: list[float] = []
    health: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(tokens))

    def learner(number: int, token: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            status, page, _ = _request(connection, "GET", "/claim", token)
            found = re.search(r'name="csrf_token" value="([^"]+)"', page)
            if status != 200 or found is None:
                with lock:
                    failures.append(f"the claim page: {status}")
                return
            csrf = found.group(1)
            start.wait()
            began = time.perf_counter()
            for index, code in enumerate([*codes, codes[0]]):
                if pace:  # learners staggered over each `pace` seconds: len(tokens) / pace claims a second
                    due = began + (number / len(tokens) + index) * pace
                    time.sleep(max(0.0, due - time.perf_counter()))
                body = urllib.parse.urlencode({"csrf_token": csrf, "code": code})
                status, page, seconds = _request(connection, "POST", "/claim", token, body)
                expected = "Already recorded:" if index == len(codes) else "Recorded:"
                with lock:
                    claims.append(seconds)
                    if status != 200 or expected not in page:
                        failures.append(f"{code}: {status}")
                status, _, seconds = _request(connection, "GET", "/healthz", token)
                with lock:
                    health.append(seconds)
                    if status != 200:
                        failures.append(f"healthz: {status}")
        finally:
            connection.close()

    threads = [threading.Thread(target=learner, args=(n, token)) for n, token in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return claims, health, failures


def one_run(
    db: Database, label: str, learners: int, codes_per_learner: int, pace: float, workers: int = 1
) -> Run:
    ctx = Context(db, actor=Actor("portal-benchmark", "benchmark"))
    _, codes = prepare(ctx, learners, codes_per_learner)
    tokens = signed_in_tokens(ctx, learners)
    with tempfile.TemporaryDirectory() as folder:
        server, port = start_gateway(db.url.render_as_string(hide_password=False), workers, Path(folder))
        try:
            claim_times, health_times, failures = load(port, tokens, codes, pace)
        finally:
            server.terminate()
            server.wait(30)
    with db.transaction() as session:
        claims = int(session.scalar(select(func.count()).select_from(AttendanceClaim)) or 0)
    return Run(
        label,
        statistics.median(claim_times) * 1000,
        percentile(claim_times, 0.99) * 1000,
        statistics.median(health_times) * 1000,
        percentile(health_times, 0.99) * 1000,
        claims,
        learners * codes_per_learner,
        failures,
    )


def sqlite_run(learners: int, codes: int, pace: float) -> Run:
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(f"sqlite+pysqlite:///{folder}/portal.sqlite3")
        upgrade(db)
        try:
            return one_run(db, "SQLite", learners, codes, pace)
        finally:
            db.dispose()


def postgres_run(admin_url: str, learners: int, codes: int, pace: float, workers: int) -> Run:
    name = f"cme_portal_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalize_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database.open(normalize_url(admin_url).set(database=name))
    try:
        upgrade(db)
        return one_run(db, "PostgreSQL", learners, codes, pace, workers)
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--codes", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pace", type=float, default=1.0, help="seconds between a learner's claims (0: closed loop)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes on PostgreSQL (serve --workers; SQLite has 1)",
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    cases = [("SQLite", lambda: sqlite_run(args.learners, args.codes, args.pace))]
    if not args.no_postgres:
        cases.append(
            (
                "PostgreSQL",
                lambda: postgres_run(args.postgres, args.learners, args.codes, args.pace, args.workers),
            )
        )
    results: dict[str, list[Run]] = {label: [] for label, _ in cases}
    for number in range(1, args.runs + 1):
        for label, run in cases:  # interleaved: a noisy minute hits every case alike
            result = run()
            results[label].append(result)
            print(
                f"run {number} {label:<10} claims p50 {result.claim_p50:6.1f} ms p99 {result.claim_p99:6.1f} ms | "
                f"healthz p50 {result.health_p50:5.1f} ms p99 {result.health_p99:6.1f} ms | "
                f"claims {result.claims}/{result.expected}, failures {len(result.failures)}",
                flush=True,
            )
    print(
        f"\n{args.learners} learners at once, {args.codes} codes each and one repeat, median of {args.runs} runs:"
    )
    for label, runs in results.items():
        p50 = statistics.median(r.claim_p50 for r in runs)
        p99 = statistics.median(r.claim_p99 for r in runs)
        h50 = statistics.median(r.health_p50 for r in runs)
        h99 = statistics.median(r.health_p99 for r in runs)
        exact = all(r.claims == r.expected and not r.failures for r in runs)
        print(
            f"  {label:<10} claim p50 {p50:6.1f} ms, p99 {p99:6.1f} ms (target < 200 ms: "
            f"{'met' if p99 < 200 else 'NOT met'}); healthz p50 {h50:5.1f} ms, p99 {h99:6.1f} ms; "
            f"p99 {p99 / h99:4.1f}x the baseline's; every claim once: {'yes' if exact else 'NO'}"
        )
        for run in runs:
            for failure in run.failures[:3]:
                print(f"    {failure}")


if __name__ == "__main__":
    main()
