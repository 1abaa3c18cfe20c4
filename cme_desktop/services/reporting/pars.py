"""PARS activity data for a year as ACCME's XML batch upload takes it, with a preview and the notes a coordinator
needs: what was left out and why, and what each activity still lacks before PARS can close it.

Counting and the year rule live in pars_records; the XML in pars_xml; sources in docs/pars.md.
"""

from __future__ import annotations

from datetime import date

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.pars import BOARDS, OutcomeMeasure
from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.activities.reporting_fields import reporting_details
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import load_settings, office_zone
from cme_desktop.services.reporting.pars_records import ParsRecord, YearFacts, gather
from cme_desktop.services.reporting.pars_xml import pars_document
from cme_desktop.services.reporting.report import Report, ReportKind, and_list, day_instants

PARS_COLUMNS = (
    "Title",
    "Type",
    "Start date",
    "End date",
    "AMA PRA Category 1 Credits",
    "Physician learners",
    "Other learners",
    "Status",
    "Provider activity ID",
    "PARS activity ID",
    "Delivery",
    "City",
    "State",
    "Country",
    "Providership",
    "Joint providers",
    "CME Finder",
    "Outcome measures",
    "Commercial support",
    "MOC",
)
FIRST_YEAR = 2000


def pars_report(ctx: Context, year: int) -> Report:
    """The year's PARS activity file (XML) with its preview rows and notes."""
    zone = office_zone(ctx)
    now = ctx.clock()
    settings = load_settings(ctx)
    details = reporting_details(ctx)
    with ctx.db.transaction() as session:
        facts = gather(session, year, zone, now, details)
    document = pars_document(facts.records, year, settings.provider_name, now)
    _, year_end = day_instants(date(year, 1, 1), date(year, 12, 31), zone)
    return Report(
        ReportKind.PARS,
        f"PARS activity data, {year}",
        PARS_COLUMNS,
        tuple(preview_row(r) for r in facts.records),
        tuple(pars_notes(facts, year, now < year_end)),
        document=document,
    )


def preview_row(r: ParsRecord) -> tuple[str, ...]:
    return (
        r.title,
        f"{r.type_code} ({ActivityFormat(r.format).label})",
        r.start.isoformat(),
        r.end.isoformat(),
        format_credits(r.ama_quarters),
        str(r.physicians),
        str(r.others),
        r.status,
        r.provider_activity_id,
        r.pars_activity_id or "",
        r.delivery.label if r.delivery else "",
        r.city or "",
        r.state or "",
        r.country or "",
        "Joint" if r.joint else "Direct",
        "; ".join(r.joint_providers),
        {True: "Yes", False: "No", None: ""}[r.reporting.cme_finder],
        "; ".join(OutcomeMeasure(m).label for m in r.reporting.outcome_measures),
        "; ".join(_describe_support(s.source, s.in_kind, s.amount_cents) for s in r.support) or "No",
        "; ".join(m.describe() for m in r.moc),
    )


def pars_notes(facts: YearFacts, year: int, year_running: bool) -> list[str]:
    notes: list[str] = []
    if year_running:
        notes.append(
            f"{year} is not over: learners are counted up to now. Upload the file again later; PARS updates an "
            "activity it already has (same provider activity ID)."
        )
    if not facts.records and not facts.unreportable:
        notes.append(f"No activity ran in {year}.")
    for u in facts.unreportable:
        notes.append(f"Not in the file: {u.title} (activity {u.activity_id}), because {u.reason}.")
    if facts.drafts:
        notes.append(f"Drafts are not reported: {and_list(list(facts.drafts))}.")
    for r in facts.records:
        name = f"{r.title} (activity {r.activity_id})"
        if r.ama_quarters == 0:
            notes.append(f"{name} is not designated for AMA PRA Category 1 Credit: PARS gets 0 credits.")
        if r.missing:
            when = "can be closed in PARS" if r.ended else "can be closed in PARS (once it ends)"
            notes.append(f"Before {name} {when}, it needs {and_list(list(r.missing))}.")
        for m in r.moc:
            if m.board not in BOARDS:
                notes.append(f"{name} is registered with {m.board}, which does not take MOC through PARS.")
    return notes


def _describe_support(source: str, in_kind: bool, amount_cents: int | None) -> str:
    if in_kind:
        return f"{source}: in-kind"
    amount = f" ${amount_cents / 100:,.2f}" if amount_cents is not None else " (amount missing)"
    return f"{source}: monetary{amount}"
