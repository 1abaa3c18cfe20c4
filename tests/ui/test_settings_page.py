from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from cme_desktop.services.context import Context
from cme_desktop.services.office import settings as office
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.settings import DatabaseTab, SettingsPage
from tests.conftest import clear_accreditation
from tests.memory_keyring import MemoryKeyring


def _settings_text(folder: Path) -> str:
    QSettings().sync()
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


@pytest.mark.postgres
def test_switching_to_a_shared_server_keeps_the_password_out_of_the_settings_file(
    qtbot,
    postgres_db,
    sqlite_ctx: Context,
    memory_keyring: MemoryKeyring,
    qt_settings: Path,  # type: ignore[no-untyped-def]
) -> None:
    url = postgres_db.url
    switched: list[Context] = []
    tab = DatabaseTab(sqlite_ctx, switched.append)
    qtbot.addWidget(tab)
    tab.ensure_loaded()
    tab.shared_choice.setChecked(True)
    tab.host.setText(url.host)
    tab.port.setValue(url.port)
    tab.database.setText(url.database)
    tab.user.setText(url.username)
    tab.password.setText(url.password)
    tab.save_and_switch()
    qtbot.waitUntil(lambda: bool(switched), timeout=20_000)
    assert switched[0].db.url.database == url.database and not switched[0].db.is_sqlite
    switched[0].db.dispose()
    saved = _settings_text(qt_settings)
    assert url.database in saved
    assert "password" not in saved.lower() and f"={url.password}\n" not in saved.replace("user=cme\n", "")
    assert url.password in memory_keyring.secrets.values()
    again = DatabaseTab(sqlite_ctx, None)
    qtbot.addWidget(again)
    again.ensure_loaded()
    assert again.shared_choice.isChecked() and again.password.text() == url.password


def test_a_server_that_cannot_be_reached_changes_nothing_and_keeps_the_current_database(
    qtbot, ctx: Context, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, qt_settings: Path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: a failed switch was saved first, so every later start asked for that password and failed."""
    from PySide6.QtWidgets import QMessageBox

    offered: list[list[str]] = []

    def keep_current(box: QMessageBox) -> int:
        offered.append([b.text() for b in box.buttons()])
        keep = next(b for b in box.buttons() if b.text() == "Keep the current database")
        monkeypatch.setattr(box, "clickedButton", lambda: keep)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", keep_current)
    switched: list[Context] = []
    tab = DatabaseTab(ctx, switched.append)
    qtbot.addWidget(tab)
    tab.ensure_loaded()
    tab.shared_choice.setChecked(True)
    tab.host.setText("127.0.0.1")
    tab.port.setValue(9)  # nothing listens on the discard port
    tab.database.setText("cme")
    tab.user.setText("jsmith")
    tab.password.setText("Tr0ub4dor&3")
    tab.save_and_switch()
    qtbot.waitUntil(lambda: bool(offered), timeout=20_000)
    assert offered[0] == ["Try again", "Keep the current database"]
    assert switched == []
    assert "127.0.0.1" not in _settings_text(qt_settings)
    assert memory_keyring.secrets == {}
    assert "could not be reached" in tab.result.text()


def test_test_connection_says_plainly_that_the_host_is_unreachable(qtbot, ctx: Context) -> None:  # type: ignore[no-untyped-def]
    tab = DatabaseTab(ctx, None)
    qtbot.addWidget(tab)
    tab.ensure_loaded()
    tab.shared_choice.setChecked(True)
    tab.host.setText("127.0.0.1")
    tab.port.setValue(9)  # nothing listens on the discard port
    tab.database.setText("cme")
    tab.user.setText("nobody")
    tab.test_connection()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✘"), timeout=15_000)
    assert "could not be reached" in tab.result.text()


@pytest.mark.postgres
def test_test_connection_names_a_wrong_password_and_a_missing_database(
    qtbot, postgres_db, sqlite_ctx: Context
) -> None:  # type: ignore[no-untyped-def]
    url = postgres_db.url
    tab = DatabaseTab(sqlite_ctx, None)
    qtbot.addWidget(tab)
    tab.ensure_loaded()
    tab.shared_choice.setChecked(True)
    tab.host.setText(url.host)
    tab.port.setValue(url.port)
    tab.user.setText(url.username)
    tab.database.setText(url.database)
    tab.password.setText("not-the-password")
    tab.test_connection()
    qtbot.waitUntil(lambda: tab.result.text().startswith(("✘", "✔")), timeout=15_000)
    assert "refused the user name or password" in tab.result.text()

    tab.password.setText(url.password)
    tab.database.setText("no_such_database_here")
    tab.test_connection()
    qtbot.waitUntil(lambda: "does not exist" in tab.result.text() or "✔" in tab.result.text(), timeout=15_000)
    assert "that database does not exist" in tab.result.text()

    tab.database.setText(url.database)
    tab.test_connection()
    qtbot.waitUntil(lambda: tab.result.text().startswith("✔"), timeout=15_000)
    assert "ready to use" in tab.result.text()


def test_office_settings_are_saved_to_the_database(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx, events)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.office.zone.currentText() == "America/New_York", timeout=10_000)
    page.office.accreditation.provider.setText("Harbor Health CME")
    page.office.edits["texting_number"].setText("+18335582111")
    with qtbot.waitSignal(events.settings_changed, timeout=10_000):
        page.office.save()
    saved = office.load_settings(ctx).as_dict()
    assert saved["provider_name"] == "Harbor Health CME"
    assert saved["texting_number"] == "+18335582111"


def test_an_invalid_time_zone_gets_a_sentence_and_saves_nothing(
    qtbot, ctx: Context, events: AppEvents, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx, events)
    qtbot.addWidget(page)
    page.office.accreditation.provider.setText("Should Not Be Saved")
    page.office.zone.setCurrentText("Mars/Olympus")
    page.office.save()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert "is not a time zone name" in dialogs[0]
    assert office.load_settings(ctx).provider_name == ""


def test_security_tab_carries_the_ssn_key_from_one_computer_to_another(
    qtbot,
    ctx: Context,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[str],  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QApplication, QInputDialog

    from cme_desktop.services.office.ssn_key import ssn_key
    from cme_desktop.ui.pages.settings import SecurityTab

    ssn_key(ctx)  # the first computer creates the office's key
    tab = SecurityTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: "SSN matching is on" in tab.status.text(), timeout=10_000)
    tab.export_key()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    key_text = QApplication.clipboard().text()
    assert key_text and "clipboard" in dialogs[0]

    memory_keyring.secrets.clear()  # a second computer: same database, empty keyring
    tab.refresh()
    qtbot.waitUntil(lambda: "SSN matching is off" in tab.status.text(), timeout=10_000)
    assert not tab.export_button.isEnabled()

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("not-the-key", True))
    tab.import_key()
    qtbot.waitUntil(lambda: len(dialogs) == 2, timeout=10_000)
    assert "SSN matching is off" in tab.status.text()

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (key_text, True))
    tab.import_key()
    qtbot.waitUntil(lambda: "SSN matching is on" in tab.status.text(), timeout=10_000)


def test_every_office_setting_round_trips_and_a_bad_texting_number_is_refused(
    qtbot,
    ctx: Context,
    events: AppEvents,
    dialogs: list[str],  # type: ignore[no-untyped-def]
) -> None:
    page = SettingsPage(ctx, events)
    qtbot.addWidget(page)
    page.show()
    tab = page.office
    qtbot.waitUntil(lambda: tab.zone.currentText() == "America/New_York", timeout=10_000)
    tab.edits["texting_number"].setText("833 558 21")
    tab.save()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert dialogs[0].startswith("Texting number:")
    assert office.load_settings(ctx).texting_number == ""

    tab.edits["texting_number"].setText("(833) 558-2111")
    tab.accreditation.joint.setChecked(True)
    tab.paper.setCurrentIndex(tab.paper.findData("a4"))
    tab.validity.setValue(24)
    tab.zone.setCurrentText("America/Chicago")
    with qtbot.waitSignal(events.settings_changed, timeout=10_000):
        tab.save()
    saved = office.load_settings(ctx).as_dict()
    assert saved["texting_number"] == "+18335582111"  # stored as E.164 whatever was typed
    assert (saved["jointly_accredited"], saved["paper_size"], saved["disclosure_valid_months"]) == (
        True,
        "a4",
        24,
    )
    assert saved["office_timezone"] == "America/Chicago"


def test_the_texting_token_goes_to_the_keyring_only(
    qtbot,
    ctx: Context,
    memory_keyring: MemoryKeyring,
    qt_settings: Path,  # type: ignore[no-untyped-def]
) -> None:
    from cme_desktop import secrets
    from cme_desktop.ui.pages.settings import SecurityTab

    tab = SecurityTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: "No token saved" in tab.token_status.text(), timeout=10_000)
    tab.token.setText("twilio-secret-0123")
    tab.save_token()
    assert secrets.get_secret(secrets.TWILIO_TOKEN_NAME) == "twilio-secret-0123"
    assert tab.token.text() == "" and "A token is saved" in tab.token_status.text()
    assert "twilio-secret-0123" not in _settings_text(qt_settings)


def test_the_accreditation_box_says_what_the_office_may_designate_and_saves_it(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    """DOMAIN.md, "Credit": nursing contact hours only from an ANCC accredited or approved provider; IPCE only for
    a jointly accredited one. The box shows what the choices allow before they are saved."""
    clear_accreditation(ctx.db)
    page = SettingsPage(ctx, events)
    qtbot.addWidget(page)
    page.show()
    box = page.office.accreditation
    qtbot.waitUntil(lambda: page.office.zone.currentText() == "America/New_York", timeout=10_000)
    assert "no credit" in box.allows.text() and "the accredited provider's name" in box.allows.text()
    box.provider.setText("Harbor Health CME")
    box.physicians.setCurrentIndex(box.physicians.findData("ACCME"))
    box.nursing.setCurrentIndex(box.nursing.findData("approved"))
    assert "AMA PRA Category 1 Credit™, Nursing contact hours" in box.allows.text()
    assert "IPCE" not in box.allows.text()
    assert "the accredited approver" in box.allows.text() and box.approver.isEnabled()
    box.approver.setText("South Carolina Nurses Association")
    box.address.setText("https://cme.harbor.example")
    assert "Before certificates" not in box.allows.text()
    with qtbot.waitSignal(events.settings_changed, timeout=10_000):
        page.office.save()
    saved = office.load_settings(ctx)
    assert saved.accreditation.declared
    assert (saved.physician_accreditor, saved.nursing_accreditation, saved.nursing_approver) == (
        "ACCME",
        "approved",
        "South Carolina Nurses Association",
    )
    box.joint.setChecked(True)
    assert "IPCE credit" in box.allows.text() and not box.nursing.isEnabled()
