"""Commands open their own context from the URL; here it keeps the test's frozen clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cme_desktop.services.context import Context

OpenContext = Callable[..., Context]


@pytest.fixture
def frozen_commands(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> OpenContext:
    """Make `open_context` in commands/_common hand out contexts on `ctx`'s clock; returns the patched opener."""
    import cme_desktop.commands._common as common

    real_open = common.open_context

    def frozen_open(url: str, *args: Any, **kwargs: Any) -> Context:
        opened = real_open(url, *args, **kwargs)
        opened.clock = ctx.clock
        return opened

    monkeypatch.setattr(common, "open_context", frozen_open)
    return frozen_open
