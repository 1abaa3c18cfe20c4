from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.context import Context
from cme_desktop.services.demo.fill import GRAND_ROUNDS, fill_demo
from cme_desktop.store.models import AttendanceClaim, Person, PersonEmail


def test_demo_fills_a_week_with_a_grand_rounds_session_today(ctx: Context) -> None:
    report = fill_demo(ctx)
    assert report.people_added == 300
    week = this_week(ctx)
    assert [s.activity_title for s in week.today] == [GRAND_ROUNDS]
    assert week.today[0].attendance_code is not None and len(week.today[0].attendance_code) == 7


def test_demo_people_have_mixed_professions(ctx: Context) -> None:
    fill_demo(ctx)
    with ctx.db.transaction() as session:
        degrees = set(session.scalars(select(Person.degree)))
    assert {"MD", "DO", "RN", "PharmD", "PA", "NP", "PhD"} <= degrees


def test_repeating_demo_duplicates_nothing(ctx: Context) -> None:
    fill_demo(ctx)
    with ctx.db.transaction() as session:
        counts = [
            session.scalar(select(func.count()).select_from(m))
            for m in (Person, PersonEmail, AttendanceClaim)
        ]
    again = fill_demo(ctx)
    assert (again.people_added, again.sessions_added, again.claims_added) == (0, 0, 0)
    with ctx.db.transaction() as session:
        assert counts == [
            session.scalar(select(func.count()).select_from(m))
            for m in (Person, PersonEmail, AttendanceClaim)
        ]


def test_demo_over_a_file_an_older_version_filled_adds_people_beside_the_old_ones(ctx: Context) -> None:
    """`--demo` on last month's demo file: its people hold other emails but the NetIDs and phones the demo
    makes now; they are kept and the colliding new ones left out, instead of a crash on a unique field."""
    fill_demo(ctx, people=40)
    with ctx.db.transaction() as session:
        for email in session.scalars(select(PersonEmail)):
            email.address = "old-" + email.address
        before = session.scalar(select(func.count()).select_from(Person))
    again = fill_demo(ctx, people=60)
    with ctx.db.transaction() as session:
        after = session.scalar(select(func.count()).select_from(Person))
    assert 0 < again.people_added < 60
    assert after == before + again.people_added


def test_demo_shows_a_complete_and_an_unfinished_standard3_review(ctx: Context) -> None:
    from cme_desktop.services.demo.fill import COURSE
    from cme_desktop.services.standard3.disclosures import activities_standard3, learner_disclosure

    fill_demo(ctx)
    states = {a.title: a for a in activities_standard3(ctx)}
    assert states[GRAND_ROUNDS].complete
    assert not states[COURSE].complete and states[COURSE].problems
    statement = learner_disclosure(ctx, states[GRAND_ROUNDS].activity_id).text
    assert "Acme Cardiac Devices" in statement and "mitigated" in statement
    fill_demo(ctx)  # repeating adds no second set of roles or disclosures
    assert learner_disclosure(ctx, states[GRAND_ROUNDS].activity_id).text == statement


def test_demo_claims_carry_the_evidence_their_channel_leaves(ctx: Context) -> None:
    fill_demo(ctx)
    with ctx.db.transaction() as session:
        claims = list(session.scalars(select(AttendanceClaim)))
    texts = [c for c in claims if c.channel == "text"]
    assert texts and all(c.evidence["phone"].startswith("+1") for c in texts)
    assert all("machine" in c.evidence for c in claims if c.channel == "kiosk")


def test_demo_texted_claims_have_their_texts_in_the_log(ctx: Context) -> None:
    from cme_desktop.services.texting.log import list_messages

    fill_demo(ctx)
    with ctx.db.transaction() as session:
        texted = session.scalar(select(func.count()).where(AttendanceClaim.channel == "text"))
    messages = list_messages(ctx, "", limit=10_000)
    assert texted and len([m for m in messages if m.direction == "in"]) == texted
    reply = next(m for m in messages if m.direction == "out")
    assert reply.body.startswith("Recorded: Medicine Grand Rounds on ")


def test_the_demo_office_can_print_what_it_designates_and_every_speaker_is_a_person(ctx: Context) -> None:
    """Issue 14's demo: accreditations for every credit it designates, a profile for every speaker, course days
    credited for their instruction time (DOMAIN.md, "Credit": breaks and meals are excluded)."""
    from cme_desktop.services.activities.calendar import sessions_between
    from cme_desktop.services.demo.fill import COURSE
    from cme_desktop.services.office.settings import load_settings
    from cme_desktop.store.activities import CreditDesignation

    fill_demo(ctx)
    accreditation = load_settings(ctx).accreditation
    assert accreditation.declared
    with ctx.db.transaction() as session:
        designated = set(session.scalars(select(CreditDesignation.credit_type)))
    assert all(accreditation.holds(credit_type) for credit_type in designated)
    everything = sessions_between(ctx, ctx.clock() - timedelta(weeks=20), ctx.clock() + timedelta(weeks=20))
    assert everything and all(s.faculty for s in everything)
    course = [s for s in everything if s.activity_title == COURSE]
    assert [(s.break_minutes, s.credit_quarters) for s in course] == [(90, 28), (60, 24)]


def test_demo_has_a_printed_session_with_a_valid_and_a_revoked_certificate(ctx: Context) -> None:
    from cme_desktop.services.certificates.verifying import verify
    from cme_desktop.services.demo.certificates import demo_codes

    fill_demo(ctx)
    codes = demo_codes(ctx, GRAND_ROUNDS)
    assert codes.valid is not None and codes.revoked is not None
    valid = verify(ctx, codes.valid)
    assert valid.valid and valid.activity == GRAND_ROUNDS
    assert valid.day == ctx.clock().date() - timedelta(days=7)
    assert verify(ctx, codes.revoked).status == "revoked"
    fill_demo(ctx)  # repeating prints nothing new and revokes nobody else
    assert demo_codes(ctx, GRAND_ROUNDS) == codes


def test_the_demo_says_how_to_open_the_portal_with_todays_code_and_certificates(ctx: Context) -> None:
    from cme_desktop.services.demo.certificates import demo_codes
    from cme_desktop.services.demo.portal import portal_instructions

    fill_demo(ctx)
    text = portal_instructions(ctx)
    code = this_week(ctx).today[0].attendance_code
    codes = demo_codes(ctx, GRAND_ROUNDS)
    assert "uv run cme-desktop --demo serve --mail-to-console --port 8080" in text
    assert "open http://127.0.0.1:8080/ and sign in" in text
    assert f"http://127.0.0.1:8080/c/{code}" in text
    assert f"http://127.0.0.1:8080/verify/{codes.valid}" in text
    assert f"http://127.0.0.1:8080/verify/{codes.revoked}" in text
