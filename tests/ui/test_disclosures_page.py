"""The Disclosures page as a coordinator uses it: enter a disclosure, judge and mitigate a relationship."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cme_desktop.domain.vocabulary import Mitigation, RelationshipNature, RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    RelationshipInput,
    assign_role,
    enter_disclosure,
    person_disclosures,
)
from cme_desktop.services.standard3.inviting import send_invitations
from cme_desktop.ui.disclosures.assign_dialog import AssignDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.disclosures import DisclosuresPage
from tests.services.standard3_factory import add_activity, add_person

FIRST = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)


def _page(qtbot, ctx: Context, events: AppEvents) -> DisclosuresPage:  # type: ignore[no-untyped-def]
    page = DisclosuresPage(ctx, events)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    # The page opens on the first activity that needs review, never on an empty board.
    with qtbot.waitSignals([page.loaded, page.board.loaded], timeout=10_000):
        page.show()
    assert page.board.activity_id == page.activities.row(0).activity_id
    return page


def _select(page: DisclosuresPage, person: str, company: str | None = None) -> None:
    tree = page.board.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(0) == person:
            if company is None:
                tree.setCurrentItem(item)
                return
            for j in range(item.childCount()):
                if item.child(j).text(0) == company:
                    tree.setCurrentItem(item.child(j))
                    return
    raise AssertionError(f"{person} / {company} is not on the board")


def _row(page: DisclosuresPage, person: str) -> list[str]:
    tree = page.board.tree
    for i in range(tree.topLevelItemCount()):
        if tree.topLevelItem(i).text(0) == person:
            return [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
    raise AssertionError(person)


def test_entering_a_disclosure_puts_its_relationships_on_the_board(
    qtbot,
    ctx: Context,
    events: AppEvents,
    dialogs: list[str],  # type: ignore[no-untyped-def]
) -> None:
    activity = add_activity(ctx, "Medicine Grand Rounds", FIRST)
    person = add_person(ctx, "Ann", "Lee")
    assign_role(ctx, activity, person, RoleInActivity.FACULTY)
    page = _page(qtbot, ctx, events)
    assert _row(page, "Ann Lee, MD")[2:4] == ["Missing", "Disclosure missing"]

    _select(page, "Ann Lee, MD")
    page.board.edit_disclosure()
    qtbot.waitUntil(lambda: hasattr(page.board, "disclosure_dialog"), timeout=10_000)
    dialog = page.board.disclosure_dialog
    dialog.disclosed_on.setText("13/45/2026")
    dialog.has_choice.click()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.table.cellWidget(0, 0).setCurrentText("Acme Pharmaceuticals")
    nature = dialog.table.cellWidget(0, 1)
    nature.setCurrentIndex(nature.findData(RelationshipNature.SPEAKER))
    dialog.save()
    assert dialogs == ["'13/45/2026' is not a date; write it like 2026-12-03 or 12/3/2026."]
    assert person_disclosures(ctx, person) == []

    dialog.disclosed_on.setText("11/2/2026")
    with qtbot.waitSignal(page.board.loaded, timeout=10_000):
        dialog.save()
    assert not dialog.isVisible()
    assert _row(page, "Ann Lee, MD")[2:4] == ["Current · until Nov 1, 2027", "Needs review"]
    _select(page, "Ann Lee, MD", "Acme Pharmaceuticals")
    assert page.board.judge_button.isEnabled()
    stored = person_disclosures(ctx, person)[0]
    assert (stored.disclosed_on, stored.relationships[0].nature) == (
        date(2026, 11, 2),
        RelationshipNature.SPEAKER,
    )


def test_mitigating_a_relevant_relationship_completes_the_review_and_the_statement(
    qtbot,
    ctx: Context,
    events: AppEvents,
    dialogs: list[str],  # type: ignore[no-untyped-def]
) -> None:
    activity = add_activity(ctx, "Advances in Heart Failure", FIRST)
    person = add_person(ctx, "Ann", "Lee")
    assign_role(ctx, activity, person, RoleInActivity.FACULTY)
    enter_disclosure(
        ctx,
        DisclosureInput(
            person,
            date(2026, 10, 1),
            relationships=(RelationshipInput("Acme Pharmaceuticals", RelationshipNature.CONSULTANT),),
        ),
    )
    page = _page(qtbot, ctx, events)
    assert "DRAFT" in page.board.statement_note.text()
    _select(page, "Ann Lee, MD", "Acme Pharmaceuticals")
    page.board.judge()
    dialog = page.board.judge_dialog
    dialog.relevant.setChecked(True)
    labels = [dialog.mitigation.itemText(i) for i in range(dialog.mitigation.count())]
    assert (
        "Recuse from planning related to the company" not in labels
    )  # a planner's mitigation, not faculty's
    dialog.mitigation.setCurrentIndex(dialog.mitigation.findData(Mitigation.OTHER))
    dialog.save()  # "other" needs a note: refused with a sentence, the dialog stays
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert dialogs == ["Describe the other mitigation in the note."]
    assert dialog.isVisible()

    dialog.mitigation.setCurrentIndex(dialog.mitigation.findData(Mitigation.ATTEST))
    with (
        qtbot.waitSignal(dialog.judged, timeout=10_000),
        qtbot.waitSignal(events.disclosures_changed, timeout=10_000),
    ):
        dialog.save()  # Today's Standard 3 warning listens for this
    _select(page, "Ann Lee, MD", "Acme Pharmaceuticals")
    assert "Decided by coordinator at 11:00 AM on Saturday, November 28, 2026" in page.board.details.text()
    assert _row(page, "Ann Lee, MD")[3] == "Complete"
    assert "Complete" in page.board.state_label.text()
    assert "Ann Lee, MD (faculty): Acme Pharmaceuticals (consultant)." in page.board.statement.toPlainText()
    assert "ready for learners" in page.board.statement_note.text()


def test_the_dashboard_copies_the_emails_of_people_missing_a_disclosure(
    qtbot,
    ctx: Context,
    events: AppEvents,  # type: ignore[no-untyped-def]
) -> None:
    activity = add_activity(ctx, "Medicine Grand Rounds", FIRST)
    for first, last in (("Ann", "Lee"), ("Sam", "Roe")):
        person = add_person(ctx, first, last, email=f"{first.lower()}.{last.lower()}@musc.edu")
        assign_role(ctx, activity, person, RoleInActivity.FACULTY)
    page = _page(qtbot, ctx, events)
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.dashboard.missing_model.rowCount() == 2, timeout=10_000)
    qtbot.mouseClick(page.dashboard.copy_missing, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "ann.lee@musc.edu; sam.roe@musc.edu"
    assert page.dashboard.copied.text() == "Copied 2 email addresses."


def test_the_dashboard_shows_who_was_invited_to_disclose(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    update_settings(ctx, {"portal_url": "https://cme.example.edu/"})
    activity = add_activity(ctx, "Medicine Grand Rounds", FIRST)
    ann = add_person(ctx, "Ann", "Lee", email="ann.lee@musc.edu")
    sam = add_person(ctx, "Sam", "Roe", email="sam.roe@musc.edu")
    for person in (ann, sam):
        assign_role(ctx, activity, person, RoleInActivity.FACULTY)
    send_invitations(ctx, activity, [ann], lambda _mail: None)
    page = _page(qtbot, ctx, events)
    page.tabs.setCurrentIndex(1)
    model = page.dashboard.missing_model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    column = model.headerData(3, Qt.Orientation.Horizontal)
    cells = {model.index(r, 0).data(): model.index(r, 3).data() for r in range(model.rowCount())}
    assert column == "Invitation"
    assert cells == {"Ann Lee, MD": "Invited Nov 28", "Sam Roe, MD": "Not invited"}


def test_assigning_a_person_as_planner_adds_them_to_the_board(
    qtbot,
    ctx: Context,
    events: AppEvents,
    dialogs: list[str],  # type: ignore[no-untyped-def]
) -> None:
    activity = add_activity(ctx, "Tumor Board", FIRST)
    add_person(ctx, "Raj", "Patel", degree="PharmD")
    page = _page(qtbot, ctx, events)
    assert page.board.board is not None and page.board.board.activity_id == activity
    page.board.assign()
    dialog = page.board.findChild(AssignDialog)
    dialog.save()
    assert dialogs == ["Find the person first, then pick them in the list."]
    with qtbot.waitSignal(dialog.found, timeout=10_000):
        qtbot.keyClicks(dialog.search, "patel")
    dialog.role.setCurrentIndex(dialog.role.findData(RoleInActivity.PLANNER))
    with qtbot.waitSignal(page.board.loaded, timeout=10_000):
        dialog.save()
    assert _row(page, "Raj Patel, PharmD")[1:4] == ["planner", "Missing", "Disclosure missing"]


def test_empty_lists_say_why_and_what_to_do_next(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    page = DisclosuresPage(ctx, events)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    with qtbot.waitSignals([page.loaded, page.dashboard.loaded], timeout=10_000):
        page.show()
    assert page.activity_area.empty
    assert "No activities yet" in page.activity_area.note.text()
    with qtbot.waitSignal(events.page_requested) as asked:
        page.activity_area.action.click()
    assert asked.args == ["Activities"]
    missing, expiring = page.dashboard.areas
    assert missing.empty and "has a current disclosure" in missing.note.text()
    assert expiring.empty and "expires in the next" in expiring.note.text()
