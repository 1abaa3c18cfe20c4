"""The Attendance page as a coordinator uses it: claims arriving on their own, add by hand, revoke, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
from cme_desktop.services.texting.conversation import InboundText, handle_inbound
from cme_desktop.ui.attendance_dialogs import AddClaimDialog, ReasonDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.import_dialog import ImportDialog
from cme_desktop.ui.pages.attendance import AttendancePage
from tests.services.attendance_factory import Setting, add_person, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


@pytest.fixture
def page(qtbot, ctx: Context, events: AppEvents, setting: Setting) -> AttendancePage:  # type: ignore[no-untyped-def]
    widget = AttendancePage(ctx, events)
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    return widget


def _column(page: AttendancePage, column: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_it_opens_on_the_session_under_way_and_a_texted_claim_appears_on_its_own(
    qtbot, page: AttendancePage, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    assert page.session_id() == setting.now_session
    assert page.breakdown.text() == "No claims yet."
    # A learner texts from their phone: the gateway is another process, so nothing tells the page.
    handle_inbound(ctx, InboundText("SM1", "+18435550101", "+18335582111", f"Attend {setting.now_code}"))
    qtbot.waitUntil(lambda: page.count.text() == "1 claim", timeout=5_000)
    assert _column(page, 0) == ["Jane Doe, MD"]
    assert _column(page, 2) == ["Text message"]
    assert _column(page, 5) == ["text from (843) 555-0101"]
    assert "1 physician" in page.breakdown.text() and "1 by text" in page.breakdown.text()


def test_add_by_hand_needs_a_reason_and_a_late_one_is_flagged_for_review(
    qtbot, page: AttendancePage, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    page.select_session(setting.past_session)
    qtbot.waitUntil(
        lambda: page.attendance is not None and page.attendance.session.id == setting.past_session
    )
    page.add_by_hand()
    dialog = page.dialog
    assert isinstance(dialog, AddClaimDialog)
    with qtbot.waitSignal(dialog.picker.searched, timeout=5_000):
        qtbot.keyClicks(dialog.picker.field, "moss")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "Give a reason" in dialog.note.text()
    dialog.reason.setText("Signed the paper sheet")
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert page.count.text() == "1 claim"
    assert _column(page, 6) == ["added after the code closed"]
    assert _column(page, 5) == ["by coordinator: Signed the paper sheet"]
    page.review_only.setChecked(True)
    assert _column(page, 0) == ["Ray Moss, RN"]


def test_revoke_with_a_reason_keeps_the_claim_visible_as_revoked(
    qtbot, page: AttendancePage, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    record_claim(ctx, ClaimRequest(setting.nurse, ClaimChannel.KIOSK, code=setting.now_code))
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        page.events.attendance_changed.emit()
    page.table.selectRow(0)
    page.revoke_selected()
    dialog = page.dialog
    assert isinstance(dialog, ReasonDialog)
    dialog.reason.setText("Left after five minutes")
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        dialog.accept()
    assert page.count.text() == "0 claims"
    assert _column(page, 6) == ["revoked: Left after five minutes"]
    assert "1 revoked" in page.breakdown.text()


def test_import_previews_refuses_bad_files_whole_and_imports_good_ones(
    qtbot, page: AttendancePage, ctx: Context, setting: Setting, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sheet.csv"
    path.write_text(
        f"email,code\njane.doe@example.org,{setting.now_code}\nwho@example.org,{setting.now_code}\n"
    )
    page.preview_file(path)
    dialog = page.dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5_000)
    assert not dialog.import_button.isEnabled()
    assert "Find or create these people, then import again: who@example.org." in dialog.problems.text()
    path.write_text(f"email,code\njane.doe@example.org,{setting.now_code}\n")
    with qtbot.waitSignal(dialog.previewed, timeout=5_000):
        dialog.check_button.click()
    assert dialog.import_button.isEnabled() and dialog.problems.isHidden()
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        dialog.import_button.click()
    assert _column(page, 5) == ["sheet.csv, row 2"]
    assert len(session_attendance(ctx, setting.now_session).claims) == 1


def test_export_writes_the_claims_as_csv(
    qtbot, page: AttendancePage, ctx: Context, setting: Setting, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.KIOSK, code=setting.now_code))
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        page.events.attendance_changed.emit()
    out = tmp_path / "out.csv"
    page.export_to(out)
    qtbot.waitUntil(out.exists, timeout=5_000)
    qtbot.waitUntil(lambda: "Jane Doe, MD" in out.read_text(encoding="utf-8-sig"), timeout=5_000)
    page.grab().save(str(tmp_path / "attendance.png"))


def test_a_learner_is_found_by_name_whatever_the_accents_and_claims_narrow_by_channel(
    qtbot, page: AttendancePage, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: Attendance had no search; "josé" must find José and "jose" too."""
    jose = add_person(ctx, "José", "Núñez", "MD", "jose@example.org")
    for person in (setting.physician, jose):
        record_claim(ctx, ClaimRequest(person, ClaimChannel.KIOSK, code=setting.now_code))
    record_claim(
        ctx, ClaimRequest(setting.nurse, ClaimChannel.MANUAL, session_id=setting.now_session, reason="Sheet")
    )
    qtbot.waitUntil(lambda: page.count.text() == "3 claims", timeout=5_000)
    for typed in ("josé", "JOSE", "nunez"):
        page.search.setText(typed)
        assert _column(page, 0) == ["José Núñez, MD"], typed
    page.search.clear()
    page.channel_filter.setCurrentIndex(page.channel_filter.findData("manual"))
    assert _column(page, 2) == ["Added by hand"]
    assert page.count.text() == "3 claims"  # the count is the session's, not the filter's


def test_the_count_and_breakdown_are_not_cut_off_with_the_apps_style(
    qtbot, qapp, page: AttendancePage, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    """The big count once showed '5' for 51 claims: its style sheet font was not the one it was measured with."""
    from cme_desktop.ui.app import load_style
    from tests.ui.clipping import clipped

    for n in range(12):
        person = add_person(ctx, f"Learner{n}", "Smith", "MD", f"learner{n}@example.org")
        record_claim(ctx, ClaimRequest(person, ClaimChannel.KIOSK, code=setting.now_code))
    load_style(qapp)
    try:
        with qtbot.waitSignal(page.loaded, timeout=5_000):
            page.events.attendance_changed.emit()
        qtbot.wait(50)
        assert page.count.text() == "12 claims"
        assert clipped(page) == []
    finally:
        qapp.setStyleSheet("")
