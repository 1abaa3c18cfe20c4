"""Merge review: both profiles side by side, a choice per differing field, then the merge off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.context import Context
from cme_desktop.services.people.merging import MergePreview, MergeResult, merge_people, merge_preview
from cme_desktop.ui.formatting import plural
from cme_desktop.ui.tasks import BackgroundTask
from cme_desktop.ui.text import escape, rich


class MergeDialog(QDialog):
    """Merge `merged_id` into `survivor_id`, which keeps its number; the other number becomes an alias."""

    merged = Signal(object)  # MergeResult
    loaded = Signal()

    def __init__(self, ctx: Context, survivor_id: int, merged_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.survivor_id, self.merged_id = survivor_id, merged_id
        self.preview: MergePreview | None = None
        self.choices: dict[str, QButtonGroup] = {}
        self.setWindowTitle("Merge two profiles")
        self.resize(760, 480)
        self.summary = rich("Loading…")
        self.summary.setWordWrap(True)
        self.grid = QGridLayout()
        self.primary_email = QComboBox()
        self.primary_email.setAccessibleName("Primary email after the merge")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.grid)
        email_row = QGridLayout()
        email_row.addWidget(QLabel("Primary email"), 0, 0)
        email_row.addWidget(self.primary_email, 0, 1)
        email_row.setColumnStretch(1, 1)
        layout.addLayout(email_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        ctx_ = ctx
        BackgroundTask(self, lambda _p: merge_preview(ctx_, survivor_id, merged_id)).success(
            self._show
        ).failure(self._preview_failed).run()

    def _preview_failed(self, error: BaseException) -> bool:
        self.summary.setText(str(error))
        return False

    def _show(self, preview: MergePreview) -> None:
        self.preview = preview
        keep, away = preview.survivor, preview.merged
        both = (
            f", {plural(preview.claims_to_combine, 'session')} both attended become one claim with the larger "
            "credit"
            if preview.claims_to_combine
            else ""
        )
        self.summary.setText(
            f"<b>{escape(keep.display_name)}</b> stays; <b>{escape(away.display_name)}</b> is merged into it, and "
            "anything that named the merged profile now leads to it. "
            f"{plural(preview.claims_to_move, 'attendance claim')} move over{both}; "
            f"{plural(preview.disclosures_to_move, 'disclosure')} and every email, phone and license move too. "
            "The merge can be undone later (People › Merges)."
        )
        self.grid.addWidget(rich("<b>Field</b>"), 0, 0)
        self.grid.addWidget(rich(f"<b>Keep: {escape(keep.display_name)}</b>"), 0, 1)
        self.grid.addWidget(rich(f"<b>Take from: {escape(away.display_name)}</b>"), 0, 2)
        for row, field in enumerate(preview.fields, start=1):
            group = QButtonGroup(self)
            mine = QRadioButton(field.survivor_value or "(empty)")
            theirs = QRadioButton(field.merged_value or "(empty)")
            mine.setAccessibleName(f"{field.label}: keep")
            theirs.setAccessibleName(f"{field.label}: take")
            group.addButton(mine, 0)
            group.addButton(theirs, 1)
            (theirs if field.default_from_merged else mine).setChecked(True)
            self.choices[field.name] = group
            self.grid.addWidget(QLabel(field.label), row, 0)
            self.grid.addWidget(mine, row, 1)
            self.grid.addWidget(theirs, row, 2)
        if not preview.fields:
            self.grid.addWidget(QLabel("The two profiles have the same name and identifiers."), 1, 0, 1, 3)
        for position in range(self.grid.count()):
            item = self.grid.itemAt(position)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.show()  # added after the dialog was shown
        for email in (*keep.emails, *away.emails):
            self.primary_email.addItem(email.address)
        primary = next((e.address for e in keep.emails if e.primary), None)
        if primary:
            self.primary_email.setCurrentText(primary)
        self.primary_email.setEnabled(self.primary_email.count() > 1)
        self.merge_button.setEnabled(True)
        self.loaded.emit()

    def take_from_merged(self) -> frozenset[str]:
        return frozenset(name for name, group in self.choices.items() if group.checkedId() == 1)

    def merge(self) -> None:
        ctx, take = self.ctx, self.take_from_merged()
        primary = self.primary_email.currentText() or None
        survivor_id, merged_id = self.survivor_id, self.merged_id
        self.merge_button.setEnabled(False)
        BackgroundTask(
            self, lambda _p: merge_people(ctx, survivor_id, merged_id, take, primary), "Merging the profiles…"
        ).success(self._done).failure(self._failed).run()

    def _failed(self, error: BaseException) -> bool:
        self.merge_button.setEnabled(True)
        return False

    def _done(self, result: MergeResult) -> None:
        self.merged.emit(result)
        self.accept()
