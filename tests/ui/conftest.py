from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QMessageBox

from cme_desktop.services.context import Context
from cme_desktop.ui import tasks
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


@pytest.fixture(autouse=True)
def settled(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """After each test (and after qtbot has closed its widgets): let background work finish, so none of it runs
    against the next test's database, and collect the closed widgets here on the GUI thread, not in a worker."""
    yield
    deadline = time.monotonic() + 10
    while tasks._running and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.005)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


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
def events(request: pytest.FixtureRequest) -> Iterator[AppEvents]:
    """The change hub, hearing the test's database as the main window's hub hears the app's."""
    hub = AppEvents()
    ctx = request.getfixturevalue("ctx") if "ctx" in request.fixturenames else None
    if ctx is not None:
        hub.watch(ctx)
    yield hub
    if ctx is not None:
        hub.unwatch(ctx)


@pytest.fixture
def demo_ctx(ctx: Context) -> Context:
    from cme_desktop.services.demo.fill import fill_demo

    fill_demo(ctx)
    return ctx
