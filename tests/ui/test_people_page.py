"""The People page: results as you type, the profile dialog, the merge review and the CSV import preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile, get_profile
from cme_desktop.services.people.search import search_people
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.people import PeoplePage
from cme_desktop.ui.people.import_dialog import people_import_dialog
from cme_desktop.ui.people.profile_dialog import ProfileDialog


def _page(qtbot: QtBot, ctx: Context, events: AppEvents) -> PeoplePage:
    page = PeoplePage(ctx, events)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: bool(page.people.rows), timeout=10_000)
    return page


def test_results_follow_what_is_typed(qtbot: QtBot, demo_ctx: Context, events: AppEvents) -> None:
    page = _page(qtbot, demo_ctx, events)
    expected = [p.id for p in search_people(demo_ctx, "smith", limit=200)]
    assert expected
    qtbot.keyClicks(page.search, "smi")
    qtbot.keyClicks(page.search, "th")
    qtbot.waitUntil(lambda: [p.id for p in page.people.rows] == expected, timeout=10_000)
    assert all(p.last_name == "Smith" for p in page.people.rows)
    page.search.setText("no such person")
    qtbot.waitUntil(lambda: page.count.text() == "Nobody matches “no such person”.", timeout=10_000)
    assert page.people.rows == []


def test_the_profile_dialog_saves_an_edit_and_offers_to_open_a_conflicting_profile(
    qtbot: QtBot, demo_ctx: Context, dialogs: list[str]
) -> None:
    person = search_people(demo_ctx, "smith")[0]
    other = search_people(demo_ctx, "jones")[0]
    dialog = ProfileDialog(demo_ctx, person.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    assert dialog.first.text() == person.first_name
    assert not dialog.moc_permission.isChecked()
    dialog.nabp.setText("7654321")
    dialog.moc_permission.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    saved = get_profile(demo_ctx, person.id)
    assert (saved.nabp_eprofile_id, saved.moc_permission) == ("7654321", True)

    again = ProfileDialog(demo_ctx, person.id)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=10_000):
        pass
    assert again.moc_permission.isChecked()
    again.emails.add_row([other.primary_email or ""], [False])
    again.save()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert dialogs == [
        f"The email {other.primary_email} is already on {other.first_name} {other.last_name}'s profile."
    ]
    assert len(get_profile(demo_ctx, person.id).emails) == 1


def test_the_merge_review_merges_a_proposed_pair(qtbot: QtBot, ctx: Context, events: AppEvents) -> None:
    bob = create_profile(
        ctx,
        ProfileInput(
            "Bob", "Thompson", degree="MD", birth_month=3, birth_day=2, emails=(EmailEntry("b@x.org"),)
        ),
    )
    robert = create_profile(
        ctx,
        ProfileInput(
            "Robert", "Thomson", degree="MD", birth_month=3, birth_day=2, emails=(EmailEntry("r@x.org"),)
        ),
    )
    page = _page(qtbot, ctx, events)
    with qtbot.waitSignal(page.duplicates_loaded, timeout=10_000):
        page.load_duplicates()
    assert "both born March 2" in page.duplicates.row(0).evidence[0]
    page.duplicate_view.selectRow(0)
    page.merge_selected()
    merge = page.dialog
    with qtbot.waitSignal(merge.loaded, timeout=10_000):  # type: ignore[union-attr]
        pass
    merge.choices["first_name"].button(1).setChecked(True)  # type: ignore[union-attr]
    with qtbot.waitSignal(events.people_changed, timeout=10_000):
        merge.merge()  # type: ignore[union-attr]
    survivor = get_profile(ctx, robert.id)
    assert (survivor.id, survivor.first_name, survivor.last_name) == (bob.id, "Robert", "Thompson")
    with qtbot.waitSignal(page.merges_loaded, timeout=10_000):
        page.load_merges()
    assert page.merges.row(0).after["merged_id"] == robert.id  # type: ignore[index]
    # Edit › Undo splits them again: both profiles are back as they were.
    assert events.undo.label == "Undo merge into Robert Thompson, MD"
    events.undo.undo()
    qtbot.waitUntil(lambda: get_profile(ctx, bob.id).first_name == "Bob", timeout=10_000)
    assert (get_profile(ctx, robert.id).id, get_profile(ctx, robert.id).last_name) == (robert.id, "Thomson")
    assert events.undo.label is None


def test_the_import_dialog_previews_rows_then_imports(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    path = tmp_path / "directory.csv"
    path.write_text("First Name,Last Name,NetID\nJane,Smith,jsmith\nWei,Chen,wchen\n", encoding="utf-8")
    dialog = people_import_dialog(ctx, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        pass
    assert [(r.line, r.outcome) for r in dialog.model.rows] == [(2, "new"), (3, "new")]
    assert search_people(ctx, "smith") == []  # the preview saved nothing
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.run_import()
    assert [p.netid for p in search_people(ctx, "")] == ["wchen", "jsmith"]


def test_a_transcript_is_saved_from_the_profile(
    qtbot: QtBot, demo_ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import func, select

    from cme_desktop.store.attendance import AttendanceClaim

    with demo_ctx.db.transaction() as s:
        person_id = s.scalar(
            select(AttendanceClaim.person_id)
            .group_by(AttendanceClaim.person_id)
            .order_by(func.count().desc())
        )
    dialog = ProfileDialog(demo_ctx, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    target = tmp_path / "transcript.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    dialog.transcript_button.click()
    dialog.transcript.every_date.setChecked(True)
    with qtbot.waitSignal(dialog.transcript.saved, timeout=20_000):
        dialog.transcript.save()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    profile = get_profile(demo_ctx, person_id)
    assert profile.last_name in text and "Medicine Grand Rounds" in text
