"""The printable disclosure to learners (DOMAIN.md, Standard 3 step 5), checked by the PDF's text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cme_desktop.cli import run
from cme_desktop.domain.vocabulary import Mitigation, RelationshipNature, RoleInActivity
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    RelationshipInput,
    assign_role,
    enter_disclosure,
    judge_relationship,
)
from cme_desktop.services.standard3.handout import save_learner_handout
from tests.services.standard3.test_disclosures import FIRST
from tests.services.standard3_factory import add_activity, add_person


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def _course(ctx: Context) -> tuple[int, int, int]:
    update_settings(ctx, {"provider_name": "MUSC Office of CME"})
    activity = add_activity(ctx, "Advances in Heart Failure", FIRST)
    planner = add_person(ctx, "Sam", "Roe")
    faculty = add_person(ctx, "Ann", "Lee")
    assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    assign_role(ctx, activity, faculty, RoleInActivity.FACULTY)
    enter_disclosure(ctx, DisclosureInput(planner, date(2026, 10, 1), no_relationships=True))
    return activity, planner, faculty


def test_the_handout_lists_relevant_relationships_and_says_they_were_mitigated(
    ctx: Context, tmp_path: Path
) -> None:
    activity, _, faculty = _course(ctx)
    lee = enter_disclosure(
        ctx,
        DisclosureInput(
            faculty,
            date(2026, 10, 1),
            relationships=(
                RelationshipInput("Acme Pharmaceuticals", RelationshipNature.CONSULTANT),
                RelationshipInput("Beta Devices", RelationshipNature.SPEAKER),
            ),
        ),
    )
    judge_relationship(ctx, activity, lee.relationships[0].id, True, Mitigation.PEER_REVIEW)
    judge_relationship(ctx, activity, lee.relationships[1].id, False)
    path = tmp_path / "out" / "handout.pdf"
    path.parent.mkdir()
    assert save_learner_handout(ctx, activity, path).ready
    text = _text(path)
    assert "MUSC Office of CME" in text and "Advances in Heart Failure" in text
    assert "Thursday, December 3, 2026" in text
    assert "Ann Lee, MD Faculty Acme Pharmaceuticals Consultant".lower() in text.lower()
    assert "All relevant financial relationships listed for these individuals have been mitigated." in text
    assert (
        "have no relevant financial relationships with ineligible companies: Sam Roe, MD (planner)." in text
    )
    assert "Beta Devices" not in text
    assert "DRAFT" not in text
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_an_incomplete_review_prints_as_a_marked_draft(ctx: Context, tmp_path: Path) -> None:
    activity, _, _ = _course(ctx)
    disclosure = save_learner_handout(ctx, activity, tmp_path / "draft.pdf")
    text = _text(tmp_path / "draft.pdf")
    assert not disclosure.ready
    assert text.startswith("DRAFT, not for learners")
    assert "Ann Lee, MD has no disclosure." in text


def test_the_command_writes_the_handout_and_warns_about_a_draft(
    sqlite_ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    activity, _, faculty = _course(sqlite_ctx)
    enter_disclosure(sqlite_ctx, DisclosureInput(faculty, date(2026, 10, 1), no_relationships=True))
    url = sqlite_ctx.db.url.render_as_string(hide_password=False)
    out = tmp_path / "disclosure.pdf"
    argv = ["--database", url, "disclosure-handout", "--activity", str(activity), "--out", str(out)]
    assert run(argv, clock=sqlite_ctx.clock) == 0
    assert (
        "None of the planners and faculty for this activity have relevant financial relationships"
        in _text(out)
    )
    assert capsys.readouterr().err == ""
    assert (
        run(
            ["--database", url, "disclosure-handout", "--activity", "999", "--out", str(out)],
            clock=sqlite_ctx.clock,
        )
        == 1
    )
    assert "That activity no longer exists" in capsys.readouterr().err
