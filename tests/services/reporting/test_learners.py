"""Learner completions for PARS: MOC for the boards an activity is registered with, CME for state boards.

Rules: DOMAIN.md, "Reporting" (board ID, first and last name, birth month and day, completion date, the board's
MOC credit type and points, learner's permission; within 30 days; ABP takes a longitudinal activity such as an
RSS once per learner, after the credit is earned; a diplomate gets credit for an activity once per day; state
boards: name, birth month/day, state and license, or NPI). Layout: docs/pars.md, "Learner upload".
The clock is frozen at 2026-11-28 16:00 UTC.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.activities.reporting_fields import MocInput, ReportingInput, save_reporting
from cme_desktop.services.context import Context
from cme_desktop.services.reporting.learners import LEARNER_COLUMNS, learner_report, state_board_report
from cme_desktop.services.reporting.report import Report, write_report
from tests.services.reporting.factory import activity, attend, learner, weekly

AUTUMN = (date(2026, 9, 1), date(2026, 11, 30))


def register(ctx: Context, activity_id: int, *moc: MocInput, pars_id: str | None = "202600001") -> None:
    save_reporting(ctx, activity_id, ReportingInput(pars_activity_id=pars_id, moc_attested=True, moc=moc), 0)


def fields(report: Report) -> list[dict[str, str]]:
    return [dict(zip(LEARNER_COLUMNS, r, strict=True)) for r in report.rows]


@pytest.fixture
def rounds(ctx: Context) -> tuple[int, list[int]]:
    """A weekly series from September 3 to November 26, 2026 (13 sessions of 1 credit), over by now."""
    return activity(ctx, "Pediatric Grand Rounds", days=weekly(date(2026, 9, 1), date(2026, 11, 27)))


def test_only_registered_boards_get_completions_with_their_moc_points(
    ctx: Context, rounds: tuple[int, list[int]]
) -> None:
    series, sessions = rounds
    unregistered, other_sessions = activity(ctx, "Journal Club", days=[date(2026, 10, 6)])
    register(ctx, series, MocInput("ABIM", ("MK", "PS"), "13"))
    jane = learner(ctx, "Jane", "Doe", boards=[("abim", "123456"), ("ABS", "55")])
    attend(ctx, jane, sessions[-2:])
    attend(ctx, jane, other_sessions)  # not registered for MOC: never reported
    rows = fields(learner_report(ctx, *AUTUMN))
    assert [
        (r["Board"], r["Board ID"], r["Completion date"], r["MOC points"], r["MOC credit types"])
        for r in rows
    ] == [
        ("ABIM", "123456", "11/19/2026", "1", "MK; PS"),
        ("ABIM", "123456", "11/26/2026", "1", "MK; PS"),
    ]
    assert rows[0]["ACCME activity ID"] == "202600001" and rows[0]["Provider activity ID"] == str(series)
    assert (rows[0]["First name"], rows[0]["Last name"], rows[0]["Birth month/day"]) == (
        "Jane",
        "Doe",
        "0302",
    )
    assert learner_report(ctx, *AUTUMN, board="ABS").rows == ()
    assert unregistered


def test_abp_gets_one_record_per_learner_per_series_once_it_has_ended(
    ctx: Context, rounds: tuple[int, list[int]]
) -> None:
    """DOMAIN.md: ABP takes a longitudinal activity such as an RSS once per learner, after the credit is earned;
    ABIM takes a completion per day attended."""
    series, sessions = rounds
    register(ctx, series, MocInput("ABP", ("LL",), "10"), MocInput("ABIM", ("MK",), "13"))
    ola = learner(ctx, "Ola", "Fry", boards=[("ABP", "777"), ("ABIM", "888")])
    attend(ctx, ola, sessions[:12])  # 12 credits, more than ABP's 10 points
    report = learner_report(ctx, *AUTUMN)
    abp = [r for r in fields(report) if r["Board"] == "ABP"]
    assert [(r["Completion date"], r["MOC points"], r["AMA PRA Category 1 Credits"]) for r in abp] == [
        ("11/19/2026", "10", "12")
    ]
    assert len([r for r in fields(report) if r["Board"] == "ABIM"]) == 12
    # The same series still under way: ABP waits, and the notes say so.
    running, running_sessions = activity(
        ctx, "Neonatal Series", days=weekly(date(2026, 11, 1), date(2026, 12, 31))
    )
    register(ctx, running, MocInput("ABP", ("LL",), "9"))
    attend(ctx, ola, running_sessions[:4])
    report = learner_report(ctx, *AUTUMN, board="ABP")
    assert [r["Provider activity ID"] for r in fields(report)] == [str(series)]
    assert any(
        n.startswith("1 ABP completion of Neonatal Series will be reported once it ends")
        for n in report.notes
    )


def test_the_notes_name_who_was_left_out_and_completions_older_than_30_days(
    ctx: Context, rounds: tuple[int, list[int]]
) -> None:
    series, sessions = rounds
    register(ctx, series, MocInput("ABIM", ("MK",), "13"), pars_id=None)
    attend(ctx, learner(ctx, "Max", "Roe", boards=[("ABIM", "1")], permission=False), sessions[-1:])
    attend(ctx, learner(ctx, "Ida", "Fox", boards=[("ABIM", "2")], birthday=None), sessions[-1:])
    attend(ctx, learner(ctx, "Ned", "Low"), sessions[-1:])  # no ABIM ID
    attend(ctx, learner(ctx, "Amy", "Old", boards=[("ABIM", "3")]), sessions[:1])  # September 3
    report = learner_report(ctx, *AUTUMN)
    assert [r["Last name"] for r in fields(report)] == ["Old"]
    notes = "\n".join(report.notes)
    assert "no permission to report to their board on file: Max Roe." in notes
    assert "birth month and day missing (boards match on them): Ida Fox." in notes
    assert "no ABIM ID on file: Ned Low." in notes
    assert "More than 30 days old (boards expect completions within 30 days): Amy Old (Sep 3)." in notes
    assert "No PARS activity ID yet for Pediatric Grand Rounds" in notes


def test_the_learner_file_is_tab_delimited_without_header_or_bom_and_formulas_stay_text(
    ctx: Context, rounds: tuple[int, list[int]], tmp_path: Path
) -> None:
    series, sessions = rounds
    register(ctx, series, MocInput("ABIM", ("MK",), "13"))
    attend(
        ctx,
        learner(ctx, '=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", boards=[("ABIM", "9")]),
        sessions[-1:],
    )
    report = learner_report(ctx, *AUTUMN)
    path = write_report(report, tmp_path / "abim.txt")
    assert report.suffix == ".txt"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    (line,) = raw.decode("utf-8").split("\r\n")[:-1]
    cells = line.split("\t")
    assert len(cells) == len(LEARNER_COLUMNS)
    assert cells[2:4] == ['\'=HYPERLINK("http://x","click")', "'+cmd|' /C calc'!A0"]


def test_a_course_is_one_completion_per_learner_once_it_has_ended(ctx: Context) -> None:
    course, days = activity(
        ctx, "Cardiology Update", ActivityFormat.LIVE_COURSE, [date(2026, 11, 5), date(2026, 11, 6)], hours=7
    )
    register(ctx, course, MocInput("ABIM", ("MK",), "14"))
    attend(ctx, learner(ctx, "Jane", "Doe", boards=[("ABIM", "1")]), days)
    rows = fields(learner_report(ctx, *AUTUMN))
    assert [(r["Completion date"], r["MOC points"]) for r in rows] == [("11/06/2026", "14")]


def test_state_boards_get_each_license_or_the_npi_in_the_same_layout(
    ctx: Context, rounds: tuple[int, list[int]]
) -> None:
    _, sessions = rounds
    jane = learner(ctx, "Jane", "Doe", licenses=[("SC", "MD-1"), ("ga", "G-7")])
    ray = learner(ctx, "Ray", "Moss", npi="1234567893")
    ann = learner(ctx, "Ann", "Lee")
    nurse = learner(ctx, "Nia", "Park", "RN", licenses=[("SC", "RN-5")])
    for person in (jane, ray, ann, nurse):
        attend(ctx, person, sessions[-1:])
    report = state_board_report(ctx, *AUTUMN)
    assert [
        (r["License state"], r["License ID"], r["NPI"], r["Last name"], r["AMA PRA Category 1 Credits"])
        for r in fields(report)
    ] == [
        ("GA", "G-7", "", "Doe", "1"),
        ("SC", "MD-1", "", "Doe", "1"),
        ("", "", "1234567893", "Moss", "1"),
    ]
    assert "Left out, no license or NPI on file: Ann Lee." in report.notes
    sc = state_board_report(ctx, *AUTUMN, state="sc")
    assert [r["License ID"] for r in fields(sc)] == ["MD-1"]
    with pytest.raises(ValueError, match="two-letter code"):
        state_board_report(ctx, *AUTUMN, state="Carolina")


def test_an_unknown_board_and_a_backwards_period_are_one_sentence(ctx: Context) -> None:
    with pytest.raises(ValueError, match="not a board that takes MOC through PARS"):
        learner_report(ctx, *AUTUMN, board="ABXYZ")
    with pytest.raises(ValueError, match="ends before it starts"):
        learner_report(ctx, date(2026, 11, 30), date(2026, 11, 1))


def test_the_demo_reports_abim_completions_for_the_grand_rounds(ctx: Context) -> None:
    from cme_desktop.services.demo.fill import fill_demo

    fill_demo(ctx)
    later = replace(ctx, clock=frozen_clock(datetime(2026, 11, 28, 16, tzinfo=UTC)))
    rows = fields(learner_report(later, date(2026, 11, 1), date(2026, 11, 28)))
    assert rows and {r["Board"] for r in rows} == {"ABIM"}
    assert {r["ACCME activity ID"] for r in rows} == {"202600417"}
    assert all(r["MOC points"] == "1" and r["Birth month/day"] for r in rows)
