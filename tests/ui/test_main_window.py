from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from cme_desktop.domain.codes import group_code
from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.main_window import MainWindow


def test_main_window_opens_on_the_demo_database_and_lists_todays_session(
    qtbot, demo_ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_ctx, events, demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_page_ready, timeout=10_000):
        window.show()
    today = this_week(demo_ctx).today[0]
    cards = window.today.session_cards
    assert [card.session.id for card in cards] == [today.id]
    assert cards[0].code_label.text() == group_code(today.attendance_code)
    model = window.today.week_model
    titles = {model.index(row, 2).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())}
    assert "Medicine Grand Rounds" in titles
    assert window.page_titles()[0] == "Today" and window.page_titles()[-1] == "Settings"
    assert demo_ctx.db.description in window.database_label.text()


def test_a_new_claim_shows_up_after_a_refresh(qtbot, demo_ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.store.models import AttendanceClaim, Person

    window = MainWindow(demo_ctx, events)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_page_ready, timeout=10_000):
        window.show()
    session_id = window.today.week.today[0].id
    before = window.today.week.today[0].claim_count
    with demo_ctx.db.transaction() as s:
        claimed = {c.person_id for c in s.query(AttendanceClaim).filter_by(session_id=session_id)}
        person = next(p for p in s.query(Person) if p.id not in claimed)
        s.add(
            AttendanceClaim(
                session_id=session_id,
                person_id=person.id,
                channel="manual",
                credit_type="participation",
                credit_quarters=4,
                claimed_at=demo_ctx.clock(),
                recorded_by="test",
                evidence={},
            )
        )
    with qtbot.waitSignal(window.today.loaded, timeout=10_000):
        events.attendance_changed.emit()
    assert window.today.week.today[0].claim_count == before + 1
    card = window.today.session_cards[0]
    assert card.claims_label.text() == ("1 claim" if before == 0 else f"{before + 1} claims")


def test_window_geometry_is_kept_between_runs(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, events)
    qtbot.addWidget(window)
    window.show()
    window.resize(800, 560)
    window.show_page("Settings")
    window.close()
    assert QSettings().value("main_window/geometry") is not None
    again = MainWindow(ctx, events)
    qtbot.addWidget(again)
    assert again.height() == 560
    assert again.page_titles()[again.sidebar.currentRow()] == "Settings"
    assert again.stack.currentWidget() is again.page("Settings")


def test_every_page_opens_from_the_side_bar(qtbot, demo_ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_ctx, events)
    qtbot.addWidget(window)
    window.show()
    for title in window.page_titles():
        page = window.show_page(title)
        assert window.stack.currentWidget() is page
        assert page.title == title


def test_present_from_today_puts_the_session_on_the_projector(
    qtbot, demo_ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_ctx, events)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_page_ready, timeout=10_000):
        window.show()
    card = window.today.session_cards[0]
    assert card.present_button.isEnabled() and card.warning.isHidden()
    card.present_button.click()
    controller = window.today.presentation
    with qtbot.waitSignal(controller.ready, timeout=15_000):
        pass
    assert controller.content.code == card.session.attendance_code
    controller.stop()


def test_today_warns_when_an_activitys_standard3_review_is_unfinished(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from cme_desktop.domain.vocabulary import RoleInActivity
    from cme_desktop.services.standard3.disclosures import assign_role
    from tests.services.standard3_factory import add_activity, add_person

    activity = add_activity(ctx, "Tumor Board", ctx.clock() + timedelta(hours=2))
    assign_role(ctx, activity, add_person(ctx, "Ann", "Lee"), RoleInActivity.FACULTY)
    window = MainWindow(ctx, events)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_page_ready, timeout=10_000):
        window.show()
    card = window.today.session_cards[0]
    assert not card.warning.isHidden()
    assert "Ann Lee" in card.warning.text() and "Standard 3" in card.warning.text()


def test_every_page_fits_a_1024_by_768_screen_and_a_wide_page_does_not_widen_the_others(
    qtbot, demo_ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: on a laptop the window must not need more room than the screen has; once the widest page has
    been opened, the others go back to their own minimum."""
    window = MainWindow(demo_ctx, events)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_page_ready, timeout=10_000):
        window.show()
    needs: dict[str, tuple[int, int]] = {}
    for title in window.page_titles():
        window.show_page(title)
        qtbot.wait(50)
        hint = window.minimumSizeHint()
        needs[title] = (hint.width(), hint.height())
    assert {title: need for title, need in needs.items() if need[0] > 1024 or need[1] > 768} == {}
    window.show_page("Activities")
    wide = window.minimumSizeHint().width()
    window.show_page("Today")
    assert window.minimumSizeHint().width() <= wide
