"""Finding or creating the learner's profile as the seed does (issue 17, item 3): last name and last-4 SSN digits
hashed with the office's key, "account not found" to the short form, a match that never shows the other profile
but leaves a pair for the office to merge, matching off without the key, and the learner's own corrections."""

from __future__ import annotations

from sqlalchemy import select

from cme_desktop.services.audit import history
from cme_desktop.services.office.ssn_key import ssn_key
from cme_desktop.services.people.duplicates import find_duplicates
from cme_desktop.services.people.profile_input import EmailEntry, PhoneEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile, get_profile
from cme_desktop.services.texting.numbers import is_opted_out, set_opted_out
from cme_desktop.store.people import Person
from tests.web.portal.conftest import Portal

SHORT_FORM = {
    "first_name": "Rhea",
    "last_name": "Moss",
    "degree": "md",
    "phone_1": "(843) 555-0142",
    "npi": "1234567893",
    "board_1": "ABIM",
    "board_id_1": "123456",
    "license_state_1": "SC",
    "license_number_1": "MD-4411",
    "birth_month": "3",
    "birth_day": "14",
    "moc_permission": "yes",
}


def people(portal: Portal) -> list[Person]:
    with portal.ctx.db.transaction() as session:
        found = list(session.scalars(select(Person).order_by(Person.id)))
        session.expunge_all()
        return found


def test_account_not_found_leads_to_the_short_form_and_the_profile_is_made(portal: Portal) -> None:
    ssn_key(portal.ctx)  # the office's key, in this (server's) keyring
    where = portal.sign_in("rhea.moss@example.org", "/claim")
    assert where == "/profile/find?next=/claim"
    page = portal.client.get(where)
    assert "Last 4 digits of your Social Security number" in page.text
    status, where = portal.post_form(
        "/profile/find", {"last_name": "Moss", "last4": "6789", "next": "/claim", "action": "check"}
    )
    assert (status, where) == (303, "/profile/new?next=/claim")
    form = portal.client.get(where).text
    assert "No profile was found with that last name and those digits." in form
    assert 'value="Moss"' in form  # the last name carried over
    status, page = portal.post_form(
        "/profile/new", {**SHORT_FORM, "next": "/claim"}, "/profile/new?next=/claim"
    )
    assert status == 200 and "Your profile is saved" in page and 'href="/claim"' in page
    [person] = people(portal)
    profile = get_profile(portal.ctx, person.id)
    assert profile.display_name == "Rhea Moss, MD" and profile.profession == "physician"
    assert [e.address for e in profile.emails] == ["rhea.moss@example.org"]
    assert profile.has_ssn_last4 and person.ssn_last4_hash and "6789" not in person.ssn_last4_hash
    assert profile.npi == "1234567893" and (profile.birth_month, profile.birth_day) == (3, 14)
    assert profile.moc_permission and [p.number for p in profile.phones] == ["+18435550142"]
    assert not profile.phones[0].verified  # confirmed only when its owner texts from it
    [made] = [row for row in history(portal.ctx, "person", person.id) if row.action == "person.create_portal"]
    assert made.os_user == "portal: rhea.moss@example.org"
    assert "Welcome, Rhea Moss, MD" in portal.client.get("/").text


def test_a_match_is_never_shown_and_leaves_a_pair_for_the_office_to_merge(portal: Portal) -> None:
    on_file = create_profile(
        portal.ctx,
        ProfileInput(
            "Rhea", "Moss", degree="MD", emails=(EmailEntry("r.moss@old-hospital.org"),), ssn_last4="6789"
        ),
    )
    portal.sign_in_as("rhea.moss@example.org")
    portal.post_form(
        "/profile/find", {"last_name": "moss", "last4": "6789", "action": "check"}, "/profile/find"
    )
    form = portal.client.get("/profile/new").text
    assert "you may already have a profile with us" in form
    assert "old-hospital" not in form and "r.moss" not in form
    status, page = portal.post_form("/profile/new", SHORT_FORM)
    assert status == 200 and "The CME office will link it to the profile we already have for you" in page
    assert "old-hospital" not in page
    [pair] = [p for p in find_duplicates(portal.ctx) if on_file.id in (p.first.id, p.second.id)]
    assert "Same last name and last-4 SSN." in pair.evidence
    flagged = [row.action for row in history(portal.ctx, "person")]
    assert "person.portal_possible_duplicate" in flagged


def test_without_the_offices_key_on_the_server_ssn_matching_is_off(portal: Portal) -> None:
    portal.sign_in_as("rhea.moss@example.org")
    assert portal.client.get("/profile/find").headers["location"] == "/profile/new?next=/"
    assert portal.post_form("/profile/new", SHORT_FORM)[0] == 200
    [person] = people(portal)
    assert person.ssn_last4_hash is None


def test_a_learner_without_an_ssn_goes_on_to_the_short_form(portal: Portal) -> None:
    ssn_key(portal.ctx)
    portal.sign_in_as("rhea.moss@example.org")
    status, where = portal.post_form("/profile/find", {"action": "skip", "next": "/"})
    assert (status, where) == (303, "/profile/new?next=/")
    assert "Make your profile" in portal.client.get(where).text


def test_the_short_form_sent_twice_makes_one_profile(portal: Portal) -> None:
    portal.sign_in_as("rhea.moss@example.org")
    token = portal.csrf("/profile/new")
    first = portal.client.post("/profile/new", data={"csrf_token": token, **SHORT_FORM})
    again = portal.client.post("/profile/new", data={"csrf_token": token, **SHORT_FORM})
    assert first.status_code == 200 and again.status_code == 303
    assert len(people(portal)) == 1


def test_every_problem_with_the_form_is_said_and_nothing_is_saved(portal: Portal) -> None:
    portal.sign_in_as("rhea.moss@example.org")
    bad = {**SHORT_FORM, "first_name": "", "npi": "1234567890", "birth_day": "31", "birth_month": "2"}
    status, page = portal.post_form("/profile/new", bad)
    assert status == 400
    assert "A profile needs a first and a last name." in page
    assert "is not a valid NPI" in page
    assert "February has no day 31." in page
    assert people(portal) == []


def test_a_phone_on_someone_elses_profile_is_refused_without_naming_them(portal: Portal) -> None:
    create_profile(
        portal.ctx,
        ProfileInput(
            "Ola", "Quist", emails=(EmailEntry("ola@example.org"),), phones=(PhoneEntry("843-555-0142"),)
        ),
    )
    portal.sign_in_as("rhea.moss@example.org")
    status, page = portal.post_form("/profile/new", SHORT_FORM)
    assert status == 400
    assert "is already on another profile in our records" in page
    assert "Quist" not in page and "Ola" not in page
    assert len(people(portal)) == 1


def test_html_in_names_is_shown_as_text(portal: Portal) -> None:
    portal.sign_in_as("rhea.moss@example.org")
    script = '<script>alert("x")</script>'
    portal.post_form("/profile/new", {**SHORT_FORM, "first_name": script, "last_name": "<b>Moss</b>"})
    home = portal.client.get("/").text
    assert "<script>alert" not in home and "<b>Moss</b>" not in home
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &lt;b&gt;Moss&lt;/b&gt;" in home


def test_the_learner_corrects_their_profile_and_identifier_changes_are_audited(portal: Portal) -> None:
    portal.sign_in_as("rhea.moss@example.org")
    portal.post_form("/profile/new", SHORT_FORM)
    [person] = people(portal)
    set_opted_out_now(portal, "+18435550142")
    page = portal.client.get("/profile").text
    assert 'value="1234567893"' in page and 'value="(843) 555-0142"' in page
    version = get_profile(portal.ctx, person.id).version
    changed = {**SHORT_FORM, "npi": "1467560003", "board_id_1": "654321", "phone_2": "843 555 0177"}
    status, where = portal.post_form("/profile", {**changed, "version": str(version)})
    assert (status, where) == (303, "/profile?saved=1")
    profile = get_profile(portal.ctx, person.id)
    assert profile.npi == "1467560003"
    assert [b.board_id for b in profile.board_ids] == ["654321"]
    assert [p.number for p in profile.phones] == ["+18435550142", "+18435550177"]
    with portal.ctx.db.transaction() as session:
        assert is_opted_out(session, "+18435550142")  # a STOP is the number's: a save keeps it
    [entry] = [
        row for row in history(portal.ctx, "person", person.id) if row.action == "person.update_portal"
    ]
    assert entry.os_user == "portal: rhea.moss@example.org"
    assert entry.before and entry.after
    assert entry.before["npi"] == "1234567893" and entry.after["npi"] == "1467560003"
    # A second save over the version loaded before is refused, not silently written over.
    status, page = portal.post_form("/profile", {**changed, "npi": "1234567893", "version": str(version)})
    assert status == 400 and "This profile was changed by portal: rhea.moss@example.org" in page


def set_opted_out_now(portal: Portal, phone: str) -> None:
    with portal.ctx.db.transaction() as session:
        set_opted_out(session, phone, True, "keyword", portal.clock())
