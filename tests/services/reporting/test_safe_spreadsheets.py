"""Safe spreadsheets (issue 15, item 2): a name that a spreadsheet would run as a formula is written as text in
every file CME Desk writes, and kept as typed in the database (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim
from cme_desktop.services.attendance.queries import attendance_csv, session_attendance
from cme_desktop.services.context import Context
from cme_desktop.services.people.importing import import_people
from cme_desktop.services.reporting.attendance import attendance_report
from cme_desktop.services.reporting.report import write_report
from cme_desktop.store.people import Person
from tests.services.attendance_factory import Setting, add_person, build

HOSTILE = ('=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "@SUM(1)")


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def _hostile_learners(ctx: Context, setting: Setting) -> None:
    for index, name in enumerate(HOSTILE):
        person = add_person(ctx, name, "Learner", "MD", f"hostile{index}@example.org")
        record_claim(
            ctx, ClaimRequest(person, ClaimChannel.MANUAL, session_id=setting.now_session, reason="sheet")
        )


def test_the_attendance_pages_export_writes_formula_names_as_text(ctx: Context, setting: Setting) -> None:
    _hostile_learners(ctx, setting)
    rows = list(
        csv.DictReader(io.StringIO(attendance_csv(session_attendance(ctx, setting.now_session), "UTC")))
    )
    names = sorted(row["person"] for row in rows)
    assert names == sorted(f"'{name} Learner, MD" for name in HOSTILE)


def test_the_attendance_report_file_writes_formula_names_as_text(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    _hostile_learners(ctx, setting)
    path = write_report(attendance_report(ctx, date(2026, 11, 1), date(2026, 11, 30)), tmp_path / "a.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark: the office's CSV is plain UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert sorted(row["First name"] for row in rows) == sorted(f"'{name}" for name in HOSTILE)


def test_an_import_keeps_a_formula_name_as_typed(ctx: Context) -> None:
    text = "first_name,last_name,email\n" + "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",Learner,imported{i}@example.org\n'
        for i, name in enumerate(HOSTILE)
    )
    import_people(ctx, text)
    with ctx.db.transaction() as session:
        stored = set(session.scalars(select(Person.first_name)))
    assert set(HOSTILE) <= stored
