"""Passwords go to the OS keyring (an in-memory backend in tests), never to the settings file."""

from __future__ import annotations

import pytest
from keyring.backends import fail

from cme_desktop import secrets
from cme_desktop.config import ConnectionProfile
from cme_desktop.services.database.opening import profile_url
from tests.memory_keyring import MemoryKeyring


def test_database_password_round_trips_through_the_keyring(memory_keyring: MemoryKeyring) -> None:
    profile = ConnectionProfile(host="db.office.example", database="cme", user="jsmith")
    secrets.set_secret(profile.keyring_name, "s3cret!")
    assert secrets.get_secret(profile.keyring_name) == "s3cret!"
    assert ("cme-desktop", profile.keyring_name) in memory_keyring.secrets
    secrets.delete_secret(profile.keyring_name)
    assert secrets.get_secret(profile.keyring_name) is None


def test_without_a_secure_backend_nothing_is_stored_and_the_user_is_told() -> None:
    import keyring

    keyring.set_keyring(fail.Keyring())
    warning = secrets.backend_warning()
    assert warning is not None and "will not save passwords" in warning
    with pytest.raises(secrets.NoSecureKeyring):
        secrets.set_secret("database-password:x", "pw")


def test_the_connection_url_carries_the_password_only_when_given() -> None:
    profile = ConnectionProfile(host="db", database="cme", user="u", sslmode="require")
    assert profile_url(profile, None) == "postgresql+psycopg://u@db:5432/cme?sslmode=require"
    assert profile_url(profile, "pw") == ("postgresql+psycopg://u:pw@db:5432/cme?sslmode=require")
