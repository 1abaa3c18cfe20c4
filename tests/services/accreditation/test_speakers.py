"""Every speaker is a person under Standard 3 (DOMAIN.md, "Disclosure": every session speaker is faculty; a
speaker with no current, reviewed disclosure means the activity's Standard 3 work is not complete; disclose to
learners before they engage, and commercial support too, Standard 4)."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from cme_desktop.domain.vocabulary import ActivityFormat, CreditType, RoleInActivity
from cme_desktop.services.activities.records import (
    ActivityInput,
    DesignationInput,
    SupportInput,
    create_activity,
)
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import add_session
from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.present.slides import slide_content
from cme_desktop.services.standard3.disclosures import DisclosureInput, assign_role, enter_disclosure
from cme_desktop.services.standard3.handout import save_learner_handout
from cme_desktop.services.standard3.review import activity_standard3, learner_disclosure
from cme_desktop.store.people import Person
from tests.services.standard3_factory import add_person

TODAY = date(2026, 11, 28)


def _rounds(ctx: Context, *support: SupportInput) -> int:
    update_settings(ctx, {"provider_name": "Lowcountry Medical University Office of CME"})
    return create_activity(
        ctx,
        ActivityInput(
            title="Medicine Grand Rounds",
            format=ActivityFormat.RSS,
            designations=(DesignationInput(CreditType.AMA_PRA_1, "10"),),
            commercial_support=support,
        ),
    ).id


def test_typed_speakers_become_profiles_matched_or_made_with_a_note(ctx: Context) -> None:
    mehta = add_person(ctx, "Arjun", "Mehta")
    activity = _rounds(ctx)
    held = add_session(
        ctx, activity, SessionInput(TODAY, time(12), time(13), speakers="Dr. Arjun Mehta; Lisa Park, PhD")
    )
    assert [f.name for f in held.faculty] == ["Arjun Mehta, MD", "Lisa Park, PhD"]
    assert held.faculty[0].person_id == mehta and held.faculty[0].note is None
    assert (
        held.faculty[1].note is not None
        and "New profile made from the speaker 'Lisa Park, PhD'" in held.faculty[1].note
    )
    with ctx.db.transaction() as s:
        park = s.get_one(Person, held.faculty[1].person_id)
        assert (park.first_name, park.last_name, park.degree, park.profession) == (
            "Lisa",
            "Park",
            "PhD",
            "scientist",
        )
    created = history(ctx, "session", held.id)[0]
    assert created.after is not None and created.after["faculty"] == [mehta, park.id]


def test_a_speaker_without_a_disclosure_leaves_the_review_incomplete(ctx: Context) -> None:
    activity = _rounds(ctx)
    planner = add_person(ctx, "Rebecca", "Tran")
    assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    enter_disclosure(ctx, DisclosureInput(planner, date(2026, 10, 1), no_relationships=True))
    assert activity_standard3(ctx, activity).complete
    add_session(
        ctx, activity, SessionInput(TODAY - timedelta(days=7), time(12), time(13), speakers="Arjun Mehta, MD")
    )
    state = activity_standard3(ctx, activity)
    assert not state.complete
    assert state.problems == ("Arjun Mehta, MD (speaker) has no disclosure.",)


def test_the_slide_names_the_sessions_own_speakers_and_warns_about_one_not_cleared(ctx: Context) -> None:
    activity = _rounds(ctx)
    planner = add_person(ctx, "Rebecca", "Tran")
    assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    enter_disclosure(ctx, DisclosureInput(planner, date(2026, 10, 1), no_relationships=True))
    cleared = add_session(ctx, activity, SessionInput(TODAY, time(12), time(13), speakers="Samuel Okoye, MD"))
    with ctx.db.transaction() as s:
        okoye = s.scalars(select(Person.id).where(Person.last_name == "Okoye")).one()
    enter_disclosure(ctx, DisclosureInput(okoye, date(2026, 10, 1), no_relationships=True))
    later = add_session(
        ctx, activity, SessionInput(TODAY + timedelta(days=7), time(12), time(13), speakers="Arjun Mehta, MD")
    )
    today_slide = slide_content(ctx, cleared.id)
    assert today_slide.standard3_warning is None
    assert "Samuel Okoye, MD (faculty)" in (today_slide.disclosure_text or "")
    assert "Mehta" not in (today_slide.disclosure_text or "")
    next_slide = slide_content(ctx, later.id)
    assert (
        next_slide.standard3_warning is not None
        and "Arjun Mehta, MD (speaker) has no disclosure" in next_slide.standard3_warning
    )
    assert next_slide.speakers == "Arjun Mehta, MD"


def test_a_draft_names_who_is_pending_and_never_says_nobody_has_relationships(ctx: Context) -> None:
    """DOMAIN.md, "Disclosure to learners": before the review is complete nothing can say there are none."""
    activity = _rounds(ctx)
    planner = add_person(ctx, "Rebecca", "Tran")
    assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    enter_disclosure(ctx, DisclosureInput(planner, date(2026, 10, 1), no_relationships=True))
    add_session(ctx, activity, SessionInput(TODAY, time(12), time(13), speakers="Arjun Mehta, MD"))
    statement = learner_disclosure(ctx, activity)
    assert not statement.ready
    assert "None of the planners and faculty" not in statement.text
    assert (
        "have no relevant financial relationships with ineligible companies: Rebecca Tran, MD (planner)."
        in statement.text
    )
    assert (
        "Disclosures not yet reviewed (this statement is a draft until they are): Arjun Mehta, MD (faculty)."
        in statement.text
    )


def test_the_handout_names_every_faculty_member_and_the_commercial_support(
    ctx: Context, tmp_path: Path
) -> None:
    activity = _rounds(
        ctx,
        SupportInput("Acme Pharmaceuticals", False, 500_000),
        SupportInput("Beta Devices", True, None),
    )
    for day, speaker in ((TODAY, "Samuel Okoye, MD"), (TODAY + timedelta(days=7), "Helen Park, DO")):
        add_session(ctx, activity, SessionInput(day, time(12), time(13), speakers=speaker))
    with ctx.db.transaction() as s:
        speakers = list(s.scalars(select(Person.id)))
    for person_id in speakers:
        enter_disclosure(ctx, DisclosureInput(person_id, date(2026, 10, 1), no_relationships=True))
    out = tmp_path / "handout.pdf"
    disclosure = save_learner_handout(ctx, activity, out)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert disclosure.ready
    assert "Samuel Okoye, MD (faculty)" in text and "Helen Park, DO (faculty)" in text
    assert (
        "This activity received commercial support: educational grants from Acme Pharmaceuticals and in-kind "
        "support from Beta Devices." in text
    )
    assert "commercial support" in (slide_content(ctx, _first_session(ctx, activity)).disclosure_text or "")


def _first_session(ctx: Context, activity_id: int) -> int:
    from cme_desktop.services.activities.records import get_activity

    return get_activity(ctx, activity_id).sessions[0].id


def test_credit_counts_instruction_time_not_breaks(ctx: Context) -> None:
    """DOMAIN.md, "Credit": breaks and meals are excluded. A course day 08:00-16:30 with 90 minutes of breaks and
    lunch carries 7 credits, not 8.5."""
    update_settings(ctx, {"provider_name": "Lowcountry Medical University Office of CME"})
    course = create_activity(
        ctx,
        ActivityInput(
            title="Cardiology Update",
            format=ActivityFormat.LIVE_COURSE,
            designations=(DesignationInput(CreditType.AMA_PRA_1, "14"),),
        ),
    ).id
    day = add_session(
        ctx, course, SessionInput(TODAY + timedelta(days=10), time(8), time(16, 30), break_minutes=90)
    )
    assert (day.credit_quarters, day.break_minutes) == (28, 90)
    import pytest

    from cme_desktop.domain.scheduling import ScheduleError

    with pytest.raises(
        ScheduleError, match=re.escape("7.5 credits is more than 420 minutes of instruction earn")
    ):
        add_session(
            ctx,
            course,
            SessionInput(TODAY + timedelta(days=11), time(8), time(16, 30), credits="7.5", break_minutes=90),
        )
    with pytest.raises(ScheduleError, match="would take the whole 60-minute session"):
        add_session(ctx, course, SessionInput(TODAY + timedelta(days=12), time(8), time(9), break_minutes=60))
