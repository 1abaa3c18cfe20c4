"""The kiosk finds a learner only by an exact identifier or name plus birthday (issue 19, item 10)."""

from __future__ import annotations

import pytest

from cme_desktop.errors import InputError
from cme_desktop.services.attendance.kiosk import (
    NewLearner,
    SeeTheCoordinator,
    find_by_birthday,
    find_learner,
    sign_up_and_claim,
)
from cme_desktop.services.context import Context
from cme_desktop.store.people import Person
from tests.services.attendance_factory import Setting, add_person, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def _id(found: object) -> int | None:
    return getattr(found, "id", None)


def test_exact_email_phone_or_netid_find_the_learner_and_nothing_else_does(
    ctx: Context, setting: Setting
) -> None:
    with ctx.db.transaction() as s:
        s.get_one(Person, setting.nurse).netid = "rmoss"
    assert _id(find_learner(ctx, " Jane.Doe@Example.org ")) == setting.physician
    assert _id(find_learner(ctx, "843-555-0101")) == setting.physician
    assert _id(find_learner(ctx, "+1 (843) 555 0101")) == setting.physician
    assert _id(find_learner(ctx, "RMOSS")) == setting.nurse
    for partial in ("jane", "jane.doe@", "example.org", "Doe", "843555", "rmos", "", "555-0199"):
        assert find_learner(ctx, partial) is None, partial


def test_name_and_birthday_find_exactly_one_or_send_the_learner_to_the_desk(
    ctx: Context, setting: Setting
) -> None:
    with ctx.db.transaction() as s:
        ray = s.get_one(Person, setting.nurse)
        ray.birth_month, ray.birth_day = 3, 2
    assert _id(find_by_birthday(ctx, "ray", "MOSS", 3, 2)) == setting.nurse
    assert find_by_birthday(ctx, "Ray", "Moss", 3, 3) is None
    assert find_by_birthday(ctx, "Jane", "Doe", 3, 2) is None  # no birthday on file: no match by guess
    twin = add_person(ctx, "Ray", "Moss", "MD", "other.ray@example.org")
    with ctx.db.transaction() as s:
        other = s.get_one(Person, twin)
        other.birth_month, other.birth_day = 3, 2
    with pytest.raises(SeeTheCoordinator, match="coordinator"):
        find_by_birthday(ctx, "Ray", "Moss", 3, 2)


def test_a_kiosk_sign_up_must_name_a_degree(ctx: Context, setting: Setting) -> None:
    with pytest.raises(InputError, match="degree"):
        sign_up_and_claim(ctx, NewLearner("Ada", "Okafor", "", "ada@example.org"), setting.now_session)
