"""An activity's PARS and MOC fields: saved with a version, audited, and refused with one sentence when wrong."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.reporting_fields import (
    MocInput,
    ReportingInput,
    get_reporting,
    save_reporting,
)
from cme_desktop.services.context import Context
from cme_desktop.services.editing import StaleEditError
from cme_desktop.store.activities import CreditDesignation
from cme_desktop.store.audit import AuditEntry
from tests.services.reporting.factory import activity


@pytest.fixture
def rounds(ctx: Context) -> int:
    return activity(ctx, "Medicine Grand Rounds", ActivityFormat.RSS, [date(2026, 12, 3)], ama=25)[0]


FULL = ReportingInput(
    pars_activity_id=" 202600417 ",
    cme_finder=True,
    finder_fee=False,
    finder_registration="limited",
    finder_url="https://cme.example.edu/rounds",
    outcome_measures=("competence", "performance", "competence"),
    moc_attested=True,
    moc=(MocInput("abim", ("MK", "PA"), "25", (" Internal Medicine ", ""), True, None, date(2027, 3, 31)),),
)


def test_saved_fields_come_back_with_a_version_and_the_change_is_audited(ctx: Context, rounds: int) -> None:
    assert get_reporting(ctx, rounds).version == 0
    saved = save_reporting(ctx, rounds, FULL, 0)
    again = get_reporting(ctx, rounds)
    assert again == saved and again.version == 1
    assert again.pars_activity_id == "202600417"
    assert again.outcome_measures == ("competence", "performance")
    (moc,) = again.moc
    assert (moc.board, moc.credit_types, moc.points, moc.practice_areas) == (
        "ABIM",
        ("MK", "PA"),
        "25",
        ("Internal Medicine",),
    )
    assert moc.describe() == "ABIM: Medical Knowledge, Practice Assessment, 25 points, learners must pass"
    assert again.summary() == (
        "PARS activity ID 202600417 · MOC: ABIM: Medical Knowledge, Practice Assessment, 25 points, learners must pass"
    )
    with ctx.db.transaction() as session:
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "activity.reporting"))
        assert entry.entity_id == rounds and entry.before is None
        assert entry.after["moc"][0]["board"] == "ABIM"
    dropped = save_reporting(ctx, rounds, ReportingInput(pars_activity_id="202600417"), again.version)
    assert dropped.moc == () and dropped.version == 2


def test_a_save_over_someone_elses_is_refused(ctx: Context, rounds: int) -> None:
    save_reporting(ctx, rounds, FULL, 0)
    with pytest.raises(StaleEditError, match="changed by coordinator"):
        save_reporting(ctx, rounds, ReportingInput(), 0)


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (ReportingInput(pars_activity_id="A-17"), "is not a PARS activity ID"),
        (ReportingInput(finder_url="cme.example.edu"), "must start with https://"),
        (ReportingInput(outcome_measures=("happiness",)), "not an outcome measure"),
        (
            ReportingInput(moc=(MocInput("ABFM", ("MK",), "1"),)),
            "'ABFM' is not a board that takes MOC through PARS",
        ),
        (ReportingInput(moc=(MocInput("ABIM", ("LL",), "1"),)), "ABIM has no credit type 'LL'"),
        (ReportingInput(moc=(MocInput("ABIM", (), "1"),)), "Choose at least one ABIM credit type"),
        (ReportingInput(moc=(MocInput("ABIM", ("MK",), "0"),)), "Give the ABIM MOC points"),
        (ReportingInput(moc=(MocInput("ABIM", ("MK",), "1.1"),)), "steps of 0.25"),
        (
            ReportingInput(moc=(MocInput("ABIM", ("MK",), "26"),)),
            r"cannot exceed the AMA PRA Category 1 Credit designated \(25\)",
        ),
        (
            ReportingInput(moc=(MocInput("ABIM", ("MK",), "1"), MocInput("abim", ("PA",), "1"))),
            "ABIM is listed twice",
        ),
    ],
)
def test_wrong_fields_are_refused_with_one_sentence(
    ctx: Context, rounds: int, data: ReportingInput, sentence: str
) -> None:
    with pytest.raises(ValueError, match=sentence):
        save_reporting(ctx, rounds, data, 0)
    assert get_reporting(ctx, rounds).version == 0  # nothing saved


def test_moc_needs_an_ama_designation(ctx: Context, rounds: int) -> None:
    with ctx.db.transaction() as session:
        for d in session.scalars(select(CreditDesignation).where(CreditDesignation.activity_id == rounds)):
            if d.credit_type == CreditType.AMA_PRA_1:
                session.delete(d)
    with pytest.raises(ValueError, match="Only an activity designated for AMA PRA Category 1 Credit"):
        save_reporting(ctx, rounds, FULL, 0)
