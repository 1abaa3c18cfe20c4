"""The review board of one activity: everyone in a role, their disclosure, each relationship to judge and
mitigate, and the statement learners will see."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
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
from cme_desktop.domain.standard3 import RelationshipState, ReviewState
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.standard3.disclosures import (
    BoardPerson,
    BoardRelationship,
    DisclosureRow,
    ReviewBoard,
    companies,
    confirm_company,
    person_disclosures,
    remove_role,
    review_board,
)
from cme_desktop.services.standard3.review import LearnerDisclosure
from cme_desktop.ui.disclosures.assign_dialog import AssignDialog
from cme_desktop.ui.disclosures.board_text import (
    decision_text,
    details,
    disclosure_text,
    missing_summary,
    roles_text,
    short_day,
)
from cme_desktop.ui.disclosures.disclosure_dialog import DisclosureDialog
from cme_desktop.ui.disclosures.invitation_text import tree_items
from cme_desktop.ui.disclosures.invite_dialog import InviteDialog
from cme_desktop.ui.disclosures.judge_dialog import JudgeDialog
from cme_desktop.ui.flow import FlowLayout
from cme_desktop.ui.tasks import BackgroundTask, Reloader, show_error
from cme_desktop.ui.text import plain_label

DONE = (ReviewState.COMPLETE, RelationshipState.MITIGATED, RelationshipState.NOT_RELEVANT)
CHANGED = QColor("#fff1b8")  # what is new or changed since the person's previous disclosure
COLUMNS = ("Person / company", "Role / nature", "Disclosure", "Standard 3", "Decision", "Decided")


def child_items(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for j in range(item.childCount()) if (child := item.child(j)) is not None]


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
        self.missing_label = plain_label("")
        self.missing_label.setWordWrap(True)
        self.missing_label.setAccessibleName("Still to disclose")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAccessibleName("Review board")
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((185, 110, 215, 135, 200)):
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
        self.invite_button = QPushButton("Invite to disclose…")
        self.invite_button.setToolTip("Email planners, faculty and speakers a link to the disclosure form")
        self.confirm_button = QPushButton("Add company to the list")
        self.confirm_button.setToolTip(
            "The person typed this company on the portal: confirm it is an ineligible company, so it is offered"
            " to everyone"
        )
        self.invite_button.clicked.connect(self.invite)
        self.confirm_button.clicked.connect(self.confirm_company)
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

        buttons = FlowLayout()
        for button in (
            self.invite_button,
            self.assign_button,
            self.remove_button,
            self.disclosure_button,
            self.judge_button,
            self.confirm_button,
        ):
            buttons.addWidget(button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.heading)
        top_layout.addWidget(self.state_label)
        top_layout.addWidget(self.missing_label)
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
        now = self.ctx.clock()
        self.missing_label.setText(missing_summary(board, self.zone, now))
        self.missing_label.setVisible(bool(self.missing_label.text()))
        keep = self.selected()
        self.tree.clear()
        for person in board.people:
            item = QTreeWidgetItem(
                [
                    ("⚠ " if person.notes else "") + person.name,
                    roles_text(person, self.zone),
                    disclosure_text(person, self.zone, now),
                    person.state.label,
                    "",
                    "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, (person, None))
            tips = [*person.notes]
            if person.changes:
                tips.append(f"Changed since their disclosure of {short_day(person.previous_on)}:")
                tips.extend(person.changes)
                self._highlight(item, 2)
            if tips:
                item.setToolTip(0, "\n".join(tips))
                item.setToolTip(2, "\n".join(tips))
            self._colour(item, person.state in DONE)
            for rel in person.relationships:
                child = QTreeWidgetItem(
                    [
                        ("⚑ " if rel.company_needs_review else "") + rel.company,
                        rel.nature_label,
                        rel.change,
                        rel.state.label,
                        decision_text(rel),
                        f"{rel.decided_by} · {say_moment(rel.decided_at, self.zone)}"
                        if rel.decided_at
                        else "",
                    ]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, (person, rel))
                if rel.company_needs_review:
                    child.setToolTip(
                        0,
                        f"{rel.company} was typed on the portal and is not on the office's list of ineligible"
                        " companies yet: check it, then Add company to the list.",
                    )
                if rel.change:
                    child.setToolTip(
                        2, f"{rel.change} (since their disclosure of {short_day(person.previous_on)})"
                    )
                    for column in range(len(COLUMNS)):
                        self._highlight(child, column)
                self._colour(child, rel.state in DONE)
                item.addChild(child)
            for column in (0, 1, 2):  # a cell cut short by its column shows its whole text on hover
                item.setToolTip(column, item.toolTip(column) or item.text(column))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        for column, widest in ((0, 260), (1, 300), (2, 260), (3, 160)):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(widest, max(self.tree.columnWidth(column), 100)))
        self._reselect(keep)
        ready = "ready for learners" if done else "DRAFT: not ready for learners until the review is complete"
        self.statement_note.setText(f"<b>Disclosure to learners</b> · {ready}")
        self.statement.setPlainText(board.statement.text)
        self._enable()

    @staticmethod
    def _highlight(item: QTreeWidgetItem, column: int) -> None:
        item.setBackground(column, QBrush(CHANGED))
        font = QFont(item.font(column))
        font.setBold(True)
        item.setFont(column, font)

    def _reselect(self, keep: tuple[BoardPerson | None, BoardRelationship | None]) -> None:
        """After a reload, the same person (or relationship's company) stays selected."""
        person, rel = keep
        if person is None:
            return
        for item in tree_items(self.tree):
            shown, _ = item.data(0, Qt.ItemDataRole.UserRole)
            if shown.person_id != person.person_id:
                continue
            target = item
            if rel is not None:
                for child in child_items(item):
                    _, child_rel = child.data(0, Qt.ItemDataRole.UserRole)
                    if (child_rel.company, child_rel.nature) == (rel.company, rel.nature):
                        target = child
            self.tree.setCurrentItem(target)
            return

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
        self.invite_button.setEnabled(has_activity)
        self.handout_button.setEnabled(has_activity)
        self.confirm_button.setVisible(rel is not None and rel.company_needs_review)
        # A speaker is faculty through their sessions: they leave the review when they leave the session.
        self.remove_button.setEnabled(person is not None and rel is None and bool(person.role_ids))
        self.disclosure_button.setEnabled(person is not None)
        self.judge_button.setEnabled(rel is not None)
        self.details.setText(details(person, rel, self.zone, self.ctx.clock()))

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

    def invite(self) -> None:
        if self.activity_id is None:
            return
        dialog = InviteDialog(self.ctx, self.activity_id, self)
        dialog.sent.connect(lambda _report: self.reload())
        self.invite_dialog = dialog
        dialog.open()

    def confirm_company(self) -> None:
        _, rel = self.selected()
        if rel is None or not rel.company_needs_review:
            return
        ctx, company_id = self.ctx, rel.company_id
        BackgroundTask(self, lambda _p: confirm_company(ctx, company_id)).success(
            lambda _c: self._saved()
        ).run()

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
