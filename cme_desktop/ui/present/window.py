"""The full-screen projector window: one slide at a time, driven by the keys presentation clickers send."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from cme_desktop.services.present.slides import SlideContent
from cme_desktop.ui.present.slides import AttendanceSlide, BlackSlide, DisclosureSlide, Slide, Theme

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down, Qt.Key.Key_Space}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
BLACK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}  # clickers' "blank screen" button sends B or '.'
HINT_SECONDS = 3.0


class ProjectorWindow(QWidget):
    """Slides in order (the disclosure when there is one, then the attendance code), and a black screen."""

    slide_changed = Signal()  # the slide or the black screen changed
    leave_requested = Signal()
    first_frame = Signal()

    def __init__(self, content: SlideContent, theme: Theme, show_count: bool = False) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(f"Presenting: {content.activity_title}")
        self.setAccessibleName("Projector")
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self.black_slide = BlackSlide()
        self._stack.addWidget(self.black_slide)
        self.black_slide.installEventFilter(self)
        self.slides: list[Slide] = []
        self.index = 0
        self.blacked = False
        self._painted = False
        self.theme = theme
        self.show_count = show_count
        self.build(content)
        # How to leave, said on the slide for the first seconds (a projector has no buttons to find).
        self.hint = QLabel("Esc to stop presenting", self)
        self.hint.setObjectName("presentHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet(
            "background: rgba(0, 0, 0, 170); color: white; font-size: 22px; padding: 10px 22px; border-radius: 8px;"
        )
        self.hint.hide()

    def show_hint(self, seconds: float = HINT_SECONDS) -> None:
        self.hint.adjustSize()
        self.hint.move((self.width() - self.hint.width()) // 2, self.height() - self.hint.height() - 40)
        self.hint.raise_()
        self.hint.show()
        QTimer.singleShot(int(seconds * 1000), self.hint.hide)

    def build(self, content: SlideContent) -> None:
        """Make the slides for `content`, keeping the slide that is up (new settings, a changed statement)."""
        kind = self.current_kind() if self.slides else None
        for slide in self.slides:
            self._stack.removeWidget(slide)
            slide.deleteLater()
        self.content = content
        self.attendance = AttendanceSlide(content, self.theme, self.show_count)
        self.slides = ([DisclosureSlide(content, self.theme)] if content.has_disclosure else []) + [
            self.attendance
        ]
        for slide in self.slides:
            self._stack.addWidget(slide)
            slide.installEventFilter(self)
        kinds = [slide.kind for slide in self.slides]
        self.index = kinds.index(kind) if kind in kinds else 0
        self._show_current()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.build(self.content)

    def set_show_count(self, show: bool) -> None:
        self.show_count = show
        self.attendance.set_show_count(show)

    def set_count(self, count: int) -> None:
        self.content = replace(self.content, claim_count=count)
        self.attendance.set_count(count)

    def current_slide(self) -> Slide:
        return self.black_slide if self.blacked else self.slides[self.index]

    def current_kind(self) -> str:
        return self.current_slide().kind

    def describe(self) -> str:
        """'Slide 2 of 2: Attendance code', or 'Black screen'."""
        if self.blacked:
            return "Black screen (press B to bring the slide back)"
        return f"Slide {self.index + 1} of {len(self.slides)}: {self.slides[self.index].title}"

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.slides) - 1))
        if index == self.index and not self.blacked:
            return
        self.index, self.blacked = index, False
        self._show_current()

    def toggle_black(self) -> None:
        self.blacked = not self.blacked
        self._show_current()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def show_on(self, screen: QScreen | None) -> None:
        """Full screen on `screen` (a window must leave full screen before it can move to another screen)."""
        screen = screen or QGuiApplication.primaryScreen()
        if self.isFullScreen():
            self.showNormal()
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def handle_key(self, event: QKeyEvent) -> bool:
        """The presentation keys, also used by the laptop's control strip; True when the key was one."""
        key = event.key()
        if key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key in BLACK_KEYS:
            self.toggle_black()
        elif key == Qt.Key.Key_Escape:
            self.leave_requested.emit()
        elif key == Qt.Key.Key_F:
            self.toggle_full_screen()
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted and watched is self.current_slide():
            self._painted = True
            # Signalled once this paint pass (the slide and its labels) is over.
            QTimer.singleShot(0, self.first_frame.emit)
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the projector (Alt+F4, the window manager) ends the presentation like Esc does.
        event.ignore()
        self.leave_requested.emit()

    def _show_current(self) -> None:
        self._stack.setCurrentWidget(self.current_slide())
        self.slide_changed.emit()
