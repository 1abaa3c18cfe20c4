"""Importing a series' sessions from CSV: a preview with a row-by-row report, then all rows or none."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from cme_desktop.services import audit
from cme_desktop.services.activities.records import get_activity
from cme_desktop.services.activities.session_import import SessionImportError, commit_import, parse_preview
from cme_desktop.services.context import Context
from tests.services.activity_factory import grand_rounds

GOOD = """date,start,end,topic,speakers,room
2026-12-02,12:00,13:00,Heart Failure with Preserved Ejection Fraction,"Tran, Rebecca MD",Storm Eye Auditorium
12/9/2026,12:00 PM,1:00 PM,Sepsis Bundles,Samuel Okoye MD,Storm Eye Auditorium
Dec 16 2026,12pm,1pm,Anticoagulation in Atrial Fibrillation,,Room 110
"""

BAD = """Date,Start Time,End Time,Topic,Speaker,Room
2026-12-02,12:00,13:00,Fine,,
2026-13-09,12:00,13:00,Bad date,,
12/16/2026,1pm,noon,Ends before it starts,,

12/23/2026,lunch,1pm,Bad start,,
2026-12-02,12:30,13:30,Overlaps row 2,,
"""


def test_a_good_file_previews_then_imports_every_row(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    preview = parse_preview(ctx, rounds.id, GOOD)
    assert preview.ok and [r.row for r in preview.rows] == [2, 3, 4]
    assert [s.local_start().time() for s in preview.sessions] == [time(12)] * 3
    assert preview.sessions[0].speakers == "Tran, Rebecca MD" and preview.sessions[2].speakers is None
    assert get_activity(ctx, rounds.id).sessions == ()

    created = commit_import(ctx, rounds.id, GOOD)
    assert [s.starts_at for s in created] == [
        datetime(2026, 12, 2, 17, tzinfo=UTC),
        datetime(2026, 12, 9, 17, tzinfo=UTC),
        datetime(2026, 12, 16, 17, tzinfo=UTC),
    ]
    assert [s.topic for s in created][1] == "Sepsis Bundles"
    assert all(s.attendance_code and s.credit_quarters == 4 for s in created)
    assert {e.after["via"] for e in audit.history(ctx, "session") if e.after} == {"import of pasted text"}


def test_a_bad_file_reports_each_row_and_imports_nothing(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    preview = parse_preview(ctx, rounds.id, BAD)
    assert not preview.ok
    assert [r.row for r in preview.rows] == [2, 3, 4, 6, 7]  # the blank row 5 is passed over
    report = [str(p) for p in preview.problems]
    assert report == [
        "Row 3: '2026-13-09' is not a date; write it like 2026-12-03 or 12/3/2026.",
        "Row 4: A session must end after it starts; this one is set to start at 1:00 PM and end at 12:00 PM on "
        "Wednesday, December 16, 2026.",
        "Row 6: 'lunch' is not a time; write it like 12:00, 12:00 PM or 1pm.",
        "Row 7, at 12:30 PM on Wednesday, December 2, 2026, overlaps Row 2; sessions of one activity may not overlap.",
    ]
    assert preview.rows[0].problems == () and preview.rows[0].session is not None

    with pytest.raises(SessionImportError) as caught:
        commit_import(ctx, rounds.id, BAD)
    assert str(caught.value).startswith(
        "Nothing was imported: 4 rows have problems. Row 3: '2026-13-09' is not a date"
    )
    assert caught.value.preview == preview
    assert get_activity(ctx, rounds.id).sessions == ()
    assert audit.history(ctx, "session") == []


def test_rows_that_overlap_sessions_already_there_are_named(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    commit_import(ctx, rounds.id, GOOD)
    again = parse_preview(ctx, rounds.id, GOOD)
    assert [p.row for p in again.problems] == [2, 3, 4]
    assert "overlaps the session at 12:00 PM on Wednesday, December 2, 2026" in again.problems[0].message


def test_the_designation_applies_to_the_file_as_a_whole(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="2")
    preview = parse_preview(ctx, rounds.id, GOOD)
    assert [(p.row, p.message.split(",")[0]) for p in preview.problems] == [
        (None, "The sessions would carry 3 credits in all")
    ]
    with pytest.raises(SessionImportError, match="Nothing was imported: the file has a problem"):
        commit_import(ctx, rounds.id, GOOD)


def test_an_optional_credits_column_is_used_and_checked(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    text = "date,start,end,credits\n2026-12-02,12:00,13:00,0.75\n2026-12-09,12:00,13:00,2\n2026-12-16,12:00,13:00,\n"
    preview = parse_preview(ctx, rounds.id, text)
    assert [r.session.credit_quarters if r.session else None for r in preview.rows] == [3, None, 4]
    assert str(preview.problems[0]) == "Row 3: 2 credits is more than a 60-minute session earns (at most 1)."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("date,topic\n2026-12-02,Rounds\n", "'start' and 'end' are missing"),
        ("date,start,end\n", "The file has a header but no sessions."),
    ],
)
def test_a_file_without_the_needed_columns_or_rows_is_refused(ctx: Context, text: str, message: str) -> None:
    rounds = grand_rounds(ctx)
    preview = parse_preview(ctx, rounds.id, text)
    assert not preview.ok and message in preview.problems[0].message


def test_files_from_excel_are_read_whatever_their_encoding_or_separator(ctx: Context, tmp_path: Path) -> None:
    rounds = grand_rounds(ctx)
    utf8 = tmp_path / "sessions.csv"
    utf8.write_bytes("\ufeffdate;start;end;topic\n2026-12-02;12:00;13:00;Café scientifique\n".encode())
    windows = tmp_path / "sessions-windows.csv"
    windows.write_bytes("date,start,end,topic\n2026-12-09,12:00,13:00,Caf\xe9 clinique\n".encode("cp1252"))
    assert [s.topic for s in commit_import(ctx, rounds.id, utf8)] == ["Café scientifique"]
    assert [s.topic for s in commit_import(ctx, rounds.id, str(windows))] == ["Café clinique"]
    entries = audit.history(ctx, "session")
    assert entries[0].after is not None and entries[0].after["via"] == "import of sessions-windows.csv"


def test_a_missing_file_is_a_sentence(ctx: Context, tmp_path: Path) -> None:
    rounds = grand_rounds(ctx)
    with pytest.raises(ValueError, match="could not be read"):
        parse_preview(ctx, rounds.id, tmp_path / "nowhere.csv")


def test_a_file_named_without_an_extension_is_read_as_a_file(ctx: Context, tmp_path: Path) -> None:
    rounds = grand_rounds(ctx)
    exported = tmp_path / "sessions-export"
    exported.write_text(GOOD)
    assert len(parse_preview(ctx, rounds.id, str(exported)).sessions) == 3
    assert not parse_preview(ctx, rounds.id, "date," * 100).ok
