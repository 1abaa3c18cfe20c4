"""Judging one relationship for one activity: relevant or not, how it is mitigated, and an owner's exception."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.localtime import say_day, say_moment
from cme_desktop.domain.standard3 import EXCEPTION_LABELS, ROLE_LABELS
from cme_desktop.domain.vocabulary import ExclusionException, Mitigation
from cme_desktop.services.context import Context
from cme_desktop.services.standard3.disclosures import BoardPerson, BoardRelationship, judge_relationship
from cme_desktop.ui.tasks import BackgroundTask, show_error
from cme_desktop.ui.text import escape, plain_label, rich


class JudgeDialog(QDialog):
    judged = Signal(object)  # the refreshed ReviewBoard

    def __init__(
        self,
        ctx: Context,
        activity_id: int,
        person: BoardPerson,
        relationship: BoardRelationship,
        zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.activity_id, self.person, self.relationship = ctx, activity_id, person, relationship
        rel = relationship
        self.setWindowTitle(f"Review: {person.name} and {rel.company}")
        self.resize(640, 380)
        layout = QVBoxLayout(self)
        roles = ", ".join(ROLE_LABELS[r] for r in person.roles)
        if rel.started_on and rel.ended_on:
            span = f"{say_day(rel.started_on)} to {say_day(rel.ended_on)}"
        elif rel.started_on:
            span = f"since {say_day(rel.started_on)}"
        else:
            span = f"ended {say_day(rel.ended_on)}" if rel.ended_on else "ongoing"
        heading = rich(
            f"<b>{escape(person.name)}</b> ({escape(roles)})<br>{escape(rel.company)}: {escape(rel.nature_label)}"
            f" · {escape(span)}"
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)

        self.exception = QComboBox()
        self.exception.addItem("No exception: exclude them from controlling content", None)
        for value, label in EXCEPTION_LABELS.items():
            self.exception.addItem(label, value)
        self.exception_note = QPlainTextEdit(rel.exception_note or "")
        self.exception_note.setPlaceholderText("Why the exception applies")
        self.exception_note.setMaximumHeight(70)
        if rel.owner_or_employee:
            warning = QLabel(
                "Owner or employee of an ineligible company: excluded from controlling content unless one of the"
                " three exceptions applies."
            )
            warning.setObjectName("warningNote")
            warning.setWordWrap(True)
            layout.addWidget(warning)
            form = QFormLayout()
            form.addRow("Exception", self.exception)
            form.addRow("Explanation", self.exception_note)
            layout.addLayout(form)
            if rel.exception is not None:
                self.exception.setCurrentIndex(self.exception.findData(rel.exception))

        self.relevant = QRadioButton("Relevant: the content they control relates to this company's business")
        self.not_relevant = QRadioButton("Not relevant to this activity's content")
        group = QButtonGroup(self)
        group.addButton(self.relevant)
        group.addButton(self.not_relevant)
        layout.addWidget(self.relevant)
        layout.addWidget(self.not_relevant)
        self.mitigation = QComboBox()
        self.mitigation.setAccessibleName("Mitigation")
        self.mitigation.addItem("Not mitigated yet", None)
        for choice, label in person.mitigation_choices:
            self.mitigation.addItem(label, choice)
        self.note = QPlainTextEdit(rel.note or "")
        self.note.setPlaceholderText("How the mitigation was done (who reviewed, what was changed)")
        self.note.setMaximumHeight(110)
        form = QFormLayout()
        form.addRow("Mitigation", self.mitigation)
        form.addRow("Note", self.note)
        layout.addLayout(form)
        if rel.decided_at:
            layout.addWidget(
                plain_label(f"Last decided by {rel.decided_by} at {say_moment(rel.decided_at, zone)}.")
            )
        if rel.relevant is True:
            self.relevant.setChecked(True)
        elif rel.relevant is False:
            self.not_relevant.setChecked(True)
        if rel.mitigation is not None:
            self.mitigation.setCurrentIndex(self.mitigation.findData(rel.mitigation))
        group.buttonToggled.connect(self._enable)
        self._enable()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _enable(self) -> None:
        relevant = self.relevant.isChecked()
        self.mitigation.setEnabled(relevant)
        self.note.setEnabled(relevant)

    def save(self) -> None:
        if not (self.relevant.isChecked() or self.not_relevant.isChecked()):
            show_error(self, "Say whether the relationship is relevant to this activity's content.")
            return
        ctx, activity_id, rel = self.ctx, self.activity_id, self.relationship
        relevant = self.relevant.isChecked()
        chosen = self.mitigation.currentData() if relevant else None
        mitigation = Mitigation(chosen) if chosen else None
        note = self.note.toPlainText() if relevant else None
        excepted = self.exception.currentData() if rel.owner_or_employee else None
        exception = ExclusionException(excepted) if excepted else None
        why = self.exception_note.toPlainText() if exception else None
        self.buttons.setEnabled(False)
        BackgroundTask(
            self,
            lambda _p: judge_relationship(
                ctx,
                activity_id,
                rel.id,
                relevant,
                mitigation,
                note,
                exception,
                why,
                loaded_decided_at=rel.decided_at,
            ),
            "Saving the review…",
        ).success(self._saved).failure(self._failed).run()

    def _saved(self, board: object) -> None:
        self.buttons.setEnabled(True)
        self.judged.emit(board)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.buttons.setEnabled(True)
        return False
