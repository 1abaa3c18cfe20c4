"""Present mode (issue 6, "Measured"): time from pressing Present to the first slide painted on the projector,
and what keeping the count live costs while the slide just sits there.

    uv run python benchmarks/present.py                       # the demo office, built in a temporary folder
    uv run python benchmarks/present.py --database sqlite:///benchmarks/data/large.sqlite3 --idle 30

Runs in one process with QT_QPA_PLATFORM=offscreen. "Present to first frame" is open_presentation() until the
projector's first paint has finished (the slide content is loaded off the GUI thread first); the first run also
pays for importing the present-mode modules and the QR library, so it is reported apart from the warm runs.
"Idle" keeps a presentation open for --idle seconds and reports the process's CPU time over that wall time
(all threads), and how many count queries ran: the count refreshes every 5 s, no busy polling.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from cme_desktop.services.context import Context
from cme_desktop.store.activities import ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.db import Database
from cme_desktop.store.migrate import ensure_schema


def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("present mode did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def pick_session(ctx: Context) -> tuple[int, int]:
    """The session with a code that has the most claims (the live count's worst case), and its claim count."""
    with ctx.db.transaction() as session:
        claims = (
            select(AttendanceClaim.session_id, func.count().label("n"))
            .group_by(AttendanceClaim.session_id)
            .subquery()
        )
        row = session.execute(
            select(ActivitySession.id, func.coalesce(claims.c.n, 0))
            .outerjoin(claims, claims.c.session_id == ActivitySession.id)
            .where(ActivitySession.attendance_code.is_not(None))
            .order_by(func.coalesce(claims.c.n, 0).desc(), ActivitySession.id)
            .limit(1)
        ).one()
        return int(row[0]), int(row[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: the demo office in a temporary folder)")
    parser.add_argument("--session", type=int, help="session to present (default: the one with most claims)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds to present while idle")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cme-present-bench-"))
    QCoreApplication.setOrganizationName("cme-desktop-bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    app = QApplication(["present-benchmark"])
    url = args.database or f"sqlite+pysqlite:///{folder / 'demo.sqlite3'}"
    db = Database.open(url)
    ctx = Context(db)
    if not args.database:  # a database named on the command line is only read, never upgraded
        ensure_schema(db)
        from cme_desktop.services.demo.fill import fill_demo

        fill_demo(ctx)
    session_id, claims = (args.session, -1) if args.session else pick_session(ctx)
    print(
        f"Database: {db.description}; session {session_id}" + (f" ({claims} claims)" if claims >= 0 else "")
    )

    from cme_desktop.services.present.slides import live_count

    samples = []
    for _ in range(20):
        started = time.perf_counter()
        live_count(ctx, session_id)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"One live-count query: median {statistics.median(samples):.2f} ms, max {max(samples):.2f} ms")

    main_window = QWidget()
    main_window.resize(800, 600)
    main_window.show()
    timings = []
    for run in range(args.runs + 1):
        started = time.perf_counter()
        if run == 0:
            from cme_desktop.ui.present import (
                open_presentation,
            )  # cold: the imports are part of the first press
        controller = open_presentation(main_window, ctx, _events(), session_id)
        painted: list[float] = []
        controller.ready.connect(lambda p=painted: p.append(time.perf_counter()))
        wait_for(lambda p=painted: bool(p))
        timings.append((painted[0] - started) * 1000)
        controller.stop()
        QThreadPool.globalInstance().waitForDone()
    cold, warm = timings[0], timings[1:]
    print(
        f"Present to first frame: first press {cold:.0f} ms (imports included); then median {statistics.median(warm):.0f} ms, "
        f"min {min(warm):.0f}, max {max(warm):.0f} over {len(warm)} runs"
    )

    from cme_desktop.ui.present import controller as present_controller
    from cme_desktop.ui.present.controller import COUNT_REFRESH_MS

    queries = []
    original = present_controller.live_count

    def counted(ctx: Context, session_id: int) -> int:
        queries.append(time.perf_counter())
        return original(ctx, session_id)

    present_controller.live_count = counted  # type: ignore[assignment]
    controller = present_controller.open_presentation(main_window, ctx, _events(), session_id)
    wait_for(lambda: controller.projector is not None)
    wait_for(lambda: True)
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    stop = QTimer()
    stop.setSingleShot(True)
    loop = QEventLoop()
    stop.timeout.connect(loop.quit)
    stop.start(int(args.idle * 1000))
    loop.exec()
    cpu, wall = time.process_time() - cpu_before, time.perf_counter() - wall_before
    controller.stop()
    QThreadPool.globalInstance().waitForDone()
    print(
        f"Idle while presenting: {cpu * 1000:.0f} ms CPU over {wall:.1f} s = {100 * cpu / wall:.2f}% of one core; "
        f"{len(queries)} count queries (the count refreshes every {COUNT_REFRESH_MS / 1000:.0f} s)"
    )
    db.dispose()
    app.quit()
    return 0


def _events():  # type: ignore[no-untyped-def]
    from cme_desktop.ui.events import AppEvents

    return AppEvents()


if __name__ == "__main__":
    raise SystemExit(main())
