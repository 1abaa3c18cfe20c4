"""Sentences, never tracebacks (issue 15, item 5): each failure the audit found is fed to a command, which must
answer with one sentence on stderr, exit 1, and let no learner's name, email or NetID reach the terminal; the log
gets the detail with the values blanked."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from cme_desktop.cli import run
from cme_desktop.config import log_path
from cme_desktop.services.context import Context
from cme_desktop.services.failures import explain
from cme_desktop.services.people.importing import import_people
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile
from cme_desktop.store.people import Person

NAME, EMAIL, NETID = "Zelda Quintero", "zelda.quintero@lowcountry.edu", "zquint"


def _url(ctx: Context) -> str:
    return ctx.db.url.render_as_string(hide_password=False)


def _one_sentence(err: str) -> str:
    """stderr is one line, a sentence, and carries nothing about the learner."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cme-desktop: "), err
    assert "Traceback" not in err and "[SQL" not in err
    for private in (NAME.split()[0], NAME.split()[1], EMAIL, NETID):
        assert private not in err
    return lines[0]


def _log_keeps_no_personal_data() -> None:
    if log_path().exists():
        logged = log_path().read_text(encoding="utf-8")
        assert EMAIL not in logged and f"({NETID})" not in logged


def _zelda(ctx: Context) -> int:
    return create_profile(ctx, ProfileInput("Zelda", "Quintero", netid=NETID, emails=(EmailEntry(EMAIL),))).id


def test_a_constraint_the_database_enforces_is_a_sentence_and_the_log_blanks_the_key(
    ctx: Context, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What two racing imports ran into: the database's own unique key, whose detail names the value."""
    person = _zelda(ctx)
    import cme_desktop.commands.people as people_command

    def duplicate(args: object, opener: object) -> int:
        with ctx.db.transaction() as session:
            session.execute(
                text("INSERT INTO person_emails (person_id, address, is_primary) VALUES (:p, :a, false)"),
                {"p": person, "a": EMAIL},
            )
        return 0

    monkeypatch.setattr(people_command, "run", duplicate)
    assert run(["--database", _url(ctx), "people", "--json"], clock=ctx.clock) == 1
    line = _one_sentence(capsys.readouterr().err)
    assert "someone saved the same record at the same moment" in line
    _log_keeps_no_personal_data()
    assert "IntegrityError" in log_path().read_text(encoding="utf-8")


def test_two_imports_of_the_same_people_at_once_both_end_well(ctx: Context, tmp_path: Path) -> None:
    """Issue 15: two racing imports on PostgreSQL printed a traceback; now they take turns."""
    path = tmp_path / "staff.csv"
    path.write_text(
        "first_name,last_name,netid,email\n"
        + "".join(f"Pat{i},Rivera,priv{i},pat{i}@example.org\n" for i in range(300))
        + f"Zelda,Quintero,{NETID},{EMAIL}\n",
        encoding="utf-8",
    )
    outcomes: list[object] = []

    def importer() -> None:
        try:
            outcomes.append(import_people(ctx, path).tally())
        except BaseException as error:  # reported below
            outcomes.append(error)

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(map(str, outcomes)) == ["301 new", "301 unchanged"]
    with ctx.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 301


def test_a_nul_character_is_a_sentence_on_its_row_and_never_reaches_the_database(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(f"first_name,last_name,netid,email\nZel\x00da,Quintero,{NETID},{EMAIL}\n".encode())
    assert run(["--database", _url(ctx), "import", "people", str(path)], clock=ctx.clock) == 1
    line = _one_sentence(capsys.readouterr().err)
    assert "The first_name cell holds a NUL character" in line


def test_a_nul_that_reaches_postgresql_anyway_is_a_sentence(ctx: Context) -> None:
    if ctx.db.is_sqlite:
        pytest.skip("SQLite stores a NUL character; only PostgreSQL refuses it")
    with pytest.raises(Exception) as caught:
        create_profile(ctx, ProfileInput("Zel\x00da", "Quintero", emails=(EmailEntry(EMAIL),)))
    sentence = explain(caught.value)
    assert sentence is not None and "control character such as NUL" in sentence
    assert EMAIL not in sentence and "Quintero" not in sentence


def test_a_cell_over_the_csv_modules_limit_is_a_sentence(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(f"first_name,last_name,netid\nZelda,{'Q' * 140_000},{NETID}\n", encoding="utf-8")
    assert run(["--database", _url(ctx), "import", "people", str(path)], clock=ctx.clock) == 1
    line = _one_sentence(capsys.readouterr().err)
    assert "line 2: The last_name cell has 140,000 characters; a cell holds at most 1,000" in line


def test_a_corrupt_sqlite_file_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "office.sqlite3"
    path.write_bytes(b"This is not a database, but it holds " + EMAIL.encode() + bytes(4000))
    assert run(["--database", f"sqlite:///{path}", "people", "--json"]) == 1
    line = _one_sentence(capsys.readouterr().err)
    assert "damaged or is not a database" in line


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "the disk is read-only")],
)
def test_a_backup_to_a_full_or_read_only_disk_is_a_sentence(
    sqlite_ctx: Context,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    reason: str,
) -> None:
    import cme_desktop.services.database.backup as backup_module

    _zelda(sqlite_ctx)

    def fails(source: Path, target: Path) -> None:
        raise OSError(code, os.strerror(code), str(target))

    monkeypatch.setattr(backup_module, "copy_sqlite", fails)
    target = tmp_path / "backups" / "office.sqlite3"
    assert run(["--database", _url(sqlite_ctx), "backup", str(target)], clock=sqlite_ctx.clock) == 1
    line = _one_sentence(capsys.readouterr().err)
    assert line == f"cme-desktop: The backup could not be written to {target}: {reason}."
    assert not target.exists() and list(target.parent.iterdir()) == []  # nothing half-written left behind


def test_an_export_to_a_full_disk_is_a_sentence(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cme_desktop.services.reporting.files as files_module

    _zelda(ctx)
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: int, *args: object, **kwargs: object) -> None:
            self.file = real_fdopen(handle, "w")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files_module.os, "fdopen", Full)
    out = tmp_path / "attendance.csv"
    argv = ["export", "attendance", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)]
    assert run(["--database", _url(ctx), *argv], clock=ctx.clock) == 1
    line = _one_sentence(capsys.readouterr().err)
    assert "the disk is full" in line and "nothing was saved" in line
    assert not out.exists()
