"""`people --json` prints everyone who matches unless `--limit` is given (issue 15, item 8): a script that
exports the office gets all of it, not the first 200 with no sign."""

from __future__ import annotations

import json
from typing import cast

import pytest
from sqlalchemy import Table, insert

from cme_desktop.cli import run
from cme_desktop.domain.names import search_name
from cme_desktop.services.context import Context
from cme_desktop.services.people.search import every_person
from cme_desktop.store.people import Person, PersonEmail


def _office(ctx: Context, count: int) -> None:
    people = cast(Table, Person.__table__)
    emails = cast(Table, PersonEmail.__table__)
    with ctx.db.transaction() as session:
        rows = [
            {
                "id": 1000 + i,
                "first_name": f"Lee{i % 7}",
                "last_name": "Smith" if i % 3 else "Adams",
                "profession": "physician",
                "search_name": search_name(f"Lee{i % 7}", "Smith" if i % 3 else "Adams"),
                "created_at": ctx.clock(),
                "moc_permission": False,
                "version": 1,
            }
            for i in range(count)
        ]
        session.execute(insert(people), rows)
        session.execute(
            insert(emails),
            [
                {"person_id": 1000 + i, "address": f"lee{i}@example.org", "is_primary": True}
                for i in range(count)
            ],
        )


def _people(ctx: Context, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    url = ctx.db.url.render_as_string(hide_password=False)
    assert run(["--database", url, "people", *extra, "--json"], clock=ctx.clock) == 0
    return cast(list[dict[str, object]], json.loads(capsys.readouterr().out))


def test_people_json_prints_everyone_unless_a_limit_is_given(
    ctx: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    _office(ctx, 450)
    everyone = _people(ctx, capsys)
    assert len(everyone) == 450 and len({p["id"] for p in everyone}) == 450
    assert everyone[0]["last_name"] == "Adams" and everyone[-1]["last_name"] == "Smith"
    assert everyone[0]["primary_email"] is not None
    assert len(_people(ctx, capsys, "--limit", "25")) == 25
    assert len(_people(ctx, capsys, "--search", "adams")) == 150


def test_reading_in_batches_gives_the_same_people_in_the_same_order(ctx: Context) -> None:
    _office(ctx, 95)
    in_batches = [p.id for p in every_person(ctx, batch=10)]
    at_once = [p.id for p in every_person(ctx, batch=1_000)]
    assert in_batches == at_once and len(at_once) == 95


def test_an_empty_office_is_an_empty_list(ctx: Context, capsys: pytest.CaptureFixture[str]) -> None:
    assert _people(ctx, capsys) == []
