"""Browser tests: Debian's chromium driven by Playwright (its own browser builds are never downloaded), against the
real server (uvicorn in a thread on a free port) over a demo database filled once per session, on SQLite (the
in-process tests cover PostgreSQL). One chromium for the whole session; each test gets a fresh browser context.

In CI (CME_REQUIRE_POSTGRES is set there) a missing chromium fails the run; elsewhere these tests are skipped with
the reason. `.ci/run` installs Debian's chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cme_desktop.services.context import Actor, Context
from cme_desktop.services.demo.certificates import DemoCertificates, demo_codes
from cme_desktop.services.demo.fill import GRAND_ROUNDS, fill_demo
from cme_desktop.store.db import Database
from cme_desktop.web.server import running
from tests.conftest import REQUIRE_POSTGRES_ENV
from tests.web.portal.conftest import MovableClock

CHROMIUM_ENV = "CME_CHROMIUM"
CHROMIUM = "/usr/bin/chromium"
# Saturday 28 November 2026, 1:30 PM in Charleston: today's grand rounds (noon to 1 PM) has just ended, so its
# code is open and its certificate can be had.
AFTER_GRAND_ROUNDS = datetime(2026, 11, 28, 18, 30, tzinfo=UTC)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@dataclass
class Site:
    """The running portal: its address, the service context behind it, and the demo's certificates."""

    url: str
    ctx: Context
    clock: MovableClock
    certificates: DemoCertificates

    def at(self, path: str) -> str:
        return self.url + path


def chromium_path() -> str:
    path = os.environ.get(CHROMIUM_ENV) or CHROMIUM
    if Path(path).exists():
        return path
    reason = f"no chromium at {path} (Debian: apt-get install chromium; or set {CHROMIUM_ENV})"
    if os.environ.get(REQUIRE_POSTGRES_ENV):
        pytest.fail(f"Browser tests are required here ({REQUIRE_POSTGRES_ENV} is set) but there is {reason}")
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    chromium_path()  # skip (or fail) before filling a demo nobody will look at
    folder = tmp_path_factory.mktemp("portal")
    shutil.copyfile(sqlite_template, folder / "cme-desk.sqlite3")
    db = Database.open(f"sqlite+pysqlite:///{folder / 'cme-desk.sqlite3'}")
    clock = MovableClock(AFTER_GRAND_ROUNDS)
    ctx = Context(db, clock=clock, actor=Actor("web-server", "test-server"))
    fill_demo(ctx)
    try:
        with running(ctx, token="test-auth-token") as (port, _config):
            yield Site(f"http://127.0.0.1:{port}", ctx, clock, demo_codes(ctx, GRAND_ROUNDS))
    finally:
        db.dispose()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    """A fresh browser context (no cookies) on a phone-sized screen, with downloads allowed."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True, locale="en-US")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
