"""What `cme-desktop --demo` prints: how to open the learner portal on the demo database on this computer, with
today's attendance code and a valid and a revoked demo certificate to try."""

from __future__ import annotations

from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.context import Context
from cme_desktop.services.demo.certificates import demo_codes
from cme_desktop.services.demo.fill import GRAND_ROUNDS

PORT = 8080


def portal_instructions(ctx: Context, port: int = PORT) -> str:
    """A few lines for the terminal: the command that serves the portal (mail printed there, not sent) and the
    addresses to open."""
    site = f"http://127.0.0.1:{port}"
    lines = [
        "The learner portal on this demo database: in another terminal, run",
        f"    uv run cme-desktop --demo serve --mail-to-console --port {port}",
        f"then open {site}/ and sign in with any email address: the code is printed in that terminal.",
    ]
    today = [s for s in this_week(ctx).today if s.attendance_code]
    if today:
        lines.append(
            f"Today's {today[0].activity_title} code: {today[0].attendance_code} ({site}/c/{today[0].attendance_code})"
        )
    codes = demo_codes(ctx, GRAND_ROUNDS)
    if codes.valid:
        lines.append(f"A demo certificate to verify: {site}/verify/{codes.valid}")
    if codes.revoked:
        lines.append(f"A revoked one: {site}/verify/{codes.revoked}")
    return "\n".join(lines)
