"""cme-desktop certificates, verify and transcript (DESIGN.md, "Command line"; issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from cme_desktop.cli import run
from cme_desktop.services.context import Context
from cme_desktop.store.db import Database
from tests.services.certificate_factory import build_office


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_certificates_then_verify_then_transcript(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = build_office(ctx)
    out = tmp_path / "batch.pdf"
    assert (
        run(
            [
                "--database",
                _url(ctx.db),
                "certificates",
                "--session",
                str(office.session_id),
                "--out",
                str(out),
            ],
            clock=ctx.clock,
        )
        == 0
    )
    assert "Wrote 3 certificates" in capsys.readouterr().out
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert len(pages) == 3
    code = next(
        line for line in pages[2].splitlines() if line.count("-") == 2 and len(line.strip()) == 14
    ).strip()

    assert run(["--database", _url(ctx.db), "verify", code.lower()], clock=ctx.clock) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Valid: Jane Smith, MD was awarded 1.25 AMA PRA Category 1 Credits™")
    assert "Medicine Grand Rounds" in shown

    from cme_desktop.domain.verification import new_code

    assert run(["--database", _url(ctx.db), "verify", new_code()], clock=ctx.clock) == 1
    assert "No such certificate" in capsys.readouterr().out

    transcript = tmp_path / "jane.pdf"
    args = ["transcript", "--person", str(office.physician_id), "--from", "2026-01-01", "--to", "2026-12-31"]
    assert run(["--database", _url(ctx.db), *args, "--out", str(transcript)], clock=ctx.clock) == 0
    assert "1 session, 1.25 AMA PRA Category 1 Credit™" in capsys.readouterr().out
    assert "Jane Smith, MD" in PdfReader(transcript).pages[0].extract_text()


def test_one_file_per_learner_from_the_command_line(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = build_office(ctx)
    assert (
        run(
            [
                "--database",
                _url(ctx.db),
                "certificates",
                "--activity",
                str(office.activity_id),
                "--folder",
                str(tmp_path),
            ],
            clock=ctx.clock,
        )
        == 0
    )
    assert (tmp_path / "2026-11-27 Medicine Grand Rounds - Smith, Jane.pdf").is_file()


def test_nobody_due_and_a_missing_folder_are_sentences(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_office(ctx)
    url = _url(ctx.db)
    assert (
        run(
            [
                "--database",
                url,
                "certificates",
                "--from",
                "2026-01-01",
                "--to",
                "2026-01-02",
                "--out",
                str(tmp_path / "x.pdf"),
            ],
            clock=ctx.clock,
        )
        == 1
    )
    assert "Nobody in that selection is due a certificate." in capsys.readouterr().err
    assert (
        run(
            ["--database", url, "certificates", "--session", "1", "--out", str(tmp_path / "no" / "x.pdf")],
            clock=ctx.clock,
        )
        == 1
    )
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
