"""Dialogs sized to their content (issue 19, item 9): no label, button or check box cuts its own text off, at the
size the dialog opens with and after it shows a long outcome."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cme_desktop.services.certificates.verifying import Verification
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import load_settings
from cme_desktop.ui.attendance_dialogs import AddClaimDialog, ReasonDialog
from cme_desktop.ui.certificates.verify_dialog import VerifyDialog
from cme_desktop.ui.help import AboutDialog
from cme_desktop.ui.people.transcript_dialog import TranscriptDialog
from cme_desktop.ui.settings.first_start import FirstStartDialog
from tests.ui.clipping import clipped

LONG_NAME = "Maria de los Ángeles Fernández-Castellanos Rodríguez, DNP, APRN, FNP-BC"


def opened(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_small_dialogs_show_all_of_their_text(qtbot: QtBot, ctx: Context) -> None:
    made = {
        "revoke": ReasonDialog(
            "Revoke attendance",
            f"Why is the attendance of {LONG_NAME} being revoked? The claim stays listed as revoked, with your "
            "reason; Edit › Undo takes it back.",
            "Revoke",
        ),
        "transcript": TranscriptDialog(ctx, 1, LONG_NAME, ZoneInfo("America/New_York")),
        "add claim": AddClaimDialog(
            ctx, "Internal Medicine Grand Rounds: Obesity Medicine for the Internist", 1.5
        ),
        "about": AboutDialog(ctx),
        "first start": FirstStartDialog(ctx, load_settings(ctx)),
        "verify": VerifyDialog(ctx),
    }
    for name, dialog in made.items():
        opened(qtbot, dialog)
        assert clipped(dialog) == [], name


def test_verify_grows_to_show_a_long_outcome(qtbot: QtBot, ctx: Context) -> None:
    dialog = opened(qtbot, VerifyDialog(ctx))
    assert isinstance(dialog, VerifyDialog)
    dialog._show(
        Verification(
            "K7QF-3M9X-T2PD",
            "valid",
            f"Valid: {LONG_NAME} was awarded 1.5 AMA PRA Category 1 Credits™ for Internal Medicine Grand Rounds "
            "on November 27, 2026.",
            LONG_NAME,
            "Internal Medicine Grand Rounds",
            "Obesity Medicine for the Internist: what changes in primary care this year",
            date(2026, 11, 27),
            "1.5 AMA PRA Category 1 Credits™",
        )
    )
    qtbot.waitUntil(lambda: clipped(dialog) == [], timeout=2_000)
    assert LONG_NAME in dialog.outcome.text()
