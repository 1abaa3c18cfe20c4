"""Profiles (DOMAIN.md, "Profiles"): every field saved and read back, bad input refused with one sentence and
nothing saved, emails and phones unique across people, stale saves refused, the seed's last-name + last-4 check."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from cme_desktop.services.audit import history
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.editing import StaleEditError
from cme_desktop.services.people.profile_input import (
    BoardEntry,
    EmailEntry,
    LicenseEntry,
    PhoneEntry,
    ProfileInput,
)
from cme_desktop.services.people.profiles import (
    PossibleDuplicate,
    ProfileConflict,
    create_profile,
    find_by_last_name_and_ssn,
    get_profile,
    update_profile,
)
from cme_desktop.services.people.search import search_people
from cme_desktop.store.people import Person

JANE = ProfileInput(
    first_name="Jane",
    middle_name="Q",
    last_name="O'Brien",
    suffix="Jr.",
    degree="md",
    emails=(EmailEntry("Jane.OBrien@Example.ORG"), EmailEntry("jqo@lowcountry.edu", primary=True)),
    phones=(PhoneEntry("(843) 555-0123", verified=True), PhoneEntry("843 555 0199", opted_out=True)),
    npi="1234567893",
    nabp_eprofile_id="1234567",
    birth_month=2,
    birth_day=29,
    board_ids=(BoardEntry("abim", "123456"),),
    licenses=(LicenseEntry("sc", "MD-99887"),),
    ssn_last4="4321",
)


def _people(ctx: Context) -> int:
    with ctx.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def test_every_profile_field_is_saved_and_read_back(ctx: Context) -> None:
    saved = create_profile(ctx, JANE)
    profile = get_profile(ctx, saved.id)
    assert profile.display_name == "Jane Q. O'Brien, MD"
    assert (profile.degree, profile.profession) == ("MD", "physician")
    assert [(e.address, e.primary) for e in profile.emails] == [
        ("jqo@lowcountry.edu", True),
        ("jane.obrien@example.org", False),
    ]
    assert [(p.number, p.verified, p.opted_out) for p in profile.phones] == [
        ("+18435550123", True, False),
        ("+18435550199", False, True),
    ]
    assert (profile.npi, profile.nabp_eprofile_id, profile.birth_month, profile.birth_day) == (
        "1234567893",
        "1234567",
        2,
        29,
    )
    assert profile.board_ids == (BoardEntry("ABIM", "123456"),)
    assert profile.licenses == (LicenseEntry("SC", "MD-99887"),)
    assert profile.has_ssn_last4 and not profile.institution_member
    assert profile.suffix == "Jr." and profile.version == 1


def test_a_pharmacist_degree_implies_the_profession(ctx: Context) -> None:
    saved = create_profile(ctx, ProfileInput("Ana", "Lima", degree="pharmd", netid="ALIMA"))
    assert (saved.degree, saved.profession, saved.netid, saved.institution_member) == (
        "PharmD",
        "pharmacist",
        "alima",
        True,
    )


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"npi": "1234567890"}, "'1234567890' is not a valid NPI"),
        ({"emails": (EmailEntry("jane@"),)}, "'jane@' is not an email address"),
        ({"phones": (PhoneEntry("555-0123"),)}, "'555-0123' is not a valid phone number"),
        ({"birth_month": 2, "birth_day": 30}, "February has no day 30."),
        ({"birth_month": 2, "birth_day": None}, "Give both the birth month and the birth day"),
        ({"licenses": (LicenseEntry("XX", "1"),)}, "'XX' is not a US state's two-letter code"),
        ({"emails": (), "netid": None}, "A profile needs a NetID"),
        ({"ssn_last4": "12a4"}, "exactly four digits"),
        ({"last_name": "  "}, "A profile needs a first and a last name."),
    ],
)
def test_bad_input_gets_one_sentence_and_saves_nothing(ctx: Context, change: dict, sentence: str) -> None:
    with pytest.raises(ValueError, match=sentence.replace("(", r"\(").replace(".", r"\.")) as error:
        create_profile(ctx, replace(JANE, **change))
    assert str(error.value).count(". ") == 0 and str(error.value).endswith((".", "?"))
    assert _people(ctx) == 0


def test_an_email_on_another_profile_is_refused_whatever_its_case_naming_that_profile(ctx: Context) -> None:
    jane = create_profile(ctx, JANE)
    with pytest.raises(ProfileConflict) as error:
        create_profile(ctx, ProfileInput("John", "Doe", emails=(EmailEntry("JANE.obrien@example.org"),)))
    assert str(error.value) == "The email jane.obrien@example.org is already on Jane O'Brien's profile."
    assert error.value.other_person_id == jane.id
    assert _people(ctx) == 1


def test_a_phone_on_another_profile_is_refused_however_it_is_typed(ctx: Context) -> None:
    jane = create_profile(ctx, JANE)
    john = create_profile(ctx, ProfileInput("John", "Doe", emails=(EmailEntry("john@example.org"),)))
    edit = replace(john.as_input(), phones=(PhoneEntry("+1 843-555-0123"),))
    with pytest.raises(ProfileConflict) as error:
        update_profile(ctx, john.id, edit, john.version)
    assert str(error.value) == "The phone (843) 555-0123 is already on Jane O'Brien's profile."
    assert error.value.other_person_id == jane.id
    assert get_profile(ctx, john.id).phones == ()


def test_an_edit_keeps_the_ssn_when_not_retyped_and_is_audited_without_it(ctx: Context) -> None:
    saved = create_profile(ctx, JANE)
    edit = replace(
        saved.as_input(), degree="DO", phones=(PhoneEntry("843-555-0123", verified=True, opted_out=True),)
    )
    updated = update_profile(ctx, saved.id, edit, saved.version)
    assert (updated.degree, updated.profession, updated.has_ssn_last4) == ("DO", "physician", True)
    assert [(p.number, p.opted_out) for p in updated.phones] == [("+18435550123", True)]
    assert updated.version == 2 and updated.updated_by == "coordinator"
    entry = history(ctx, "person", saved.id)[0]
    assert entry.action == "person.update"
    assert entry.before is not None and entry.after is not None
    assert entry.before["degree"] == "MD" and entry.after["degree"] == "DO"
    assert "ssn_last4" not in entry.after  # unchanged, so not logged at all
    created = history(ctx, "person", saved.id)[1]
    assert created.after is not None and created.after["ssn_last4"] == "stored"


@pytest.mark.parametrize(
    ("change", "key", "before", "after"),
    [
        ({"ssn_last4": "9876"}, "ssn_last4", "stored", "replaced"),
        ({"ssn_last4": ""}, "ssn_last4", "stored", None),
        ({"netid": "jqobrien"}, "netid", None, "jqobrien"),
        ({"npi": "1245319599"}, "npi", "1234567893", "1245319599"),
        ({"emails": (EmailEntry("jane@newmail.org"),)}, "emails", None, ["jane@newmail.org (primary)"]),
        ({"phones": ()}, "phones", None, []),
    ],
)
def test_every_change_to_an_identifier_is_audited_and_never_shows_the_ssn(
    ctx: Context, change: dict[str, object], key: str, before: object, after: object
) -> None:
    """Issue 15, item 8: a replaced last-4 SSN was not logged because both sides said "stored"."""
    saved = create_profile(ctx, JANE)
    update_profile(ctx, saved.id, replace(saved.as_input(), **change), saved.version)  # type: ignore[arg-type]
    entry = history(ctx, "person", saved.id)[0]
    assert entry.action == "person.update" and entry.before is not None and entry.after is not None
    assert entry.after[key] == after
    if before is not None:
        assert entry.before[key] == before
    logged = repr(history(ctx, "person", saved.id))
    assert "9876" not in logged and "4321" not in logged


def test_a_save_over_someone_elses_newer_save_is_refused(ctx: Context) -> None:
    saved = create_profile(ctx, JANE)
    other = Context(ctx.db, clock=ctx.clock, actor=Actor("mwhite", "office-pc"))
    update_profile(other, saved.id, replace(saved.as_input(), suffix=None), saved.version)
    with pytest.raises(StaleEditError, match=r"changed by mwhite at .*: reload"):
        update_profile(ctx, saved.id, replace(saved.as_input(), degree="DO"), saved.version)
    assert get_profile(ctx, saved.id).degree == "MD"


def test_the_seeds_duplicate_check_finds_an_account_by_last_name_and_last4(ctx: Context) -> None:
    jane = create_profile(ctx, JANE)
    assert [p.id for p in find_by_last_name_and_ssn(ctx, "OBRIEN", "4321")] == [jane.id]
    assert find_by_last_name_and_ssn(ctx, "O'Brien", "4322") == []
    assert find_by_last_name_and_ssn(ctx, "Smith", "4321") == []
    newcomer = ProfileInput("Janet", "O'Brien", emails=(EmailEntry("janet@example.org"),), ssn_last4="4321")
    with pytest.raises(PossibleDuplicate) as error:
        create_profile(ctx, newcomer)
    assert [p.id for p in error.value.people] == [jane.id]
    assert _people(ctx) == 1
    assert create_profile(ctx, newcomer, confirmed_new=True).id != jane.id


def test_search_finds_people_by_name_email_netid_phone_and_npi(ctx: Context) -> None:
    jane = create_profile(ctx, JANE)
    create_profile(ctx, ProfileInput("Ana", "Lima", degree="PharmD", netid="alima"))
    for typed in (
        "obr",
        "O'Brien J",
        "jane obrien",
        "Jane.O",
        "JQO@low",
        "843-555-01",
        "1234567893",
        str(jane.id),
    ):
        assert [p.id for p in search_people(ctx, typed)] == [jane.id], typed
    assert [p.last_name for p in search_people(ctx, "ALIMA")] == ["Lima"]
    assert search_people(ctx, "zz") == []
    assert [p.last_name for p in search_people(ctx, "")] == ["Lima", "O'Brien"]
    assert search_people(ctx, "50%") == []  # LIKE wildcards are text, not patterns


def test_the_moc_permission_is_saved_changed_and_kept_by_edits_that_leave_it_alone(ctx: Context) -> None:
    saved = create_profile(ctx, replace(JANE, moc_permission=True))
    assert get_profile(ctx, saved.id).moc_permission
    edited = update_profile(ctx, saved.id, replace(saved.as_input(), suffix=None), saved.version)
    assert edited.moc_permission  # the form sends what it was shown
    withdrawn = update_profile(
        ctx, saved.id, replace(edited.as_input(), moc_permission=False), edited.version
    )
    assert not get_profile(ctx, withdrawn.id).moc_permission
    assert not create_profile(ctx, ProfileInput("Ana", "Lima", netid="alima")).moc_permission


@pytest.mark.parametrize("typed", ["josé", "JOSE", "Jose", "núñez", "nunez jose", "José Núñez"])
def test_search_finds_a_name_whatever_its_accents_and_case(ctx: Context, typed: str) -> None:
    """Issue 19: "josé" and "tomás" found nobody while "jose" found them (through an email)."""
    create_profile(
        ctx,
        ProfileInput(
            first_name="José", last_name="Núñez", degree="MD", emails=(EmailEntry("jn@example.org", True),)
        ),
    )
    create_profile(
        ctx,
        ProfileInput(first_name="Joseph", last_name="Adams", emails=(EmailEntry("ja@example.org", True),)),
    )
    found = [(p.first_name, p.last_name) for p in search_people(ctx, typed)]
    assert ("José", "Núñez") in found
    if typed.lower() not in ("josé", "jose"):
        assert ("Joseph", "Adams") not in found
