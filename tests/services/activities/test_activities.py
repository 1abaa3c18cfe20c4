"""Creating, editing, archiving and finding activities, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from cme_desktop.domain.uan import UanError
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType, Delivery, Providership
from cme_desktop.services import audit
from cme_desktop.services.activities.records import (
    ActivityError,
    ActivityFilter,
    ActivityInput,
    DesignationInput,
    SupportInput,
    archive_activity,
    create_activity,
    departments,
    get_activity,
    list_activities,
    restore_activity,
    update_activity,
)
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import add_session
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.editing import StaleEditError
from tests.services.activity_factory import add_claims, grand_rounds

COURSE = ActivityInput(
    title="Cardiology Update: A Two-Day Course",
    format=ActivityFormat.LIVE_COURSE,
    providership=Providership.JOINT,
    joint_provider="Carolina Heart Society",
    department="Division of Cardiology",
    director="Marcus Greene, MD",
    venue="Drug Discovery Building",
    city="Charleston",
    state="SC",
    country="United States",
    delivery=Delivery.HYBRID,
    description="Two days of updates in heart failure, arrhythmia and prevention.",
    commercial_support=(
        SupportInput("Medtronic", in_kind=False, amount_cents=500_000),
        SupportInput("Abbott", in_kind=True),
    ),
    designations=(
        DesignationInput(CreditType.AMA_PRA_1, "13.5"),
        DesignationInput(CreditType.PHARMACY, 13.5, uan="ja0000000-0000-27-001-l01-p"),
        DesignationInput(CreditType.PARTICIPATION, 14),
    ),
    code_opens_minutes_before=15,
    code_closes_days_after=3,
)


def other(ctx: Context, user: str) -> Context:
    return Context(ctx.db, clock=ctx.clock, actor=Actor(user, "office-pc"))


def test_an_activity_keeps_every_field_of_the_form(ctx: Context) -> None:
    saved = create_activity(ctx, COURSE)
    loaded = get_activity(ctx, saved.id)
    assert loaded == saved
    assert (loaded.title, loaded.format_label, loaded.joint_provider) == (
        "Cardiology Update: A Two-Day Course",
        "Course",
        "Carolina Heart Society",
    )
    assert (
        loaded.delivery,
        loaded.city,
        loaded.code_opens_minutes_before,
        loaded.code_closes_days_after,
    ) == (
        "hybrid",
        "Charleston",
        15,
        3,
    )
    assert [(d.label, d.max_credits, d.uan) for d in loaded.designations] == [
        ("AMA PRA Category 1 Credit™", "13.5", None),
        ("Pharmacy contact hours (ACPE)", "13.5", "JA0000000-0000-27-001-L01-P"),
        ("Participation hours", "14", None),
    ]
    assert [(s.source, s.in_kind, s.amount_cents) for s in loaded.support] == [
        ("Medtronic", False, 500_000),
        ("Abbott", True, None),
    ]
    assert loaded.as_input().designations[0].max_credits == 13.5
    (entry,) = audit.history(ctx, "activity", saved.id)
    assert entry.action == "activity.create" and entry.os_user == "coordinator"
    assert entry.after is not None and entry.after["joint_provider"] == "Carolina Heart Society"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Give the activity a title."),
        ({"joint_provider": ""}, "A jointly provided activity needs the joint provider's name."),
        (
            {"format": "webinar"},
            "'webinar' is not a learning format; choose one of: Course, Regularly scheduled",
        ),
        ({"commercial_support": (SupportInput("Pfizer"),)}, "Monetary support from Pfizer needs its amount."),
        ({"designations": (DesignationInput(CreditType.AMA_PRA_1, "1.3"),)}, "steps of 0.25"),
        (
            {"designations": (DesignationInput(CreditType.PHARMACY, 2),)},
            "Pharmacy credit needs the activity's ACPE UAN",
        ),
        (
            {"designations": (DesignationInput(CreditType.NURSING, 2, uan="0798-9999-18-246-H04-P"),)},
            "A UAN belongs to pharmacy credit only",
        ),
        (
            {"designations": (DesignationInput(CreditType.NURSING, 2), DesignationInput("nursing", 3))},
            "Nursing contact hours is designated twice",
        ),
        ({"code_closes_days_after": -1}, "close 0 to 365 days after"),
    ],
)
def test_a_form_with_a_mistake_is_refused_with_a_sentence(
    ctx: Context, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ActivityError) as caught:
        create_activity(ctx, replace(COURSE, **changes))  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert list_activities(ctx) == []


def test_a_malformed_uan_is_refused_naming_the_wrong_part(ctx: Context) -> None:
    bad = replace(
        COURSE, designations=(DesignationInput(CreditType.PHARMACY, 2, uan="0798-9999-18-246-H04-Q"),)
    )
    with pytest.raises(UanError, match="'Q' should be the audience"):
        create_activity(ctx, bad)


def test_a_direct_activity_forgets_a_joint_provider_name(ctx: Context) -> None:
    saved = create_activity(ctx, replace(COURSE, providership=Providership.DIRECT))
    assert saved.joint_provider is None


def test_list_search_and_filter(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    for week in range(3):
        add_session(
            ctx, rounds.id, SessionInput(date(2026, 12, 2) + timedelta(weeks=week), time(12), time(13))
        )
    course = create_activity(ctx, COURSE)
    add_session(ctx, course.id, SessionInput(date(2027, 1, 14), time(8), time(16, 30)))
    old = create_activity(ctx, replace(COURSE, title="Cardiology Update 2025"))
    archive_activity(ctx, old.id, old.version)

    everything = list_activities(ctx)
    assert [a.title for a in everything] == [
        "Cardiology Update: A Two-Day Course",
        "Medicine Grand Rounds 2027",
    ]
    listed_rounds = everything[1]
    assert (listed_rounds.session_count, listed_rounds.first_date, listed_rounds.last_date) == (
        3,
        date(2026, 12, 2),
        date(2026, 12, 16),
    )
    assert [d.credit_type for d in listed_rounds.designations] == ["ama_pra_1", "nursing"]

    def titles(**where: object) -> list[str]:
        return [a.title for a in list_activities(ctx, ActivityFilter(**where))]  # type: ignore[arg-type]

    assert titles(text="grand") == ["Medicine Grand Rounds 2027"]
    assert titles(text="greene") == ["Cardiology Update: A Two-Day Course"]
    assert titles(text="100%") == []
    assert titles(format=ActivityFormat.RSS) == ["Medicine Grand Rounds 2027"]
    assert titles(department="Division of Cardiology") == ["Cardiology Update: A Two-Day Course"]
    assert titles(status="archived") == ["Cardiology Update 2025"]
    assert len(titles(include_archived=True)) == 3
    assert titles(first=date(2026, 12, 10), last=date(2026, 12, 31)) == ["Medicine Grand Rounds 2027"]
    assert titles(first=date(2027, 1, 1)) == ["Cardiology Update: A Two-Day Course"]
    assert titles(last=date(2026, 12, 1)) == []
    assert departments(ctx) == ["Department of Medicine", "Division of Cardiology"]


def test_an_edit_is_saved_and_audited_with_only_what_changed(ctx: Context) -> None:
    saved = create_activity(ctx, COURSE)
    edited = update_activity(
        ctx, saved.id, replace(saved.as_input(), title="Cardiology Update 2027"), saved.version
    )
    assert edited.title == "Cardiology Update 2027" and edited.version == saved.version + 1
    assert edited.updated_by == "coordinator"
    entry = audit.history(ctx, "activity", saved.id)[0]
    assert entry.action == "activity.update"
    assert entry.before == {"title": "Cardiology Update: A Two-Day Course"}
    assert entry.after == {"title": "Cardiology Update 2027"}


def test_a_save_over_someone_elses_newer_save_is_refused(ctx: Context) -> None:
    mine = create_activity(ctx, COURSE)
    theirs = update_activity(
        other(ctx, "pat"), mine.id, replace(mine.as_input(), city="Columbia"), mine.version
    )
    with pytest.raises(StaleEditError) as caught:
        update_activity(ctx, mine.id, replace(mine.as_input(), title="Mine"), mine.version)
    assert "changed by pat at 11:00 AM on Saturday, November 28, 2026: reload" in str(caught.value)
    assert get_activity(ctx, mine.id) == theirs
    with pytest.raises(StaleEditError, match="changed by pat"):
        archive_activity(ctx, mine.id, mine.version)


def test_a_designation_cannot_drop_below_the_credits_already_scheduled(ctx: Context) -> None:
    rounds = grand_rounds(ctx, credits="2")
    add_session(ctx, rounds.id, SessionInput(date(2026, 12, 2), time(12), time(13)))
    add_session(ctx, rounds.id, SessionInput(date(2026, 12, 9), time(12), time(13)))
    rounds = get_activity(ctx, rounds.id)
    lower = replace(rounds.as_input(), designations=(DesignationInput(CreditType.AMA_PRA_1, "1.5"),))
    with pytest.raises(
        ActivityError, match=re.escape("scheduled sessions already carry 2 credits in all, more than the 1.5")
    ):
        update_activity(ctx, rounds.id, lower, rounds.version)


def test_a_designation_learners_have_claimed_cannot_be_removed(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    session = add_session(ctx, rounds.id, SessionInput(date(2026, 11, 25), time(12), time(13)))
    add_claims(ctx, session.id, 2, ctx.clock())
    rounds = get_activity(ctx, rounds.id)
    without_ama = replace(rounds.as_input(), designations=(DesignationInput(CreditType.NURSING, 52),))
    with pytest.raises(ActivityError, match="2 attendance claims already carry AMA PRA Category 1 Credit™"):
        update_activity(ctx, rounds.id, without_ama, rounds.version)


def test_a_new_code_window_moves_open_windows_and_leaves_closed_ones(ctx: Context) -> None:
    rounds = grand_rounds(ctx)
    # The clock is at 11:00 on 28 November 2026: the 11 November code closed on the 18th, the 25th's is open.
    closed = add_session(ctx, rounds.id, SessionInput(date(2026, 11, 11), time(12), time(13)))
    still_open = add_session(ctx, rounds.id, SessionInput(date(2026, 11, 25), time(12), time(13)))
    upcoming = add_session(ctx, rounds.id, SessionInput(date(2026, 12, 2), time(12), time(13)))
    rounds = get_activity(ctx, rounds.id)
    shorter = replace(rounds.as_input(), code_opens_minutes_before=10, code_closes_days_after=14)
    saved = update_activity(ctx, rounds.id, shorter, rounds.version)
    by_id = {s.id: s for s in saved.sessions}
    assert by_id[closed.id].code_closes_at == closed.code_closes_at
    assert by_id[still_open.id].code_closes_at == still_open.ends_at + timedelta(days=14)
    assert by_id[upcoming.id].code_opens_at == upcoming.starts_at - timedelta(minutes=10)
    entry = audit.history(ctx, "activity", rounds.id)[0]
    assert entry.after is not None and entry.after["code_windows_recomputed"] == 2


def test_an_archived_activity_leaves_the_list_and_comes_back(ctx: Context) -> None:
    saved = create_activity(ctx, COURSE)
    archived = archive_activity(ctx, saved.id, saved.version)
    assert archived.status == "archived" and list_activities(ctx) == []
    edited = update_activity(ctx, saved.id, replace(archived.as_input(), city="Columbia"), archived.version)
    assert edited.status == "archived"
    restored = restore_activity(ctx, saved.id, edited.version)
    assert restored.status == "active" and [a.id for a in list_activities(ctx)] == [saved.id]
    assert [e.action for e in audit.history(ctx, "activity", saved.id)] == [
        "activity.restore",
        "activity.update",
        "activity.archive",
        "activity.create",
    ]


def test_an_unknown_activity_is_named(ctx: Context) -> None:
    with pytest.raises(ActivityError, match="There is no activity number 999"):
        get_activity(ctx, 999)
