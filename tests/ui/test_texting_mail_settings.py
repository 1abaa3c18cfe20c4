"""Settings › Office › Texting and mail: the choices round-trip through the database, the mail password goes to
the keyring only, and an office choosing codes without a mail server is told so."""

from __future__ import annotations

from pathlib import Path

from cme_desktop.services.context import Context
from cme_desktop.services.mail.config import PASSWORD_NAME
from cme_desktop.services.office import settings as office
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.settings import SettingsPage
from tests.memory_keyring import MemoryKeyring


def test_texting_and_mail_settings_round_trip_and_the_password_stays_in_the_keyring(
    qtbot,  # type: ignore[no-untyped-def]
    ctx: Context,
    events: AppEvents,
    memory_keyring: MemoryKeyring,
    qt_settings: Path,
    tmp_path: Path,
) -> None:
    page = SettingsPage(ctx, events)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    box = page.office.texting_mail
    qtbot.waitUntil(lambda: box.port.value() == 587, timeout=10_000)
    assert "No mail server is set" in box.note.text()
    box.linking.setCurrentIndex(box.linking.findData("direct"))
    box.host.setText("smtp.example.edu")
    box.user.setText("cme-mailer")
    box.mail_from.setText("CME@Example.edu")
    box.retention.setValue(90)
    box.account.setText("AC" + "ab" * 16)
    box.password.setText("mail-pass-1")
    box._save_password()
    with qtbot.waitSignal(events.settings_changed, timeout=10_000):
        page.office.save()
    saved = office.load_settings(ctx)
    assert (saved.phone_linking, saved.smtp_host, saved.mail_from, saved.text_retention_days) == (
        "direct",
        "smtp.example.edu",
        "cme@example.edu",
        90,
    )
    assert saved.twilio_account_sid == "AC" + "ab" * 16
    assert any(
        name == PASSWORD_NAME and value == "mail-pass-1"
        for (_s, name), value in memory_keyring.secrets.items()
    )
    assert "mail-pass-1" not in str(saved.as_dict())
    qtbot.waitUntil(lambda: box.note.text() == "", timeout=10_000)
    page.office.grab().save(str(tmp_path / "settings.png"))


def test_the_portal_colour_and_single_sign_on_round_trip_and_the_secret_stays_in_the_keyring(
    qtbot,  # type: ignore[no-untyped-def]
    ctx: Context,
    events: AppEvents,
    memory_keyring: MemoryKeyring,
    qt_settings: Path,
    tmp_path: Path,
) -> None:
    from cme_desktop.secrets import OIDC_SECRET_NAME

    page = SettingsPage(ctx, events)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    box = page.office.texting_mail
    qtbot.waitUntil(lambda: box.colour.text() == "#1d4f91", timeout=10_000)
    box.colour.setText("#5B2A86")
    box.issuer.setText("https://login.musc.edu/")
    box.client_id.setText("cme-portal")
    box.netid_claim.setText("netid")
    box.sso_label.setText("MUSC NetID")
    box.client_secret.setText("oidc-secret-1")
    box._save_client_secret()
    with qtbot.waitSignal(events.settings_changed, timeout=10_000):
        page.office.save()
    saved = office.load_settings(ctx)
    assert (saved.portal_colour, saved.sso_issuer_url, saved.sso_client_id, saved.sso_netid_claim) == (
        "#5b2a86",
        "https://login.musc.edu",
        "cme-portal",
        "netid",
    )
    assert saved.sso_button_label == "MUSC NetID"
    assert any(
        name == OIDC_SECRET_NAME and value == "oidc-secret-1"
        for (_s, name), value in memory_keyring.secrets.items()
    )
    assert "oidc-secret-1" not in str(saved.as_dict())
    box.grab().save(str(tmp_path / "portal-settings.png"))
