"""The office's settings: declared once, read typed, checked on save, audited, and never a crash on odd data."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cme_desktop.errors import InputError
from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import (
    DEFAULTS,
    SETTINGS,
    label,
    load_settings,
    office_zone,
    update_settings,
)
from cme_desktop.store.office import OfficeSetting
from tests.conftest import clear_accreditation


def test_a_fresh_database_has_the_declared_defaults(ctx: Context) -> None:
    clear_accreditation(ctx.db)
    settings = load_settings(ctx)
    assert settings == DEFAULTS
    assert settings.office_timezone == "America/New_York"
    assert settings.disclosure_valid_months == 12
    assert office_zone(ctx).key == "America/New_York"


def test_every_setting_has_a_label_a_coordinator_reads() -> None:
    for spec in SETTINGS:
        assert label(spec.name), spec.name
        assert "_" not in label(spec.name), spec.name


def test_saved_values_come_back_typed_and_cleaned(ctx: Context) -> None:
    saved = update_settings(
        ctx,
        {
            "provider_name": "  Harbor Health CME  ",
            "texting_number": "(843) 555-0100",
            "disclosure_valid_months": "6",
            "jointly_accredited": True,
            "office_timezone": "America/Chicago",
        },
    )
    again = load_settings(ctx)
    assert again == saved
    assert again.provider_name == "Harbor Health CME"
    assert again.texting_number == "+18435550100"
    assert again.disclosure_valid_months == 6
    assert again.jointly_accredited is True
    assert again.zone.key == "America/Chicago"


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"office_timezone": "Mars/Olympus"}, "not a time zone name"),
        ({"paper_size": "legal"}, "US Letter or A4"),
        ({"disclosure_valid_months": 48}, "1 to 36 months"),
        ({"disclosure_valid_months": "a year"}, "whole number"),
        (
            {"qr_mode": "portal", "portal_url_template": "https://cme.example.edu/attend"},
            "must contain {code}",
        ),
        ({"favourite_colour": "teal"}, "not an office setting"),
    ],
)
def test_a_bad_value_is_refused_with_a_sentence_and_nothing_is_saved(
    ctx: Context, changes: dict[str, object], sentence: str
) -> None:
    before = load_settings(ctx)
    with pytest.raises(InputError, match=sentence):
        update_settings(ctx, {"provider_name": "Saved only with the rest", **changes})
    assert load_settings(ctx) == before


def test_only_what_changed_is_audited_with_before_and_after(ctx: Context) -> None:
    update_settings(ctx, {"provider_name": "Harbor Health CME", "paper_size": "letter"})
    entries = history(ctx, entity="office_settings")
    assert len(entries) == 1
    assert entries[0].before == {"provider_name": ""}
    assert entries[0].after == {"provider_name": "Harbor Health CME"}
    update_settings(ctx, {"provider_name": "Harbor Health CME"})
    assert len(history(ctx, entity="office_settings")) == 1


def test_a_stored_value_this_version_cannot_read_falls_back_to_its_default(ctx: Context) -> None:
    """A hand edit or an older app's value must not stop every page from loading."""
    with ctx.db.transaction() as session:
        session.add(OfficeSetting(key="disclosure_valid_months", value=json.dumps("twelve")))
        session.add(OfficeSetting(key="office_timezone", value="not json"))
        session.add(OfficeSetting(key="retired_setting", value=json.dumps(1)))
    settings = load_settings(ctx)
    assert settings.disclosure_valid_months == 12
    assert settings.zone.key == "America/New_York"
    with ctx.db.transaction() as session:
        assert (
            session.scalar(select(OfficeSetting.value).where(OfficeSetting.key == "retired_setting")) == "1"
        )
