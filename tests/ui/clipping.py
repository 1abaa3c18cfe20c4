"""What a user sees cut off: a label, button or check box narrower or shorter than its own text needs."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def clipped(root: QWidget) -> list[str]:
    """Each visible text in `root` that does not fit its widget, as 'kind: text (has WxH, needs WxH)'."""
    found = []
    for label in root.findChildren(QLabel):
        if (
            not label.isVisibleTo(root)
            or not label.text()
            or (label.pixmap() is not None and not label.text())
        ):
            continue
        if label.wordWrap():
            need_w, need_h = 0, label.heightForWidth(label.width())
        else:
            hint = label.minimumSizeHint()
            need_w, need_h = hint.width(), hint.height()
        if label.width() < need_w or label.height() < need_h:
            found.append(
                f"label: {label.text()[:60]!r} (has {label.width()}x{label.height()}, needs {need_w}x{need_h})"
            )
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or not button.text():
            continue
        hint = button.sizeHint()
        if button.width() < hint.width() - 2:
            found.append(f"button: {button.text()!r} (has {button.width()}, needs {hint.width()})")
    return found
