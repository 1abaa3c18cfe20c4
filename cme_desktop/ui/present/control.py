"""The laptop's control strip while presenting: which slide is up, the live count, and the few buttons needed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    # The strip keeps the keyboard focus so a clicker's keys reach the slides, not a button.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class ControlStrip(QWidget):
    """A small window on the coordinator's screen; the keys of the projector work here too."""

    key_pressed = Signal(QKeyEvent)
    stop_requested = Signal()

    def float_over(self, screen: QScreen | None) -> None:
        """On a single screen: a small panel that stays above the full-screen slide, in its bottom-right corner."""
        self.setWindowFlag(Qt.WindowType.Tool, True)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.adjustSize()
        area = (screen or QGuiApplication.primaryScreen()).availableGeometry()
        self.move(area.right() - self.width() - 24, area.bottom() - self.height() - 24)
        self.show()
        self.raise_()
        self.activateWindow()

    def __init__(self, activity_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(f"Presenting: {activity_title}")
        self.setAccessibleName("Presentation controls")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slide_label = QLabel()
        self.slide_label.setObjectName("presentSlide")
        self.slide_label.setAccessibleName("Slide on the projector")
        bold = QFont(self.slide_label.font())
        bold.setBold(True)
        self.slide_label.setFont(bold)
        self.count_label = QLabel("Counting…")
        self.count_label.setObjectName("presentCount")
        self.count_label.setAccessibleName("Learners signed in")
        self.count_label.setFont(bold)
        self.status_label = QLabel()
        self.status_label.setObjectName("warningNote")
        self.status_label.setWordWrap(True)

        self.previous_button = _button("◀ Previous", "Previous slide (Left, Page Up)")
        self.next_button = _button("Next ▶", "Next slide (Right, Page Down)")
        self.black_button = _button("Black screen", "Black screen on and off (B)")
        self.stop_button = _button("Stop presenting", "Leave the presentation (Esc)")
        self.stop_button.clicked.connect(self.stop_requested)
        self.png_button = _button("Save slide as PNG…", "The attendance slide as a picture for a slide deck")
        self.sheet_button = _button(
            "Sign-in sheet…", "A one-page PDF with the code, QR code and lines for names"
        )

        self.screen_label = QLabel("Projector:")
        self.screen_picker = QComboBox()
        self.screen_picker.setAccessibleName("Projector screen")
        self.screen_picker.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dark_box = QCheckBox("&Dark slides")
        self.count_box = QCheckBox("Show &count on the slide")
        for box in (self.dark_box, self.count_box):
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QGridLayout(self)
        layout.addWidget(self.slide_label, 0, 0, 1, 2)
        layout.addWidget(self.count_label, 0, 2, 1, 2, Qt.AlignmentFlag.AlignRight)
        buttons = QHBoxLayout()
        for button in (self.previous_button, self.next_button, self.black_button, self.stop_button):
            buttons.addWidget(button)
        layout.addLayout(buttons, 1, 0, 1, 4)
        options = QHBoxLayout()
        options.addWidget(self.screen_label)
        options.addWidget(self.screen_picker)
        options.addWidget(self.dark_box)
        options.addWidget(self.count_box)
        options.addStretch(1)
        options.addWidget(self.png_button)
        options.addWidget(self.sheet_button)
        layout.addLayout(options, 2, 0, 1, 4)
        layout.addWidget(self.status_label, 3, 0, 1, 4)
        self.status_label.hide()

    def set_screens(self, names: list[str], chosen: int) -> None:
        """The picker appears only when there is more than one screen to choose from."""
        self.screen_picker.blockSignals(True)
        self.screen_picker.clear()
        self.screen_picker.addItems(names)
        self.screen_picker.setCurrentIndex(chosen)
        self.screen_picker.blockSignals(False)
        several = len(names) > 1
        self.screen_picker.setVisible(several)
        self.screen_label.setVisible(several)

    def set_slide(self, text: str) -> None:
        self.slide_label.setText(text)

    def set_count(self, count: int) -> None:
        self.count_label.setText(f"{count} learner{'' if count == 1 else 's'} signed in")

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.key_pressed.emit(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.stop_requested.emit()
