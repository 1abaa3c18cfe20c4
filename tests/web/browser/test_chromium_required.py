"""Browser tests never pass silently for want of a browser in CI: a missing chromium fails there and skips, with
the reason, elsewhere."""

from __future__ import annotations

import pytest

from tests.conftest import REQUIRE_POSTGRES_ENV
from tests.web.browser.conftest import CHROMIUM_ENV, chromium_path


def test_a_missing_chromium_fails_in_ci_and_skips_with_the_reason_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, "/nowhere/chromium")
    monkeypatch.setenv(REQUIRE_POSTGRES_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="Browser tests are required here"):
        chromium_path()
    monkeypatch.delenv(REQUIRE_POSTGRES_ENV)
    with pytest.raises(pytest.skip.Exception, match="no chromium at /nowhere/chromium"):
        chromium_path()
