"""A merge cannot lose a claim that arrives while it runs (issue 15, item 1).

Twenty duplicate profiles are merged into their twins while 200 texted claims for them arrive from four other
connections; each merge starts only once claims for its profile are arriving, so every merge overlaps them.
Every claim the learner was told "recorded" must be in the database afterwards, on the survivor, with its audit
entry pointing at it, and every merge must still undo.
"""

from __future__ import annotations

import queue
import threading
from datetime import timedelta

from sqlalchemy import func, select

from cme_desktop.domain.vocabulary import ActivityFormat, ClaimChannel, CreditType
from cme_desktop.services.activities.records import issue_code
from cme_desktop.services.attendance.claims import ClaimOutcome, ClaimRequest, record_claim
from cme_desktop.services.context import Context
from cme_desktop.services.people.merge_undo import undo_merge
from cme_desktop.services.people.merging import merge_people
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.db import Database
from tests.services.attendance_factory import add_person

PAIRS = 20
SESSIONS = 10
CLAIMERS = 4


def _open_sessions(ctx: Context) -> list[str]:
    """Ten sessions of one activity whose attendance codes are open now; their codes."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        activity = Activity(title="Medicine Grand Rounds", format=ActivityFormat.RSS, created_at=now)
        activity.designations.append(CreditDesignation(credit_type=CreditType.AMA_PRA_1, max_quarters=200))
        session.add(activity)
        session.flush()
        pending: set[str] = set()
        codes = []
        for index in range(SESSIONS):
            start = now - timedelta(minutes=20 + index)
            row = ActivitySession(
                activity_id=activity.id,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                timezone="America/New_York",
                credit_quarters=4,
            )
            session.add(row)
            codes.append(issue_code(session, row, activity, now, pending))
        return codes


def test_merging_while_200_claims_arrive_loses_none_and_every_merge_undoes(ctx: Context) -> None:
    codes = _open_sessions(ctx)
    survivors = [add_person(ctx, f"Pat{i}", "Rivera", "MD", f"pat{i}@lowcountry.edu") for i in range(PAIRS)]
    twins = [add_person(ctx, f"Pat{i}", "Rivera", "MD", f"pat{i}@gmail.com") for i in range(PAIRS)]
    url = ctx.db.url
    work: queue.Queue[tuple[int, str]] = queue.Queue()
    for pair in range(PAIRS):
        for code in codes:
            work.put((pair, code))
    started = [threading.Event() for _ in range(PAIRS)]
    results: list[tuple[int, int, ClaimOutcome]] = []  # (pair, claim id, outcome)
    failures: list[BaseException] = []

    def claimer() -> None:
        db = Database.open(url)  # another connection, as another coordinator's laptop or the gateway
        other = Context(db, clock=ctx.clock, actor=ctx.actor)
        try:
            while True:
                try:
                    pair, code = work.get_nowait()
                except queue.Empty:
                    return
                started[pair].set()
                request = ClaimRequest(
                    twins[pair], ClaimChannel.TEXT, code=code, evidence={"phone": f"+1843555{pair:04d}"}
                )
                result = record_claim(other, request)
                results.append((pair, result.claim.id, result.outcome))
        except BaseException as error:  # reported below: a claim that failed is a claim lost
            failures.append(error)
        finally:
            for event in started:
                event.set()  # never leave the merging thread waiting
            db.dispose()

    threads = [threading.Thread(target=claimer) for _ in range(CLAIMERS)]
    for thread in threads:
        thread.start()
    merges = []
    for pair in range(PAIRS):
        started[pair].wait(60)
        merges.append(merge_people(ctx, survivors[pair], twins[pair]).audit_id)
    for thread in threads:
        thread.join(120)

    assert failures == []
    assert len(results) == PAIRS * SESSIONS
    assert {outcome for _, _, outcome in results} == {ClaimOutcome.RECORDED}
    with ctx.db.transaction() as session:
        stored = dict(session.execute(select(AttendanceClaim.id, AttendanceClaim.person_id)).all())
        audited = set(
            session.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "attendance.claim"))
        )
    assert len(stored) == PAIRS * SESSIONS
    for pair, claim_id, _ in results:
        assert stored.get(claim_id) == survivors[pair]  # told "recorded", and it is, on the survivor
    assert audited == set(stored)

    for audit_id in merges:
        undo_merge(ctx, audit_id)
    with ctx.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(AttendanceClaim)) == PAIRS * SESSIONS
        owners = set(session.scalars(select(AttendanceClaim.person_id)))
    assert owners <= set(survivors) | set(twins)
