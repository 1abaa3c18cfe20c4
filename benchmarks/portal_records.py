"""A learner's records and the public verification page through the real server (uvicorn in a thread) over the demo
database on SQLite: how long each answer takes, beside GET /healthz measured in the same run.

    uv run python benchmarks/portal_records.py [--requests 30]

One signed-in learner (a portal session made for them, as the emailed code would) asks, one request after
another on a kept-alive connection: GET /records (their claims), a certificate PDF (the first issues it, the rest
reprint it), a transcript PDF for the year, and GET /verify/CODE. Prints, per page, the median and the slowest
time, and the median's ratio to the baseline's. The PDFs are drawn off the database threads; the figures include
drawing them. Everything runs on this one machine (2 cores): the client takes CPU from the server.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from cme_desktop.clock import frozen_clock
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.demo.certificates import demo_codes
from cme_desktop.services.demo.fill import GRAND_ROUNDS, fill_demo
from cme_desktop.services.portal.sessions import begin_signed_in
from cme_desktop.store.db import Database
from cme_desktop.store.migrate import upgrade
from cme_desktop.store.models import AttendanceClaim, PersonEmail
from cme_desktop.web.server import running

NOW = datetime(2026, 11, 28, 18, 30, tzinfo=UTC)  # 1:30 PM in Charleston: today's grand rounds has ended


def _learner(ctx: Context) -> tuple[str, int]:
    """The learner with the most claims, signed in: (session token, one of their claims)."""
    with ctx.db.transaction() as session:
        person_id, claim_id = session.execute(
            select(AttendanceClaim.person_id, func.max(AttendanceClaim.id))
            .where(AttendanceClaim.revoked_at.is_(None))
            .group_by(AttendanceClaim.person_id)
            .order_by(func.count().desc(), AttendanceClaim.person_id)
            .limit(1)
        ).one()
        email = session.scalar(select(PersonEmail.address).where(PersonEmail.person_id == person_id))
        token, _ = begin_signed_in(
            ctx, session, None, method="email", email=email, netid=None, person_id=person_id
        )
    return token, int(claim_id)


def _times(port: int, path: str, token: str, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    seconds = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": f"cme_portal={token}"})
            response = connection.getresponse()
            response.read()
            seconds.append(time.perf_counter() - started)
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
    finally:
        connection.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cme-records-bench-"))
    db = Database.open(f"sqlite+pysqlite:///{folder / 'demo.sqlite3'}")
    try:
        upgrade(db)
        ctx = Context(db, clock=frozen_clock(NOW), actor=Actor("benchmark", "benchmark"))
        fill_demo(ctx)
        token, claim_id = _learner(ctx)
        code = demo_codes(ctx, GRAND_ROUNDS).valid
        pages = {
            "GET /healthz (baseline)": "/healthz",
            "GET /records": "/records",
            "certificate PDF": f"/records/certificate/{claim_id}",
            "transcript PDF (the year)": "/records/transcript?from=2026-01-01&to=2026-11-28",
            "GET /verify/CODE": f"/verify/{code}",
        }
        with running(ctx, token="benchmark") as (port, _config):
            _times(port, "/healthz", token, 5)  # warm up connections and templates
            results = {label: _times(port, path, token, args.requests) for label, path in pages.items()}
        baseline = statistics.median(results["GET /healthz (baseline)"])
        print(f"{args.requests} requests each, one learner, SQLite, one worker")
        print(f"{'page':30} {'median ms':>10} {'slowest ms':>11} {'x baseline':>11}")
        for label, seconds in results.items():
            median = statistics.median(seconds)
            print(f"{label:30} {median * 1000:10.1f} {max(seconds) * 1000:11.1f} {median / baseline:11.1f}")
    finally:
        db.dispose()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
