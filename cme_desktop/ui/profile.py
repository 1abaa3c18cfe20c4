"""The coordinator's own connection choice, kept in QSettings (the password lives in the keyring)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from cme_desktop import secrets
from cme_desktop.config import ConnectionProfile

LOCAL = "local"
SHARED = "postgresql"


def load_mode() -> str:
    return str(QSettings().value("database/mode", LOCAL))


def load_profile() -> ConnectionProfile | None:
    settings = QSettings()
    host = settings.value("database/host")
    if not host:
        return None
    return ConnectionProfile(
        host=str(host),
        port=int(str(settings.value("database/port", 5432))),
        database=str(settings.value("database/name", "cme")),
        user=str(settings.value("database/user", "")),
        sslmode=str(settings.value("database/sslmode", "prefer")),
    )


def save_profile(mode: str, profile: ConnectionProfile | None) -> None:
    settings = QSettings()
    settings.setValue("database/mode", mode)
    if profile is not None:
        settings.setValue("database/host", profile.host)
        settings.setValue("database/port", profile.port)
        settings.setValue("database/name", profile.database)
        settings.setValue("database/user", profile.user)
        settings.setValue("database/sslmode", profile.sslmode)


def stored_password(profile: ConnectionProfile) -> str | None:
    return secrets.get_secret(profile.keyring_name)
