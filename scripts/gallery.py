"""Every page and main dialog of CME Desk rendered to PNG on the demo database, offscreen, at a screen size.

    uv run python scripts/gallery.py --size 1366x768 --out gallery/1366
    uv run python scripts/gallery.py --size 1024x768 --out gallery/1024 --database sqlite:///path/demo.sqlite3

The main window is given the screen's size and each page is shown in turn, then the main dialogs are opened on
demo data. It exits non-zero, naming them, when a page or dialog needs more room than the screen has (its minimum
size), so a layout that breaks on a laptop screen fails before a coordinator sees it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1366x768", help="the screen, e.g. 1366x768")
    parser.add_argument("--out", type=Path, default=Path("gallery"))
    parser.add_argument("--database", help="a database to use as it is (default: a fresh demo database)")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cme-gallery-") as scratch:
        os.environ["CME_DATA_DIR"] = str(Path(scratch) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        too_big = render(
            width, height, args.out, args.database or f"sqlite:///{Path(scratch) / 'demo.sqlite3'}"
        )
    for name, size in too_big:
        print(f"too big for {width}x{height}: {name} needs at least {size}")
    print(f"{len(list(args.out.glob('*.png')))} screenshots in {args.out}")
    return 1 if too_big else 0


def render(width: int, height: int, out: Path, url: str) -> list[tuple[str, str]]:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

    from cme_desktop.services.database.opening import open_context
    from cme_desktop.services.demo.fill import fill_demo
    from cme_desktop.ui import tasks
    from cme_desktop.ui.app import load_style
    from cme_desktop.ui.events import AppEvents
    from cme_desktop.ui.main_window import PAGES, MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("cme-desktop-gallery")
    load_style(app)
    ctx = open_context(url, create=True)
    fill_demo(ctx)
    events = AppEvents()
    screen = QSize(width, height)
    too_big: list[tuple[str, str]] = []

    def settle(seconds: float = 0.6) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or tasks._running:
            app.processEvents()
            time.sleep(0.01)
            if time.monotonic() > end + 10:
                break

    def check(name: str, widget: QWidget) -> None:
        need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if need.width() > width or need.height() > height:
            too_big.append((name, f"{need.width()}x{need.height()}"))

    window = MainWindow(ctx, events)
    window.resize(screen)
    window.show()
    settle(1.5)
    for index, (title, _where) in enumerate(PAGES):
        page = window.show_page(index)
        window.resize(screen)
        settle()
        check(f"page {title}", window)
        window.grab().save(str(out / f"page-{index + 1:02d}-{title.lower()}.png"))
        tabs = getattr(page, "tabs", None)  # a page with tabs: each of the others too
        if isinstance(tabs, QTabWidget):
            for tab in range(1, tabs.count()):
                tabs.setCurrentIndex(tab)
                settle()
                name = tabs.tabText(tab).lower().replace(" ", "-").replace("&", "")
                window.grab().save(str(out / f"page-{index + 1:02d}-{title.lower()}-{name}.png"))
            tabs.setCurrentIndex(0)

    for name, make in dialogs(ctx, events, window).items():
        dialog = make()
        if dialog is None:
            continue
        dialog.show()
        settle()
        if isinstance(dialog, QDialog):
            dialog.adjustSize()
        settle(0.2)
        check(f"dialog {name}", dialog)
        dialog.grab().save(str(out / f"dialog-{name}.png"))
        dialog.close()
    window.close()
    settle(0.2)
    return too_big


def dialogs(ctx: object, events: object, window: object) -> dict[str, Callable[[], object]]:
    """The main dialogs, each made on demo data (imports kept inside: Qt must exist first)."""
    from cme_desktop.services.activities.calendar import this_week
    from cme_desktop.services.activities.records import get_activity
    from cme_desktop.services.context import Context
    from cme_desktop.services.office.settings import load_settings
    from cme_desktop.services.people.search import search_people
    from cme_desktop.ui.activities.activity_dialog import ActivityDialog
    from cme_desktop.ui.activities.session_dialog import SessionDialog
    from cme_desktop.ui.attendance_dialogs import AddClaimDialog, ReasonDialog
    from cme_desktop.ui.certificates.verify_dialog import VerifyDialog
    from cme_desktop.ui.disclosures.invite_dialog import InviteDialog
    from cme_desktop.ui.people.profile_dialog import ProfileDialog
    from cme_desktop.ui.people.transcript_dialog import TranscriptDialog
    from cme_desktop.ui.settings.first_start import FirstStartDialog

    assert isinstance(ctx, Context)
    today = this_week(ctx).today
    session = today[0] if today else None
    person = search_people(ctx, "", limit=1)[0] if search_people(ctx, "", limit=1) else None
    made: dict[str, Callable[[], object]] = {
        "first-start": lambda: FirstStartDialog(ctx, load_settings(ctx)),
        "verify": lambda: VerifyDialog(ctx),
        "revoke": lambda: ReasonDialog(
            "Revoke attendance", "Why is the attendance of Jane Doe, MD being revoked?", "Revoke"
        ),
    }
    from cme_desktop.services.standard3.disclosures import activities_standard3

    activities = activities_standard3(ctx)
    if activities:
        to_review = next((a for a in activities if not a.complete), activities[0])
        made["invite-to-disclose"] = lambda: InviteDialog(ctx, to_review.activity_id)
    if session is not None:
        made["activity"] = lambda: ActivityDialog(ctx, get_activity(ctx, session.activity_id), [])
        made["session"] = lambda: SessionDialog(ctx, session.activity_id, session)
        made["add-claim"] = lambda: AddClaimDialog(ctx, session.activity_title, 1.0)
    if person is not None:
        made["profile"] = lambda: ProfileDialog(ctx, person.id)
        made["transcript"] = lambda: TranscriptDialog(
            ctx, person.id, f"{person.first_name} {person.last_name}", load_settings(ctx).zone
        )
    return made


if __name__ == "__main__":
    sys.exit(main())
