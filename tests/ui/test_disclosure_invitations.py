"""Inviting faculty from the Disclosures page and seeing what they submit on the portal (issue 18): the email
previewed, sent through a real SMTP server (aiosmtpd), who is still missing, a submission made by another process
reaching the review board without a restart, with what changed highlighted, and a typed company confirmed."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cme_desktop.domain.self_disclosure import SOME, FormAnswers, RelationshipLine
from cme_desktop.domain.vocabulary import RelationshipNature, RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    RelationshipInput,
    assign_role,
    companies,
    enter_disclosure,
)
from cme_desktop.services.standard3.self_service import submit_disclosure
from cme_desktop.store.db import Database
from cme_desktop.ui.disclosures.invitation_text import tree_items
from cme_desktop.ui.disclosures.review_board import CHANGED, child_items
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages import disclosures as disclosures_page
from cme_desktop.ui.pages.disclosures import DisclosuresPage
from tests.mail_server import PASSWORD, USER, smtp_server
from tests.services.standard3_factory import add_activity, add_person

DAY_ONE = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


def _page(qtbot, ctx: Context, events: AppEvents) -> DisclosuresPage:  # type: ignore[no-untyped-def]
    page = DisclosuresPage(ctx, events)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignals([page.loaded, page.board.loaded], timeout=10_000):
        page.show()
    return page


def _cells(page: DisclosuresPage, person: str) -> list[str]:
    for item in tree_items(page.board.tree):
        if item.text(0) == person:
            return [item.text(c) for c in range(item.columnCount())]
    raise AssertionError(person)


@pytest.fixture
def course(ctx: Context) -> tuple[int, int, int]:
    update_settings(ctx, {"portal_url": "https://cme.example.edu", "provider_name": "Lowcountry CME"})
    activity = add_activity(ctx, "Cardiology Update", DAY_ONE)
    mehta = add_person(ctx, "Arjun", "Mehta", email="arjun.mehta@lowcountry.edu")
    greene = add_person(ctx, "Marcus", "Greene", email="marcus.greene@lowcountry.edu")
    assign_role(ctx, activity, mehta, RoleInActivity.FACULTY)
    assign_role(ctx, activity, greene, RoleInActivity.PLANNER)
    enter_disclosure(ctx, DisclosureInput(greene, date(2026, 10, 1), attested=True, no_relationships=True))
    return activity, mehta, greene


def test_inviting_the_missing_faculty_with_the_email_previewed(
    qtbot,  # type: ignore[no-untyped-def]
    ctx: Context,
    events: AppEvents,
    course: tuple[int, int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page(qtbot, ctx, events)
    assert page.board.missing_label.text() == "Still to disclose (1): Arjun Mehta, MD (not invited)."
    page.board.invite()
    dialog = page.board.invite_dialog
    qtbot.waitUntil(lambda: "Hello Arjun Mehta" in dialog.preview.toPlainText(), timeout=10_000)
    ticked = {i.name for i in dialog.checked()}
    assert ticked == {"Arjun Mehta, MD"}  # the planner's disclosure is current: not ticked
    assert dialog.send_button.text() == "Send 1 invitation" and dialog.send_button.isEnabled()
    assert dialog.preview.toPlainText().startswith(
        "To: arjun.mehta@lowcountry.edu\nSubject: Please disclose for Cardiology Update"
    )
    with smtp_server(tmp_path) as inbox:
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
        monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
        monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
        with qtbot.waitSignal(dialog.sent, timeout=30_000):
            dialog.send()
        deadline = time.monotonic() + 10
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.02)
    [mail] = inbox.messages
    assert mail["To"] == "arjun.mehta@lowcountry.edu"
    assert dialog.outcome.text() == "Sent 1 invitation."
    # The board reloads on each write (the invitation is made, then marked sent once the mail went).
    qtbot.waitUntil(lambda: _cells(page, "Arjun Mehta, MD")[2] == "Missing · Invited Nov 28", timeout=10_000)
    assert page.board.missing_label.text() == "Still to disclose (1): Arjun Mehta, MD (invited Nov 28)."
    # Resending is ticking them again: the dialog says so.
    qtbot.waitUntil(lambda: dialog.people.topLevelItemCount() == 2 and not dialog.checked(), timeout=10_000)
    mehta = next(i for i in tree_items(dialog.people) if i.text(0) == "Arjun Mehta, MD")
    assert mehta.text(4) == "Invited Nov 28"
    mehta.setCheckState(0, Qt.CheckState.Checked)
    assert dialog.send_button.text() == "Send 1 resend"


def test_without_a_portal_address_the_dialog_says_what_to_set(
    qtbot,  # type: ignore[no-untyped-def]
    ctx: Context,
    events: AppEvents,
    course: tuple[int, int, int],
) -> None:
    update_settings(ctx, {"portal_url": ""})
    page = _page(qtbot, ctx, events)
    page.board.invite()
    dialog = page.board.invite_dialog
    qtbot.waitUntil(lambda: dialog.listing is not None, timeout=10_000)
    assert dialog.problem.isVisibleTo(dialog) and "Set the portal address first" in dialog.problem.text()
    assert not dialog.send_button.isEnabled()


def test_a_disclosure_submitted_on_the_portal_reaches_the_board_with_its_changes_highlighted(
    qtbot,  # type: ignore[no-untyped-def]
    ctx: Context,
    events: AppEvents,
    course: tuple[int, int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    activity, mehta, _ = course
    # The page polls every few seconds; the test need not wait that long.
    monkeypatch.setattr(disclosures_page, "POLL_MS", 250)
    enter_disclosure(
        ctx,
        DisclosureInput(
            mehta,
            date(2025, 12, 1),
            attested=True,
            relationships=(RelationshipInput("Acme Pharmaceuticals", RelationshipNature.CONSULTANT),),
        ),
    )
    page = _page(qtbot, ctx, events)
    # The web server is another process: its writes are not heard by this machine's change hub.
    server = Database.open(ctx.db.url)
    try:
        answers = FormAnswers(
            SOME,
            "no",
            (
                RelationshipLine("Acme Pharmaceuticals", "consultant", "ongoing"),
                RelationshipLine("Zenith Biologics", "advisor", "ongoing", "03/2025"),
            ),
            attested=True,
        )
        with qtbot.waitSignal(page.board.loaded, timeout=20_000):
            submit_disclosure(Context(server, clock=ctx.clock), mehta, answers)
    finally:
        server.dispose()
    assert _cells(page, "Arjun Mehta, MD")[2] == "Current · until Nov 27, 2027 · via portal"
    [row] = [i for i in tree_items(page.board.tree) if i.text(0) == "Arjun Mehta, MD"]
    zenith, acme = sorted(child_items(row), key=lambda c: c.text(0).startswith("Acme"))
    assert (zenith.text(0), zenith.text(2)) == ("⚑ Zenith Biologics", "New")
    assert zenith.background(0).color() == CHANGED and acme.background(0).color() != CHANGED
    assert "Changed since their disclosure of Dec 1, 2025:\nNew: Zenith Biologics (advisor)." in row.toolTip(
        0
    )
    # The company typed on the portal is checked by the office, then offered to everyone.
    page.board.tree.setCurrentItem(zenith)
    assert page.board.confirm_button.isVisibleTo(page.board)
    assert "not yet on the office's list" in page.board.details.text()
    with qtbot.waitSignal(page.board.loaded, timeout=10_000):
        page.board.confirm_company()
    assert next(c for c in companies(ctx) if c.name == "Zenith Biologics").needs_review is False
    assert activity == page.board.activity_id
