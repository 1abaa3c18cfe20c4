"""What Today lists: today's sessions and the coming week's, by the office's calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.context import Context
from tests.services.standard3_factory import add_activity


def test_today_and_the_coming_six_days_by_the_office_calendar(ctx: Context) -> None:
    # NOW is Saturday 28 November 2026, 11:00 in Charleston.
    add_activity(
        ctx,
        "Tumor Board",
        datetime(2026, 11, 28, 4, 30, tzinfo=UTC),  # Friday 23:30 in Charleston: yesterday, not listed
        datetime(2026, 11, 28, 18, 0, tzinfo=UTC),  # today 13:00
        datetime(2026, 12, 4, 18, 0, tzinfo=UTC),  # next Friday: within the week
        datetime(2026, 12, 5, 18, 0, tzinfo=UTC),  # a week today: not yet
    )
    week = this_week(ctx)
    assert [s.starts_at for s in week.today] == [datetime(2026, 11, 28, 18, 0, tzinfo=UTC)]
    assert [s.starts_at for s in week.rest_of_week] == [datetime(2026, 12, 4, 18, 0, tzinfo=UTC)]
    assert week.day == (ctx.clock() - timedelta(hours=5)).date()
