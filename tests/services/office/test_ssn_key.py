"""The last-4 SSN is kept only as HMAC with the office's key (DOMAIN.md, "Profiles"; DESIGN.md, "The SSN matching
key is the office's"): the key lives in the keyring, the database holds only its fingerprint."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from cme_desktop import secrets
from cme_desktop.domain.ssn import key_fingerprint
from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import load_settings
from cme_desktop.services.office.ssn_key import (
    SsnMatchingOff,
    export_ssn_key,
    import_ssn_key,
    ssn_key,
    ssn_key_status,
)
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile, find_by_last_name_and_ssn, get_profile
from cme_desktop.store.people import Person
from tests.memory_keyring import MemoryKeyring

DIGITS = "7319"
FIXED_KEY = bytes(range(32))


def _profile(last4: str | None = DIGITS) -> ProfileInput:
    return ProfileInput("Ruth", "Okafor", emails=(EmailEntry("ruth.okafor@example.org"),), ssn_last4=last4)


def test_the_first_use_creates_the_key_in_the_keyring_and_only_its_fingerprint_in_the_database(
    ctx: Context, memory_keyring: MemoryKeyring
) -> None:
    assert not ssn_key_status(ctx).office_has_key
    key = ssn_key(ctx)
    assert secrets.get_ssn_key() == key
    assert load_settings(ctx).ssn_key_fingerprint == key_fingerprint(key)
    assert ssn_key(ctx) == key  # not made again
    assert ssn_key_status(ctx).ready


def test_a_machine_without_the_office_key_says_so_and_other_work_goes_on(
    ctx: Context, memory_keyring: MemoryKeyring
) -> None:
    exported = (ssn_key(ctx), export_ssn_key(ctx))[1]
    memory_keyring.secrets.clear()  # another laptop of the same office
    status = ssn_key_status(ctx)
    assert not status.ready and status.notice and "Settings > Security" in status.notice
    with pytest.raises(SsnMatchingOff, match="not in its keyring"):
        create_profile(ctx, _profile())
    assert create_profile(ctx, _profile(last4=None)).has_ssn_last4 is False
    with pytest.raises(ValueError, match="not this office's"):
        import_ssn_key(ctx, secrets.encode_key(b"x" * 32))
    assert import_ssn_key(ctx, exported).ready
    with pytest.raises(ValueError, match="not an SSN matching key"):
        import_ssn_key(ctx, "hello")


def test_a_web_server_without_a_keyring_reads_the_office_key_from_its_environment(
    ctx: Context, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cme-desktop serve` under systemd has no keyring: CME_SSN_KEY in its environment file, as its other secrets."""
    exported = (ssn_key(ctx), export_ssn_key(ctx))[1]
    person = create_profile(ctx, _profile())
    memory_keyring.secrets.clear()  # the server
    assert not ssn_key_status(ctx).ready
    monkeypatch.setenv("CME_SSN_KEY", exported)
    assert ssn_key_status(ctx).ready
    assert [p.id for p in find_by_last_name_and_ssn(ctx, "Okafor", DIGITS)] == [person.id]
    monkeypatch.setenv("CME_SSN_KEY", exported[:-4])  # pasted short
    status = ssn_key_status(ctx)
    assert not status.ready and "CME_SSN_KEY" in (status.notice or "")


def test_a_servers_key_becomes_the_offices_when_the_office_has_none_yet(
    ctx: Context, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CME_SSN_KEY", secrets.encode_key(FIXED_KEY))
    assert ssn_key(ctx) == FIXED_KEY
    assert load_settings(ctx).ssn_key_fingerprint == key_fingerprint(FIXED_KEY)
    assert memory_keyring.secrets == {}  # the environment's key is not copied into a keyring


def test_a_different_key_in_the_keyring_turns_matching_off_rather_than_hashing_differently(
    ctx: Context, memory_keyring: MemoryKeyring
) -> None:
    ssn_key(ctx)
    secrets.set_ssn_key(b"y" * 32)
    assert "different SSN matching key" in (ssn_key_status(ctx).notice or "")
    with pytest.raises(SsnMatchingOff):
        find_by_last_name_and_ssn(ctx, "Okafor", DIGITS)


def test_the_ssn_digits_never_reach_the_database_file(
    sqlite_ctx: Context, memory_keyring: MemoryKeyring
) -> None:
    """Write a profile with SSN digits, then read every byte SQLite wrote (file and write-ahead log)."""
    ctx = sqlite_ctx
    secrets.set_ssn_key(FIXED_KEY)  # a fixed key makes the hash, and so this test, the same on every run
    path = Path(str(ctx.db.url.database))
    files = [path, path.with_name(path.name + "-wal")]

    def written() -> bytes:
        with ctx.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        return b"".join(f.read_bytes() for f in files if f.exists())

    assert DIGITS.encode() not in written()  # the test could fail: the digits are not there by chance already
    person = create_profile(ctx, _profile())
    find_by_last_name_and_ssn(ctx, "Okafor", DIGITS)
    data = written()
    assert DIGITS.encode() not in data
    assert DIGITS.encode("utf-16-le") not in data

    expected = hmac.new(FIXED_KEY, DIGITS.encode(), hashlib.sha256).hexdigest()
    with ctx.db.transaction() as session:
        stored = session.scalar(select(Person.ssn_last4_hash).where(Person.id == person.id))
    assert stored == expected  # the keyed hash, not a plain (guessable) hash of four digits
    assert stored != hashlib.sha256(DIGITS.encode()).hexdigest()
    assert (
        expected.encode() in data
        and FIXED_KEY not in data
        and secrets.encode_key(FIXED_KEY).encode() not in data
    )
    assert expected not in json.dumps([e.after for e in history(ctx)])  # the audit log says only "stored"
    assert get_profile(ctx, person.id).has_ssn_last4
