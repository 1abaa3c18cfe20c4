"""`import sessions --activity ID FILE.csv` as scripts use it: every row or none, a row-by-row report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cme_desktop.cli import run
from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.activities.records import (
    ActivityInput,
    DesignationInput,
    create_activity,
    get_activity,
)
from cme_desktop.services.context import Context

HEADER = "date,start,end,topic,speakers,room\n"


@pytest.fixture
def rounds(ctx: Context) -> int:
    return create_activity(
        ctx,
        ActivityInput(
            "Medicine Grand Rounds",
            ActivityFormat.RSS,
            designations=(DesignationInput("ama_pra_1", Decimal(52)),),
        ),
    ).id


def _run(ctx: Context, *argv: str) -> int:
    return run(["--database", ctx.db.url.render_as_string(hide_password=False), *argv], clock=ctx.clock)


def test_a_good_file_creates_every_session_with_a_code(
    ctx: Context, rounds: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rounds.csv"
    path.write_text(
        HEADER + "2026-12-02,12:00,13:00,Sepsis,Ann Lee,Aud\n12/9/2026,12:00 PM,1:00 PM,Heart failure,,\n"
    )
    assert _run(ctx, "import", "sessions", "--activity", str(rounds), str(path)) == 0
    out = capsys.readouterr().out
    sessions = get_activity(ctx, rounds).sessions
    assert [s.topic for s in sessions] == ["Sepsis", "Heart failure"]
    assert all(s.attendance_code and f"attendance code {s.attendance_code}" in out for s in sessions)
    assert "Imported 2 rows of sessions from rounds.csv: 2 new." in out


def test_one_bad_row_writes_nothing_and_reports_each_row(
    ctx: Context, rounds: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rounds.csv"
    path.write_text(
        HEADER
        + "2026-12-02,12:00,13:00,Sepsis,,\n2026-12-09,13:00,12:00,Backwards,,\n13/45/2026,12:00,13:00,,,\n"
    )
    assert _run(ctx, "import", "sessions", "--activity", str(rounds), str(path)) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "Read rounds.csv as UTF-8, separated by commas."
    assert lines[1] == "line 2: Wed Dec 2, 2026 · 12:00 PM – 1:00 PM · Sepsis · 1: new"
    assert lines[2].startswith(
        "line 3: 2026-12-09 · 13:00 – 12:00 · Backwards: A session must end after it starts"
    )
    assert (
        lines[3]
        == "line 4: 13/45/2026 · 12:00 – 13:00: '13/45/2026' is not a date; write it like 2026-12-03 or 12/3/2026."
    )
    assert captured.err.startswith(
        "cme-desktop: Nothing was imported: 2 of 3 rows need fixing (first: line 3:"
    )
    assert get_activity(ctx, rounds).sessions == ()


def test_dry_run_saves_nothing_and_the_activity_is_required(
    ctx: Context, rounds: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rounds.csv"
    path.write_text(HEADER + "2026-12-02,12:00,13:00,Sepsis,,\n")
    assert _run(ctx, "import", "sessions", "--activity", str(rounds), "--dry-run", str(path)) == 0
    assert capsys.readouterr().out.endswith(
        "Nothing was saved (a dry run): 1 row of sessions ready to import from rounds.csv: 1 new.\n"
    )
    assert get_activity(ctx, rounds).sessions == ()
    assert _run(ctx, "import", "sessions", str(path)) == 1
    assert "Say which activity the sessions join" in capsys.readouterr().err
