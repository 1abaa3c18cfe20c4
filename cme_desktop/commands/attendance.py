"""attendance --session ID --json: one session's claims; also the `import attendance FILE.csv` kind."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cme_desktop.commands._common import CommandError, Opener, print_json

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from cme_desktop.services.attendance.importing import ImportReport
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

    from cme_desktop.services.attendance.importing import ImportRefused, import_attendance, preview_import

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"There is no file {path}.")
    ctx = opener.open()
    try:
        report = (preview_import if args.dry_run else import_attendance)(ctx, path, args.reason)
    except ImportRefused as refused:
        _print_report(refused.report)
        raise CommandError(str(refused)) from refused
    _print_report(report)
    verb = "Imported" if report.committed else "Would import"
    print(f"{verb} {report.recorded} claims; {report.already} were already recorded.")
    return 1 if report.problems else 0


def _print_report(report: ImportReport) -> None:
    for row in report.rows:
        print(f"row {row.line}: {row.person}: {row.problem or row.outcome.replace('_', ' ')}")
    if report.unknown_people:
        print("Find or create these people, then import again: " + "; ".join(report.unknown_people))


IMPORT_KINDS = {"attendance": import_attendance_command}
