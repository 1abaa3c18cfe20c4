"""Importing 50,000 people from one CSV file (issue 15, item 4), on SQLite and on PostgreSQL.

    uv run python benchmarks/people_import.py [--people 50000] [--runs 3] [--postgres URL | --no-postgres]

The file is a staff directory as an office exports it from Excel on Windows: Windows-1252, semicolon-separated,
first and last names (some with accents), a NetID for half the rows and an email for the others, a degree, a
phone for about 30% and an NPI for the physicians. Each run imports it into a fresh, empty database (a new SQLite
file, a new PostgreSQL database) with `import_people`, the service the app and `import people` call, and checks
afterwards that every row became a profile. The baseline, timed in the same run on the same database, is the
preview of the same file (reading, checking every row and every identifier, writing nothing), so the ratio shows
what the writes cost on top of the checks. Each run also prints this process's CPU seconds for the import: on a
machine shared with other work, wall time minus CPU time is time spent waiting (for the database server, or for a
core). Targets: under 10 s on SQLite and under 20 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text

from cme_desktop.domain.identifiers import is_valid_npi
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.people.importing import import_people, preview_people_import
from cme_desktop.store.db import Database, normalize_url
from cme_desktop.store.migrate import upgrade
from cme_desktop.store.people import Person

FIRST = ["Jürgen", "Zoë", "José", "Ann", "Wei", "Omar", "Maria", "Bob", "Priya", "Renée", "Kwame", "Sofia"]
LAST = [
    "Müller",
    "Brontë",
    "García",
    "Lee",
    "Chen",
    "Haddad",
    "Lopez",
    "Thompson",
    "Patel",
    "Dubois",
    "Mensah",
]
DEGREES = ["MD", "MD", "DO", "RN", "PharmD", "PA-C", "NP", "PhD"]
TARGETS = {"sqlite": 10.0, "postgresql": 20.0}
CPU: list[
    float
] = []  # this process's CPU seconds for each import: the wall time minus waiting (for the server,
# or for the other programs sharing the machine's cores)


def npis(count: int) -> list[str]:
    found: list[str] = []
    number = 1_000_000_000
    while len(found) < count:
        number += 1
        if is_valid_npi(str(number)):
            found.append(str(number))
    return found


def directory(people: int, seed: int = 15) -> bytes:
    rng = random.Random(seed)
    numbers = iter(npis(people))
    lines = ["First Name;Last Name;NetID;Email;Degree;Phone;NPI"]
    for i in range(people):
        first, last, degree = rng.choice(FIRST), rng.choice(LAST), rng.choice(DEGREES)
        netid = f"u{i:06d}" if i % 2 == 0 else ""
        email = "" if netid else f"person{i}@example.org"
        phone = f"(843) {200 + i // 10_000:03d}-{i % 10_000:04d}" if rng.random() < 0.3 else ""
        npi = next(numbers) if degree in ("MD", "DO") else ""
        lines.append(";".join((first, last, netid, email, degree, phone, npi)))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def fresh_sqlite(folder: Path) -> tuple[Database, Callable[[], None]]:
    db = Database.open(f"sqlite+pysqlite:///{folder / f'{uuid.uuid4().hex}.sqlite3'}")
    upgrade(db)
    return db, db.dispose


def fresh_postgres(admin_url: str) -> tuple[Database, Callable[[], None]]:
    name = f"cme_bench_import_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database.open(normalize_url(admin_url).set(database=name))
    upgrade(db)

    def drop() -> None:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return db, drop


def measure(
    make: Callable[[], tuple[Database, Callable[[], None]]], data: bytes, people: int
) -> tuple[float, float]:
    db, finish = make()
    try:
        ctx = Context(db, actor=Actor("benchmark", "benchmark"))
        started = time.perf_counter()
        preview = preview_people_import(ctx, data)
        checked = time.perf_counter() - started
        assert preview.ok and len(preview.rows) == people, preview.summary()
        started, cpu = time.perf_counter(), time.process_time()
        report = import_people(ctx, data)
        imported = time.perf_counter() - started
        CPU.append(time.process_time() - cpu)
        with db.transaction() as session:
            stored = session.scalar(select(func.count()).select_from(Person))
        assert report.committed and stored == people, (report.summary(), stored)
        return imported, checked
    finally:
        finish()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default="postgresql://cme:cme@127.0.0.1:54329/postgres")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    data = directory(args.people)
    print(f"{args.people:,} rows, {len(data) / 1_048_576:.1f} MB (Windows-1252, semicolons)")
    with tempfile.TemporaryDirectory() as scratch:
        cases: dict[str, Callable[[], tuple[Database, Callable[[], None]]]] = {
            "sqlite": lambda: fresh_sqlite(Path(scratch))
        }
        if not args.no_postgres:
            cases["postgresql"] = lambda: fresh_postgres(args.postgres)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for run in range(1, args.runs + 1):
            for name, make in cases.items():  # interleaved, so a noisy minute hits both engines alike
                imported, checked = measure(make, data, args.people)
                results[name].append((imported, checked))
                print(
                    f"run {run} {name:<10} import {imported:6.2f} s (cpu {CPU[-1]:5.2f} s)   preview {checked:6.2f} s",
                    flush=True,
                )
    print()
    print(
        f"{'engine':<10} {'import median':>14} {'min':>7} {'max':>7} {'rows/s':>8} {'preview':>8} {'ratio':>6}  target"
    )
    for name, runs in results.items():
        imports = [i for i, _ in runs]
        median = statistics.median(imports)
        preview = statistics.median(c for _, c in runs)
        verdict = "met" if median < TARGETS[name] else "NOT met"
        print(
            f"{name:<10} {median:12.2f} s {min(imports):6.2f} {max(imports):6.2f} {args.people / median:8,.0f} "
            f"{preview:6.2f} s {median / preview:6.2f}  under {TARGETS[name]:.0f} s: {verdict}"
        )


if __name__ == "__main__":
    main()
