"""Present mode as a whole: load the slides, put them full screen on the projector, keep the count live, note
when the disclosure was shown, and tidy up when the coordinator leaves.

    controller = open_presentation(main_window, ctx, events, session_id)
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QFileDialog, QWidget

from cme_desktop.services.context import Context
from cme_desktop.services.present.slides import (
    DisclosureShown,
    SlideContent,
    live_count,
    record_disclosure_shown,
    slide_content,
    write_signin_sheet,
)
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.present.control import ControlStrip
from cme_desktop.ui.present.render import render_attendance, write_png
from cme_desktop.ui.present.slides import DARK, LIGHT
from cme_desktop.ui.present.window import ProjectorWindow
from cme_desktop.ui.tasks import BackgroundTask, Reloader

RUNNING = "cme_presentation"  # the window property that holds the presentation running
COUNT_REFRESH_MS = 5_000  # texts and other coordinators' claims arrive without an event on this machine
SETTINGS_THEME = "present/theme"
SETTINGS_COUNT = "present/show_count"
SETTINGS_SCREEN = "present/screen"


def default_screen_index(names: list[str], main_window_screen: str | None, remembered: str | None) -> int:
    """The screen to present on: the one used last time if it is here and is not the laptop's, else the first
    screen the main window is not on, else the only screen there is."""
    if remembered in names and remembered != main_window_screen:
        return names.index(remembered)
    for index, name in enumerate(names):
        if name != main_window_screen:
            return index
    return 0


class PresentationController(QObject):
    """One presentation of one session; `stop()` (or Esc) ends it."""

    ready = Signal()  # the first slide has been painted on the projector
    closed = Signal()

    def __init__(self, parent_window: QWidget, ctx: Context, events: AppEvents, session_id: int) -> None:
        super().__init__(parent_window)
        self.parent_window = parent_window
        self.ctx, self.events, self.session_id = ctx, events, session_id
        self.content: SlideContent | None = None
        self.projector: ProjectorWindow | None = None
        self.strip: ControlStrip | None = None
        self.screens: list[QScreen] = []
        self.disclosure_recorded = False
        # The main window outlives the presentation, so work still running when it ends finishes cleanly.
        self.counter: Reloader[int] = Reloader(parent_window, self._counted, self._count_failed)
        self.slides: Reloader[SlideContent] = Reloader(parent_window, self._reloaded, self._reload_failed)
        self.timer = QTimer(self)
        self.timer.setInterval(COUNT_REFRESH_MS)
        self.timer.timeout.connect(self.refresh_count)

    # Starting and stopping

    def start(self) -> PresentationController:
        ctx, session_id = self.ctx, self.session_id
        BackgroundTask(
            self.parent_window, lambda _p: slide_content(ctx, session_id), "Preparing the slides…"
        ).success(self._open).failure(self._failed_to_open).run()
        return self

    def _failed_to_open(self, error: BaseException) -> bool:
        self.closed.emit()
        self.deleteLater()
        return False  # the task's dialog says why

    def _open(self, content: SlideContent) -> None:
        self.content = content
        settings = QSettings()
        dark = settings.value(SETTINGS_THEME, "light") == "dark"
        show_count = settings.value(SETTINGS_COUNT, False, type=bool)
        self.projector = ProjectorWindow(content, DARK if dark else LIGHT, bool(show_count))
        self.projector.slide_changed.connect(self._slide_changed)
        self.projector.leave_requested.connect(self.stop)
        self.projector.first_frame.connect(self.ready)

        strip = ControlStrip(content.activity_title)
        self.strip = strip
        strip.key_pressed.connect(self._strip_key)
        strip.stop_requested.connect(self.stop)
        strip.previous_button.clicked.connect(self.projector.previous)
        strip.next_button.clicked.connect(self.projector.next)
        strip.black_button.clicked.connect(self.projector.toggle_black)
        strip.png_button.clicked.connect(self.save_png)
        strip.sheet_button.clicked.connect(self.save_signin_sheet)
        strip.dark_box.setChecked(dark)
        strip.dark_box.toggled.connect(self.set_dark)
        strip.count_box.setChecked(bool(show_count))
        strip.count_box.toggled.connect(self.set_show_count)
        strip.set_count(content.claim_count)
        self._warn(_notice(content))

        self.screens = list(QGuiApplication.screens())
        names = [screen.name() for screen in self.screens]
        main_screen = self.parent_window.screen().name() if self.parent_window.screen() else None
        remembered = settings.value(SETTINGS_SCREEN, None)
        chosen = default_screen_index(names, main_screen, str(remembered) if remembered else None)
        strip.set_screens(names, chosen)
        strip.screen_picker.currentIndexChanged.connect(self.move_to_screen)

        self.events.attendance_changed.connect(self.refresh_count)
        self.events.settings_changed.connect(self.reload)
        self.events.sessions_changed.connect(self.reload)
        screen = self.screens[chosen] if self.screens else None
        self.projector.show_on(screen)
        self.projector.show_hint()
        if len(self.screens) > 1:
            strip.show()
            strip.activateWindow()  # the laptop keeps the keyboard; the projector shows the slide
        else:
            # One screen: the strip floats as a small panel above the slide, in its bottom-right corner.
            strip.float_over(screen)
        self._slide_changed()
        self.timer.start()

    def bring_forward(self) -> None:
        """Present was asked again for this session: show the presentation already running."""
        for window in (self.projector, self.strip):
            if window is not None:
                window.show()
                window.raise_()
        if self.strip is not None:
            self.strip.activateWindow()

    def stop(self) -> None:
        """Leave: the projector window goes, the main window stays as it was."""
        self.timer.stop()
        for signal, slot in (
            (self.events.attendance_changed, self.refresh_count),
            (self.events.settings_changed, self.reload),
            (self.events.sessions_changed, self.reload),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        for window in (self.projector, self.strip):
            if window is not None:
                window.hide()
                window.deleteLater()
        self.projector = self.strip = None
        self.closed.emit()
        self.deleteLater()

    # Slides and options

    def _strip_key(self, event: QKeyEvent) -> None:
        if self.projector is not None:
            self.projector.handle_key(event)

    def _slide_changed(self) -> None:
        if self.projector is None or self.strip is None:
            return
        self.strip.set_slide(self.projector.describe())
        if self.projector.current_kind() == "disclosure" and not self.disclosure_recorded:
            self._record_disclosure()

    def set_dark(self, dark: bool) -> None:
        QSettings().setValue(SETTINGS_THEME, "dark" if dark else "light")
        if self.projector is not None:
            self.projector.set_theme(DARK if dark else LIGHT)

    def set_show_count(self, show: bool) -> None:
        QSettings().setValue(SETTINGS_COUNT, show)
        if self.projector is not None:
            self.projector.set_show_count(show)

    def move_to_screen(self, index: int) -> None:
        if self.projector is None or not 0 <= index < len(self.screens):
            return
        QSettings().setValue(SETTINGS_SCREEN, self.screens[index].name())
        self.projector.show_on(self.screens[index])

    # Database work, all of it off the GUI thread

    def _record_disclosure(self) -> None:
        self.disclosure_recorded = True  # one note per presentation; cleared again if it fails
        ctx, session_id = self.ctx, self.session_id
        BackgroundTask(self._task_parent(), lambda _p: record_disclosure_shown(ctx, session_id)).success(
            self._disclosure_recorded
        ).failure(self._disclosure_failed).run()

    def _disclosure_recorded(self, shown: DisclosureShown) -> None:
        pass  # the change hub tells the pages that show when the disclosure was shown

    def _disclosure_failed(self, error: BaseException) -> bool:
        self.disclosure_recorded = False
        self._warn(f"The time the disclosure was shown could not be saved: {error}")
        return True

    def refresh_count(self) -> None:
        if self.strip is None:
            return
        ctx, session_id = self.ctx, self.session_id
        self.counter.request(lambda: live_count(ctx, session_id))

    def _counted(self, count: int) -> None:
        if self.strip is not None and self.projector is not None:
            self.strip.set_count(count)
            self.projector.set_count(count)
            self._warn(_notice(self.content) if self.content else None)

    def _count_failed(self, error: BaseException) -> bool:
        # Every few seconds: say so on the strip, never a dialog in front of the room.
        self._warn(f"The count could not be updated: {error}")
        return True

    def reload(self) -> None:
        if self.projector is None:
            return
        ctx, session_id = self.ctx, self.session_id
        self.slides.request(lambda: slide_content(ctx, session_id))

    def _reloaded(self, content: SlideContent) -> None:
        if self.projector is None or self.strip is None:
            return
        self.content = content
        self.projector.build(content)
        self.strip.set_count(content.claim_count)
        self._warn(_notice(content))

    def _reload_failed(self, error: BaseException) -> bool:
        self._warn(f"The slides could not be updated: {error}")
        return True

    # Files

    def save_png(self) -> None:
        if self.content is None or self.strip is None:
            return
        screen = self.projector.screen() if self.projector else None
        size = screen.size() * screen.devicePixelRatio() if screen else None
        width, height = (size.width(), size.height()) if size else (1920, 1080)
        name = f"attendance-{self.content.code or self.session_id}.png"
        path, _ = QFileDialog.getSaveFileName(
            self.strip, "Save the attendance slide", name, "PNG image (*.png)"
        )
        if not path:
            return
        theme = DARK if self.strip.dark_box.isChecked() else LIGHT
        image = render_attendance(self.content, int(width), int(height), theme)
        BackgroundTask(self.strip, lambda _p: write_png(image, Path(path)), "Saving the slide…").success(
            lambda saved: self._warn(f"Saved {saved}") if self.strip else None
        ).run()

    def save_signin_sheet(self) -> None:
        if self.strip is None:
            return
        name = f"sign-in-sheet-{self.content.code if self.content else self.session_id}.pdf"
        path, _ = QFileDialog.getSaveFileName(self.strip, "Save the sign-in sheet", name, "PDF (*.pdf)")
        if not path:
            return
        ctx, session_id = self.ctx, self.session_id
        BackgroundTask(
            self.strip,
            lambda _p: write_signin_sheet(ctx, session_id, Path(path)),
            "Writing the sign-in sheet…",
        ).success(lambda saved: self._warn(f"Saved {saved}") if self.strip else None).run()

    def _task_parent(self) -> QWidget:
        # The main window outlives the presentation, so work still running when it ends finishes cleanly.
        return self.parent_window

    def _warn(self, text: str | None) -> None:
        if self.strip is not None:
            self.strip.set_status(text or "")


def _notice(content: SlideContent) -> str | None:
    """What the laptop's strip says about the slides: a setting left out, then what is left of Standard 3."""
    return " ".join(x for x in (content.problem, content.standard3_warning) if x) or None


def open_presentation(
    parent_window: QWidget, ctx: Context, events: AppEvents, session_id: int
) -> PresentationController:
    """Start presenting a session: the slides load off the GUI thread, then go full screen on the projector.

    One presentation at a time: asked again (a double-click on Present), the one running comes forward."""
    running = running_presentation(parent_window)
    if running is not None and running.session_id == session_id:
        running.bring_forward()
        return running
    if running is not None:
        running.stop()  # another session: the projector shows one session at a time
    controller = PresentationController(parent_window, ctx, events, session_id)
    parent_window.setProperty(RUNNING, controller)
    controller.closed.connect(lambda: parent_window.setProperty(RUNNING, None))
    return controller.start()


def running_presentation(parent_window: QWidget) -> PresentationController | None:
    """The presentation this window started and that is still running, if any."""
    running = parent_window.property(RUNNING)
    return running if isinstance(running, PresentationController) else None
