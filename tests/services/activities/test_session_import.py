"""Importing a series' sessions from CSV: a preview with a row-by-row report, then all rows or none."""

from __future__ import annotations

from datetime import UTC, datetime
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


def _topics(ctx: Context, activity_id: int) -> list[str | None]:
    return [s.topic for s in get_activity(ctx, activity_id).sessions]


def test_a_good_file_previews_then_imports_every_row(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    preview = parse_preview(ctx, rounds.id, GOOD)
    assert preview.ok and [r.line for r in preview.rows] == [2, 3, 4]
    assert [r.cells[1] for r in preview.rows] == ["12:00 PM – 1:00 PM"] * 3
    assert preview.rows[0].cells[3] == "Tran, Rebecca MD" and preview.rows[2].cells[3] == ""
    assert get_activity(ctx, rounds.id).sessions == ()

    report = commit_import(ctx, rounds.id, GOOD)
    assert report.committed and [r.outcome for r in report.rows] == ["new"] * 3
    created = get_activity(ctx, rounds.id).sessions
    assert [s.starts_at for s in created] == [
        datetime(2026, 12, 2, 17, tzinfo=UTC),
        datetime(2026, 12, 9, 17, tzinfo=UTC),
        datetime(2026, 12, 16, 17, tzinfo=UTC),
    ]
    assert [s.topic for s in created][1] == "Sepsis Bundles"
    assert all(s.attendance_code and s.credit_quarters == 4 for s in created)
    assert [r.note for r in report.rows] == [f"attendance code {s.attendance_code}" for s in created]
    assert {e.after["via"] for e in audit.history(ctx, "session") if e.after} == {"import of pasted text"}


def test_a_bad_file_reports_each_row_and_imports_nothing(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    preview = parse_preview(ctx, rounds.id, BAD)
    assert not preview.ok
    assert [r.line for r in preview.rows] == [2, 3, 4, 6, 7]  # the blank line 5 is passed over
    assert [(r.line, r.problems) for r in preview.problem_rows] == [
        (3, ("'2026-13-09' is not a date; write it like 2026-12-03 or 12/3/2026.",)),
        (
            4,
            (
                "A session must end after it starts; this one is set to start at 1:00 PM and end at 12:00 PM on "
                "Wednesday, December 16, 2026.",
            ),
        ),
        (6, ("'lunch' is not a time; write it like 12:00, 12:00 PM or 1pm.",)),
        (
            7,
            (
                "The session on line 7, at 12:30 PM on Wednesday, December 2, 2026, overlaps the session on "
                "line 2; sessions of one activity may not overlap.",
            ),
        ),
    ]
    assert preview.rows[0].problems == () and preview.rows[0].outcome == "new"
    assert preview.rows[1].cells[0] == "2026-13-09"  # a row that could not be read shows what was typed

    with pytest.raises(SessionImportError) as caught:
        commit_import(ctx, rounds.id, BAD)
    assert str(caught.value) == (
        "Nothing was imported: 4 of 5 rows need fixing (first: line 3: '2026-13-09' is not a date; write it "
        "like 2026-12-03 or 12/3/2026)."
    )
    assert caught.value.report == preview
    assert get_activity(ctx, rounds.id).sessions == ()
    assert audit.history(ctx, "session") == []


def test_rows_that_overlap_sessions_already_there_are_named(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    commit_import(ctx, rounds.id, GOOD)
    again = parse_preview(ctx, rounds.id, GOOD)
    assert [r.line for r in again.problem_rows] == [2, 3, 4]
    assert "overlaps the session at 12:00 PM on Wednesday, December 2, 2026" in again.rows[0].problems[0]


def test_the_designation_applies_to_the_file_as_a_whole(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="2")
    preview = parse_preview(ctx, rounds.id, GOOD)
    assert [p.split(",")[0] for p in preview.file_problems] == ["the sessions would carry 3 credits in all"]
    assert preview.problem_rows == () and not preview.ok
    with pytest.raises(SessionImportError, match="Nothing was imported: the sessions would carry 3 credits"):
        commit_import(ctx, rounds.id, GOOD)


def test_an_optional_credits_column_is_used_and_checked(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    text = "date,start,end,credits\n2026-12-02,12:00,13:00,0.75\n2026-12-09,12:00,13:00,2\n2026-12-16,12:00,13:00,\n"
    preview = parse_preview(ctx, rounds.id, text)
    assert [r.cells[5] for r in preview.rows] == ["0.75", "2", "1"]
    assert preview.rows[1].problems == ("2 credits is more than a 60-minute session earns (at most 1).",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("date,topic\n2026-12-02,Rounds\n", "'start' and 'end' are missing"),
        ("date,start,end\n", "it has a header but no rows"),
    ],
)
def test_a_file_without_the_needed_columns_or_rows_is_refused(ctx: Context, text: str, message: str) -> None:
    rounds = grand_rounds(ctx)
    preview = parse_preview(ctx, rounds.id, text)
    assert not preview.ok and message in preview.summary()


def test_files_from_excel_are_read_whatever_their_encoding_or_separator(ctx: Context, tmp_path: Path) -> None:
    rounds = grand_rounds(ctx)
    utf8 = tmp_path / "sessions.csv"
    utf8.write_bytes("\ufeffdate;start;end;topic\n2026-12-02;12:00;13:00;Café scientifique\n".encode())
    windows = tmp_path / "sessions-windows.csv"
    windows.write_bytes("date,start,end,topic\n2026-12-09,12:00,13:00,Caf\xe9 clinique\n".encode("cp1252"))
    unicode = tmp_path / "sessions-unicode.txt"
    unicode.write_bytes("date\tstart\tend\ttopic\n2026-12-16\t12:00\t13:00\tÉtude\n".encode("utf-16"))
    assert commit_import(ctx, rounds.id, utf8).read_as == "UTF-8, separated by semicolons"
    assert commit_import(ctx, rounds.id, windows).read_as == "Windows-1252, separated by commas"
    assert commit_import(ctx, rounds.id, unicode).read_as == "UTF-16, separated by tabs"
    assert _topics(ctx, rounds.id) == ["Café scientifique", "Café clinique", "Étude"]
    entries = audit.history(ctx, "session")
    assert entries[0].after is not None and entries[0].after["via"] == "import of sessions-unicode.txt"


def test_a_missing_file_is_a_sentence(ctx: Context, tmp_path: Path) -> None:
    rounds = grand_rounds(ctx)
    with pytest.raises(ValueError, match=r"There is no file .*nowhere\.csv"):
        parse_preview(ctx, rounds.id, tmp_path / "nowhere.csv")


def test_a_topic_with_a_line_break_keeps_its_line_numbers_right(ctx: Context) -> None:
    """Issue 15, item 3: after a quoted line break the report's numbers were one off."""
    rounds = grand_rounds(ctx)
    text = 'date,start,end,topic\n2026-12-02,12:00,13:00,"Heart failure:\nwhat is new"\n2026-12-09,12:00,noon,Sepsis\n'
    preview = parse_preview(ctx, rounds.id, text)
    assert [(r.line, bool(r.problems)) for r in preview.rows] == [(2, False), (4, True)]
