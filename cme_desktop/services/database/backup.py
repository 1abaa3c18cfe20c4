"""Backups: a consistent copy of the SQLite file, or pg_dump of the shared PostgreSQL database.

A backup holds every learner's record, so it is written readable by its owner only (0600 on POSIX). A SQLite
file is checked first (PRAGMA integrity_check): a damaged file is refused, not copied over the last good backup.
pg_dump gets the URL's SSL settings (sslmode=require and the certificate options) in its connection string and
the password in a private password file, never on its command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.failures import disk_reason
from cme_desktop.store.migrate import copy_sqlite


def backup(ctx: Context, target: Path) -> Path:
    """Write a backup to `target` (written aside first, so a failure leaves no half-written file)."""
    target = target.expanduser().resolve()
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name for the backup.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            partial = Path(scratch) / target.name
            os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            if ctx.db.is_sqlite:
                source = Path(str(ctx.db.url.database))
                if not source.exists():
                    raise InputError(f"There is no database file at {source} to back up.")
                check_sqlite(source)
                try:
                    copy_sqlite(source, partial)
                except sqlite3.OperationalError as error:  # "database or disk is full", read-only, ...
                    raise InputError(f"The backup could not be written to {target}: {error}.") from error
            else:
                _pg_dump(ctx.db.url, partial)
            os.replace(partial, target)
    except OSError as error:
        raise InputError(f"The backup could not be written to {target}: {disk_reason(error)}.") from error
    return target


def check_sqlite(path: Path) -> None:
    """Refuse a SQLite file that SQLite's own integrity check finds damaged (or that is no database at all)."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            found = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        found = [str(error)]
    if found != ["ok"]:
        raise InputError(
            f"The database file {path} is damaged (SQLite's integrity check: {found[0]}), so it was not backed "
            "up; keep your last good backup and restore from it."
        )


def _pg_dump(url: URL, partial: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise InputError(
            "Backing up a PostgreSQL database needs PostgreSQL's pg_dump program on this computer."
        )
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as private:
        if url.password:
            passfile = Path(private) / "pgpass"
            descriptor = os.open(passfile, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                out.write(":".join(_pgpass_field(v) for v in ("*", "*", "*", "*", str(url.password))) + "\n")
            env["PGPASSFILE"] = str(passfile)
            env.pop("PGPASSWORD", None)
        command = [
            program,
            "--format=custom",
            f"--file={partial}",
            "--no-owner",
            f"--dbname={dump_target(url)}",
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise InputError(f"pg_dump could not back up the database: {last}")


def dump_target(url: URL) -> str:
    """The libpq connection URI pg_dump is given: the server, database, user and every query option of the URL
    (sslmode, sslrootcert, sslcert, sslkey, ...), but never the password."""
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False)


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")
