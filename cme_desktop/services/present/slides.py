"""Present mode: what the projector shows for a session, the live count, and when the disclosure was shown.

The slide content is computed here once (title, code, instructions, QR payload, validity in the office's zone)
so the projector, the saved PNG, the `slide` command and the sign-in sheet all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain import qr
from cme_desktop.domain.codes import group_code
from cme_desktop.domain.localtime import say_day, say_time
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.activities.faculty import faculty_of
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import OfficeSettings, read_settings
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim


class SessionNotFound(InputError):
    """No session has that number."""


@dataclass(frozen=True)
class SlideContent:
    """Everything the disclosure and attendance slides show for one session."""

    session_id: int
    activity_title: str
    topic: str | None
    speakers: str | None
    room: str | None
    when: str  # 'Saturday, November 28, 2026, 12:00 PM – 1:00 PM' in the office's zone
    code: str | None
    grouped_code: str | None  # '235 6446', for reading aloud
    texting_instruction: str | None  # 'Text ATTEND 2356446 to (833) 558-2111'
    qr_payload: str | None  # 'SMSTO:+18335582111:ATTEND 2356446' or the portal URL with the code
    portal_line: str | None  # 'or enter the code at cme.example.edu'
    valid_until: str | None  # 'Valid until Saturday, December 5, 2026, 1:00 PM'
    disclosure_text: str | None  # the statement to learners; None means no disclosure slide
    provider_name: str
    claim_count: int
    disclosure_shown_at: datetime | None
    problem: str | None = None  # a setting that kept something off the slide, said as a sentence
    # What is left of Standard 3 for the activity (DOMAIN.md: disclose before the education begins).
    standard3_warning: str | None = None

    @property
    def has_disclosure(self) -> bool:
        return bool(self.disclosure_text)


@dataclass(frozen=True)
class DisclosureShown:
    session_id: int
    shown_at: datetime
    changed: bool


def slide_content(ctx: Context, session_id: int) -> SlideContent:
    """The slides for a session; a session without an attendance code still gets its title and disclosure."""
    with ctx.db.transaction() as session:
        row = session.get(ActivitySession, session_id)
        if row is None:
            raise SessionNotFound(f"There is no session number {session_id}.")
        activity = session.get_one(Activity, row.activity_id)
        settings = read_settings(session)
        count = _count(session, session_id)
        faculty = "; ".join(f.name for f in faculty_of(session, [row.id]).get(row.id, ()))
        content = replace(_content(row, activity, settings, count), speakers=row.speakers or faculty or None)
        return _with_reviewed_disclosure(ctx, session, content, activity.id)


def _with_reviewed_disclosure(
    ctx: Context, session: Session, content: SlideContent, activity_id: int
) -> SlideContent:
    """Once people are assigned to the activity, the disclosure slide comes from the Standard 3 review; the
    coordinator's typed statement is kept only for activities nobody has set roles on yet."""
    from cme_desktop.services.standard3.review import learner_disclosure_in

    disclosure = learner_disclosure_in(ctx, session, activity_id, content.session_id)
    if not disclosure.names_anyone:
        return replace(
            content,
            standard3_warning="Standard 3: no planners or faculty are assigned to this activity, so their "
            "disclosures have not been reviewed.",
        )
    warning = None
    if not disclosure.ready:
        left = " ".join(disclosure.problems[:2])
        more = f" ({len(disclosure.problems) - 2} more)" if len(disclosure.problems) > 2 else ""
        warning = (
            f"The Standard 3 review is not complete, so the disclosure slide is a draft: {left}{more}".strip()
        )
    return replace(content, disclosure_text=disclosure.text, standard3_warning=warning)


def live_count(ctx: Context, session_id: int) -> int:
    """How many learners have claimed attendance at the session (revoked claims not counted)."""
    with ctx.db.transaction() as session:
        return _count(session, session_id)


def record_disclosure_shown(ctx: Context, session_id: int) -> DisclosureShown:
    """Note that the disclosure slide is on the projector now (ACCME: disclose before the education begins).

    The time kept is the evidence that learners saw it before the session started: the first showing is kept,
    except that a later showing still before the start replaces an earlier one (a rehearsal the day before).
    """
    with ctx.db.transaction() as session:
        row = session.get(ActivitySession, session_id)
        if row is None:
            raise SessionNotFound(f"There is no session number {session_id}.")
        now = ctx.clock()
        before = row.disclosure_shown_at
        if before is not None and not (before < now <= row.starts_at):
            return DisclosureShown(session_id, before, False)
        row.disclosure_shown_at = now
        audit.record(
            ctx,
            session,
            "session.disclosure_shown",
            "session",
            session_id,
            {"disclosure_shown_at": before.isoformat() if before else None},
            {"disclosure_shown_at": now.isoformat()},
        )
        return DisclosureShown(session_id, now, True)


def write_signin_sheet(ctx: Context, session_id: int, path: Path) -> Path:
    """A one-page sign-in sheet PDF for rooms without a projector; written whole or not at all."""
    from cme_desktop.documents.signin_sheet import SheetContent, write_sheet

    content = slide_content(ctx, session_id)
    if content.code is None:
        raise InputError("This session has no attendance code yet, so there is nothing to print on a sheet.")
    return write_sheet(
        path,
        SheetContent(
            provider_name=content.provider_name,
            activity_title=content.activity_title,
            topic=content.topic,
            when=content.when,
            room=content.room,
            grouped_code=content.grouped_code or content.code,
            texting_instruction=content.texting_instruction,
            qr_payload=content.qr_payload,
            portal_line=content.portal_line,
            valid_until=content.valid_until,
        ),
    )


def _count(session: Session, session_id: int) -> int:
    query = select(func.count()).where(
        AttendanceClaim.session_id == session_id, AttendanceClaim.revoked_at.is_(None)
    )
    return int(session.scalar(query) or 0)


def _content(row: ActivitySession, activity: Activity, settings: OfficeSettings, count: int) -> SlideContent:
    zone = settings.zone
    code = row.attendance_code
    number = settings.texting_number
    problem = None
    texting = payload = None
    if code:
        try:
            texting = qr.texting_instruction(code, number) if number.strip() else None
            payload = qr.qr_payload(settings.qr_mode, code, number, settings.portal_url_template)
        except qr.QrSettingError as error:
            problem = str(error)
    portal = qr.portal_address(settings.portal_url)
    start, end = row.starts_at.astimezone(zone), row.ends_at.astimezone(zone)
    statement = (activity.learner_statement or "").strip()
    return SlideContent(
        session_id=row.id,
        activity_title=activity.title,
        topic=row.topic,
        speakers=row.speakers,
        room=row.room,
        when=f"{say_day(start.date())}, {say_time(start.time())} – {say_time(end.time())}",
        code=code,
        grouped_code=group_code(code) if code else None,
        texting_instruction=texting,
        qr_payload=payload,
        portal_line=(f"or enter the code at {portal}" if texting else f"Enter the code at {portal}")
        if code and portal
        else None,
        valid_until=_valid_until(row.code_closes_at, zone),
        disclosure_text=statement or None,
        provider_name=settings.provider_name,
        claim_count=count,
        disclosure_shown_at=row.disclosure_shown_at,
        problem=problem,
    )


def _valid_until(closes_at: datetime | None, zone: ZoneInfo) -> str | None:
    if closes_at is None:
        return None
    local = closes_at.astimezone(zone)
    return f"Valid until {say_day(local.date())}, {say_time(local.time())}"
