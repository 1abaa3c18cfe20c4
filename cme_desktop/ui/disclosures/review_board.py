"""The review board of one activity: everyone in a role, their disclosure, each relationship to judge and
mitigate, and the statement learners will see."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.standard3 import ROLE_LABELS, RelationshipState, ReviewState
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.standard3.disclosures import (
    BoardPerson,
    BoardRelationship,
    DisclosureRow,
    ReviewBoard,
    companies,
    person_disclosures,
    remove_role,
    review_board,
)
from cme_desktop.services.standard3.review import LearnerDisclosure
from cme_desktop.ui.disclosures.assign_dialog import AssignDialog
from cme_desktop.ui.disclosures.disclosure_dialog import DisclosureDialog
from cme_desktop.ui.disclosures.judge_dialog import JudgeDialog
from cme_desktop.ui.tasks import BackgroundTask, Reloader, show_error
from cme_desktop.ui.text import plain_label

DONE = (ReviewState.COMPLETE, RelationshipState.MITIGATED, RelationshipState.NOT_RELEVANT)
COLUMNS = ("Person / company", "Role / nature", "Disclosure", "Standard 3", "Decision", "Decided")


def _short_day(day: date | None) -> str:
    return f"{day:%b} {day.day}, {day.year}" if day else ""


class ReviewBoardWidget(QWidget):
    loaded = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loader: Reloader[tuple[ReviewBoard, ZoneInfo]] = Reloader(self, self._loaded)
        self.activity_id: int | None = None
        self.board: ReviewBoard | None = None
        self.zone = ZoneInfo("UTC")
        self.heading = plain_label("Pick an activity to review its disclosures.")
        self.heading.setObjectName("sectionHeading")
        self.heading.setWordWrap(True)
        self.state_label = QLabel("")
        self.state_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAccessibleName("Review board")
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((185, 110, 170, 135, 200)):
            self.tree.setColumnWidth(column, width)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.open_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Selected decision")
        self.assign_button = QPushButton("Assign person…")
        self.remove_button = QPushButton("Remove from activity")
        self.disclosure_button = QPushButton("Enter or revise disclosure…")
        self.judge_button = QPushButton("Judge relationship…")
        self.handout_button = QPushButton("Save handout PDF…")
        self.assign_button.clicked.connect(self.assign)
        self.remove_button.clicked.connect(self.remove)
        self.disclosure_button.clicked.connect(self.edit_disclosure)
        self.judge_button.clicked.connect(self.judge)
        self.handout_button.clicked.connect(self.save_handout)
        self.statement = QPlainTextEdit()
        self.statement.setReadOnly(True)
        self.statement.setAccessibleName("Disclosure to learners")
        self.statement_note = QLabel("Disclosure to learners")
        self.statement_note.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.assign_button, self.remove_button, self.disclosure_button, self.judge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.heading)
        top_layout.addWidget(self.state_label)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.tree, 1)
        top_layout.addWidget(self.details)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.statement_note, 1)
        row.addWidget(self.handout_button)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.statement)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([520, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._enable()

    # Loading ----------------------------------------------------------------------------------------------------

    def load(self, activity_id: int) -> None:
        self.activity_id = activity_id
        ctx = self.ctx
        self.loader.request(lambda: (review_board(ctx, activity_id), office_zone(ctx)))

    def reload(self) -> None:
        if self.activity_id is not None:
            self.load(self.activity_id)

    def _loaded(self, result: tuple[ReviewBoard, ZoneInfo]) -> None:
        board, self.zone = result
        if board.activity_id == self.activity_id:
            self.show_board(board)
        self.loaded.emit()

    def show_board(self, board: ReviewBoard) -> None:
        self.board = board
        first = say_moment(board.first_session_at, self.zone) if board.first_session_at else "no sessions yet"
        self.heading.setText(board.title)
        done = board.state is ReviewState.COMPLETE
        self.state_label.setText(
            f"{'✔' if done else '⚠'} Standard 3: {board.state.label} · first session {first}"
        )
        self.state_label.setStyleSheet(f"color: {'#1b6e3a' if done else '#8a5300'}; font-weight: 600;")
        self.tree.clear()
        for person in board.people:
            item = QTreeWidgetItem(
                [
                    ("⚠ " if person.notes else "") + person.name,
                    self._roles_text(person),
                    self._disclosure_text(person),
                    person.state.label,
                    "",
                    "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, (person, None))
            if person.notes:
                item.setToolTip(0, "\n".join(person.notes))
            self._colour(item, person.state in DONE)
            for rel in person.relationships:
                child = QTreeWidgetItem(
                    [
                        rel.company,
                        rel.nature_label,
                        "",
                        rel.state.label,
                        self._decision_text(rel),
                        f"{rel.decided_by} · {say_moment(rel.decided_at, self.zone)}"
                        if rel.decided_at
                        else "",
                    ]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, (person, rel))
                self._colour(child, rel.state in DONE)
                item.addChild(child)
            for column in (0, 1, 2):  # a cell cut short by its column shows its whole text on hover
                item.setToolTip(column, item.toolTip(column) or item.text(column))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        for column, widest in ((0, 260), (1, 300), (2, 220), (3, 160)):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(widest, max(self.tree.columnWidth(column), 100)))
        ready = "ready for learners" if done else "DRAFT: not ready for learners until the review is complete"
        self.statement_note.setText(f"<b>Disclosure to learners</b> · {ready}")
        self.statement.setPlainText(board.statement.text)
        self._enable()

    def _roles_text(self, person: BoardPerson) -> str:
        """'planner, faculty (speaks Dec 3, Dec 10)': a speaker is faculty through the sessions they teach."""
        roles = ", ".join(ROLE_LABELS[r] for r in person.roles)
        if not person.speaks_at:
            return roles
        days = [_short_day(at.astimezone(self.zone).date()) for at in person.speaks_at[:3]]
        more = f" and {len(person.speaks_at) - 3} more" if len(person.speaks_at) > 3 else ""
        return f"{roles} (speaks {', '.join(days)}{more})"

    @staticmethod
    def _disclosure_text(person: BoardPerson) -> str:
        if person.disclosed_on is None:
            return person.status.label
        return f"{person.status.label} · until {_short_day(person.valid_until)}"

    @staticmethod
    def _decision_text(rel: BoardRelationship) -> str:
        parts = []
        if rel.exception_label:
            parts.append(f"Exception: {rel.exception_label}")
        if rel.relevant is False:
            parts.append("Not relevant")
        elif rel.relevant:
            parts.append(f"Relevant · {rel.mitigation_label or 'not mitigated'}")
        if rel.note:
            parts.append(rel.note)
        return " · ".join(parts)

    @staticmethod
    def _colour(item: QTreeWidgetItem, done: bool) -> None:
        item.setForeground(3, QColor("#1b6e3a" if done else "#9a1c1c"))

    # Actions ----------------------------------------------------------------------------------------------------

    def selected(self) -> tuple[BoardPerson | None, BoardRelationship | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        chosen: tuple[BoardPerson | None, BoardRelationship | None] = item.data(0, Qt.ItemDataRole.UserRole)
        return chosen

    def _enable(self) -> None:
        person, rel = self.selected()
        has_activity = self.board is not None
        self.assign_button.setEnabled(has_activity)
        self.handout_button.setEnabled(has_activity)
        # A speaker is faculty through their sessions: they leave the review when they leave the session.
        self.remove_button.setEnabled(person is not None and rel is None and bool(person.role_ids))
        self.disclosure_button.setEnabled(person is not None)
        self.judge_button.setEnabled(rel is not None)
        self.details.setText(self._details(person, rel))

    def _details(self, person: BoardPerson | None, rel: BoardRelationship | None) -> str:
        if person is None:
            return "Double-click a person to enter their disclosure, a relationship to judge it."
        if rel is None:
            notes = (" " + " ".join(person.notes)) if person.notes else ""
            if person.disclosed_on is None:
                return f"{person.name}: {person.state.label}. Email: {person.email or 'none on file'}.{notes}"
            return (
                f"{person.name} disclosed on {_short_day(person.disclosed_on)}; current until"
                f" {_short_day(person.valid_until)}. Email: {person.email or 'none on file'}."
            )
        if rel.decided_at is None:
            return f"{rel.company} ({rel.nature_label}): {rel.state.label}."
        decision = self._decision_text(rel)
        return f"{rel.company} ({rel.nature_label}): {decision}. Decided by {rel.decided_by} at {say_moment(rel.decided_at, self.zone)}."

    def open_selected(self) -> None:
        _, rel = self.selected()
        self.judge() if rel is not None else self.edit_disclosure()

    def _saved(self, board: object = None) -> None:
        if isinstance(board, ReviewBoard):
            self.show_board(board)
        else:
            self.reload()

    def assign(self) -> None:
        if self.activity_id is None:
            return
        dialog = AssignDialog(self.ctx, self.activity_id, self)
        dialog.assigned.connect(self._saved)
        dialog.open()

    def remove(self) -> None:
        person, _ = self.selected()
        if person is None:
            return
        ctx, role_ids = self.ctx, person.role_ids

        def work(_p: object) -> None:
            for role_id in role_ids:
                remove_role(ctx, role_id)

        BackgroundTask(self, work).success(lambda _r: self._saved()).run()

    def edit_disclosure(self) -> None:
        person, _ = self.selected()
        if person is None:
            return
        ctx = self.ctx

        def work(_p: object) -> tuple[DisclosureRow | None, list[str], date]:
            history = person_disclosures(ctx, person.person_id)
            return (
                history[0] if history else None,
                [c.name for c in companies(ctx)],
                ctx.clock().astimezone(office_zone(ctx)).date(),
            )

        BackgroundTask(self, work).success(lambda result: self._open_disclosure(person, *result)).run()

    def _open_disclosure(
        self, person: BoardPerson, existing: DisclosureRow | None, names: list[str], today: date
    ) -> None:
        dialog = DisclosureDialog(self.ctx, person.person_id, person.name, existing, names, today, self)
        dialog.saved.connect(lambda _row: self._saved())
        self.disclosure_dialog = dialog
        dialog.open()

    def judge(self) -> None:
        person, rel = self.selected()
        if person is None or rel is None or self.activity_id is None:
            return
        dialog = JudgeDialog(self.ctx, self.activity_id, person, rel, self.zone, self)
        dialog.judged.connect(self._saved)
        self.judge_dialog = dialog
        dialog.open()

    def save_handout(self) -> None:
        if self.board is None:
            return
        suggested = f"Disclosure - {self.board.title}.pdf".replace("/", "-")
        name, _ = QFileDialog.getSaveFileName(self, "Save the disclosure handout", suggested, "PDF (*.pdf)")
        if not name:
            return
        from cme_desktop.services.standard3.handout import save_learner_handout

        ctx, activity_id, path = self.ctx, self.board.activity_id, Path(name)
        BackgroundTask(
            self, lambda _p: save_learner_handout(ctx, activity_id, path), "Writing the handout…"
        ).success(self._handout_saved).run()

    def _handout_saved(self, disclosure: LearnerDisclosure) -> None:
        if not disclosure.ready:
            show_error(self, "Saved, marked as a draft: the review is not complete.")
