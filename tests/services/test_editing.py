"""Two coordinators, one record (DESIGN.md): a save over a newer version is refused, never silently applied."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm.exc import StaleDataError

from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.activities.records import (
    ActivityInput,
    create_activity,
    get_activity,
    update_activity,
)
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.editing import StaleEditError, refusing_races
from cme_desktop.store.activities import Activity

NEW_YORK = ZoneInfo("America/New_York")


def test_a_save_that_loses_the_race_names_the_winner(ctx: Context) -> None:
    """The version check passed, but the other save committed first: the flush fails and says who won."""
    saved = create_activity(ctx, ActivityInput("Tumor Board", ActivityFormat.RSS))
    colleague = Context(ctx.db, clock=ctx.clock, actor=Actor("sam", "office-pc"))
    update_activity(
        colleague, saved.id, replace(saved.as_input(), title="Thoracic Tumor Board"), saved.version
    )
    winner = "changed by sam at 11:00 AM on Saturday, November 28, 2026: reload"
    lost = "UPDATE statement on table 'activities' expected to update 1 row(s); 0 were matched."
    with (
        pytest.raises(StaleEditError, match=winner),
        refusing_races(ctx, Activity, saved.id, "activity", NEW_YORK),
    ):
        raise StaleDataError(lost)
    assert get_activity(ctx, saved.id).title == "Thoracic Tumor Board"


def test_the_race_with_a_removal_says_so(ctx: Context) -> None:
    with (
        pytest.raises(StaleEditError, match="removed by another coordinator"),
        refusing_races(ctx, Activity, 12345, "activity", NEW_YORK),
    ):
        raise StaleDataError("0 were matched.")
