"""PARS activity records as ACCME's XML batch upload: its adaptation of MedBiquitous Medical Education Metrics.

The layout follows docs/pars.md: the root ACCMEActivities holds one MedicalEducationMetrics per activity
(MEMS v1: ReportDescription, ActivityDescription with the IEEE LOM and its MedBiquitous healthcareEducation
extension, ParticipationMetrics, XtensibleInfo), element names and order as MEMS v1, Healthcare LOM v1 and
MedBiquitous Address v1 publish them. What ACCME adds (activity type and delivery codes, CME Finder, outcome
measures, each commercial supporter, MOC registration, the status) rides in XtensibleInfo, where MEMS leaves
room for the implementer's own elements. cme_desktop/resources/pars/ holds the schema the output must meet.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.pars import OutcomeMeasure
from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.reporting.pars_records import ParsRecord

MEMS = "http://ns.medbiq.org/metrics/v1/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
HX = "http://ns.medbiq.org/lom/extend/v1/"
ADDRESS = "http://ns.medbiq.org/address/v1/"
# The fields ACCME asks for beyond MEMS, in a namespace of CME Desk's own (see docs/pars.md, "Not sourced").
PARS = "urn:cme-desk:pars:activity:1"

for prefix, uri in (("m", MEMS), ("lom", LOM), ("hx", HX), ("a", ADDRESS), ("pars", PARS)):
    ET.register_namespace(prefix, uri)

# MEMS's own yes/no fields for what an activity measured (ActivityDescription, ChangesIn...Measured).
_MEASURED = (
    ("ChangesInCompetenceMeasured", OutcomeMeasure.COMPETENCE),
    ("ChangesInPerformanceMeasured", OutcomeMeasure.PERFORMANCE),
    ("ChangesInPatientOutcomesMeasured", OutcomeMeasure.PATIENT_HEALTH),
)


def pars_document(records: tuple[ParsRecord, ...], year: int, provider: str, created: datetime) -> bytes:
    """The whole upload file: UTF-8, declared in its first line (no byte-order mark)."""
    root = ET.Element("ACCMEActivities")
    for record in records:
        root.append(_metrics(record, year, provider))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    comment = (
        f"<!-- CME Desk: PARS activity data for {year}, written {created.isoformat(timespec='seconds')} -->"
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}\n{body}\n'.encode()


def _metrics(r: ParsRecord, year: int, provider: str) -> ET.Element:
    metrics = ET.Element(_m("MedicalEducationMetrics"))
    report = _sub(metrics, _m("ReportDescription"))
    _text(report, _m("ReportingStartDate"), date(year, 1, 1).isoformat())
    _text(report, _m("ReportingEndDate"), date(year, 12, 31).isoformat())

    description = _sub(metrics, _m("ActivityDescription"))
    lom = _sub(description, _l("lom"))
    general = _sub(lom, _l("general"))
    _identifier(general, "Provider Activity ID", r.provider_activity_id)
    if r.pars_activity_id:
        _identifier(general, "ACCME Activity ID", r.pars_activity_id)
    _language_string(_sub(general, _l("title")), r.title)
    if r.description:
        _language_string(_sub(general, _l("description")), r.description)
    education = _sub(_sub(lom, _h("healthcareMetadata")), _h("healthcareEducation"))
    credits = _sub(education, _h("credits"))
    _text(credits, _h("accreditingBody"), "ACCME")
    _text(credits, _h("activityCertification"), "AMA PRA Category 1 Credit")
    _text(credits, _h("creditType"), "CME")
    _text(credits, _h("creditUnit"), "Credit")
    if provider.strip():
        _text(credits, _h("accreditedProvider"), provider.strip())
    for joint_provider in r.joint_providers:
        _text(credits, _h("nonAccreditedProvider"), joint_provider)
    _text(credits, _h("numberOfCredits"), format_credits(r.ama_quarters))
    if r.city or r.state or r.country:
        location = _sub(education, _h("activityLocation"))
        if r.city:
            _text(location, _a("City"), r.city)
        if r.state:
            _text(location, _a("StateOrProvince"), r.state)
        country = _sub(location, _a("Country"))
        if r.country:
            _text(country, _a("CountryCode"), r.country)
    _text(education, _h("startDateTime"), r.starts_at.isoformat(timespec="seconds"))
    _text(education, _h("endDateTime"), r.ends_at.isoformat(timespec="seconds"))
    _text(education, _h("activitySponsorship"), "joint" if r.joint else "direct")
    live = r.format in (ActivityFormat.LIVE_COURSE, ActivityFormat.RSS)
    _text(education, _h("activityDelivery"), "live" if live else "not live")
    _language_string(_sub(education, _h("activityFormat")), ActivityFormat(r.format).label)
    _text(education, _h("commercialSupport"), "yes" if r.support else "no")
    for source in r.support:
        if not source.in_kind and source.amount_cents is not None:
            amount = _text(description, _m("CommercialSupportAmount"), str(round(source.amount_cents / 100)))
            amount.set("currency", "USD")
            amount.set("supportSource", source.source)
    for element, measure in _MEASURED:
        _text(description, _m(element), "true" if measure in r.reporting.outcome_measures else "false")

    participation = _sub(metrics, _m("ParticipationMetrics"))
    _text(participation, _m("ParticipantsByCategory"), str(r.physicians)).set("category", "Physicians")
    _text(participation, _m("ParticipantsByCategory"), str(r.others)).set("category", "Other learners")

    _accme_fields(_sub(metrics, _m("XtensibleInfo")), r)
    return metrics


def _accme_fields(xtensible: ET.Element, r: ParsRecord) -> None:
    """What PARS asks for that MEMS has no element for, in the order of ACCME's list of activity fields."""
    activity = _sub(xtensible, _p("ACCMEActivity"))
    _text(activity, _p("ProviderActivityID"), r.provider_activity_id)
    if r.pars_activity_id:
        _text(activity, _p("ACCMEActivityID"), r.pars_activity_id)
    _text(activity, _p("ActivityType"), r.type_code)
    if r.delivery is not None:
        _text(activity, _p("DeliveryMethod"), r.delivery.value)
    _text(activity, _p("StartDate"), r.start.isoformat())
    _text(activity, _p("EndDate"), r.end.isoformat())
    _text(activity, _p("AMAPRACategory1Credits"), format_credits(r.ama_quarters))
    rep = r.reporting
    if rep.cme_finder is not None:
        _text(activity, _p("CMEFinder"), _yes(rep.cme_finder))
    if rep.finder_fee is not None:
        _text(activity, _p("Fee"), _yes(rep.finder_fee))
    if rep.finder_registration:
        _text(activity, _p("Registration"), "Open" if rep.finder_registration == "open" else "Limited")
    if rep.finder_url:
        _text(activity, _p("ActivityURL"), rep.finder_url)
    _text(activity, _p("Providership"), "Joint" if r.joint else "Direct")
    for joint_provider in r.joint_providers:
        _text(activity, _p("JointProvider"), joint_provider)
    for measure in rep.outcome_measures:
        _text(activity, _p("OutcomeMeasure"), OutcomeMeasure(measure).label)
    _text(activity, _p("CommercialSupportReceived"), _yes(bool(r.support)))
    for source in r.support:
        support = _sub(activity, _p("CommercialSupport"))
        _text(support, _p("Source"), source.source)
        _text(support, _p("SupportType"), "In-kind" if source.in_kind else "Monetary")
        if not source.in_kind and source.amount_cents is not None:
            _text(support, _p("Amount"), f"{source.amount_cents / 100:.2f}")
    _text(activity, _p("PhysicianLearners"), str(r.physicians))
    _text(activity, _p("OtherLearners"), str(r.others))
    if r.moc:
        moc = _sub(activity, _p("MOC"))
        _text(moc, _p("Attested"), _yes(rep.moc_attested))
        for m in r.moc:
            board = _sub(moc, _p("Board"))
            board.set("code", m.board)
            for area in m.practice_areas:
                _text(board, _p("PracticeArea"), area)
            for credit_type in m.credit_types:
                _text(board, _p("CreditType"), credit_type)
            _text(board, _p("Points"), m.points)
            _text(board, _p("LearnersMustPass"), _yes(m.requires_passing))
            if m.content_area:
                _text(board, _p("ContentArea"), m.content_area)
            if m.claim_by:
                _text(board, _p("ClaimDate"), m.claim_by.isoformat())
    _text(activity, _p("Status"), "Closed" if r.closed else "Active")


def _identifier(general: ET.Element, catalog: str, entry: str) -> None:
    identifier = _sub(general, _l("identifier"))
    _text(identifier, _l("catalog"), catalog)
    _text(identifier, _l("entry"), entry)


def _language_string(parent: ET.Element, text: str) -> None:
    _text(parent, _l("string"), text).set("language", "en")


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _sub(parent: ET.Element, tag: str) -> ET.Element:
    return ET.SubElement(parent, tag)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _m(name: str) -> str:
    return f"{{{MEMS}}}{name}"


def _l(name: str) -> str:
    return f"{{{LOM}}}{name}"


def _h(name: str) -> str:
    return f"{{{HX}}}{name}"


def _a(name: str) -> str:
    return f"{{{ADDRESS}}}{name}"


def _p(name: str) -> str:
    return f"{{{PARS}}}{name}"
