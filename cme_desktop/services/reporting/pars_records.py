"""One PARS record per activity, counted as ACCME counts (DOMAIN.md, "Reporting"; accme.org FAQ 8471 and 10496).

- An RSS is ONE activity (at most 12 months) with the series' own first and last dates and the credits designated
  for the entire series; its learners are counted once per session attended (20 physicians x 52 sessions =
  1,040 physician learners).
- A course, and every other format, counts each learner once for the whole activity, however many of its
  sessions they attended.
- Since 2022 PARS has no reporting year: an activity is entered when it starts, closed when it ends, and
  re-uploading the same provider activity ID updates it. The file for a year holds every activity that runs in
  it, whole (all its dates, its designated credits); learners are counted up to the export, and an enduring
  material (entered once, for up to three years) is counted through December 31 of the file's year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.pars import (
    ACTIVITY_TYPE_CODES,
    PER_SESSION_COUNT,
    DeliveryMethod,
    country_code,
    delivery_method,
    has_location,
    state_code,
)
from cme_desktop.domain.vocabulary import (
    ActivityFormat,
    ActivityStatus,
    CreditType,
    Profession,
    Providership,
    SessionStatus,
)
from cme_desktop.services.activities.reporting_fields import ActivityReportingDetail, MocRegistrationView
from cme_desktop.services.reporting.report import chunks
from cme_desktop.store.activities import Activity, ActivitySession, CommercialSupport, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person

# DOMAIN.md, "Reporting": a non-enduring activity is entered once per 12-month period at most.
MAX_SPAN_DAYS = 366


@dataclass(frozen=True)
class SupportSource:
    source: str
    in_kind: bool
    amount_cents: int | None


@dataclass(frozen=True)
class ParsRecord:
    """One activity as PARS takes it."""

    activity_id: int
    pars_activity_id: str | None
    title: str
    format: str
    type_code: str
    delivery: DeliveryMethod | None
    start: date
    end: date
    starts_at: datetime
    ends_at: datetime
    city: str | None
    state: str | None
    country: str | None
    ama_quarters: int  # designated for the whole activity; 0 when not designated for AMA credit
    description: str
    joint: bool
    joint_providers: tuple[str, ...]
    support: tuple[SupportSource, ...]
    physicians: int
    others: int
    reporting: ActivityReportingDetail
    closed: (
        bool  # ended by the end of the file's year and by now, and nothing PARS needs to close it is missing
    )
    ended: bool
    missing: tuple[str, ...]  # what PARS needs before the activity can be closed

    @property
    def provider_activity_id(self) -> str:
        return str(self.activity_id)

    @property
    def moc(self) -> tuple[MocRegistrationView, ...]:
        return self.reporting.moc

    @property
    def status(self) -> str:
        if self.closed:
            return "Closed"
        return "Ready to close" if self.ended else "Active"


@dataclass(frozen=True)
class Unreportable:
    activity_id: int
    title: str
    reason: str


@dataclass(frozen=True)
class YearFacts:
    records: tuple[ParsRecord, ...]
    unreportable: tuple[Unreportable, ...]
    drafts: tuple[str, ...]


def gather(
    session: Session,
    year: int,
    zone: ZoneInfo,
    now: datetime,
    reporting: dict[int, ActivityReportingDetail],
) -> YearFacts:
    """Every activity running in `year` (office days), as PARS records or with the reason it cannot be one."""
    year_start = datetime.combine(date(year, 1, 1), time(), zone).astimezone(UTC)
    year_end = datetime.combine(date(year + 1, 1, 1), time(), zone).astimezone(UTC)
    # Each activity's first and last moments over its scheduled sessions (cancelled ones never took place).
    spans: dict[int, tuple[datetime, datetime]] = {
        activity_id: (first, last)
        for activity_id, first, last in session.execute(
            select(
                ActivitySession.activity_id,
                func.min(ActivitySession.starts_at),
                func.max(ActivitySession.ends_at),
            )
            .where(ActivitySession.status != str(SessionStatus.CANCELLED))
            .group_by(ActivitySession.activity_id)
        )
    }
    running = {
        activity_id for activity_id, (first, last) in spans.items() if first < year_end and last > year_start
    }
    created_in_year = set(
        session.scalars(
            select(Activity.id).where(Activity.created_at >= year_start, Activity.created_at < year_end)
        )
    )
    wanted = sorted(running | (created_in_year - set(spans)))
    activities: dict[int, Activity] = {}
    for chunk in chunks(wanted):
        for activity in session.scalars(select(Activity).where(Activity.id.in_(chunk))):
            activities[activity.id] = activity
    ama = _ama_designations(session, wanted)
    support = _support(session, wanted)
    records: list[ParsRecord] = []
    unreportable: list[Unreportable] = []
    drafts: list[str] = []
    countable: list[tuple[Activity, tuple[datetime, datetime]]] = []
    for activity_id in wanted:
        activity = activities[activity_id]
        span = spans.get(activity_id)
        if activity.status == ActivityStatus.DRAFT:
            drafts.append(activity.title)
            continue
        reason = _unreportable_reason(activity, span, zone)
        if reason or span is None:
            unreportable.append(Unreportable(activity.id, activity.title, reason or ""))
            continue
        countable.append((activity, span))
    cutoffs = {a.id: _cutoff(a, now, year_end) for a, _ in countable}
    counts = _learner_counts(session, {a.id: a.format for a, _ in countable}, cutoffs)
    for activity, span in countable:
        records.append(
            _record(
                activity,
                span,
                zone,
                now,
                year_end,
                ama.get(activity.id, 0),
                support.get(activity.id, []),
                counts.get(activity.id, (0, 0)),
                reporting.get(activity.id) or ActivityReportingDetail(activity.id),
            )
        )
    records.sort(key=lambda r: (r.title.lower(), r.activity_id))
    unreportable.sort(key=lambda u: (u.title.lower(), u.activity_id))
    return YearFacts(tuple(records), tuple(unreportable), tuple(sorted(drafts, key=str.lower)))


def _unreportable_reason(
    activity: Activity, span: tuple[datetime, datetime] | None, zone: ZoneInfo
) -> str | None:
    if activity.format not in ACTIVITY_TYPE_CODES:
        return f"its format '{activity.format}' is not one PARS knows; choose its format on the activity"
    if span is None:
        if activity.format == ActivityFormat.RSS:
            return "this series has no sessions, so it has no dates to report; add its sessions"
        return "it has no sessions, so it has no dates to report; add its sessions"
    first, last = (moment.astimezone(zone).date() for moment in span)
    if activity.format != ActivityFormat.ENDURING and (last - first).days >= MAX_SPAN_DAYS:
        return (
            f"it runs from {say_date(first)} to {say_date(last)}, longer than the 12 months PARS takes for one "
            "activity; split it into one activity per 12 months"
        )
    return None


def say_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _cutoff(activity: Activity, now: datetime, year_end: datetime) -> datetime:
    """The first moment no longer counted: learners are counted up to the export (a claim made this very
    second included); an enduring material's through December 31 of the file's year."""
    after_now = now + timedelta(microseconds=1)
    return min(after_now, year_end) if activity.format == ActivityFormat.ENDURING else after_now


def _record(
    activity: Activity,
    span: tuple[datetime, datetime],
    zone: ZoneInfo,
    now: datetime,
    year_end: datetime,
    ama_quarters: int,
    support: list[CommercialSupport],
    learners: tuple[int, int],
    reporting: ActivityReportingDetail,
) -> ParsRecord:
    starts_at, ends_at = span
    located = has_location(activity.format, activity.delivery)
    state = (state_code(activity.state) or (activity.state or "").strip() or None) if located else None
    country = country_code(activity.country, activity.state) if located else None
    joint = activity.providership == Providership.JOINT
    joint_providers = tuple(
        p.strip() for p in (activity.joint_provider or "").replace("\n", ";").split(";") if p.strip()
    )
    sources = tuple(SupportSource(s.source.strip(), s.in_kind, s.amount_cents) for s in support)
    record = ParsRecord(
        activity_id=activity.id,
        pars_activity_id=reporting.pars_activity_id,
        title=" ".join(activity.title.split()),
        format=activity.format,
        type_code=ACTIVITY_TYPE_CODES[activity.format],
        delivery=delivery_method(activity.format, activity.delivery),
        start=starts_at.astimezone(zone).date(),
        end=ends_at.astimezone(zone).date(),
        starts_at=starts_at,
        ends_at=ends_at,
        city=(activity.city or "").strip() or None if located else None,
        state=state,
        country=country,
        ama_quarters=ama_quarters,
        description=" ".join((activity.description or "").split()),
        joint=joint,
        joint_providers=joint_providers if joint else (),
        support=sources,
        physicians=learners[0],
        others=learners[1],
        reporting=reporting,
        closed=False,
        ended=ends_at <= min(now, year_end),
        missing=(),
    )
    missing = tuple(closing_gaps(record, activity))
    return _with(record, missing)


def _with(record: ParsRecord, missing: tuple[str, ...]) -> ParsRecord:
    return replace(record, missing=missing, closed=record.ended and not missing)


def closing_gaps(record: ParsRecord, activity: Activity) -> list[str]:
    """What PARS needs before the activity can be closed (accme.org, "What activity data are providers
    required to enter into PARS?": the fields of an active activity, then those of a closed one)."""
    gaps: list[str] = []
    if has_location(activity.format, activity.delivery):
        if not record.city:
            gaps.append("the city where it is held")
        if not record.state and record.country in (None, "USA"):
            gaps.append("the state where it is held")
        if record.country is None:
            typed = (activity.country or "").strip()
            gaps.append(
                f"a country PARS knows ('{typed}' is not one)" if typed else "the country where it is held"
            )
        elif record.country == "USA" and record.state and not state_code(record.state):
            gaps.append(f"a US state code for '{record.state}'")
    if not record.description:
        gaps.append("a description")
    r = record.reporting
    if r.cme_finder is None:
        gaps.append("whether it is listed in CME Finder")
    if r.cme_finder or record.moc:
        if r.finder_fee is None:
            gaps.append("whether there is a fee")
        if not r.finder_registration:
            gaps.append("who may register")
        if not r.finder_url:
            gaps.append("the activity's web address")
    if record.joint and not record.joint_providers:
        gaps.append("the joint provider's name")
    if not r.outcome_measures:
        gaps.append("at least one outcome measure")
    for source in record.support:
        if not source.in_kind and source.amount_cents is None:
            gaps.append(f"the amount of monetary support from {source.source}")
    if record.moc:
        if not r.moc_attested:
            gaps.append("the attestation that it meets the boards' MOC requirements")
        for m in record.moc:
            if not m.practice_areas:
                gaps.append(f"at least one {m.board} practice area")
            if m.claim_by is None:
                gaps.append(f"the last day learners may claim {m.board} MOC")
    return gaps


def _learner_counts(
    session: Session, formats: dict[int, str], cutoffs: dict[int, datetime]
) -> dict[int, tuple[int, int]]:
    """(physicians, other learners) per activity: per session attended for an RSS, once each otherwise."""
    per_session: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    seen: dict[int, dict[int, bool]] = defaultdict(dict)  # activity -> person -> is a physician
    for chunk in chunks(sorted(formats)):
        for activity_id, person_id, profession, claimed_at in session.execute(
            select(
                ActivitySession.activity_id,
                AttendanceClaim.person_id,
                Person.profession,
                AttendanceClaim.claimed_at,
            )
            .join(ActivitySession, ActivitySession.id == AttendanceClaim.session_id)
            .join(Person, Person.id == AttendanceClaim.person_id)
            .where(
                ActivitySession.activity_id.in_(chunk),
                ActivitySession.status != str(SessionStatus.CANCELLED),
                AttendanceClaim.revoked_at.is_(None),
            )
        ):
            if claimed_at >= cutoffs[activity_id]:
                continue
            physician = profession == Profession.PHYSICIAN
            if formats[activity_id] in PER_SESSION_COUNT:
                per_session[activity_id][0 if physician else 1] += 1
            else:
                seen[activity_id][person_id] = physician
    counts = {activity_id: (v[0], v[1]) for activity_id, v in per_session.items()}
    for activity_id, people in seen.items():
        physicians = sum(1 for p in people.values() if p)
        counts[activity_id] = (physicians, len(people) - physicians)
    return counts


def _ama_designations(session: Session, activity_ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for chunk in chunks(activity_ids):
        for activity_id, quarters in session.execute(
            select(CreditDesignation.activity_id, CreditDesignation.max_quarters).where(
                CreditDesignation.activity_id.in_(chunk),
                CreditDesignation.credit_type == str(CreditType.AMA_PRA_1),
            )
        ):
            found[activity_id] = quarters
    return found


def _support(session: Session, activity_ids: list[int]) -> dict[int, list[CommercialSupport]]:
    found: dict[int, list[CommercialSupport]] = defaultdict(list)
    for chunk in chunks(activity_ids):
        for support in session.scalars(
            select(CommercialSupport)
            .where(CommercialSupport.activity_id.in_(chunk))
            .order_by(CommercialSupport.id)
        ):
            found[support.activity_id].append(support)
    return found
