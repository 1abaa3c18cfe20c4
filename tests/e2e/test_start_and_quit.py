"""The app started and quit on every page in turn, as real processes: no crash, nothing logged as an error
(issue 12; `benchmarks/start_stop.py --starts 30` is the longer run behind the closing note's figure)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_starting_on_each_page_and_quitting_at_once_never_crashes_or_logs_an_error(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from start_stop import pages, run
    finally:
        sys.path.remove(str(BENCHMARKS))
    outcome = run(len(pages()), tmp_path)
    assert outcome.exits == {0: len(pages())}
    assert outcome.problems == []
