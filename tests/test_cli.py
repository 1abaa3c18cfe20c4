"""The command line of DESIGN.md, as IT staff and scripts use it."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cme_desktop.cli import run
from cme_desktop.clock import Clock, frozen_clock
from cme_desktop.services.context import Context
from cme_desktop.store.db import Database
from tests.services.attendance_factory import build


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_init_creates_a_new_sqlite_file_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fresh.sqlite3"
    assert run(["--database", f"sqlite:///{path}", "init"]) == 0
    assert "The database is ready" in capsys.readouterr().out
    tables = {
        r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert {"people", "activities", "sessions", "attendance_claims", "audit_log"} <= tables


def test_database_url_comes_from_the_environment_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("CME_DATABASE_URL", f"sqlite:///{path}")
    assert run(["init"]) == 0
    assert str(path) in capsys.readouterr().out


def test_demo_then_sessions_json_lists_todays_grand_rounds_with_offsets(
    ctx: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--database", _url(ctx.db), "demo"], clock=ctx.clock) == 0
    assert "300 people" in capsys.readouterr().out
    today = ["--from", "2026-11-28", "--to", "2026-11-28"]
    assert run(["--database", _url(ctx.db), "sessions", *today, "--json"], clock=ctx.clock) == 0
    sessions = json.loads(capsys.readouterr().out)
    assert [s["activity_title"] for s in sessions] == ["Medicine Grand Rounds"]
    start = datetime.fromisoformat(sessions[0]["starts_at"])
    assert sessions[0]["starts_at"].endswith("-05:00") and start.hour == 12
    assert sessions[0]["credits"] == 1.0 and len(sessions[0]["attendance_code"]) == 7
    closes = datetime.fromisoformat(sessions[0]["code_closes_at"])
    assert (closes - datetime.fromisoformat(sessions[0]["ends_at"])).days == 7  # DOMAIN.md: 7 days after

    assert run(["--database", _url(ctx.db), "people", "--search", "smith", "--json"], clock=ctx.clock) == 0
    people = json.loads(capsys.readouterr().out)
    assert people and all(p["last_name"] == "Smith" for p in people)
    assert all("ssn" not in key for p in people for key in p)


def test_backup_copies_the_sqlite_file(
    sqlite_ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cme_desktop.services.office import settings as office

    office.update_settings(sqlite_ctx, {"provider_name": "Backed Up Office"})
    target = tmp_path / "copies" / "backup.sqlite3"
    assert run(["--database", _url(sqlite_ctx.db), "backup", str(target)], clock=sqlite_ctx.clock) == 0
    row = (
        sqlite3.connect(target)
        .execute("SELECT value FROM office_settings WHERE key='provider_name'")
        .fetchone()
    )
    assert row == ('"Backed Up Office"',)


@pytest.mark.postgres
def test_backup_of_postgresql_uses_pg_dump(postgres_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "office.dump"
    assert run(["--database", _url(postgres_db), "backup", str(target)]) == 0
    assert target.read_bytes()[:5] == b"PGDMP"


def test_an_unreachable_server_is_one_sentence_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--database", "postgresql://nobody:pw@127.0.0.1:9/cme", "people", "--json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cme-desktop: The database server could not be reached")
    assert "Traceback" not in err


def test_a_bad_date_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["sessions", "--from", "28/11/2026", "--json"])
    assert exit_info.value.code == 2
    assert "is not a date like 2026-11-27" in capsys.readouterr().err


def test_import_people_is_all_or_nothing_with_a_row_by_row_report(
    sqlite_ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cme_desktop.services.people.search import search_people

    csv_file = tmp_path / "staff.csv"
    csv_file.write_text(
        "first_name,last_name,email,degree,netid\nJane,Doe,jane.doe@example.org,MD,jdoe\nJohn,Roe,not-an-email,RN,\n"
    )

    def import_people() -> int:
        return run(
            ["--database", _url(sqlite_ctx.db), "import", "people", str(csv_file)], clock=sqlite_ctx.clock
        )

    assert import_people() == 1
    captured = capsys.readouterr()
    assert "line 3: John Roe · not-an-email: 'not-an-email' is not an email address" in captured.out
    assert "Nothing was imported: 1 of 2 rows need fixing (first: line 3:" in captured.err
    assert search_people(sqlite_ctx, "doe") == []

    csv_file.write_text(csv_file.read_text().replace("not-an-email", "john.roe@example.org"))
    assert import_people() == 0
    assert "Imported 2 rows of people from staff.csv: 2 new." in capsys.readouterr().out
    assert import_people() == 0
    assert "Imported 2 rows of people from staff.csv: 2 unchanged." in capsys.readouterr().out
    assert [p.netid for p in search_people(sqlite_ctx, "doe")] == ["jdoe"]


def test_a_command_reads_today_from_the_clock_given_to_run(
    sqlite_ctx: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sessions --json` without dates lists the week from today; today is the clock's, not the machine's."""
    setting = build(sqlite_ctx)  # sessions now, ten days ago and tomorrow
    url = _url(sqlite_ctx.db)

    def listed(clock: Clock) -> set[int]:
        assert run(["--database", url, "sessions", "--json"], clock=clock) == 0
        return {s["id"] for s in json.loads(capsys.readouterr().out)}

    assert listed(sqlite_ctx.clock) == {setting.now_session, setting.future_session}
    ten_days_earlier = frozen_clock(sqlite_ctx.clock() - timedelta(days=10))
    assert listed(ten_days_earlier) == {setting.past_session}
