"""An empty table is a sentence and the next step, not a bare grid (issue 19, item 9).

`EmptyState` holds a view; while the view has nothing to show it is replaced by a sentence saying why ("No texts
yet", "No texts match ‘smith’") and, when there is one, a button for what to do next.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from cme_desktop.ui.text import plain_label


class EmptyState(QStackedWidget):
    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.note = plain_label()
        self.note.setObjectName("emptyNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.action = QPushButton()
        self.action.hide()
        self._run: Callable[[], None] | None = None
        self.action.clicked.connect(lambda: self._run() if self._run is not None else None)
        blank = QWidget()
        layout = QVBoxLayout(blank)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        row.addWidget(self.action)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.addWidget(view)
        self.addWidget(blank)

    def show_rows(
        self, count: int, sentence: str = "", action: tuple[str, Callable[[], None]] | None = None
    ) -> None:
        """Show the view when `count` rows; else `sentence` and, given (text, slot), a button for the next step."""
        if count:
            self.setCurrentIndex(0)
            return
        self.note.setText(sentence)
        self._run = action[1] if action else None
        self.action.setText(action[0] if action else "")
        self.action.setVisible(action is not None)
        self.setCurrentIndex(1)

    @property
    def empty(self) -> bool:
        return self.currentIndex() == 1
