"""Starting the app: the shared server's password, an unreachable server, a newer schema, unexpected errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import text

from cme_desktop.config import ConnectionProfile
from cme_desktop.store.db import Database
from cme_desktop.ui import app as app_module
from cme_desktop.ui import profile as profiles
from tests.memory_keyring import MemoryKeyring


def _shared(profile: ConnectionProfile) -> None:
    profiles.save_profile(profiles.SHARED, profile)


def test_the_shared_server_password_comes_from_the_keyring(qapp, memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    profile = ConnectionProfile(host="db.office.example", database="cme", user="jsmith")
    _shared(profile)
    memory_keyring.set_password("cme-desktop", profile.keyring_name, "from-keyring")
    url = app_module.shared_database_url()
    assert url is not None and "jsmith:from-keyring@db.office.example" in url


def test_without_a_stored_password_the_app_asks_for_it(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _shared(ConnectionProfile(host="db.office.example", database="cme", user="jsmith"))
    asked: list[str] = []

    def ask(parent, title, label, echo):  # type: ignore[no-untyped-def]
        asked.append(label)
        assert echo == app_module.QLineEdit.EchoMode.Password
        return "typed-at-start", True

    monkeypatch.setattr(QInputDialog, "getText", ask)
    url = app_module.shared_database_url()
    assert asked == ["Password for jsmith on db.office.example:"]
    assert url is not None and "typed-at-start" in url


def test_an_unreachable_server_offers_this_computers_database(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    messages: list[str] = []

    def choose_local(box: QMessageBox) -> int:
        messages.append(box.text())
        local = next(b for b in box.buttons() if b.text() == "Use this computer's database")
        monkeypatch.setattr(box, "clickedButton", lambda: local)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_local)
    ctx = app_module.open_database("postgresql://nobody:pw@127.0.0.1:9/cme")
    assert ctx is not None and ctx.db.is_sqlite
    assert messages and "could not be reached" in messages[0]
    ctx.db.dispose()


def test_a_database_from_a_newer_app_is_refused_with_a_message(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "newer.sqlite3"
    db = Database.open(f"sqlite:///{path}")
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('9999_future')"))
    db.dispose()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, message: shown.append(message))
    assert app_module.open_database(f"sqlite:///{path}") is None
    assert shown and "newer version of CME Desk" in shown[0]


def test_an_unexpected_error_is_logged_and_shown_not_a_silent_exit(qapp, dialogs: list[str], caplog) -> None:  # type: ignore[no-untyped-def]
    app_module.install_excepthook()
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = sys.__excepthook__
    assert dialogs == ["Something went wrong in CME Desk."]
    assert "the printer caught fire" in caplog.text


def test_a_new_database_asks_for_the_offices_accreditation_once_the_window_is_up(qtbot, ctx, events) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: a fresh database asks who the office is and which accreditations it holds before the first
    certificate; what is saved there is what Settings › Office shows."""
    from cme_desktop.services.office.settings import load_settings
    from cme_desktop.ui.main_window import MainWindow
    from cme_desktop.ui.settings.first_start import FirstStartDialog
    from tests.conftest import clear_accreditation

    clear_accreditation(ctx.db)
    window = MainWindow(ctx, events)
    qtbot.addWidget(window)
    window.show()
    app_module.ask_for_accreditation_if_new(window, ctx)
    qtbot.waitUntil(lambda: isinstance(window.first_start, FirstStartDialog), timeout=10_000)
    dialog = window.first_start
    assert isinstance(dialog, FirstStartDialog)
    dialog.box.provider.setText("Harbor Health CME")
    dialog.box.physicians.setCurrentIndex(dialog.box.physicians.findData("ACCME"))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save_button.click()
    assert load_settings(ctx).accreditation.declared
    window.first_start = None
    app_module.ask_for_accreditation_if_new(window, ctx)  # declared now: not asked again
    qtbot.wait(300)
    assert window.first_start is None
    window.close()
