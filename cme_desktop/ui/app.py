"""Starting the desktop app: Qt application, logging, error dialogs, opening (and upgrading) the database."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from cme_desktop import APP_ID, APP_NAME
from cme_desktop.config import log_path, resolve_database_url
from cme_desktop.errors import DatabaseUnavailable, NoDatabase, SchemaTooNew
from cme_desktop.logs import setup_logging
from cme_desktop.services.context import Context
from cme_desktop.services.database.opening import open_context, profile_url
from cme_desktop.services.failures import explain
from cme_desktop.ui import profile as profiles
from cme_desktop.ui import tasks
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.help import app_icon
from cme_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
STARTED = time.perf_counter()


def install_excepthook() -> None:
    """An unexpected error is logged and shown in a dialog instead of closing the app silently."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        sentence = explain(error)
        if sentence is not None:
            log.warning("%s: %s", kind.__name__, sentence)
            if QApplication.instance() is not None:
                QMessageBox.warning(None, APP_NAME, sentence)
            return
        log.error("Unhandled error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is None:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Something went wrong in CME Desk.")
        box.setInformativeText(f"The details are in the log file: {log_path()}")
        box.exec()

    sys.excepthook = hook


def shared_database_url() -> str | None:
    """The office server chosen in Settings > Database, asking for the password when the keyring has none."""
    if profiles.load_mode() != profiles.SHARED:
        return None
    profile = profiles.load_profile()
    if profile is None:
        return None
    password = profiles.stored_password(profile)
    if password is None:
        password, ok = QInputDialog.getText(
            None,
            APP_NAME,
            f"Password for {profile.user} on {profile.host}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
    return profile_url(profile, password)


def open_database(url: str) -> Context | None:
    """Open and upgrade the database; on failure say why and offer Retry, this computer's own database, or Quit."""
    while True:
        try:
            return open_context(url, create=True)  # the app's first start sets the database up
        except SchemaTooNew as error:
            QMessageBox.critical(None, APP_NAME, str(error))
            return None
        except (DatabaseUnavailable, NoDatabase) as error:
            log.warning("Could not open the database: %s", error)
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, str(error))
            retry = box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
            local = box.addButton("Use this computer's database", QMessageBox.ButtonRole.ActionRole)
            box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is retry:
                continue
            if box.clickedButton() is local:
                url = resolve_database_url(None)
                continue
            return None


class Application:
    """Owns the QApplication, the current database and the main window (replaced on a database switch)."""

    def __init__(self, app: QApplication, demo: bool, ask_first_start: bool = True) -> None:
        self.app = app
        self.demo = demo
        self.ask_first_start = ask_first_start
        self.events = AppEvents()
        self.window: MainWindow | None = None
        self.ctx: Context | None = None

    def show(self, ctx: Context) -> MainWindow:
        self.ctx = ctx
        window = MainWindow(ctx, self.events, switch_database=self.switch_database, demo=self.demo)
        self.window = window
        window.show()
        if self.ask_first_start:
            window.first_page_ready.connect(lambda: ask_for_accreditation_if_new(window, ctx))
        return window

    def switch_database(self, ctx: Context) -> None:
        """Work on `ctx` (a database already opened and upgraded) from now on: a new main window on it."""
        old, previous = self.window, self.ctx
        self.demo = False
        self.show(ctx)
        if old is not None:
            old.close()
            old.deleteLater()
        if previous is not None:
            previous.db.dispose()


def ask_for_accreditation_if_new(window: MainWindow, ctx: Context) -> None:
    """A new database (no provider, no accreditation) asks who the office is before its first certificate."""
    from cme_desktop.services.office.settings import OfficeSettings, load_settings
    from cme_desktop.ui.settings.first_start import FirstStartDialog

    def check(settings: OfficeSettings) -> None:
        if not settings.provider_name and not settings.accreditation.declared:
            window.first_start = FirstStartDialog(ctx, settings, window)
            window.first_start.open()

    tasks.BackgroundTask(window, lambda _p: load_settings(ctx)).success(check).run()


def peak_memory() -> str:
    """This process's own peak resident memory (Linux VmHWM, which, unlike ru_maxrss, is not inherited from the
    parent at fork), for the start-up benchmark."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return f"peak-rss-kib {line.split()[1]}"
    except OSError:
        pass
    return ""


def load_style(app: QApplication) -> None:
    style = Path(__file__).resolve().parent.parent / "resources" / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def run_app(url: str, demo: bool = False, explicit: bool = False, quit_after_shown: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    # The taskbar matches the window to the installed .desktop entry and its icon.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    if os.name == "posix":
        # Every file the app writes (database, log, backups, exports) is the coordinator's alone.
        os.umask(0o077)
    setup_logging()
    install_excepthook()
    load_style(app)
    if not explicit and not demo:
        url = shared_database_url() or url
    ctx = open_database(url)
    if ctx is None:
        return 1
    if demo:
        from cme_desktop.services.demo.fill import fill_demo
        from cme_desktop.services.demo.portal import portal_instructions

        fill_demo(ctx)
        print(portal_instructions(ctx), flush=True)  # nothing where a GUI start has no terminal (stdout None)
    app.aboutToQuit.connect(tasks.shutdown)
    application = Application(app, demo, ask_first_start=not quit_after_shown)
    window = application.show(ctx)
    if quit_after_shown:

        def report() -> None:
            print(f"window-shown {time.perf_counter() - STARTED:.3f} {peak_memory()}", flush=True)
            QTimer.singleShot(0, app.quit)

        window.first_page_ready.connect(report)
    return app.exec()
