"""Search latency per keystroke and the duplicate finder's time on 100,000 people (issue 4, "Measured").

    uv run python benchmarks/people_search.py [--database URL] [--people N] [--learners 60]

Targets: under 50 ms median per keystroke; the duplicate finder under 10 s. The SQLite database is a copy of
generate_large.py's (so the cached one stays untouched); tables added since it was made are created on the copy.
Each "keystroke" is one call of search_people with the text typed so far, as the People page makes after its
debounce: names typed letter by letter as 'last first', emails, phone digits and NPIs of real profiles.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_large import DATA_DIR, DEFAULT_PATH, generate
from sqlalchemy import select

from cme_desktop.services.context import Context
from cme_desktop.services.people.duplicates import find_duplicates
from cme_desktop.services.people.search import search_people
from cme_desktop.store.base import Base
from cme_desktop.store.db import Database
from cme_desktop.store.people import Person, PersonEmail, PersonPhone


def keystrokes(ctx: Context, learners: int, seed: int) -> dict[str, list[str]]:
    """What coordinators type, prefix by prefix, for `learners` real profiles."""
    rng = random.Random(seed)
    with ctx.db.transaction() as session:
        ids = list(session.scalars(select(Person.id)))
        chosen = rng.sample(ids, learners)
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(chosen)))}
        emails = {
            person_id: address
            for person_id, address in session.execute(
                select(PersonEmail.person_id, PersonEmail.address).where(PersonEmail.person_id.in_(chosen))
            )
        }
        phones = list(session.scalars(select(PersonPhone.e164).limit(2000)))
        npis = [n for n in session.scalars(select(Person.npi).where(Person.npi.isnot(None)).limit(2000))]
    typed: dict[str, list[str]] = {"name": [], "email": [], "phone": [], "npi": []}
    for person_id in chosen:
        person = people[person_id]
        text = f"{person.last_name} {person.first_name}"
        typed["name"] += [text[:n] for n in range(1, len(text) + 1)]
        address = emails.get(person_id, "")
        typed["email"] += [address[:n] for n in range(1, min(len(address), 14) + 1)]
    for phone in rng.sample(phones, min(learners, len(phones))):
        digits = phone[2:]
        typed["phone"] += [digits[:n] for n in range(4, len(digits) + 1)]
    for npi in rng.sample(npis, min(learners, len(npis))):
        typed["npi"] += [npi[:n] for n in range(1, 11)]
    return typed


def measure(ctx: Context, typed: dict[str, list[str]]) -> None:
    search_people(ctx, "warm up")
    every: list[float] = []
    print(f"{'typed':<8}{'keystrokes':>11}{'median ms':>11}{'p90 ms':>9}{'max ms':>9}")
    for kind, texts in typed.items():
        times = []
        for text in texts:
            start = time.perf_counter()
            search_people(ctx, text, limit=200)
            times.append((time.perf_counter() - start) * 1000)
        every += times
        print(
            f"{kind:<8}{len(times):>11}{statistics.median(times):>11.1f}"
            f"{statistics.quantiles(times, n=10)[-1]:>9.1f}{max(times):>9.1f}"
        )
    median = statistics.median(every)
    print(
        f"{'all':<8}{len(every):>11}{median:>11.1f}{statistics.quantiles(every, n=10)[-1]:>9.1f}{max(every):>9.1f}"
    )
    print(
        f"Target: median under 50 ms per keystroke: {'met' if median < 50 else 'NOT met'} ({median:.1f} ms)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", help="a PostgreSQL URL (default: a copy of the large SQLite file)")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=60, help="profiles whose details are typed")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    if args.database:
        generate(args.database, people=args.people, claims=args.claims)
        url = args.database
    else:
        generate(f"sqlite:///{DEFAULT_PATH}", people=args.people, claims=args.claims)
        copy = DATA_DIR / "people_search.sqlite3"
        shutil.copyfile(DEFAULT_PATH, copy)
        for suffix in ("-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{copy}"
    db = Database.open(url)
    Base.metadata.create_all(db.engine, checkfirst=True)  # tables newer than the cached database
    ctx = Context(db)
    print(f"Search on {db.description}")
    measure(ctx, keystrokes(ctx, args.learners, args.seed))

    runs = []
    for _ in range(3):
        start = time.perf_counter()
        pairs = find_duplicates(ctx)
        runs.append(time.perf_counter() - start)
    with ctx.db.transaction() as session:
        count = session.query(Person).count()
    print(
        f"Duplicate finder on {count:,} people: {len(pairs)} pairs; {statistics.median(runs):.2f} s median of 3 "
        f"(min {min(runs):.2f}, max {max(runs):.2f})."
    )
    print(f"Target: finder under 10 s: {'met' if statistics.median(runs) < 10 else 'NOT met'}.")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
