"""What people type is shown as typed (issue 19): a name like `<font color=red size=7>Eve</font>` is a name,
never markup a label draws huge and red."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.activities.records import ActivityInput, DesignationInput, create_activity
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import add_session
from cme_desktop.services.context import Context
from cme_desktop.services.people.merging import merge_preview  # noqa: F401  (the dialog's service)
from cme_desktop.ui.events import AppEvents
from tests.services.attendance_factory import add_person

MARKUP = "<font color=red size=7>Eve</font>"


def _labels_drawing_markup(widget: QWidget) -> list[str]:
    """Labels whose text holds the raw markup and that would draw it as rich text."""
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if MARKUP in label.text() and label.textFormat() != Qt.TextFormat.PlainText
    ]


def _shows_markup(widget: QWidget) -> bool:
    return any(MARKUP in label.text() or "&lt;font" in label.text() for label in widget.findChildren(QLabel))


def test_names_titles_and_speakers_with_markup_are_shown_as_text(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.ui.activities.sessions_panel import SessionsPanel
    from cme_desktop.ui.kiosk import KioskWindow
    from cme_desktop.ui.pages.today import TodayPage
    from cme_desktop.ui.people.merge_dialog import MergeDialog
    from cme_desktop.ui.people.profile_dialog import ProfileDialog

    eve = add_person(ctx, MARKUP, "Adams", "MD", "eve@example.org")
    twin = add_person(ctx, "Eve", "Adams", "MD", "eve.adams@example.org")
    activity = create_activity(
        ctx,
        ActivityInput(
            title=f"Rounds {MARKUP}",
            format=ActivityFormat.RSS,
            designations=(DesignationInput(CreditType.AMA_PRA_1, "10"),),
        ),
    )
    add_session(
        ctx,
        activity.id,
        SessionInput(ctx.clock().date(), time(16), time(17), topic=MARKUP, speakers=f"{MARKUP} Adams, MD"),
    )
    session = this_week(ctx).today[0]

    today = TodayPage(ctx, events)
    qtbot.addWidget(today)
    with qtbot.waitSignal(today.loaded, timeout=10_000):
        today.refresh()
    panel = SessionsPanel(ctx, events=events)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.load(activity.id)
    profile = ProfileDialog(ctx, eve)
    qtbot.addWidget(profile)
    with qtbot.waitSignal(profile.loaded, timeout=10_000):
        profile.show()
    merge = MergeDialog(ctx, twin, eve)
    qtbot.addWidget(merge)
    merge.show()
    qtbot.waitUntil(lambda: "Eve" in merge.summary.text(), timeout=10_000)
    kiosk = KioskWindow(ctx, events, session, "4321")
    qtbot.addWidget(kiosk)

    for widget in (today, panel, profile, merge, kiosk):
        assert _shows_markup(widget), type(widget).__name__  # the name or title is on screen...
        assert _labels_drawing_markup(widget) == [], type(widget).__name__  # ...as text, not markup
    kiosk._unlocked = True
    kiosk.close()
