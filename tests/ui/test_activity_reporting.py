"""PARS and MOC on the Activities page: the chosen activity's PARS activity ID and MOC registration are shown
under the list, and PARS && MOC… edits them."""

from __future__ import annotations

from datetime import date

from cme_desktop.services.activities.reporting_fields import get_reporting
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.activities import ActivitiesPage


def test_the_registration_is_shown_on_the_activity_and_edited_in_its_dialog(
    qtbot, demo_ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    page = ActivitiesPage(demo_ctx, events)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    rounds = next(a for a in page.model.rows if a.title == "Medicine Grand Rounds")
    page.select_activity(rounds.id)
    strip = page.reporting
    qtbot.waitUntil(lambda: "202600417" in strip.summary.text(), timeout=10_000)
    assert strip.summary.text() == "PARS activity ID 202600417 · MOC: ABIM: Medical Knowledge, 25 points"

    strip.edit_button.click()
    dialog = strip.dialog
    assert dialog is not None and dialog.windowTitle() == "PARS and MOC: Medicine Grand Rounds"
    abim, abp = (next(r for r in dialog.boards if r.board.code == code) for code in ("ABIM", "ABP"))
    assert abim.registered.isChecked() and abim.types["MK"].isChecked() and abim.points.value() == 25
    assert not abp.points.isEnabled()
    abp.registered.setChecked(True)
    abp.types["LL"].setChecked(True)
    abp.points.setValue(20)
    abp.areas.setText("General Pediatrics")
    abp.must_pass.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: "ABP" in strip.summary.text(), timeout=10_000)
    assert "ABP: Part 2: Lifelong Learning, 20 points, learners must pass" in strip.summary.text()
    saved = get_reporting(demo_ctx, rounds.id)
    assert [(m.board, m.practice_areas) for m in saved.moc] == [
        ("ABIM", ("Internal Medicine",)),
        ("ABP", ("General Pediatrics",)),
    ]
    assert saved.moc[0].claim_by is not None and saved.moc[0].claim_by > date(2027, 2, 20)


def test_a_refused_save_says_why_in_the_dialog(qtbot, demo_ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    page = ActivitiesPage(demo_ctx, events)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    rounds = next(a for a in page.model.rows if a.title == "Medicine Grand Rounds")
    page.select_activity(rounds.id)
    qtbot.waitUntil(
        lambda: page.reporting.edit_button.isEnabled() and "202600417" in page.reporting.summary.text(),
        timeout=10_000,
    )
    page.reporting.edit_button.click()
    dialog = page.reporting.dialog
    assert dialog is not None
    dialog.url.setText("cme.example.edu")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "must start with https://" in dialog.error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
