"""attendance --session ID --json: one session's claims; also the `import attendance FILE.csv` kind."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cme_desktop.commands._common import CommandError, Opener, print_import_report, print_json

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from cme_desktop.services.attendance.rows import ClaimRow


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("attendance", help="a session's attendance claims")
    parser.add_argument("--session", type=int, required=True, metavar="ID", help="the session's number")
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, opener: Opener) -> int:
    from cme_desktop.commands.sessions import session_json
    from cme_desktop.services.attendance.queries import session_attendance
    from cme_desktop.services.office.settings import office_zone

    ctx = opener.open()
    zone = office_zone(ctx)
    attendance = session_attendance(ctx, args.session)
    print_json(
        {
            "session": session_json(attendance.session, zone),
            "claims": [_claim_json(c, zone) for c in attendance.claims],
            "by_profession": attendance.by_profession,
            "by_channel": attendance.by_channel,
        }
    )
    return 0


def _claim_json(claim: ClaimRow, zone: ZoneInfo) -> dict[str, Any]:
    from cme_desktop.domain.credits import credits_from_quarters

    return {
        "id": claim.id,
        "person_id": claim.person_id,
        "person": claim.person_name,
        "profession": claim.profession,
        "channel": claim.channel,
        "claimed_at": claim.claimed_at.astimezone(zone).isoformat(),
        "credit_type": claim.credit_type,
        "credits": float(credits_from_quarters(claim.credit_quarters)),
        "evidence": dict(claim.evidence),
        "revoked_at": claim.revoked_at.astimezone(zone).isoformat() if claim.revoked_at else None,
        "revoked_reason": claim.revoked_reason,
        "review": list(claim.flags),
    }


def import_attendance_command(args: argparse.Namespace, opener: Opener) -> int:
    """`import attendance FILE.csv [--reason R] [--dry-run]`: a row-by-row report; all rows or none."""
    from pathlib import Path

    from cme_desktop.services.attendance.importing import import_attendance, preview_import
    from cme_desktop.services.importing.report import ImportRefused

    ctx = opener.open()
    try:
        report = (preview_import if args.dry_run else import_attendance)(ctx, Path(args.file), args.reason)
    except ImportRefused as refused:
        print_import_report(refused.report)
        raise CommandError(str(refused)) from refused
    print_import_report(report)
    if not report.ok:  # a dry run of a file with problems
        raise CommandError(report.summary())
    print(report.summary() if report.committed else f"Nothing was saved (a dry run): {report.summary()}")
    return 0


IMPORT_KINDS = {"attendance": import_attendance_command}
