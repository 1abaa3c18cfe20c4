"""The Activities page as a coordinator uses it: create, edit, refuse bad input, archive and restore."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cme_desktop.domain.vocabulary import ActivityFormat, ActivityStatus, CreditType
from cme_desktop.services.activities.model import ActivityFilter
from cme_desktop.services.activities.records import (
    ActivityInput,
    DesignationInput,
    create_activity,
    get_activity,
    list_activities,
    update_activity,
)
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.activities import ActivitiesPage


def open_page(qtbot, ctx: Context, events: AppEvents) -> ActivitiesPage:  # type: ignore[no-untyped-def]
    page = ActivitiesPage(ctx, events)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def titles(page: ActivitiesPage) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_a_new_activity_made_in_the_dialog_is_listed_with_its_designation(
    qtbot, ctx: Context, events: AppEvents, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx, events)
    assert "No activities yet" in page.empty.text()
    page.new_button.click()
    dialog = page.dialog
    assert dialog is not None and dialog.windowTitle() == "New activity"
    assert (dialog.opens.value(), dialog.closes.value()) == (30, 7)
    dialog.title_edit.setText("Medicine Grand Rounds 2027")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(ActivityFormat.RSS))
    dialog.department.setCurrentText("Department of Medicine")
    dialog.director.setText("Ann Lee, MD")
    dialog.joint.setChecked(True)
    dialog.joint_provider.setText("Charleston Heart Society")
    dialog.designations.checks[CreditType.AMA_PRA_1].setChecked(True)
    dialog.designations.maxima[CreditType.AMA_PRA_1].setValue(52)
    dialog.support.has_support.setChecked(True)
    dialog.support._cell(0, 0, type(dialog.title_edit)).setText("Acme Devices")
    dialog.support._cell(0, 2, type(dialog.title_edit)).setText("2,500.00")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.save()

    assert dialogs == []
    assert titles(page) == ["Medicine Grand Rounds 2027"]
    row = [page.proxy.index(0, c).data() for c in range(page.proxy.columnCount())]
    assert row == ["Medicine Grand Rounds 2027", "Regularly scheduled series", "Department of Medicine", "0",
                   "—", "—", "Active"]  # fmt: skip
    stored = get_activity(ctx, list_activities(ctx)[0].id)
    assert (stored.joint_provider, stored.support[0].amount_cents) == ("Charleston Heart Society", 250_000)
    assert [(d.credit_type, d.max_quarters) for d in stored.designations] == [("ama_pra_1", 208)]
    qtbot.waitUntil(
        lambda: page.sessions.heading.text() == "Sessions of Medicine Grand Rounds 2027", timeout=10_000
    )


@pytest.mark.parametrize(
    ("fill", "sentence"),
    [
        (
            lambda d: (
                d.designations.checks[CreditType.PHARMACY].setChecked(True),
                d.designations.uan.setText("0798-9999-18-246-X04-P"),
            ),
            "'0798-9999-18-246-X04-P' is not an ACPE UAN: 'X04' should be the activity type and topic",
        ),
        (lambda d: d.title_edit.setText("   "), "Give the activity a title."),
        (
            lambda d: (
                d.support.has_support.setChecked(True),
                d.support._cell(0, 0, type(d.title_edit)).setText("Acme"),
            ),
            "Monetary support from Acme needs its amount.",
        ),
    ],
)
def test_bad_input_is_said_in_one_sentence_and_nothing_is_saved(
    qtbot, ctx: Context, events: AppEvents, dialogs: list[str], fill, sentence: str
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx, events)
    page.new_activity()
    dialog = page.dialog
    dialog.title_edit.setText("Pharmacy Grand Rounds")
    fill(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.error.text().startswith(sentence)
    assert dialog.isVisible()
    assert list_activities(ctx) == []
    assert dialogs == []


def test_a_stale_save_says_who_changed_it_and_offers_to_reload(
    qtbot, ctx: Context, events: AppEvents, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    activity = create_activity(ctx, ActivityInput("Tumor Board", ActivityFormat.RSS))
    page = open_page(qtbot, ctx, events)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter edits, as a double-click does
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=10_000)
    assert page.dialog.windowTitle() == "Edit activity: Tumor Board"
    dialog = page.dialog
    update_activity(ctx, activity.id, activity.as_input().__class__(title="Tumour Board", format="rss"), 1)
    dialog.title_edit.setText("Thoracic Tumor Board")
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert dialogs[0].startswith("This activity was changed by coordinator at ")
    assert dialogs[0].endswith("reload it to see their changes, then edit again.")
    assert get_activity(ctx, activity.id).title == "Tumour Board"


def test_delete_archives_after_confirmation_and_show_archived_brings_it_back(
    qtbot, ctx: Context, events: AppEvents, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    create_activity(
        ctx,
        ActivityInput(
            "Surgery M&M", ActivityFormat.RSS, designations=(DesignationInput("ama_pra_1", Decimal(12)),)
        ),
    )
    asked: list[str] = []

    def answer_yes(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(QMessageBox.StandardButton.Yes)

    monkeypatch.setattr(QMessageBox, "exec", answer_yes)
    page = open_page(qtbot, ctx, events)
    page.table.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["Archive Surgery M&M?"]
    assert titles(page) == []
    assert list_activities(ctx, ActivityFilter(status=ActivityStatus.ARCHIVED))[0].title == "Surgery M&M"

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_archived.setChecked(True)
    assert titles(page) == ["Surgery M&M"]
    assert page.archive_button.text() == "Restore"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.archive_button.click()
    assert list_activities(ctx)[0].status == ActivityStatus.ACTIVE


def test_search_and_format_filter_narrow_the_list(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    create_activity(ctx, ActivityInput("Medicine Grand Rounds", ActivityFormat.RSS, department="Medicine"))
    create_activity(
        ctx, ActivityInput("Cardiology Update", ActivityFormat.LIVE_COURSE, department="Cardiology")
    )
    page = open_page(qtbot, ctx, events)
    assert sorted(titles(page)) == ["Cardiology Update", "Medicine Grand Rounds"]
    qtbot.keyClicks(page.search, "cardio")
    assert titles(page) == ["Cardiology Update"]
    page.search.clear()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.format_filter.setCurrentIndex(page.format_filter.findData(ActivityFormat.RSS))
    assert titles(page) == ["Medicine Grand Rounds"]
    assert [page.department_filter.itemText(i) for i in range(page.department_filter.count())] == [
        "All departments",
        "Cardiology",
        "Medicine",
    ]


def test_esc_on_a_changed_form_asks_before_discarding(
    qtbot, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: Esc threw away 30 typed fields without asking."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from cme_desktop.ui.activities.activity_dialog import ActivityDialog

    asked: list[str] = []
    choice = ["Keep editing"]

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        wanted = next(b for b in box.buttons() if b.text() == choice[0])
        monkeypatch.setattr(box, "clickedButton", lambda: wanted)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog = ActivityDialog(ctx, None, [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: it just closes
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    dialog.title_edit.setText("Cardiology Update")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["You have changes that are not saved. Discard them?"] and dialog.isVisible()
    choice[0] = "Discard changes"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
