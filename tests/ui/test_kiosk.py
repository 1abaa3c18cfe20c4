"""The kiosk: a learner finds themself, confirms and sees a big confirmation; only the PIN leaves kiosk mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from cme_desktop.services.activities.calendar import SessionSummary, sessions_between
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.kiosk import KioskWindow
from tests.services.attendance_factory import Setting, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def _session(ctx: Context, session_id: int) -> SessionSummary:
    from datetime import timedelta

    now = ctx.clock()
    found = sessions_between(ctx, now - timedelta(days=30), now + timedelta(days=30))
    return next(s for s in found if s.id == session_id)


@pytest.fixture
def kiosk(qtbot, ctx: Context, events: AppEvents, setting: Setting) -> KioskWindow:  # type: ignore[no-untyped-def]
    window = KioskWindow(ctx, events, _session(ctx, setting.now_session), "2468")
    qtbot.addWidget(window)
    window.resize(1180, 760)
    window.show()
    yield window
    window.try_exit("2468")


def _look_up(qtbot, kiosk: KioskWindow, typed: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(kiosk.field, typed)
    with qtbot.waitSignal(kiosk.looked_up, timeout=5_000):
        qtbot.keyClick(kiosk.field, Qt.Key.Key_Return)


def _sign_in(qtbot, kiosk: KioskWindow, typed: str) -> str:  # type: ignore[no-untyped-def]
    _look_up(qtbot, kiosk, typed)
    assert kiosk.stack.currentWidget() is kiosk.confirm_page
    with qtbot.waitSignal(kiosk.answered, timeout=5_000) as answer:
        qtbot.mouseClick(kiosk.yes_button, Qt.MouseButton.LeftButton)
    return str(answer.args[0])


def test_a_learner_types_their_email_confirms_and_is_recorded_once(
    qtbot, kiosk: KioskWindow, ctx: Context, setting: Setting, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(events.attendance_changed, timeout=5_000):
        message = _sign_in(qtbot, kiosk, "ray.moss@example.org")
    assert message.startswith("✓ Thank you, Ray!")
    assert "1 credit (Nursing contact hours)" in message
    claims = session_attendance(ctx, setting.now_session).claims
    assert [(c.person_id, c.channel, c.evidence) for c in claims] == [
        (setting.nurse, "kiosk", {"machine": "test-laptop"})
    ]
    kiosk.restart()
    assert _sign_in(qtbot, kiosk, "RAY.MOSS@example.org").startswith("You're already signed in, Ray.")
    assert len(session_attendance(ctx, setting.now_session).claims) == 1


def test_a_name_or_the_start_of_an_email_finds_nobody_and_lists_nobody(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    # Anyone can walk up to the kiosk: it must not let them browse the roster (issue 19, item 10).
    for typed in ("jane", "Jane Doe", "jane.doe@", "doe"):
        kiosk.restart()
        _look_up(qtbot, kiosk, typed)
        assert kiosk.stack.currentWidget() is kiosk.sign_in_page
        assert kiosk.sign_in_note.text().startswith(f"No profile has “{typed}”")
    shown = " ".join(label.text() for label in kiosk.findChildren(QLabel))
    assert "Jane" not in shown and "Doe" not in shown
    assert not kiosk.findChildren(QListWidget)


def test_a_mobile_number_typed_any_way_finds_its_owner(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    _look_up(qtbot, kiosk, "(843) 555-0101")
    assert kiosk.stack.currentWidget() is kiosk.confirm_page
    assert kiosk.confirm_name.text() == "Jane Doe, MD"  # the name only, never the email or phone


def test_not_me_goes_back_without_recording(
    qtbot, kiosk: KioskWindow, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    _look_up(qtbot, kiosk, "jane.doe@example.org")
    qtbot.mouseClick(kiosk.no_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.sign_in_page and kiosk.field.text() == ""
    assert session_attendance(ctx, setting.now_session).claims == ()


def test_a_closed_session_is_explained_on_screen(
    qtbot, ctx: Context, events: AppEvents, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    window = KioskWindow(ctx, events, _session(ctx, setting.past_session), "2468")
    qtbot.addWidget(window)
    window.show()
    message = _sign_in(qtbot, window, "jane.doe@example.org")
    assert "closed on Wednesday, November 25, 2026" in message
    assert "see the coordinator" in message
    window.try_exit("2468")


def test_only_the_coordinators_pin_closes_the_kiosk(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    kiosk.close()
    assert kiosk.isVisible()
    assert not kiosk.try_exit("0000")
    assert kiosk.isVisible()
    assert kiosk.try_exit("2468")
    assert not kiosk.isVisible()


def test_an_unknown_learner_creates_a_profile_at_the_kiosk_and_is_recorded(
    qtbot, kiosk: KioskWindow, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.services.people.search import search_people

    qtbot.mouseClick(kiosk.new_profile_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.sign_up
    form = kiosk.sign_up
    qtbot.keyClicks(form.first, "Ada")
    qtbot.keyClicks(form.last, "Okafor")
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert "Choose your degree" in form.note.text()  # no degree is chosen for a learner in a hurry
    form.degree.setCurrentText("RN")
    qtbot.keyClicks(form.ssn, "12a4")
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert "four digits" in form.note.text()  # checked before anything is sent
    form.ssn.clear()
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "email" in form.note.text(), timeout=5_000)  # no email yet: nothing saved
    assert search_people(ctx, "okafor") == []
    qtbot.keyClicks(form.email, "ada.okafor@example.org")
    with qtbot.waitSignal(kiosk.answered, timeout=5_000) as answer:
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert str(answer.args[0]).startswith("✓ Thank you, Ada!")
    [ada] = search_people(ctx, "okafor")
    assert [c.person_id for c in session_attendance(ctx, setting.now_session).claims] == [ada.id]


def test_a_learner_without_email_or_netid_signs_in_with_name_and_birthday(
    qtbot, kiosk: KioskWindow, ctx: Context, setting: Setting
) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.store.people import Person

    with ctx.db.transaction() as s:
        ray = s.get_one(Person, setting.nurse)
        ray.birth_month, ray.birth_day = 3, 2
    qtbot.mouseClick(kiosk.birthday_button, Qt.MouseButton.LeftButton)
    form = kiosk.birthday
    qtbot.keyClicks(form.first, "ray")
    qtbot.keyClicks(form.last, "MOSS")
    qtbot.mouseClick(form.continue_button, Qt.MouseButton.LeftButton)
    assert "birthday" in form.note.text()
    form.month.setCurrentIndex(form.month.findData(3))
    form.day.setCurrentIndex(form.day.findData(3))
    with qtbot.waitSignal(kiosk.looked_up, timeout=5_000):
        qtbot.mouseClick(form.continue_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is form and "No profile has that name and birthday" in form.note.text()
    form.day.setCurrentIndex(form.day.findData(2))
    with qtbot.waitSignal(kiosk.looked_up, timeout=5_000):
        qtbot.mouseClick(form.continue_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.confirm_page and kiosk.confirm_name.text() == "Ray Moss, RN"


def test_the_sessions_title_is_the_largest_text_on_the_kiosk(kiosk: KioskWindow) -> None:
    title = kiosk.title.font().pointSizeF()
    others = [w for w in kiosk.findChildren(QWidget) if w is not kiosk.title and hasattr(w, "text")]
    assert others and all(w.font().pointSizeF() < title for w in others)
