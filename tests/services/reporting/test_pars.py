"""PARS activity data as ACCME's XML batch upload, counted as ACCME counts.

Rules: DOMAIN.md, "Reporting" and "Words" (RSS); accme.org FAQ 8471/10496 (an RSS is one activity of at most
12 months with the series' dates and credits, learners once per session attended; a course counts the learners
registered for the whole event); accme.org, "What activity data are providers required to enter into PARS?"
(what an activity needs before it can be closed). Layout: docs/pars.md and cme_desktop/resources/pars/.
The clock is frozen at 2026-11-28 16:00 UTC; the office is in New York.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.vocabulary import ActivityFormat, Delivery
from cme_desktop.services.activities.reporting_fields import MocInput, ReportingInput, save_reporting
from cme_desktop.services.context import Context
from cme_desktop.services.demo.fill import GRAND_ROUNDS, fill_demo
from cme_desktop.services.reporting.pars import PARS_COLUMNS, pars_report
from cme_desktop.services.reporting.report import Report, write_report
from tests.services.reporting.factory import activity, attend, learner, weekly

SCHEMA = Path(__file__).parents[3] / "cme_desktop" / "resources" / "pars" / "pars-activities.xsd"
NS = {
    "m": "http://ns.medbiq.org/metrics/v1/",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
    "hx": "http://ns.medbiq.org/lom/extend/v1/",
    "a": "http://ns.medbiq.org/address/v1/",
    "p": "urn:cme-desk:pars:activity:1",
}


def at(ctx: Context, moment: datetime) -> Context:
    return replace(ctx, clock=frozen_clock(moment))


def valid_xml(report: Report) -> etree._Element:
    """The file parsed, after checking it against the schema written from the specification."""
    assert report.document is not None
    assert report.document.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')  # no byte-order mark
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(report.document)
    assert schema.validate(document), schema.error_log
    return document


def record(document: etree._Element, provider_id: int) -> etree._Element:
    (found,) = document.xpath(
        f"m:MedicalEducationMetrics[m:XtensibleInfo/p:ACCMEActivity/p:ProviderActivityID='{provider_id}']",
        namespaces=NS,
    )
    return found


def field(element: etree._Element, path: str) -> str:
    values = element.xpath(path, namespaces=NS)
    assert len(values) == 1, (path, values)
    return str(values[0].text if hasattr(values[0], "text") else values[0])


def row(report: Report, title: str) -> dict[str, str]:
    (found,) = [r for r in report.rows if r[PARS_COLUMNS.index("Title")] == title]
    return dict(zip(PARS_COLUMNS, found, strict=True))


def test_the_demo_grand_rounds_is_one_record_in_both_years_closed_only_in_2027(ctx: Context) -> None:
    """DOMAIN.md, "Reporting" and FAQ 8471: one RSS record with the series' own dates (Sep 2026 to Feb 2027)
    and the credits of the entire series, in the file of each year it runs; closed once it has ended."""
    fill_demo(ctx)
    after_the_series = at(ctx, datetime(2027, 3, 15, 15, tzinfo=UTC))
    for year, clock in ((2026, ctx), (2026, after_the_series), (2027, after_the_series)):
        report = pars_report(clock, year)
        rounds = row(report, GRAND_ROUNDS)
        assert (rounds["Start date"], rounds["End date"]) == ("2026-09-05", "2027-02-20")
        assert rounds["AMA PRA Category 1 Credits"] == "25"
        assert rounds["Type"].startswith("RSS")
        closed = year == 2027
        assert rounds["Status"] == ("Closed" if closed else "Active")
        document = valid_xml(report)
        grand = record(document, int(rounds["Provider activity ID"]))
        assert field(grand, "m:XtensibleInfo/p:ACCMEActivity/p:Status") == ("Closed" if closed else "Active")
        assert field(grand, "m:XtensibleInfo/p:ACCMEActivity/p:StartDate") == "2026-09-05"
        assert field(grand, "m:XtensibleInfo/p:ACCMEActivity/p:EndDate") == "2027-02-20"
        assert field(grand, ".//hx:credits/hx:numberOfCredits") == "25"
    assert [r[0] for r in pars_report(ctx, 2027).rows].count(GRAND_ROUNDS) == 1
    assert pars_report(ctx, 2025).rows == ()


def test_a_two_day_course_counts_each_learner_once(ctx: Context) -> None:
    """DOMAIN.md, "Reporting": a course (including multi-day) counts the learners registered for the whole event,
    once each: 2 physicians and 1 nurse at both days are 2 and 1, not 4 and 2."""
    course, days = activity(
        ctx, "Cardiology Update", ActivityFormat.LIVE_COURSE, [date(2026, 10, 8), date(2026, 10, 9)], hours=7
    )
    for first, last, degree in (("Ann", "Cole", "MD"), ("Ben", "Ruiz", "DO"), ("Cy", "Ng", "RN")):
        attend(ctx, learner(ctx, first, last, degree), days)
    report = pars_report(ctx, 2026)
    fields = row(report, "Cardiology Update")
    assert (fields["Physician learners"], fields["Other learners"]) == ("2", "1")
    assert fields["AMA PRA Category 1 Credits"] == "14"
    assert fields["Status"] == "Ready to close"  # it has ended, but PARS still needs outcome measures etc.
    course_xml = record(valid_xml(report), course)
    assert field(course_xml, "m:XtensibleInfo/p:ACCMEActivity/p:PhysicianLearners") == "2"
    assert field(course_xml, "m:XtensibleInfo/p:ACCMEActivity/p:OtherLearners") == "1"
    assert field(course_xml, "m:ParticipationMetrics/m:ParticipantsByCategory[@category='Physicians']") == "2"


def test_an_rss_counts_learners_once_per_session_attended(ctx: Context) -> None:
    """DOMAIN.md, "Words": 20 physicians at each of 52 sessions are 1,040 physician learners; here 3 physicians
    at 4 sessions and a nurse at 2 (a revoked claim and a cancelled session count for nothing)."""
    rss, sessions = activity(
        ctx, "Tumor Board", days=weekly(date(2026, 3, 1), date(2026, 3, 28)), cancelled=[date(2026, 3, 30)]
    )
    assert len(sessions) == 4
    for n in range(3):
        attend(ctx, learner(ctx, "Doc", f"Number{n}"), sessions)
    attend(ctx, learner(ctx, "Nia", "Park", "RN"), sessions[:2])
    attend(ctx, learner(ctx, "Rex", "Gone"), sessions[:1], revoked=True)
    fields = row(pars_report(ctx, 2026), "Tumor Board")
    assert (fields["Physician learners"], fields["Other learners"]) == ("12", "2")
    assert fields["AMA PRA Category 1 Credits"] == "4"
    assert (fields["Start date"], fields["End date"]) == ("2026-03-05", "2026-03-26")
    assert rss


def test_a_july_to_june_series_is_one_whole_record_in_each_years_file(ctx: Context) -> None:
    """FAQ 8471: a grand rounds planned July 1 to June 30 is entered as ONE activity with its own dates and the
    credits of the entire series, not cut at December 31."""
    series, sessions = activity(ctx, "Surgery Grand Rounds", days=weekly(date(2026, 7, 1), date(2027, 6, 30)))
    attend(ctx, learner(ctx, "Ann", "Cole"), sessions[:3])
    later = at(ctx, datetime(2027, 7, 15, 15, tzinfo=UTC))
    for year in (2026, 2027):
        report = pars_report(later, year)
        (found,) = [r for r in report.rows if r[PARS_COLUMNS.index("Provider activity ID")] == str(series)]
        fields = dict(zip(PARS_COLUMNS, found, strict=True))
        assert (fields["Start date"], fields["End date"]) == ("2026-07-02", "2027-06-24")
        assert fields["AMA PRA Category 1 Credits"] == str(len(sessions)) == "52"
        assert fields["Physician learners"] == "3"
        valid_xml(report)


def test_the_file_validates_with_support_joint_providership_moc_and_an_online_enduring_material(
    ctx: Context,
) -> None:
    """One commercial-support group per source (monetary with its amount, or in kind); joint provider names;
    an enduring or internet activity has no city, state or country (DOMAIN.md, "Reporting")."""
    course, _ = activity(
        ctx,
        "Heart Failure Summit",
        ActivityFormat.LIVE_COURSE,
        [date(2026, 5, 7)],
        hours=6,
        joint_provider="Carolina Heart Society",
        support=[("Acme Devices", False, 500_000), ("Beta Labs", True, None)],
    )
    online, online_sessions = activity(
        ctx, "Sepsis Module", ActivityFormat.ENDURING, [date(2026, 2, 1)], delivery=Delivery.VIRTUAL
    )
    attend(ctx, learner(ctx, "Ann", "Cole"), online_sessions)
    save_reporting(
        ctx,
        course,
        ReportingInput(
            pars_activity_id="202612345",
            cme_finder=True,
            finder_fee=True,
            finder_registration="open",
            finder_url="https://cme.example.edu/hf",
            outcome_measures=("competence", "patient_health"),
            moc_attested=True,
            moc=(MocInput("ABIM", ("MK",), "6", ("Cardiology",)), MocInput("abp", ("LL",), "5.5")),
        ),
        0,
    )
    document = valid_xml(pars_report(ctx, 2026))
    summit = record(document, course)
    p = "m:XtensibleInfo/p:ACCMEActivity/p:"
    assert field(summit, p + "ACCMEActivityID") == "202612345"
    assert field(summit, p + "ActivityType") == "C"
    assert summit.xpath(p + "JointProvider/text()", namespaces=NS) == ["Carolina Heart Society"]
    assert summit.xpath(".//hx:nonAccreditedProvider/text()", namespaces=NS) == ["Carolina Heart Society"]
    groups = [
        [g.findtext(f"{{{NS['p']}}}{name}") for name in ("Source", "SupportType", "Amount")]
        for g in summit.xpath(p + "CommercialSupport", namespaces=NS)
    ]
    assert groups == [["Acme Devices", "Monetary", "5000.00"], ["Beta Labs", "In-kind", None]]
    assert summit.xpath("m:ActivityDescription/m:CommercialSupportAmount/@supportSource", namespaces=NS) == [
        "Acme Devices"
    ]
    assert field(summit, "m:ActivityDescription/m:ChangesInPatientOutcomesMeasured") == "true"
    boards = summit.xpath(p + "MOC/p:Board", namespaces=NS)
    assert [(b.get("code"), b.findtext(f"{{{NS['p']}}}Points")) for b in boards] == [
        ("ABIM", "6"),
        ("ABP", "5.5"),
    ]
    assert field(summit, ".//a:City") == "Charleston"
    assert field(summit, ".//a:CountryCode") == "USA"
    module = record(document, online)
    assert module.xpath(".//hx:activityLocation", namespaces=NS) == []
    assert field(module, p + "ActivityType") == "EM"
    assert field(module, p + "DeliveryMethod") == "IN"


def test_an_enduring_material_is_one_record_counted_through_december_31_of_each_year(ctx: Context) -> None:
    """DOMAIN.md, "Reporting": an enduring material is entered once (up to 3 years) and its learner count
    updated through December 31 of each year it runs."""
    module, sessions = activity(
        ctx, "Opioid Stewardship Module", ActivityFormat.ENDURING, [date(2026, 6, 1), date(2027, 5, 1)]
    )
    attend(ctx, learner(ctx, "Ann", "Cole"), sessions[:1])
    attend(ctx, learner(ctx, "Ben", "Ruiz"), sessions[1:])
    later = at(ctx, datetime(2027, 8, 1, 15, tzinfo=UTC))
    first, second = (row(pars_report(later, y), "Opioid Stewardship Module") for y in (2026, 2027))
    assert (first["Start date"], first["End date"]) == (second["Start date"], second["End date"])
    assert (first["Physician learners"], second["Physician learners"]) == ("1", "2")
    assert first["City"] == first["State"] == first["Country"] == ""
    assert module


def test_an_activity_that_cannot_be_reported_is_named_with_its_reason_and_the_rest_is_written(
    ctx: Context,
) -> None:
    activity(ctx, "Empty Series", days=[])
    activity(ctx, "Endless Series", days=[date(2025, 6, 5), date(2026, 7, 2)])
    good, _ = activity(ctx, "Good Course", ActivityFormat.LIVE_COURSE, [date(2026, 4, 2)])
    report = pars_report(ctx, 2026)
    assert [r[PARS_COLUMNS.index("Title")] for r in report.rows] == ["Good Course"]
    assert any(n.startswith("Not in the file: Empty Series") and "has no sessions" in n for n in report.notes)
    assert any(
        n.startswith("Not in the file: Endless Series") and "longer than the 12 months" in n
        for n in report.notes
    )
    record(valid_xml(report), good)


def test_the_notes_say_what_pars_needs_before_an_activity_can_be_closed(ctx: Context) -> None:
    """accme.org, "What activity data are providers required to enter into PARS?": a closed activity needs a
    description, a CME Finder answer, the joint provider's name, at least one outcome measure, ..."""
    course, _ = activity(
        ctx,
        "Ethics Workshop",
        ActivityFormat.LIVE_COURSE,
        [date(2026, 9, 3)],
        description=None,
        joint_provider="",
    )
    report = pars_report(ctx, 2026)
    (note,) = [n for n in report.notes if "Ethics Workshop" in n]
    assert note == (
        f"Before Ethics Workshop (activity {course}) can be closed in PARS, it needs a description, whether it is "
        "listed in CME Finder, the joint provider's name and at least one outcome measure."
    )
    save_reporting(ctx, course, ReportingInput(cme_finder=False, outcome_measures=("knowledge",)), 0)
    assert not [n for n in pars_report(ctx, 2026).notes if "needs" in n and "Ethics" in n and "outcome" in n]


def test_a_hostile_title_stays_text_in_the_xml(ctx: Context, tmp_path: Path) -> None:
    course, _ = activity(
        ctx, '=HYPERLINK("http://x","click") <b>&', ActivityFormat.LIVE_COURSE, [date(2026, 4, 2)]
    )
    report = pars_report(ctx, 2026)
    path = write_report(report, tmp_path / "pars.xml")
    document = etree.parse(str(path)).getroot()
    assert field(record(document, course), ".//lom:title/lom:string") == '=HYPERLINK("http://x","click") <b>&'
    assert report.suffix == ".xml"


@pytest.mark.parametrize("year", [2026])
def test_a_year_under_way_says_so(ctx: Context, year: int) -> None:
    activity(ctx, "Good Course", ActivityFormat.LIVE_COURSE, [date(2026, 4, 2)])
    assert any(n.startswith(f"{year} is not over") for n in pars_report(ctx, year).notes)
    assert not any("is not over" in n for n in pars_report(ctx, 2025).notes)
