"""The Certificates page: pick a session, see who is due, generate with progress, preview, print, verify."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cme_desktop.services.context import Context
from cme_desktop.store.attendance import Certificate
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.certificates import CertificatesPage, Generated
from cme_desktop.ui.tasks import Progress
from tests.conftest import clear_accreditation
from tests.services.certificate_factory import build_office


@pytest.fixture
def page(ctx: Context, events: AppEvents, qtbot: QtBot) -> CertificatesPage:
    office = build_office(ctx)
    widget = CertificatesPage(ctx, events)
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.set_days(date(2026, 11, 21), date(2026, 11, 28))
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.select_session(office.session_id)
    return widget


@pytest.fixture
def progress_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    calls: list[tuple[int, int]] = []
    original = Progress.update

    def spy(self: Progress, done: int, total: int, text: str = "") -> None:
        calls.append((done, total))
        original(self, done, total, text)

    monkeypatch.setattr(Progress, "update", spy)
    return calls


def _generate(qtbot: QtBot, page: CertificatesPage, kind: str, target: Path) -> Generated:
    with qtbot.waitSignal(page.generated, timeout=20_000) as signal:
        page.generate(kind, target)
    return signal.args[0]


def test_the_session_lists_who_is_due(page: CertificatesPage) -> None:
    assert [r.learner for r in page.model.rows] == ["Haddad, Omar", "Lopez, Maria", "Smith, Jane"]
    assert page.summary.text() == "3 learners due a certificate"
    assert page.save_button.isEnabled()


def test_a_batch_reports_progress_per_certificate_and_names_a_file_per_learner(
    page: CertificatesPage, qtbot: QtBot, tmp_path: Path, progress_calls: list[tuple[int, int]]
) -> None:
    done = _generate(qtbot, page, "files", tmp_path)
    assert sorted(p.name for p in done.paths) == [
        "2026-11-27 Medicine Grand Rounds - Haddad, Omar.pdf",
        "2026-11-27 Medicine Grand Rounds - Lopez, Maria.pdf",
        "2026-11-27 Medicine Grand Rounds - Smith, Jane.pdf",
    ]
    assert (1, 3) in progress_calls and (3, 3) in progress_calls
    assert "Saved 3 certificate files" in page.status.text()
    qtbot.waitUntil(lambda: page.model.rows[0].status == "issued", timeout=10_000)


def test_one_pdf_with_a_page_per_learner(page: CertificatesPage, qtbot: QtBot, tmp_path: Path) -> None:
    done = _generate(qtbot, page, "pdf", tmp_path / "batch.pdf")
    assert len(PdfReader(done.paths[0]).pages) == 3


def test_cancel_leaves_no_pdf(
    page: CertificatesPage, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Progress.update

    def cancel_after_first(self: Progress, done: int, total: int, text: str = "") -> None:
        if done == 1:
            self.cancel()
        original(self, done, total, text)

    monkeypatch.setattr(Progress, "update", cancel_after_first)
    out = tmp_path / "pdfs"
    out.mkdir()
    page.generate("pdf", out / "batch.pdf")
    qtbot.waitUntil(lambda: page.status.text().startswith("Cancelled"), timeout=20_000)
    assert list(out.iterdir()) == []


def test_preview_shows_sample_pages_and_issues_nothing(
    page: CertificatesPage, ctx: Context, qtbot: QtBot, tmp_path: Path
) -> None:
    """Issue 19: Preview marked every learner as issued and wrote the whole batch to show two pages."""
    _generate(qtbot, page, "preview", tmp_path / "preview.pdf")
    assert len(page.preview.pages) == 3
    pixmap = page.preview.pages[0].pixmap()
    assert pixmap.width() > pixmap.height()  # landscape
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "preview.pdf").pages)
    assert "SAMPLE · NOT ISSUED" in text and "NOT ISSUED" in text
    with ctx.db.transaction() as session:
        assert session.scalars(select(Certificate)).all() == []
    assert "nothing was issued" in page.status.text()
    assert page.save_button.text() == "Issue 3 as one PDF…"


def test_printing_through_qprinter_to_a_pdf_file(
    page: CertificatesPage, qtbot: QtBot, tmp_path: Path
) -> None:
    done = _generate(qtbot, page, "pdf", tmp_path / "batch.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(page.printed, timeout=30_000) as signal:
        page.print_to(printer, done.paths[0])
    assert signal.args == [3]
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3


def test_verify_dialog_shows_whose_certificate_it_is(
    page: CertificatesPage, qtbot: QtBot, tmp_path: Path, ctx: Context
) -> None:
    from cme_desktop.ui.certificates.verify_dialog import VerifyDialog

    _generate(qtbot, page, "pdf", tmp_path / "batch.pdf")
    qtbot.waitUntil(lambda: page.model.rows[2].verification_code is not None, timeout=10_000)
    dialog = VerifyDialog(ctx, page)
    qtbot.addWidget(dialog)
    dialog.code.setText(page.model.rows[2].verification_code.lower())  # type: ignore[union-attr]
    dialog.run_check()
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=10_000)
    assert "Valid: Jane Smith, MD" in dialog.outcome.text()
    dialog.code.setText("K7QF-3M9X-T2P0")
    dialog.last = None
    dialog.run_check()
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=10_000)
    assert "never contain 0, O, 1 or I" in dialog.outcome.text()


def test_an_office_without_declared_accreditation_is_told_what_to_fill_and_prints_nothing(
    ctx: Context, events: AppEvents, qtbot: QtBot
) -> None:
    """DOMAIN.md, "Credit": a certificate states the accreditation behind its credit; an office that declared
    none is sent to the setting instead of printing a page headed "THE ACCREDITED PROVIDER"."""
    office = build_office(ctx)
    clear_accreditation(ctx.db)
    widget = CertificatesPage(ctx, events)
    qtbot.addWidget(widget)
    widget.set_days(date(2026, 11, 21), date(2026, 11, 28))
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.select_session(office.session_id)
    qtbot.waitUntil(lambda: not widget.accreditation_bar.isHidden(), timeout=10_000)
    assert (
        "Settings › Office › Accreditation has the accredited provider's name"
        in widget.accreditation_note.text()
    )
    assert not widget.save_button.isEnabled() and not widget.print_button.isEnabled()
    with qtbot.waitSignal(events.page_requested, timeout=1_000) as asked:
        widget.accreditation_button.click()
    assert asked.args == ["Settings"]


def test_the_days_start_from_the_offices_today_not_utcs(
    qtbot: QtBot, ctx: Context, events: AppEvents
) -> None:
    """9 PM in Charleston is already tomorrow in UTC: the page must offer the office's last week (issue 19)."""
    from datetime import UTC, datetime

    from cme_desktop.clock import frozen_clock
    from cme_desktop.services.context import Context as ServiceContext

    evening = ServiceContext(
        ctx.db, clock=frozen_clock(datetime(2026, 11, 29, 2, 0, tzinfo=UTC)), actor=ctx.actor
    )
    widget = CertificatesPage(evening, events)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    assert widget.days() == (date(2026, 11, 21), date(2026, 11, 28))
