"""A row of controls that wraps onto the next line when the window is narrow (Qt's flow layout example, typed).

Filter rows and button rows use it, so a page needs only the width of its widest single control, and a 1366- or
1024-pixel laptop screen shows every control instead of clipping the end of the row.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addStretch(self) -> None:
        """A break in the row: what follows is pushed to the right edge when it fits on the same line."""
        self._items.append(_Stretch())

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list[QLayoutItem]] = [[]]
        x = area.x()
        for item in self._items:
            if isinstance(item, _Stretch):
                lines[-1].append(item)
                continue
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            started = any(not isinstance(i, _Stretch) for i in lines[-1])
            if started and x + hint.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append(item)
            x += hint.width() + self._spacing
        y = area.y()
        for line in lines:
            visible = [i for i in line if not isinstance(i, _Stretch)]
            if not visible:
                continue
            height = max(i.sizeHint().height() for i in visible)
            used = sum(i.sizeHint().width() for i in visible) + self._spacing * (len(visible) - 1)
            spare = max(0, area.width() - used)
            x = area.x()
            for item in line:
                if isinstance(item, _Stretch):
                    x += spare
                    spare = 0
                    continue
                hint = item.sizeHint()
                if move:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return y - self._spacing - rect.y() + margins.bottom() if y > area.y() else 0


class _Stretch(QLayoutItem):
    """Where the spare room of a line goes (like QBoxLayout's addStretch)."""

    def sizeHint(self) -> QSize:
        return QSize(0, 0)

    def minimumSize(self) -> QSize:
        return QSize(0, 0)

    def maximumSize(self) -> QSize:
        return QSize(0, 0)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def isEmpty(self) -> bool:
        return True

    def geometry(self) -> QRect:
        return QRect()

    def setGeometry(self, rect: QRect) -> None:
        pass


def together(*widgets: QWidget) -> QWidget:
    """Controls that belong on one line ("Sessions between [date] to [date]"), wrapped as one piece."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box
