"""Importing people from CSV (issue 4): a preview that saves nothing, all-or-nothing, a row-by-row report, existing
people matched by NetID or email and updated rather than duplicated, and rows that contradict each other refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.importing.report import ImportRefused
from cme_desktop.services.people.importing import import_people, preview_people_import
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
    assert [(r.line, r.outcome, r.subject_id == jane) for r in report.rows] == [
        (2, "updated", True),
        (3, "new", False),
        (4, "new", False),
    ]
    assert report.ok and not report.committed
    assert _count(ctx) == 1
    assert get_profile(ctx, jane).degree is None


def test_the_import_updates_matched_people_instead_of_duplicating_them(ctx: Context) -> None:
    jane = _existing(ctx)
    report = import_people(ctx, DIRECTORY)
    assert report.committed and (report.count("new"), report.count("updated")) == (2, 1)
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
    assert [r.outcome for r in again.rows] == ["unchanged"] * 3 and _count(ctx) == 3
    assert history(ctx, "person")[0].action == "person.import"


def test_one_bad_row_and_nothing_is_imported_with_the_reason_on_that_row(ctx: Context) -> None:
    text = DIRECTORY + "Ann,Lee,alee,not-an-email,MD,,,,\nBo,Park,bpark,,MD,555-0123,,,\n"
    with pytest.raises(ImportRefused, match="2 of 5 rows need fixing") as error:
        import_people(ctx, text)
    rows = {r.line: r for r in error.value.report.rows}
    assert "'not-an-email' is not an email address" in rows[5].problems[0]
    assert "not a valid phone number" in rows[6].problems[0]
    assert rows[2].outcome == "new" and rows[2].ok
    assert _count(ctx) == 0


def test_rows_that_contradict_each_other_are_reported(ctx: Context) -> None:
    text = "first_name,last_name,netid,degree\nJane,Smith,jsmith,MD\nJane,Smith,JSMITH,DO\n"
    with pytest.raises(ImportRefused) as error:
        import_people(ctx, text)
    row = error.value.report.rows[1]
    assert row.line == 3
    assert row.problems == ("Line 2 describes the same person with a different degree (MD / DO).",)
    assert _count(ctx) == 0


def test_a_row_whose_netid_and_email_belong_to_two_people_is_refused(ctx: Context) -> None:
    _existing(ctx)
    other = create_profile(ctx, ProfileInput("Wei", "Chen", emails=(EmailEntry("wei.chen@example.org"),))).id
    report = preview_people_import(
        ctx, "first_name,last_name,netid,email\nJane,Smith,jsmith,wei.chen@example.org\n"
    )
    assert report.rows[0].subject_id == other
    assert (
        "belongs to Jane Smith but the email wei.chen@example.org to Wei Chen" in report.rows[0].problems[0]
    )


def test_a_file_without_name_columns_is_refused_with_a_sentence(ctx: Context) -> None:
    report = preview_people_import(ctx, "name,email\nJane Smith,j@example.org\n")
    assert not report.ok and "needs at least a first_name and a last_name column" in report.file_problems[0]
    with pytest.raises(ImportRefused, match="needs at least a first_name and a last_name column"):
        import_people(ctx, "name,email\nJane Smith,j@example.org\n")


def test_a_moc_permission_column_sets_it_and_a_blank_cell_keeps_it(ctx: Context) -> None:
    import_people(
        ctx,
        "First Name,Last Name,NetID,Degree,Board,Board ID,MOC permission\nJane,Smith,jsmith,MD,ABIM,123,yes\n",
    )
    (jane,) = [
        r.subject_id
        for r in import_people(ctx, "First Name,Last Name,NetID,MOC permission\nJane,Smith,jsmith,\n").rows
    ]
    assert jane is not None and get_profile(ctx, jane).moc_permission
    with pytest.raises(ImportRefused) as error:
        import_people(ctx, "First Name,Last Name,NetID,MOC permission\nJane,Smith,jsmith,maybe\n")
    assert "MOC permission 'maybe' should be yes or no." in error.value.report.rows[0].problems


def test_every_problem_of_a_row_is_listed_not_only_the_first(ctx: Context) -> None:
    """Issue 15, item 3: a coordinator fixes a row once, not once per problem."""
    text = "first_name,last_name,email,phone,npi,birth_mmdd,moc_permission\nAnn,Lee,ann@,555-01,123,13/45,maybe\n"
    (row,) = preview_people_import(ctx, text).rows
    assert row.problems == (
        "MOC permission 'maybe' should be yes or no.",
        "'123' is not a valid NPI (10 digits starting with 1 or 2, with a correct check digit).",
        "The birth month must be 1 to 12.",
        "'ann@' is not an email address (it should look like name@example.org).",
        row.problems[4],
    )
    assert "555-01" in row.problems[4]


def test_two_rows_about_one_new_person_make_one_profile(ctx: Context) -> None:
    text = (
        "first_name,last_name,netid,email,degree\n"
        "Jane,Smith,jsmith,,MD\n"
        "Jane,Smith,jsmith,jane.smith@example.org,\n"
        "Jane,Smith,,jane.smith@example.org,MD\n"
    )
    report = import_people(ctx, text)
    assert [(r.outcome, r.note) for r in report.rows] == [
        ("new", "a new profile"),
        ("updated", "the same person as line 2"),
        ("unchanged", "the same person as line 2"),
    ]
    assert _count(ctx) == 1
    (jane,) = {r.subject_id for r in report.rows}
    assert jane is not None
    profile = get_profile(ctx, jane)
    assert (profile.netid, [e.address for e in profile.emails]) == ("jsmith", ["jane.smith@example.org"])


def test_an_identifier_held_by_another_profile_or_another_row_is_named(ctx: Context) -> None:
    create_profile(
        ctx, ProfileInput("Wei", "Chen", npi="1234567893", emails=(EmailEntry("wei@example.org"),))
    )
    text = (
        "first_name,last_name,email,npi,phone\n"
        "Ann,Lee,ann@example.org,1234567893,843-555-0110\n"
        "Bo,Park,bo@example.org,,843-555-0110\n"
    )
    rows = preview_people_import(ctx, text).rows
    assert rows[0].problems == ("The NPI 1234567893 is already on Wei Chen's profile.",)
    assert rows[1].problems == ()  # line 2 was refused, so it holds nothing
    rows = preview_people_import(ctx, text.replace("1234567893", "")).rows
    assert rows[1].problems == ("Line 2 gives the phone (843) 555-0110 to someone else.",)


def test_the_import_audits_each_profile_it_creates_or_changes(ctx: Context) -> None:
    jane = _existing(ctx)
    import_people(ctx, DIRECTORY)
    entries = {(e.action, e.entity_id) for e in history(ctx, "person")}
    assert ("person.import_update", jane) in entries
    assert sum(1 for action, _ in entries if action == "person.import_create") == 2
    update = next(e for e in history(ctx, "person") if e.action == "person.import_update")
    assert update.before == {
        "degree": None,
        "profession": "other",
        "birth_month": None,
        "birth_day": None,
        "phones": [],
        "licenses": [],
    }
    assert update.after is not None and update.after["degree"] == "MD"
    assert get_profile(ctx, jane).version == 2
