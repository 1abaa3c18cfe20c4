"""Reminders at 7 and 3 days before the person's first session, each sent once however many server processes
run the job (issue 18), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.self_disclosure import NONE, FormAnswers
from cme_desktop.domain.vocabulary import RoleInActivity
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.sending import MailNotSent
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import DisclosureInput, assign_role, enter_disclosure
from cme_desktop.services.standard3.inviting import send_invitations
from cme_desktop.services.standard3.reminders import send_due_reminders
from cme_desktop.services.standard3.self_service import submit_disclosure
from tests.services.standard3_factory import add_activity, add_person

FIRST = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # the course's first session, 10 days after the frozen NOW


def at(ctx: Context, when: datetime) -> Context:
    return replace(ctx, clock=frozen_clock(when))


class Mailbox:
    def __init__(self) -> None:
        self.mails: list[OutgoingMail] = []
        self.lock = threading.Lock()

    def __call__(self, mail: OutgoingMail) -> None:
        with self.lock:
            self.mails.append(mail)


@pytest.fixture
def invited(ctx: Context) -> tuple[int, list[int]]:
    """The course's three faculty, invited today (ten days before the first session); none has disclosed."""
    update_settings(ctx, {"portal_url": "https://cme.example.edu", "provider_name": "Lowcountry CME"})
    activity = add_activity(ctx, "Cardiology Update", FIRST)
    people = [
        add_person(ctx, first, last, email=f"{first}.{last}@lowcountry.edu".lower())
        for first, last in (("Arjun", "Mehta"), ("Helen", "Park"), ("Laura", "Bennett"))
    ]
    for person in people:
        assign_role(ctx, activity, person, RoleInActivity.FACULTY)
    send_invitations(ctx, activity, people, Mailbox())
    return activity, people


def test_reminders_go_7_and_3_days_before_the_first_session_once_each(
    ctx: Context, invited: tuple[int, list[int]]
) -> None:
    _, (_, park, bennett) = invited
    enter_disclosure(ctx, DisclosureInput(park, date(2026, 11, 28), attested=True, no_relationships=True))
    submit_disclosure(ctx, bennett, FormAnswers(NONE, "no", (), attested=True))
    box = Mailbox()
    assert send_due_reminders(at(ctx, FIRST - timedelta(days=7, seconds=1)), box) == 0
    assert send_due_reminders(at(ctx, FIRST - timedelta(days=7)), box) == 1
    assert send_due_reminders(at(ctx, FIRST - timedelta(days=6)), box) == 0
    assert send_due_reminders(at(ctx, FIRST - timedelta(days=3)), box) == 1
    assert send_due_reminders(at(ctx, FIRST - timedelta(days=1)), box) == 0
    assert [m.to for m in box.mails] == ["arjun.mehta@lowcountry.edu"] * 2  # the others have disclosed
    week, days = box.mails
    assert week.subject == "Reminder: your disclosure for Cardiology Update"
    assert "which begins in 7 days on Tuesday, December 8, 2026" in week.text
    assert "which begins in 3 days on Tuesday, December 8, 2026" in days.text
    assert "https://cme.example.edu/disclose/i/" in days.text
    reminded = [
        e for e in audit.history(ctx, "disclosure_invitation") if e.action == "disclosure_invitation.remind"
    ]
    assert sorted(e.after["days_before"] for e in reminded) == [3, 7]


def test_a_reminder_whose_day_came_before_the_invitation_is_not_sent(ctx: Context) -> None:
    update_settings(ctx, {"portal_url": "https://cme.example.edu"})
    activity = add_activity(ctx, "Medicine Grand Rounds", ctx.clock() + timedelta(days=5))
    late = add_person(ctx, "Arjun", "Mehta", email="arjun.mehta@lowcountry.edu")
    assign_role(ctx, activity, late, RoleInActivity.FACULTY)
    send_invitations(ctx, activity, [late], Mailbox())  # five days before: the 7-day reminder's day is past
    box = Mailbox()
    assert send_due_reminders(ctx, box) == 0
    assert send_due_reminders(at(ctx, ctx.clock() + timedelta(days=2)), box) == 1
    assert "in 3 days" in box.mails[0].text


def test_several_server_processes_send_each_reminder_once(
    ctx: Context, invited: tuple[int, list[int]]
) -> None:
    box = Mailbox()
    when = at(ctx, FIRST - timedelta(days=7))
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            send_due_reminders(when, box)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(m.to for m in box.mails) == [
        "arjun.mehta@lowcountry.edu",
        "helen.park@lowcountry.edu",
        "laura.bennett@lowcountry.edu",
    ]


def test_a_reminder_that_could_not_be_sent_is_tried_again(
    ctx: Context, invited: tuple[int, list[int]]
) -> None:
    when = at(ctx, FIRST - timedelta(days=7))

    def down(mail: OutgoingMail) -> None:
        raise MailNotSent(
            "The disclosure reminder could not be sent through mail:587: ConnectionRefusedError."
        )

    assert send_due_reminders(when, down) == 0
    box = Mailbox()
    assert send_due_reminders(when, box) == 3
