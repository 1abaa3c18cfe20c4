"""What goes on a certificate, built from a claim and its session, activity and learner (DOMAIN.md, "Credit":
documentation of participation). Used inside the certificate and transcript services' transactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.accreditation import Accreditation
from cme_desktop.domain.documentation import (
    CertificateContent,
    Designated,
    Designations,
    credit_phrase,
    designation_statements,
    location_text,
    safe_file_stem,
)
from cme_desktop.domain.names import display_name, sort_name
from cme_desktop.domain.verification import verify_address, verify_payload
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.office.settings import OfficeSettings
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.people import Person

ActivityDesignations = dict[int, Designations]


@dataclass(frozen=True)
class Row:
    claim: AttendanceClaim
    session: ActivitySession
    activity: Activity
    person: Person


def designations_for(session: Session, activity_ids: set[int]) -> ActivityDesignations:
    """Per activity: credit type -> its designation (maximum, UAN, per session, when designated)."""
    out: ActivityDesignations = {}
    if not activity_ids:
        return out
    for d in session.scalars(
        select(CreditDesignation).where(CreditDesignation.activity_id.in_(activity_ids))
    ):
        out.setdefault(d.activity_id, {})[d.credit_type] = Designated(
            d.max_quarters, d.uan, d.per_session, d.designated_at
        )
    return out


def credit_label(credit_type: str) -> str:
    try:
        return CreditType(credit_type).label
    except ValueError:
        return credit_type


def format_label(fmt: str) -> str:
    try:
        return ActivityFormat(fmt).label
    except ValueError:
        return fmt


def plain_credits(credit_type: str, quarters: int) -> str:
    """'1.25 AMA PRA Category 1 Credits™', '1 contact hour', ... without markup."""
    return credit_phrase(credit_type, quarters, escaped=False)


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def learner_name(person: Person) -> str:
    last = f"{person.last_name} {person.suffix}".strip() if person.suffix else person.last_name
    return display_name(person.first_name, last, person.degree, person.middle_name)


def certificate_content(
    row: Row,
    cert: Certificate,
    designations: ActivityDesignations,
    accreditation: Accreditation,
    settings: OfficeSettings,
    zone: ZoneInfo,
) -> CertificateContent:
    """One certificate's words. The statements follow the learner's credit (DOMAIN.md, "Credit"): the designation
    of that credit, then the accreditation behind it (ACCME, ANCC, ACPE or Joint Accreditation, or joint
    providership), and on a nursing page the provider's address."""
    activity, sess, person = row.activity, row.session, row.person
    provider = accreditation.provider.strip()
    day = sess.starts_at.astimezone(ZoneInfo(sess.timezone)).date()
    credit_type = row.claim.credit_type
    partner = (
        activity.joint_provider if activity.providership == "joint" and activity.joint_provider else None
    )
    statements = designation_statements(
        provider, activity.format, credit_type, designations.get(activity.id, {})
    ) + accreditation.statements(credit_type, partner)
    if accreditation.shows_address(credit_type):
        statements += (f"{escape(provider)} · {escape(accreditation.address.strip())}",)
    code = cert.verification_code
    return CertificateContent(
        learner_name=learner_name(person),
        provider_name=provider,
        activity_title=activity.title,
        topic=sess.topic if sess.topic and sess.topic != activity.title else None,
        format_label=format_label(activity.format),
        location=location_text(
            activity.format, activity.delivery, activity.venue, activity.city, activity.state
        ),
        dates=long_date(day),
        credit_type=credit_type,
        award=credit_phrase(credit_type, cert.credit_quarters),
        statements=statements,
        verification_code=code,
        qr_payload=verify_payload(verify_address(settings.verify_url, settings.portal_url), code),
        issued_on=long_date(cert.issued_at.astimezone(zone).date()),
        file_stem=safe_file_stem(
            f"{day.isoformat()} {activity.title} - {sort_name(person.first_name, person.last_name)}"
        ),
    )
