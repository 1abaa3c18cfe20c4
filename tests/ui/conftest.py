from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMessageBox

from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents


@pytest.fixture(autouse=True)
def qt_settings(tmp_path: Path, qapp) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """QSettings in a private INI folder, so tests never see or touch a coordinator's settings."""
    QCoreApplication.setOrganizationName("cme-desktop-tests")
    QCoreApplication.setApplicationName("cme-desktop-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    yield tmp_path / "settings"


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of blocking the test."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def demo_ctx(ctx: Context) -> Context:
    from cme_desktop.services.demo import fill_demo

    fill_demo(ctx)
    return ctx
