"""Import people from CSV: the one import dialog (ui/import_dialog.py) on the people importer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from cme_desktop.services.context import Context
from cme_desktop.services.people.importing import import_people, preview_people_import
from cme_desktop.ui.import_dialog import ImportDialog


def people_import_dialog(ctx: Context, path: Path, parent: QWidget | None = None) -> ImportDialog:
    """Matched to stored profiles by NetID, then email; new people otherwise; every row or none."""
    return ImportDialog(
        f"Import people from {path.name}",
        lambda _reason: preview_people_import(ctx, path),
        lambda _reason: import_people(ctx, path),
        parent,
    )
