"""Inviting planners, faculty and speakers to disclose for themselves (issue 18; DOMAIN.md, "Disclosure": every
planner, faculty member and session speaker discloses), on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.standard3 import DisclosureStatus
from cme_desktop.domain.vocabulary import RoleInActivity
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.sending import MailNotSent
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    assign_role,
    dashboard,
    enter_disclosure,
)
from cme_desktop.services.standard3.invitations import invitation_list
from cme_desktop.services.standard3.inviting import preview_invitation, send_invitations
from cme_desktop.services.standard3.links import LinkRefused, open_link
from cme_desktop.store.invitations import DisclosureLink
from tests.services.standard3_factory import add_activity, add_person, add_speaker

DAY_ONE = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # 9:00 AM in Charleston, ten days after the frozen NOW
LINK = re.compile(r"https://cme\.example\.edu/disclose/i/(\S+)")


@dataclass
class Course:
    activity: int
    greene: int  # planner, current disclosure
    mehta: int  # faculty, none on file
    park: int  # speaker of day two, disclosure expiring before it
    bennett: int  # faculty, no email
    okoye: int  # faculty, declined to disclose


@pytest.fixture
def course(ctx: Context) -> Course:
    update_settings(
        ctx,
        {
            "portal_url": "https://cme.example.edu/",
            "provider_name": "Lowcountry CME",
            "help_contact": "cme@lowcountry.edu",
        },
    )
    activity = add_activity(ctx, "Cardiology Update", DAY_ONE)
    people = Course(
        activity,
        add_person(ctx, "Marcus", "Greene", email="marcus.greene@lowcountry.edu"),
        add_person(ctx, "Arjun", "Mehta", email="arjun.mehta@lowcountry.edu"),
        add_person(ctx, "Helen", "Park", "DO", email="helen.park@lowcountry.edu"),
        add_person(ctx, "Laura", "Bennett"),
        add_person(ctx, "Samuel", "Okoye", email="samuel.okoye@lowcountry.edu"),
    )
    assign_role(ctx, activity, people.greene, RoleInActivity.PLANNER)
    for faculty in (people.mehta, people.bennett, people.okoye):
        assign_role(ctx, activity, faculty, RoleInActivity.FACULTY)
    add_speaker(ctx, activity, people.park, DAY_ONE + timedelta(days=1))
    enter_disclosure(
        ctx, DisclosureInput(people.greene, date(2026, 10, 1), attested=True, no_relationships=True)
    )
    enter_disclosure(
        ctx, DisclosureInput(people.park, date(2025, 12, 2), attested=True, no_relationships=True)
    )
    enter_disclosure(ctx, DisclosureInput(people.okoye, date(2026, 11, 2), refused=True))
    return people


class Mailbox:
    def __init__(self) -> None:
        self.mails: list[OutgoingMail] = []

    def __call__(self, mail: OutgoingMail) -> None:
        self.mails.append(mail)

    def token(self, to: str) -> str:
        mail = next(m for m in reversed(self.mails) if m.to == to)
        found = LINK.search(mail.text)
        assert found is not None, mail.text
        return found.group(1)


def test_who_needs_to_disclose_and_who_is_suggested(ctx: Context, course: Course) -> None:
    invitees = invitation_list(ctx, course.activity).invitees
    seen = {i.name: (i.needs_disclosure, i.reason, i.suggested) for i in invitees}
    assert seen == {
        "Marcus Greene, MD": (False, "current until Sep 30, 2027", False),
        "Arjun Mehta, MD": (True, "no disclosure on file", True),
        "Helen Park, DO": (True, "current until Dec 1, 2026, before their session on Dec 9, 2026", True),
        "Laura Bennett, MD": (True, "no disclosure on file", False),  # no email to send it to
        "Samuel Okoye, MD": (False, "declined to disclose on Nov 2, 2026", False),
    }
    park = next(i for i in invitees if i.person_id == course.park)
    assert park.roles == (RoleInActivity.FACULTY,) and park.next_session_at == DAY_ONE + timedelta(days=1)


def test_the_dashboard_says_who_was_asked_and_who_opened_the_link(ctx: Context, course: Course) -> None:
    """The "Expiring and missing" list shows each person's newest invitation, so the office chases the right ones."""
    box = Mailbox()
    send_invitations(ctx, course.activity, [course.mehta, course.park], box)
    open_link(ctx, box.token("arjun.mehta@lowcountry.edu"))
    missing = {p.person_id: p.invitation for p in dashboard(ctx).missing}
    assert set(missing) == {course.mehta, course.park, course.bennett, course.okoye}
    mehta, park = missing[course.mehta], missing[course.park]
    assert mehta is not None and mehta.waiting and mehta.opened_at == ctx.clock()
    assert park is not None and park.waiting and park.opened_at is None
    assert missing[course.bennett] is None and missing[course.okoye] is None  # no email; declined


def test_an_invitation_carries_a_link_of_which_only_a_hash_is_kept(ctx: Context, course: Course) -> None:
    box = Mailbox()
    report = send_invitations(ctx, course.activity, [course.mehta, course.park, course.bennett], box)
    assert report.sent == ("Arjun Mehta, MD", "Helen Park, DO")
    assert report.skipped == (("Laura Bennett, MD", "no email on file (add one on their profile)."),)
    assert report.sentence == (
        "Sent 2 invitations. Not sent to Laura Bennett, MD: no email on file (add one on their profile)."
    )
    mail = box.mails[0]
    assert (mail.to, mail.subject, mail.purpose) == (
        "arjun.mehta@lowcountry.edu",
        "Please disclose for Cardiology Update",
        "disclosure invitation",
    )
    assert mail.text.startswith(
        "Hello Arjun Mehta,\n\nYou are faculty for Cardiology Update, which begins on Tuesday, December 8, 2026."
    )
    assert "works until Saturday, December 12, 2026" in mail.text
    assert mail.text.endswith("Thank you,\nLowcountry CME\ncme@lowcountry.edu\n")
    token = box.token("arjun.mehta@lowcountry.edu")
    with ctx.db.transaction() as session:
        stored = list(session.scalars(select(DisclosureLink.token_hash)))
    assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
    grant = open_link(ctx, token)
    assert (grant.person_id, grant.name) == (course.mehta, "Arjun Mehta")
    state = next(i for i in invitation_list(ctx, course.activity).invitees if i.person_id == course.mehta)
    assert (
        state.invitation is not None
        and state.invitation.waiting
        and state.invitation.opened_at == ctx.clock()
    )
    assert not state.suggested  # asked already: a resend is the coordinator's choice
    [entry] = [e for e in audit.history(ctx, "disclosure_invitation") if e.after["person_id"] == course.mehta]
    assert (
        entry.action == "disclosure_invitation.send" and entry.after["email"] == "arjun.mehta@lowcountry.edu"
    )


def test_a_tampered_or_expired_link_gets_a_sentence_never_the_person(ctx: Context, course: Course) -> None:
    box = Mailbox()
    send_invitations(ctx, course.activity, [course.mehta], box)
    token = box.token("arjun.mehta@lowcountry.edu")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, token[:20], token + "x", "../../etc/passwd"):
        with pytest.raises(LinkRefused, match="This link is not one we sent") as refused:
            open_link(ctx, bad)
        assert not refused.value.expired
    later = replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(days=14)))
    with pytest.raises(LinkRefused) as expired:
        open_link(later, token)
    assert expired.value.expired
    assert str(expired.value) == (
        "This link worked until Saturday, December 12, 2026 and has expired. Ask cme@lowcountry.edu for a new one."
    )
    almost = replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(days=14, seconds=-1)))
    assert open_link(almost, token).person_id == course.mehta


def test_a_resend_mails_a_new_link_and_the_first_still_works(ctx: Context, course: Course) -> None:
    box = Mailbox()
    send_invitations(ctx, course.activity, [course.mehta], box)
    first = box.token("arjun.mehta@lowcountry.edu")
    later = replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(days=2)))
    send_invitations(later, course.activity, [course.mehta], box)
    second = box.token("arjun.mehta@lowcountry.edu")
    assert first != second
    assert open_link(later, first).person_id == open_link(later, second).person_id == course.mehta
    state = next(i for i in invitation_list(later, course.activity).invitees if i.person_id == course.mehta)
    assert state.invitation is not None
    assert (state.invitation.sends, state.invitation.sent_at, state.invitation.invited_at) == (
        2,
        later.clock(),
        ctx.clock(),
    )
    actions = [e.action for e in audit.history(ctx, "disclosure_invitation")]
    assert actions == ["disclosure_invitation.resend", "disclosure_invitation.send"]


def test_a_mail_that_could_not_go_is_recorded_with_why_and_its_link_dropped(
    ctx: Context, course: Course
) -> None:
    def refusing(mail: OutgoingMail) -> None:
        raise MailNotSent(
            "The disclosure invitation could not be sent through mail:587: the server refused the address."
        )

    report = send_invitations(ctx, course.activity, [course.mehta], refusing)
    assert report.sent == () and report.failed[0][0] == "Arjun Mehta, MD"
    state = next(i for i in invitation_list(ctx, course.activity).invitees if i.person_id == course.mehta)
    assert state.invitation is not None and state.invitation.sent_at is None
    assert state.invitation.failure is not None and state.invitation.failure.endswith("refused the address.")
    assert state.suggested  # never reached them: still to invite
    with ctx.db.transaction() as session:
        assert list(session.scalars(select(DisclosureLink))) == []


def test_without_a_portal_address_nothing_is_made_or_sent(ctx: Context, course: Course) -> None:
    update_settings(ctx, {"portal_url": ""})
    assert invitation_list(ctx, course.activity).portal_problem is not None
    box = Mailbox()
    with pytest.raises(InputError, match="Set the portal address first"):
        send_invitations(ctx, course.activity, [course.mehta], box)
    assert box.mails == []
    assert all(i.invitation is None for i in invitation_list(ctx, course.activity).invitees)


def test_the_preview_is_the_email_with_a_stand_in_for_the_link(ctx: Context, course: Course) -> None:
    mail = preview_invitation(ctx, course.activity, course.park)
    assert mail.to == "helen.park@lowcountry.edu"
    assert "You are faculty for Cardiology Update, which begins on Wednesday, December 9, 2026." in mail.text
    assert "https://cme.example.edu/disclose/i/…" in mail.text
    with ctx.db.transaction() as session:
        assert list(session.scalars(select(DisclosureLink))) == []


def test_a_disclosure_entered_by_the_office_answers_the_invitation(ctx: Context, course: Course) -> None:
    send_invitations(ctx, course.activity, [course.mehta], Mailbox())
    listing = invitation_list(ctx, course.activity)
    assert [i.person_id for i in listing.not_answered] == [course.mehta]
    enter_disclosure(
        ctx, DisclosureInput(course.mehta, date(2026, 11, 28), attested=True, no_relationships=True)
    )
    listing = invitation_list(ctx, course.activity)
    assert listing.not_answered == ()
    mehta = next(i for i in listing.invitees if i.person_id == course.mehta)
    assert mehta.status is DisclosureStatus.CURRENT and mehta.invitation is not None
    assert mehta.invitation.answered_at == ctx.clock()
