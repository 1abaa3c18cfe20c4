"""Office settings shared through the database, with their defaults declared in one place."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.store.office import OfficeSetting

DEFAULTS: dict[str, Any] = {
    "provider_name": "",
    "accreditation_statement": "",
    "office_timezone": "America/New_York",
    "texting_number": "",
    "portal_url": "",
    "verify_url": "",
    "help_contact": "",
    "disclosure_valid_months": 12,
    "qr_mode": "sms",
    "portal_url_template": "",
    # Certificates (services/certificates/): artwork files on this office's shared drive, paper, accreditation.
    "certificate_logo_path": "",
    "certificate_signature_path": "",
    "certificate_signer": "",
    "paper_size": "letter",
    "jointly_accredited": False,
    # A hash of the office's SSN matching key (services/office/ssn_key.py); the key itself stays in each keyring.
    "ssn_key_fingerprint": "",
}


def get_settings(ctx: Context) -> dict[str, Any]:
    """Every office setting, defaults filled in."""
    with ctx.db.transaction() as session:
        stored = {row.key: json.loads(row.value) for row in session.scalars(select(OfficeSetting))}
    return {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}


def get_setting(ctx: Context, key: str) -> Any:
    with ctx.db.transaction() as session:
        row = session.get(OfficeSetting, key)
    return json.loads(row.value) if row else DEFAULTS[key]


def update_settings(ctx: Context, changes: dict[str, Any]) -> None:
    """Save changed settings; unknown keys and invalid zones are refused with a sentence."""
    unknown = set(changes) - set(DEFAULTS)
    if unknown:
        raise InputError(f"Unknown office settings: {', '.join(sorted(unknown))}.")
    changes = _checked(dict(changes))
    with ctx.db.transaction() as session:
        before: dict[str, Any] = {}
        for key, value in changes.items():
            row = session.get(OfficeSetting, key)
            before[key] = json.loads(row.value) if row else DEFAULTS[key]
            if row is None:
                session.add(OfficeSetting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
        audit.record(ctx, session, "office_settings.update", "office_settings", None, before, dict(changes))


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    """Settings as they will be stored, or ValueError with the sentence that says what is wrong."""
    from cme_desktop.domain.documentation import PAPER_SIZES
    from cme_desktop.domain.phones import normalize_phone
    from cme_desktop.domain.qr import PORTAL, QR_MODES

    if "office_timezone" in changes:
        _zone(changes["office_timezone"])
    if changes.get("texting_number"):
        try:
            changes["texting_number"] = normalize_phone(str(changes["texting_number"]))
        except ValueError as error:
            raise InputError(f"Texting number: {error}") from error
    if "qr_mode" in changes and changes["qr_mode"] not in QR_MODES:
        raise InputError("The QR code opens either the texting app or the portal address.")
    if changes.get("qr_mode") == PORTAL and "{code}" not in str(changes.get("portal_url_template", "{code}")):
        raise InputError("For a QR code that opens the portal, the address must contain {code}.")
    if "paper_size" in changes and changes["paper_size"] not in PAPER_SIZES:
        raise InputError("Certificates are printed on US Letter or A4 paper.")
    if "disclosure_valid_months" in changes:
        months = int(changes["disclosure_valid_months"])
        if not 1 <= months <= 36:
            raise InputError("A disclosure stays current for 1 to 36 months (12 is usual).")
        changes["disclosure_valid_months"] = months
    return changes


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InputError(f"'{name}' is not a time zone name (for example America/New_York).") from error


def office_zone(ctx: Context) -> ZoneInfo:
    return _zone(get_setting(ctx, "office_timezone"))
