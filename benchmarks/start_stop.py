"""Start and quit CME Desk again and again, reopening on each page in turn: every start must exit 0 and leave
nothing in the log or on stderr (issue 12, "Start-up and quit that never race").

    uv run python benchmarks/start_stop.py [--starts 30]

Each start is a fresh process (QT_QPA_PLATFORM=offscreen) on one demo database, with `--quit-after-shown`: it
quits as soon as the window is shown, while the page it reopened on is still loading in the background. That is
the moment that used to crash (exit 139 or 134) or log "One or more mappers failed to initialize". The page to
reopen on is written into the app's settings before each start, as a coordinator's last session would leave it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Qt's offscreen platform says this once per window; it is not an error of ours.
BENIGN = ("This plugin does not support propagateSizeHints()",)


@dataclass
class Outcome:
    starts: int = 0
    exits: dict[int, int] = field(default_factory=dict)  # exit code -> how many
    problems: list[str] = field(default_factory=list)  # "page: line" from stderr or the log

    @property
    def crashes(self) -> int:
        return sum(n for code, n in self.exits.items() if code != 0)


def pages() -> list[str]:
    sys.path.insert(0, str(REPO))
    from cme_desktop.ui.main_window import PAGES

    return [title for title, _where in PAGES]


def run(starts: int, folder: Path, timeout: float = 60) -> Outcome:
    """`starts` starts in `folder` (a demo database, a data folder and a settings folder are made there)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CME_DATA_DIR=str(folder / "data"))
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env.pop("CME_DATABASE_URL", None)
    database = f"sqlite:///{folder / 'demo.sqlite3'}"
    command = [sys.executable, "-m", "cme_desktop", "--database", database]
    subprocess.run([*command, "demo"], env=env, check=True, capture_output=True, cwd=REPO)
    settings = folder / "config" / "cme-desktop" / "cme-desktop.conf"
    settings.parent.mkdir(parents=True, exist_ok=True)
    log = folder / "data" / "cme-desk.log"
    titles = pages()
    outcome = Outcome()
    for start in range(starts):
        page = titles[start % len(titles)]
        settings.write_text(f"[main_window]\npage={page}\n", encoding="utf-8")
        log.unlink(missing_ok=True)
        try:
            done = subprocess.run(
                [*command, "--quit-after-shown"],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=REPO,
            )
            code = done.returncode
            stderr = done.stderr
        except subprocess.TimeoutExpired as expired:
            code, stderr = -1, f"did not quit within {timeout:.0f} s {expired.stderr or ''}"
        outcome.starts += 1
        outcome.exits[code] = outcome.exits.get(code, 0) + 1
        lines = [line for line in str(stderr).splitlines() if line.strip() and line.strip() not in BENIGN]
        if log.exists():
            lines += [
                line
                for line in log.read_text(encoding="utf-8").splitlines()
                if " ERROR " in line or " CRITICAL " in line or "Traceback" in line
            ]
        outcome.problems += [f"{page}: {line}" for line in lines]
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cme-start-stop-") as scratch:
        outcome = run(args.starts, Path(scratch))
    exits = ", ".join(f"{n} x exit {code}" for code, n in sorted(outcome.exits.items()))
    print(f"{outcome.starts} starts on {len(pages())} pages in turn: {exits}")
    print(f"crashes: {outcome.crashes}; lines logged or printed as errors: {len(outcome.problems)}")
    for line in outcome.problems[:20]:
        print(f"  {line}")
    return 0 if outcome.crashes == 0 and not outcome.problems else 1


if __name__ == "__main__":
    sys.exit(main())
