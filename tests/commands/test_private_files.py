"""Private by default, and read commands never create (issue 15, items 6 and 7).

The database with its WAL and shared-memory files, the log, backups and exports are readable by their owner only
(0600 on POSIX); a PostgreSQL password comes from the keyring, PGPASSWORD or a prompt, never the command line;
`backup` gives pg_dump the URL's SSL settings and refuses a damaged SQLite file; and only `init` and `demo` set
up a database: any other command on a missing, empty or foreign one says so and changes nothing.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL

from cme_desktop import secrets
from cme_desktop.cli import run
from cme_desktop.config import ConnectionProfile, log_path
from cme_desktop.services.context import Context
from cme_desktop.services.database.backup import dump_target
from cme_desktop.store.db import Database, normalize_url
from tests.conftest import _postgres_admin_url

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """Files would be 0644 without the app's care: the umask most desktops run with."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@posix_only
def test_a_new_database_its_wal_and_shm_are_the_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    assert run(["--database", f"sqlite:///{path}", "init"]) == 0
    db = Database.open(f"sqlite:///{path}")
    with db.engine.connect() as connection:  # while a connection is open, SQLite keeps its -wal and -shm
        connection.execute(text("SELECT count(*) FROM people"))
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert [(f.name, _mode(f)) for f in files] == [(f.name, 0o600) for f in files]
    db.dispose()


@posix_only
def test_an_older_database_readable_by_others_is_tightened_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    assert run(["--database", f"sqlite:///{path}", "init"]) == 0
    os.chmod(path, 0o644)
    assert run(["--database", f"sqlite:///{path}", "people", "--json"]) == 0
    assert _mode(path) == 0o600


@posix_only
def test_backups_exports_and_the_log_are_the_owners_alone(
    sqlite_ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_ctx.db.url.render_as_string(hide_password=False)
    backup = tmp_path / "backup.sqlite3"
    export = tmp_path / "attendance.csv"
    assert run(["--database", url, "backup", str(backup)], clock=sqlite_ctx.clock) == 0
    period = ["--from", "2026-11-01", "--to", "2026-11-30"]
    assert (
        run(
            ["--database", url, "export", "attendance", *period, "--out", str(export)], clock=sqlite_ctx.clock
        )
        == 0
    )
    import cme_desktop.commands.people as people_command

    def bug(args: object, opener: object) -> int:
        raise RuntimeError("a bug, whose traceback goes to the log")

    monkeypatch.setattr(people_command, "run", bug)
    capsys.readouterr()
    assert run(["--database", url, "people", "--json"]) == 1
    assert capsys.readouterr().err == (
        f"cme-desktop: Something went wrong (RuntimeError); the details are in {log_path()}.\n"
    )
    assert (_mode(backup), _mode(export)) == (0o600, 0o600)
    assert log_path().exists() and _mode(log_path()) == 0o600
    assert os.umask(0o022) == 0o022  # the command gave the test its umask back


def test_backup_refuses_a_damaged_sqlite_file_instead_of_copying_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "office.sqlite3"
    assert run(["--database", f"sqlite:///{path}", "demo"]) == 0
    capsys.readouterr()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'people'").fetchone()[0]
    with path.open("r+b") as damaged:  # scribble over the people table's first page
        damaged.seek((root - 1) * page_size + 8)
        damaged.write(b"\xff" * 64)
    target = tmp_path / "backup.sqlite3"
    assert run(["--database", f"sqlite:///{path}", "backup", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"The database file {path} is damaged (SQLite's integrity check:" in err
    assert "so it was not backed up" in err and not target.exists()


def test_pg_dump_gets_the_ssl_settings_and_never_the_password() -> None:
    url = normalize_url(
        "postgresql://cme:s3cret@db.example.edu:5433/cme?sslmode=verify-full&sslrootcert=/etc/ca.pem"
    )
    target = dump_target(url)
    assert "s3cret" not in target
    assert target.startswith("postgresql://cme@db.example.edu:5433/cme?")
    assert "sslmode=verify-full" in target and "sslrootcert=%2Fetc%2Fca.pem" in target


@pytest.mark.postgres
def test_backup_on_postgresql_honours_sslmode_require(
    postgres_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The test server speaks no SSL: with sslmode=require pg_dump must refuse, not dump in the clear."""
    url = postgres_db.url.update_query_dict({"sslmode": "require"}).render_as_string(hide_password=False)
    target = tmp_path / "office.dump"
    assert run(["--database", url, "backup", str(target)]) == 1
    assert "SSL" in capsys.readouterr().err and not target.exists()
    plain = postgres_db.url.render_as_string(hide_password=False)
    assert run(["--database", plain, "backup", str(target)]) == 0
    assert target.read_bytes()[:5] == b"PGDMP"
    if os.name == "posix":
        assert _mode(target) == 0o600


def _without_password(db: Database) -> str:
    u = db.url
    return URL.create(u.drivername, u.username, None, u.host, u.port, u.database).render_as_string()


@pytest.mark.postgres
def test_a_postgresql_password_comes_from_the_keyring_pgpassword_or_a_prompt(
    postgres_db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _without_password(postgres_db)
    password = str(postgres_db.url.password)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(Path(os.devnull)))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run(["--database", url, "people", "--json"]) == 1
    assert "refused the user name or password" in capsys.readouterr().err

    monkeypatch.setenv("PGPASSWORD", password)
    assert run(["--database", url, "people", "--json"]) == 0
    monkeypatch.delenv("PGPASSWORD")

    u = postgres_db.url
    profile = ConnectionProfile(
        host=str(u.host), database=str(u.database), user=str(u.username), port=u.port or 5432
    )
    secrets.set_secret(profile.keyring_name, password)
    assert run(["--database", url, "people", "--json"]) == 0
    secrets.delete_secret(profile.keyring_name)

    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or password)
    assert run(["--database", url, "people", "--json"]) == 0
    assert asked == [f"Password for {u.username} on {u.host}: "]


def test_a_read_command_on_a_mistyped_path_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "no-such-folder" / "offce.sqlite3"
    for argv in (["people", "--json"], ["sessions", "--json"], ["backup", str(tmp_path / "b.sqlite3")]):
        assert run(["--database", f"sqlite:///{path}", *argv]) == 1
        assert capsys.readouterr().err == (
            f"cme-desktop: There is no CME Desk database at {path}; check the path, or create one with "
            "`cme-desktop init`.\n"
        )
    assert not path.parent.exists()
    assert run(["--database", f"sqlite:///{path}", "init"]) == 0  # init is the one that creates
    assert path.exists()


def test_a_read_command_on_another_programs_sqlite_file_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "budget.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL)")
    before = path.read_bytes()
    for command in (["people", "--json"], ["init"]):
        assert run(["--database", f"sqlite:///{path}", *command]) == 1
        err = capsys.readouterr().err
        assert "holds another program's tables, not CME Desk's" in err
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["ledger"] and path.read_bytes() == before


@pytest.fixture
def empty_postgres(postgres_template: str) -> Iterator[URL]:
    name = f"cme_empty_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(_postgres_admin_url()), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield normalize_url(_postgres_admin_url()).set(database=name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_a_read_command_on_an_empty_postgresql_database_creates_no_schema(
    empty_postgres: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    url = empty_postgres.render_as_string(hide_password=False)
    assert run(["--database", url, "people", "--json"]) == 1
    assert "is empty; set it up with `cme-desktop init` (nothing was changed)." in capsys.readouterr().err
    engine = create_engine(empty_postgres)
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == []
    assert run(["--database", url, "init"]) == 0
    with engine.connect() as connection:
        assert "people" in inspect(connection).get_table_names()
    engine.dispose()
