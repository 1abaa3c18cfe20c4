"""Importing people from CSV (issue 4): a preview that saves nothing, all-or-nothing, a row-by-row report, existing
people matched by NetID or email and updated rather than duplicated, and rows that contradict each other refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.people.importing import ImportRefused, import_people, preview_people_import
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile, get_profile
from cme_desktop.store.people import Person

DIRECTORY = """First Name,Last Name,NetID,Email,Degree,Phone,Birth MMDD,License State,License Number
Jane,Smith,jsmith,,MD,843-555-0110,0302,SC,MD-1
Wei,Chen,,wei.chen@example.org,RN,,,,
Omar,Haddad,ohaddad,omar.haddad@lowcountry.edu,PharmD,,1130,,
"""


def _count(ctx: Context) -> int:
    with ctx.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _existing(ctx: Context) -> int:
    return create_profile(
        ctx, ProfileInput("Jane", "Smith", netid="JSMITH", emails=(EmailEntry("jane@lowcountry.edu"),))
    ).id


def test_the_preview_reports_each_row_and_saves_nothing(ctx: Context) -> None:
    jane = _existing(ctx)
    report = preview_people_import(ctx, DIRECTORY)
    assert [(r.line, r.action, r.person_id == jane) for r in report.rows] == [
        (2, "update", True),
        (3, "create", False),
        (4, "create", False),
    ]
    assert report.ok and not report.committed
    assert _count(ctx) == 1
    assert get_profile(ctx, jane).degree is None


def test_the_import_updates_matched_people_instead_of_duplicating_them(ctx: Context) -> None:
    jane = _existing(ctx)
    report = import_people(ctx, DIRECTORY)
    assert report.committed and (report.count("create"), report.count("update")) == (2, 1)
    assert _count(ctx) == 3
    profile = get_profile(ctx, jane)
    assert (profile.degree, profile.profession, profile.birth_month, profile.birth_day) == (
        "MD",
        "physician",
        3,
        2,
    )
    assert [p.number for p in profile.phones] == ["+18435550110"]
    assert [e.address for e in profile.emails] == [
        "jane@lowcountry.edu"
    ]  # kept; the row's email cell was empty
    again = import_people(ctx, DIRECTORY)
    assert [r.action for r in again.rows] == ["unchanged"] * 3 and _count(ctx) == 3
    assert history(ctx, "person")[0].action == "person.import"


def test_one_bad_row_and_nothing_is_imported_with_the_reason_on_that_row(ctx: Context) -> None:
    text = DIRECTORY + "Ann,Lee,alee,not-an-email,MD,,,,\nBo,Park,bpark,,MD,555-0123,,,\n"
    with pytest.raises(ImportRefused, match="2 rows need fixing") as error:
        import_people(ctx, text)
    rows = {r.line: r for r in error.value.report.rows}
    assert rows[5].action == "error" and "'not-an-email' is not an email address" in rows[5].message
    assert rows[6].action == "error" and "not a valid phone number" in rows[6].message
    assert rows[2].action == "create"
    assert _count(ctx) == 0


def test_rows_that_contradict_each_other_are_reported(ctx: Context) -> None:
    text = "first_name,last_name,netid,degree\nJane,Smith,jsmith,MD\nJane,Smith,JSMITH,DO\n"
    with pytest.raises(ImportRefused) as error:
        import_people(ctx, text)
    row = error.value.report.rows[1]
    assert (row.line, row.action) == (3, "error")
    assert row.message == "Row 2 describes the same person with a different degree (MD / DO)."
    assert _count(ctx) == 0


def test_a_row_whose_netid_and_email_belong_to_two_people_is_refused(ctx: Context) -> None:
    _existing(ctx)
    other = create_profile(ctx, ProfileInput("Wei", "Chen", emails=(EmailEntry("wei.chen@example.org"),))).id
    report = preview_people_import(
        ctx, "first_name,last_name,netid,email\nJane,Smith,jsmith,wei.chen@example.org\n"
    )
    assert report.rows[0].action == "error" and report.rows[0].person_id == other
    assert "belongs to Jane Smith but the email wei.chen@example.org to Wei Chen" in report.rows[0].message


def test_a_file_without_name_columns_is_refused_with_a_sentence(ctx: Context) -> None:
    with pytest.raises(ValueError, match="needs at least a first_name and a last_name column"):
        preview_people_import(ctx, "name,email\nJane Smith,j@example.org\n")


def test_a_moc_permission_column_sets_it_and_a_blank_cell_keeps_it(ctx: Context) -> None:
    import_people(
        ctx,
        "First Name,Last Name,NetID,Degree,Board,Board ID,MOC permission\nJane,Smith,jsmith,MD,ABIM,123,yes\n",
    )
    (jane,) = [
        r.person_id
        for r in import_people(ctx, "First Name,Last Name,NetID,MOC permission\nJane,Smith,jsmith,\n").rows
    ]
    assert jane is not None and get_profile(ctx, jane).moc_permission
    with pytest.raises(ImportRefused) as error:
        import_people(ctx, "First Name,Last Name,NetID,MOC permission\nJane,Smith,jsmith,maybe\n")
    assert "MOC permission 'maybe' should be yes or no." in error.value.report.rows[0].message
