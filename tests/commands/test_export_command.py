"""`export attendance|pars|learners|state --out FILE` as scripts use it (DOMAIN.md, "Reporting")."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from cme_desktop.cli import run
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.activities.reporting_fields import MocInput, ReportingInput, save_reporting
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim
from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import BoardEntry, LicenseEntry
from cme_desktop.services.people.profiles import get_profile, update_profile
from cme_desktop.services.reporting.attendance import ATTENDANCE_COLUMNS
from cme_desktop.services.reporting.learners import LEARNER_COLUMNS
from tests.services.attendance_factory import Setting, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


NOVEMBER = ("--from", "2026-11-01", "--to", "2026-11-30")


def _url(ctx: Context) -> str:
    return ctx.db.url.render_as_string(hide_password=False)


def _export(ctx: Context, out: Path, *options: str) -> int:
    return run(["--database", _url(ctx), "export", *options, "--out", str(out)], clock=ctx.clock)


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_attendance_writes_a_csv_of_the_period(
    ctx: Context, setting: Setting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    out = tmp_path / "november.csv"
    assert _export(ctx, out, "attendance", *NOVEMBER) == 0
    assert "Wrote Attendance, November 1 to November 30, 2026" in capsys.readouterr().out
    rows = _csv(out)
    assert rows[0] == list(ATTENDANCE_COLUMNS)
    assert [row[ATTENDANCE_COLUMNS.index("Last name")] for row in rows[1:]] == ["Doe"]


def test_export_pars_writes_the_years_xml_and_says_what_pars_still_needs(
    ctx: Context, setting: Setting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    out = tmp_path / "pars.xml"
    assert _export(ctx, out, "pars", "--year", "2026") == 0
    captured = capsys.readouterr()
    assert "Wrote PARS activity data, 2026" in captured.out and "(1 activity)" in captured.out
    assert "at least one outcome measure" in captured.err
    document = etree.parse(str(out)).getroot()
    assert document.tag == "ACCMEActivities"
    learners = document.findall(".//{urn:cme-desk:pars:activity:1}PhysicianLearners")
    assert [e.text for e in learners] == ["1"]


@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        (["attendance", "--from", "2026-11-01"], "Give the period with --from and --to"),
        (["attendance", "--from", "2026-11-30", "--to", "2026-11-01"], "The period ends before it starts"),
        (["pars", "--from", "2026-01-01"], "pars reports a whole year"),
        (["moc", "--from", "2026-11-01", "--to", "2026-11-30"], "export moc is now export learners"),
        (
            ["learners", "--from", "2026-11-01", "--to", "2026-11-30", "--board", "ABXYZ"],
            "'ABXYZ' is not a board",
        ),
        (
            ["state", "--from", "2026-11-01", "--to", "2026-11-30", "--board", "ABIM"],
            "--board is for learners",
        ),
    ],
)
def test_export_mistakes_are_one_sentence_and_write_nothing(
    ctx: Context,
    setting: Setting,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    sentence: str,
) -> None:
    out = tmp_path / "report.csv"
    assert _export(ctx, out, *options) == 1
    assert capsys.readouterr().err.startswith(f"cme-desktop: {sentence}")
    assert not out.exists()


def test_export_learners_writes_the_moc_completions_of_registered_activities(
    ctx: Context, setting: Setting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jane = get_profile(ctx, setting.physician)
    update_profile(
        ctx,
        jane.id,
        replace(
            jane.as_input(),
            board_ids=(BoardEntry("ABIM", "123456"),),
            birth_month=3,
            birth_day=2,
            moc_permission=True,
        ),
        jane.version,
    )
    save_reporting(
        ctx,
        setting.activity_id,
        ReportingInput(pars_activity_id="202600001", moc=(MocInput("ABIM", ("MK",), "3"),)),
        0,
    )
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    out = tmp_path / "abim.txt"
    assert _export(ctx, out, "learners", *NOVEMBER, "--board", "abim") == 0
    assert (
        "Wrote MOC learner completions for ABIM, November 1 to November 30, 2026" in capsys.readouterr().out
    )
    (line,) = out.read_text(encoding="utf-8").splitlines()
    cells = line.split("\t")
    assert cells[:8] == [
        "202600001",
        str(setting.activity_id),
        "Jane",
        "Doe",
        "0302",
        "11/28/2026",
        "ABIM",
        "123456",
    ]
    assert cells[8:10] == ["MK", "1"]


def test_export_state_lists_one_states_licenses(
    ctx: Context, setting: Setting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jane = get_profile(ctx, setting.physician)
    update_profile(
        ctx, jane.id, replace(jane.as_input(), licenses=(LicenseEntry("SC", "MD-1"),)), jane.version
    )
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    out = tmp_path / "sc.txt"
    assert _export(ctx, out, "state", *NOVEMBER, "--state", "SC") == 0
    assert "Wrote State board completions for SC" in capsys.readouterr().out
    (line,) = out.read_text(encoding="utf-8").splitlines()
    cells = dict(zip(LEARNER_COLUMNS, line.split("\t"), strict=True))
    assert (cells["License state"], cells["License ID"], cells["Last name"]) == ("SC", "MD-1", "Doe")
