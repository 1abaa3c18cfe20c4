"""Start-up time and memory of CME Desk against a bare PySide6 window, measured in one run (issue 2, "Measured").

    uv run python benchmarks/startup.py [--runs 5] [--large-database URL]

Three cases, each started as a fresh process with QT_QPA_PLATFORM=offscreen:
  bare window      benchmarks/bare_window.py: PySide6 and SQLAlchemy imported, an empty main window shown
  demo database    python -m cme_desktop --quit-after-shown on the demo data (`cme-desktop demo`)
  large database   the same on 100,000 people and 1,000,000 claims (benchmarks/generate_large.py)
The figure is wall-clock time from spawning the process until it prints `window-shown`, which the app does once
the main window is shown and its Today page is filled. One warm-up run per case, then interleaved timed runs.
Peak RSS is the child's own high-water mark (VmHWM) when the window is shown, as the child reports it; ru_maxrss
from os.wait4 is only the fallback, since on Linux it includes the parent's memory inherited at fork.
"""

from __future__ import annotations

import argparse
import os
import platform
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import PySide6
import sqlalchemy
from generate_large import CLAIMS, DATA_DIR, PEOPLE, default_url, generate
from sqlalchemy.engine import URL

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEMO_PATH = DATA_DIR / "demo.sqlite3"
RATIO_TARGET = 2.5
SECONDS_TARGET = 0.8
RSS_TARGET_MB = 300.0
MARKER = b"window-shown"


@dataclass(frozen=True)
class Case:
    name: str
    argv: list[str]


@dataclass(frozen=True)
class Run:
    wall: float
    reported: float | None
    peak_rss_mb: float


@dataclass
class Result:
    case: Case
    runs: list[Run] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)

    @property
    def median_reported(self) -> float | None:
        reported = [r.reported for r in self.runs if r.reported is not None]
        return statistics.median(reported) if reported else None


class StartFailed(Exception):
    """The process exited or timed out without printing `window-shown`."""


def child_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Keep the app's log, data folder and QSettings away from the coordinator's own.
    env["CME_DATA_DIR"] = str(DATA_DIR / "app-data")
    env["XDG_CONFIG_HOME"] = str(DATA_DIR / "config")
    env.pop("CME_DATABASE_URL", None)
    return env


def run_once(case: Case, env: dict[str, str], timeout: float) -> Run:
    """Spawn the case, time it until `window-shown`, let it exit, and read its peak RSS."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(case.argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr)
        wall, output = _read_output(process, started, started + timeout)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if wall is None or process.returncode != 0:
            stderr.seek(0)
            lines = (stderr.read() + output).decode(errors="replace").strip().splitlines()[-12:]
            why = "killed after the timeout" if process.returncode < 0 else f"exit code {process.returncode}"
            seen = "printed window-shown" if wall is not None else "never printed window-shown"
            raise StartFailed(f"{why}, {seen}; its last output:\n" + "\n".join(f"    {t}" for t in lines))
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1 if sys.platform == "darwin" else 1024
    reported_kib = _reported_peak_kib(output)
    peak = reported_kib * 1024 / 1e6 if reported_kib is not None else usage.ru_maxrss * scale / 1e6
    return Run(wall, _reported_seconds(output), peak)


def _read_output(
    process: subprocess.Popen[bytes], started: float, deadline: float
) -> tuple[float | None, bytes]:
    """The child's stdout to its end, and the seconds from `started` until a `window-shown` line arrived.

    A child still running at `deadline` is killed.
    """
    assert process.stdout is not None
    fd, output, wall = process.stdout.fileno(), b"", None
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                process.kill()
                break
            if not selector.select(left):
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            output += chunk
            if wall is None and any(
                line.startswith(MARKER) for line in output.splitlines(keepends=True) if line.endswith(b"\n")
            ):
                wall = time.perf_counter() - started
    process.stdout.close()
    return wall, output


def _reported_seconds(output: bytes) -> float | None:
    for line in output.splitlines():
        if line.startswith(MARKER):
            try:
                return float(line.split()[1])
            except (IndexError, ValueError):
                return None
    return None


def _reported_peak_kib(output: bytes) -> int | None:
    """The child's own VmHWM at the moment its window was shown, when it reports one (Linux)."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            words = line.split()
            if b"peak-rss-kib" in words:
                try:
                    return int(words[words.index(b"peak-rss-kib") + 1])
                except (IndexError, ValueError):
                    return None
    return None


def prepare_databases(large_url: str, people: int, claims: int) -> tuple[str, str]:
    """The demo database (refreshed, so it has a session today) and the large one (generated once, then reused)."""
    demo_url = str(URL.create("sqlite+pysqlite", database=str(DEMO_PATH)))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cme_desktop", "--database", demo_url, "demo"],
        cwd=REPO,
        env=child_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"Demo database ready in {time.perf_counter() - started:.1f} s: {DEMO_PATH}")
    report = generate(large_url, people, claims, log=lambda line: print(line, flush=True))
    return demo_url, report.url


def measure(cases: list[Case], runs: int, timeout: float) -> list[Result]:
    env = child_env()
    results = [Result(case) for case in cases]
    for round_ in range(runs + 1):
        for result in results:
            if result.error:
                continue
            try:
                run = run_once(result.case, env, timeout)
            except StartFailed as error:
                result.error = str(error)
                continue
            if round_ > 0:  # round 0 warms the file cache and writes .pyc files
                result.runs.append(run)
        label = "warm-up" if round_ == 0 else f"run {round_}/{runs}"
        print(f"  {label}: " + ", ".join(_progress(r) for r in results), flush=True)
    return results


def _progress(result: Result) -> str:
    if result.error:
        return f"{result.case.name} failed"
    if not result.runs:
        return f"{result.case.name} ok"
    return f"{result.case.name} {result.runs[-1].wall:.3f} s"


def report(results: list[Result], runs: int) -> None:
    baseline = results[0]
    print()
    print(f"Start-up to main window shown: median of {runs} runs (wall clock from spawn), offscreen Qt")
    header = f"{'case':<16}{'median':>9}{'min':>9}{'max':>9}{'app says':>10}{'x bare':>8}{'peak RSS':>11}"
    print(header)
    print("-" * len(header))
    for result in results:
        if result.error:
            print(f"{result.case.name:<16}  failed (below)")
            continue
        walls = [r.wall for r in result.runs]
        said = result.median_reported
        ratio = f"{result.median / baseline.median:.2f}x" if baseline.runs and not baseline.error else "-"
        print(
            f"{result.case.name:<16}{result.median:>8.3f}s{min(walls):>8.3f}s{max(walls):>8.3f}s"
            f"{(f'{said:.3f}s' if said is not None else '-'):>10}{ratio:>8}{result.peak_rss_mb:>8.0f} MB"
        )
    print(
        "('app says' is what the process printed itself: the bare window counts from the kernel's record of its "
        "start, the app from where it starts its own clock, which may miss the interpreter's start and early "
        "imports. The wall clock is the figure.)"
    )
    print()
    print(
        f"Targets: at most {RATIO_TARGET}x the bare window (the issue's estimate: under {SECONDS_TARGET} s); peak RSS under {RSS_TARGET_MB:.0f} MB"
    )
    for result in results:
        if result.error:
            print(f"  {result.case.name}: NOT MEASURED. {result.error}")
    measured = baseline.runs and not baseline.error
    for result in results[1:]:
        if result.error:
            continue
        if measured:
            ratio = result.median / baseline.median
            print(
                f"  {result.case.name}: start-up {_verdict(ratio <= RATIO_TARGET)} "
                f"({ratio:.2f}x the bare window's {baseline.median:.3f} s; "
                f"{result.median:.3f} s is {'under' if result.median < SECONDS_TARGET else 'over'} {SECONDS_TARGET} s)"
            )
        else:
            print(f"  {result.case.name}: start-up ratio unknown, the bare window was not measured")
        print(
            f"  {result.case.name}: memory {_verdict(result.peak_rss_mb < RSS_TARGET_MB)} "
            f"(peak RSS {result.peak_rss_mb:.0f} MB)"
        )


def _verdict(met: bool) -> str:
    return "target met" if met else "TARGET MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds to wait for one start (default 120)"
    )
    parser.add_argument(
        "--large-database",
        metavar="URL",
        default=default_url(),
        help="default: benchmarks/data/large.sqlite3",
    )
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--claims", type=int, default=CLAIMS)
    args = parser.parse_args(argv)

    print(
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"SQLAlchemy {sqlalchemy.__version__}; {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    demo_url, large_url = prepare_databases(args.large_database, args.people, args.claims)
    app = [sys.executable, "-m", "cme_desktop", "--quit-after-shown", "--database"]
    cases = [
        Case("bare window", [sys.executable, str(HERE / "bare_window.py")]),
        Case("demo database", [*app, demo_url]),
        Case("large database", [*app, large_url]),
    ]
    print(f"Measuring: 1 warm-up and {args.runs} timed runs per case, interleaved.")
    results = measure(cases, args.runs, args.timeout)
    report(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
