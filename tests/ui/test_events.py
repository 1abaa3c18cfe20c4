"""The change hub and the latest-wins loader: every write reaches the pages that show it, on the GUI thread, and
no refresh is lost to a load in flight."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim
from cme_desktop.services.changes import Change
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.people.merging import merge_people
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.attendance import AttendancePage
from cme_desktop.ui.tasks import Reloader
from tests.services.attendance_factory import add_person, build


def test_a_merge_tells_the_pages_that_claims_changed_as_well_as_people(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    setting = build(ctx)
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.KIOSK, code=setting.now_code))
    survivor = add_person(ctx, "Jane", "Doe-Smith", "MD", "jdsmith@example.org")
    heard: list[frozenset[Change]] = []
    events.changed.connect(heard.append)
    with qtbot.waitSignals([events.people_changed, events.attendance_changed], timeout=5_000):
        merge_people(ctx, survivor, setting.physician)
    assert Change.PEOPLE in heard[-1] and Change.CLAIMS in heard[-1]


def test_a_write_on_a_worker_thread_is_announced_on_the_gui_thread(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    where: list[threading.Thread] = []
    events.settings_changed.connect(lambda: where.append(threading.current_thread()))
    worker = threading.Thread(target=update_settings, args=(ctx, {"provider_name": "Harbor Health CME"}))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(where), timeout=5_000)
    assert where == [threading.main_thread()]


def test_a_read_announces_nothing(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    heard: list[object] = []
    events.changed.connect(heard.append)
    build(ctx)  # a write, to have something to read
    qtbot.waitUntil(lambda: bool(heard), timeout=5_000)
    heard.clear()
    from cme_desktop.services.activities.calendar import this_week

    this_week(ctx)
    qtbot.wait(100)
    assert heard == []


def test_attendance_shows_the_merged_name_without_waiting_for_its_poll(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    setting = build(ctx)
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.KIOSK, code=setting.now_code))
    survivor = add_person(ctx, "Jane", "Doe-Smith", "MD", "jdsmith@example.org")
    page = AttendancePage(ctx, events)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    page.timer.stop()  # only the change hub may refresh the page now
    assert [row.person_name for row in page.model.rows] == ["Jane Doe, MD"]
    merge_people(ctx, survivor, setting.physician)
    qtbot.waitUntil(
        lambda: [row.person_name for row in page.model.rows] == ["Jane Doe-Smith, MD"], timeout=5_000
    )


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_refresh_asked_for_during_a_load_is_not_lost_and_the_older_result_is_never_shown(
    qtbot, parent: QWidget
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    loader: Reloader[str] = Reloader(parent, shown.append)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "before the change"

    loader.request(slow)
    assert started.wait(5)
    loader.request(lambda: "after the change")  # arrives while the first load runs
    loader.request(lambda: "after the second change")
    release.set()
    qtbot.waitUntil(lambda: bool(shown) and not loader.busy, timeout=5_000)
    assert shown == ["after the second change"]


def test_a_failed_load_that_was_overtaken_shows_no_error(qtbot, parent: QWidget, dialogs: list[str]) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    loader: Reloader[str] = Reloader(parent, shown.append)
    started, release = threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        release.wait(5)
        raise RuntimeError("the server went away")

    loader.request(failing)
    assert started.wait(5)
    loader.request(lambda: "fresh")
    release.set()
    qtbot.waitUntil(lambda: shown == ["fresh"], timeout=5_000)
    assert dialogs == []
