"""Import a series' sessions from CSV: the one import dialog (ui/import_dialog.py) on the sessions importer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from cme_desktop.services.activities.session_import import commit_import, parse_preview
from cme_desktop.services.context import Context
from cme_desktop.ui.import_dialog import ImportDialog


def session_import_dialog(
    ctx: Context, activity_id: int, path: Path, parent: QWidget | None = None
) -> ImportDialog:
    """Columns date, start, end, topic, speakers, room (credits optional); every row or none, each new session
    with its own attendance code."""
    return ImportDialog(
        f"Import sessions from {path.name}",
        lambda _reason: parse_preview(ctx, activity_id, path),
        lambda _reason: commit_import(ctx, activity_id, path),
        parent,
    )
