"""sessions --json: the sessions in a date range with their codes and windows."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from cme_desktop.commands._common import CommandError, Opener, parse_date, print_json

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from cme_desktop.services.activities.calendar import SessionSummary


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("sessions", help="list sessions")
    parser.add_argument("--from", dest="start", type=parse_date, help="first day (YYYY-MM-DD), default today")
    parser.add_argument("--to", dest="end", type=parse_date, help="last day (YYYY-MM-DD), default a week on")
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.services.activities.calendar import sessions_on_days
    from cme_desktop.services.office.settings import office_zone

    ctx = opener.open()
    zone = office_zone(ctx)
    first = args.start or ctx.clock().astimezone(zone).date()
    last = args.end or first + timedelta(days=7)
    if last < first:
        raise CommandError("--to is before --from.")
    print_json([session_json(s, zone) for s in sessions_on_days(ctx, first, last)])
    return 0


def session_json(s: SessionSummary, zone: ZoneInfo) -> dict[str, Any]:
    """A session for scripts: times in the office's zone with their offset, credits as a number."""
    from cme_desktop.domain.credits import credits_from_quarters

    data = asdict(s)
    for key in ("starts_at", "ends_at", "code_opens_at", "code_closes_at"):
        if data[key] is not None:
            data[key] = data[key].astimezone(zone).isoformat()
    data["credits"] = float(credits_from_quarters(s.credit_quarters))
    del data["credit_quarters"]
    return data
