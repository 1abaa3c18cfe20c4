"""The Messages page: every text in and out with its outcome, searchable; link a phone from there."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from cme_desktop.services.context import Context
from cme_desktop.services.texting.conversation import InboundText, handle_inbound
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.messages import LinkPhoneDialog, MessagesPage
from tests.services.attendance_factory import Setting, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    setting = build(ctx)
    handle_inbound(ctx, InboundText("SM1", "+18435550101", "+18335582111", f"Attend {setting.now_code}"))
    handle_inbound(ctx, InboundText("SM2", "+18435550188", "+18335582111", "Attend 1000000"))
    return setting


@pytest.fixture
def page(qtbot, ctx: Context, events: AppEvents, setting: Setting) -> MessagesPage:  # type: ignore[no-untyped-def]
    widget = MessagesPage(ctx, events)
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    return widget


def _rows(page: MessagesPage) -> list[tuple[str, ...]]:
    m = page.model
    return [tuple(m.data(m.index(r, c)) for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_every_text_in_and_out_with_its_outcome(page: MessagesPage) -> None:
    rows = _rows(page)
    assert len(rows) == 4
    inbound = [r for r in rows if r[1] == "→ in"]
    assert {(r[2], r[3], r[5]) for r in inbound} == {
        ("(843) 555-0101", "Jane Doe", "attendance recorded"),
        ("(843) 555-0188", "", "phone not linked"),
    }


def test_search_narrows_the_log(qtbot, page: MessagesPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        qtbot.keyClicks(page.search, "0188")
    assert {r[2] for r in _rows(page)} == {"(843) 555-0188"}


def test_a_coordinator_links_an_unknown_phone_to_a_profile(
    qtbot, page: MessagesPage, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    index = next(i for i, r in enumerate(_rows(page)) if r[2] == "(843) 555-0188" and r[1] == "→ in")
    page.table.selectRow(index)
    page.link_selected()
    dialog = page.dialog
    assert isinstance(dialog, LinkPhoneDialog)
    with qtbot.waitSignal(dialog.picker.searched, timeout=5_000):
        qtbot.keyClicks(dialog.picker.field, "moss")
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert {r[3] for r in _rows(page) if r[2] == "(843) 555-0188"} == {"Ray Moss"}


def test_no_texts_says_how_they_arrive_and_a_search_without_matches_offers_to_clear(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    page = MessagesPage(ctx, events)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    assert page.table_area.empty and "No texts yet" in page.table_area.note.text()
    assert page.table_area.action.text() == "Set up texting…"
    handle_inbound(ctx, InboundText("SM9", "+18435550101", "+18335582111", "HELP"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert not page.table_area.empty
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        qtbot.keyClicks(page.search, "zzz")
    assert page.table_area.note.text() == "No texts match “zzz”."
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        page.table_area.action.click()
    assert page.search.text() == "" and not page.table_area.empty
