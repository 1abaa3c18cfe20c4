"""The office's shared settings (DESIGN.md, "Office settings vs. personal settings"), declared once as data.

Each setting is a field of `OfficeSettings`: its type, its default, the label a coordinator reads and the check
that cleans what they typed. Every reader gets one frozen `OfficeSettings`, read in one query, inside its own
transaction (`read_settings(session)`) or on its own (`load_settings(ctx)`); nothing decodes a stored setting by
hand. A stored value this version cannot read (an older app's, a hand edit) falls back to the default, logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.accreditation import Accreditation, NursingAccreditation
from cme_desktop.domain.colours import DEFAULT_COLOUR, clean_colour
from cme_desktop.domain.documentation import PAPER_SIZES
from cme_desktop.domain.emails import normalize_email
from cme_desktop.domain.phones import normalize_phone
from cme_desktop.domain.qr import PORTAL, QR_MODES
from cme_desktop.domain.twilio import is_account_sid
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.store.office import OfficeSetting

log = logging.getLogger(__name__)
DEFAULT_ZONE = "America/New_York"


def zone_named(name: str) -> ZoneInfo:
    """The time zone called `name`, or InputError with the sentence that says what a zone name looks like."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InputError(f"'{name}' is not a time zone name (for example America/New_York).") from error


def _zone_name(value: str) -> str:
    zone_named(value)
    return value


def _texting_number(value: str) -> str:
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except ValueError as error:
        raise InputError(f"Texting number: {error}") from error


def _qr_mode(value: str) -> str:
    if value not in QR_MODES:
        raise InputError("The QR code opens either the texting app or the portal address.")
    return value


def _paper(value: str) -> str:
    if value not in PAPER_SIZES:
        raise InputError("Certificates are printed on US Letter or A4 paper.")
    return value


def _months(value: int) -> int:
    if not 1 <= value <= 36:
        raise InputError("A disclosure stays current for 1 to 36 months (12 is usual).")
    return value


def _nursing(value: str) -> str:
    if value not in set(NursingAccreditation):
        raise InputError(
            "Nursing accreditation is none, an ANCC accredited provider, or an approved provider."
        )
    return value


# Texting and mail (the web server's texting webhook, phone links, outgoing mail, how long texts are kept).
PHONE_LINKING = {
    "email_code": "Email a code to the address (confirmed)",
    "direct": "Link at once (unconfirmed)",
}
SMTP_SECURITY = {"starttls": "STARTTLS (port 587)", "tls": "TLS from the start (port 465)", "none": "None"}


def _account_sid(value: str) -> str:
    if value and not is_account_sid(value):
        raise InputError(
            "A Twilio account SID is AC followed by 32 letters and digits (Twilio Console, Account)."
        )
    return value


def _texting_numbers(value: str) -> str:
    return ", ".join(_texting_number(part.strip()) for part in value.split(",") if part.strip())


def _phone_linking(value: str) -> str:
    if value not in PHONE_LINKING:
        raise InputError("A phone is linked either by a code emailed to the address or at once, unconfirmed.")
    return value


def _smtp_security(value: str) -> str:
    if value not in SMTP_SECURITY:
        raise InputError("Mail encryption is STARTTLS, TLS from the start, or none.")
    return value


def _port(value: int) -> int:
    if not 1 <= value <= 65535:
        raise InputError("A port is a number from 1 to 65535 (587 for STARTTLS, 465 for TLS).")
    return value


def _mail_from(value: str) -> str:
    return normalize_email(value) if value else ""


def _retention_days(value: int) -> int:
    if not 7 <= value <= 3650:
        raise InputError("Texts are kept for 7 to 3,650 days (180 is usual).")
    return value


def _web_address(value: str) -> str:
    if value and not value.lower().startswith(("https://", "http://")):
        raise InputError("A web address starts with https:// (for example https://login.example.edu).")
    return value.rstrip("/")


def _claim_name(value: str) -> str:
    if not value or " " in value or len(value) > 60:
        raise InputError(
            "The NetID claim is one word from the sign-on's answer, for example preferred_username."
        )
    return value


def portal_code_url(portal_url: str) -> str:
    """The portal's claim address for a QR code: 'https://cme.example.edu/c/{code}'."""
    return portal_url.strip().rstrip("/") + "/c/{code}"


def setting(default: Any, label: str, check: Callable[[Any], Any] | None = None) -> Any:
    """Declare one office setting: its default, the label shown in Settings, and the check for a typed value."""
    return field(default=default, metadata={"label": label, "check": check})


@dataclass(frozen=True)
class OfficeSettings:
    """Every office setting, typed; built by `read_settings` / `load_settings`, never by hand."""

    provider_name: str = setting("", "Accredited provider")
    # The office's accreditations (domain/accreditation.py): what it may designate and what its documents say.
    provider_address: str = setting("", "Address or web address")
    physician_accreditor: str = setting("", "Accredited for physicians by")
    nursing_accreditation: str = setting("", "Nursing accreditation", _nursing)
    nursing_approver: str = setting("", "Approved for nursing by")
    acpe_accredited: bool = setting(False, "Accredited by the ACPE for pharmacists")
    jointly_accredited: bool = setting(False, "Jointly accredited (ACCME, ACPE and ANCC)")
    office_timezone: str = setting(DEFAULT_ZONE, "Office time zone", _zone_name)
    texting_number: str = setting("", "Texting number", _texting_number)
    portal_url: str = setting("", "Portal address")
    verify_url: str = setting("", "Certificate verify address")
    help_contact: str = setting("", "Help contact (email or phone)")
    disclosure_valid_months: int = setting(12, "A disclosure stays current for", _months)
    qr_mode: str = setting("sms", "QR code opens", _qr_mode)
    portal_url_template: str = setting("", "Portal address for QR codes")
    # Certificates: artwork files on this office's shared drive, paper, accreditation.
    certificate_logo_path: str = setting("", "Office logo")
    certificate_signature_path: str = setting("", "Signature image")
    certificate_signer: str = setting("", "Signed by (name, title)")
    paper_size: str = setting("letter", "Paper", _paper)
    # A hash of the office's SSN matching key (services/office/ssn_key.py); the key itself stays in each keyring.
    ssn_key_fingerprint: str = setting("", "SSN matching key fingerprint")
    # Texting and mail. Texts to another number or account than these are not the office's and get no answer.
    twilio_account_sid: str = setting("", "Twilio account SID", _account_sid)
    other_texting_numbers: str = setting("", "Other texting numbers (comma-separated)", _texting_numbers)
    phone_linking: str = setting("email_code", "Linking a phone by text", _phone_linking)
    smtp_host: str = setting("", "Mail server (SMTP)")
    smtp_port: int = setting(587, "Mail server port", _port)
    smtp_security: str = setting("starttls", "Mail encryption", _smtp_security)
    smtp_user: str = setting("", "Mail user name")
    mail_from: str = setting("", "Mail sent from", _mail_from)
    text_retention_days: int = setting(180, "Keep texts for (days)", _retention_days)
    # The learner portal (issue 17): its colour, and the institution's single sign-on (OpenID Connect). The
    # client secret is in the web server's keyring or CME_OIDC_CLIENT_SECRET, never here.
    portal_colour: str = setting(DEFAULT_COLOUR, "Portal colour", clean_colour)
    sso_issuer_url: str = setting("", "Sign-on issuer address", _web_address)
    sso_client_id: str = setting("", "Sign-on client ID")
    sso_netid_claim: str = setting("preferred_username", "Claim holding the NetID", _claim_name)
    sso_button_label: str = setting("", "Sign-on button")

    @cached_property
    def zone(self) -> ZoneInfo:
        """The office's time zone: days, windows and dates on paper are the office's."""
        try:
            return ZoneInfo(self.office_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(DEFAULT_ZONE)

    @property
    def accreditation(self) -> Accreditation:
        return Accreditation(
            provider=self.provider_name,
            address=self.provider_address,
            physician_accreditor=self.physician_accreditor,
            nursing=NursingAccreditation(self.nursing_accreditation),
            nursing_approver=self.nursing_approver,
            pharmacy=self.acpe_accredited,
            joint=self.jointly_accredited,
        )

    @property
    def office_numbers(self) -> frozenset[str]:
        """The numbers learners text; empty when none is set (then any number is taken as the office's)."""
        parts = [self.texting_number, *self.other_texting_numbers.split(",")]
        return frozenset(part.strip() for part in parts if part.strip())

    def as_dict(self) -> dict[str, Any]:
        return {spec.name: getattr(self, spec.name) for spec in SETTINGS}


SETTINGS: tuple[Field[Any], ...] = fields(OfficeSettings)
_KINDS: dict[str, type] = {"str": str, "int": int, "bool": bool}
DEFAULTS = OfficeSettings()


def label(key: str) -> str:
    return str(_spec(key).metadata["label"])


def _spec(key: str) -> Field[Any]:
    for spec in SETTINGS:
        if spec.name == key:
            return spec
    raise InputError(f"'{key}' is not an office setting.")


def _kind(spec: Field[Any]) -> type:
    return _KINDS[str(spec.type)]


def _decoded(spec: Field[Any], raw: str) -> Any:
    """A stored value as its setting's type, or the default when this version cannot read it."""
    try:
        value = json.loads(raw)
        kind = _kind(spec)
        if kind is bool and isinstance(value, bool):
            return value
        if kind is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind is str and isinstance(value, str):
            return value
    except json.JSONDecodeError:
        pass
    log.warning("The stored office setting %s could not be read; its default is used.", spec.name)
    return spec.default


def _cleaned(spec: Field[Any], value: Any) -> Any:
    """A typed value as it will be stored, or InputError with the sentence that says what is wrong."""
    kind = _kind(spec)
    name = spec.metadata["label"]
    if kind is bool:
        if not isinstance(value, bool):
            raise InputError(f"{name}: choose yes or no.")
    elif kind is int:
        try:
            value = int(value)
        except (TypeError, ValueError) as error:
            raise InputError(f"{name}: enter a whole number.") from error
    else:
        value = "" if value is None else str(value).strip()
    check = spec.metadata["check"]
    return check(value) if check is not None else value


_READ_ALL = select(OfficeSetting.key, OfficeSetting.value).order_by(OfficeSetting.key)


def read_settings(session: Session) -> OfficeSettings:
    """The office settings, read inside the caller's transaction in one query (plain rows, no ORM objects: the
    texting webhook reads them for every text)."""
    return _settings_from(tuple((key, value) for key, value in session.connection().execute(_READ_ALL)))


@lru_cache(maxsize=8)
def _settings_from(rows: tuple[tuple[str, str], ...]) -> OfficeSettings:
    """OfficeSettings from the stored rows; the same rows give the same (frozen) object without decoding again."""
    stored = dict(rows)
    values = {spec.name: _decoded(spec, stored[spec.name]) for spec in SETTINGS if spec.name in stored}
    return OfficeSettings(**values)


def load_settings(ctx: Context) -> OfficeSettings:
    """The office settings, in a transaction of their own."""
    with ctx.db.transaction() as session:
        return read_settings(session)


def office_zone(ctx: Context) -> ZoneInfo:
    """The office's time zone (a ZoneInfo)."""
    return load_settings(ctx).zone


def office_today(ctx: Context) -> date:
    """Today in the office's zone (not the computer's, nor UTC): the day date ranges start from."""
    return ctx.clock().astimezone(office_zone(ctx)).date()


def update_settings(ctx: Context, changes: Mapping[str, Any]) -> OfficeSettings:
    """Save changed settings, each checked; unknown keys and bad values are refused with a sentence."""
    cleaned = {key: _cleaned(_spec(key), value) for key, value in changes.items()}
    with ctx.db.transaction() as session:
        before = read_settings(session)
        after = replace(before, **cleaned)
        if after.qr_mode == PORTAL and not after.portal_url_template and after.portal_url:
            # The portal's own claim page, /c/CODE (issue 17), unless the office gives another address.
            cleaned["portal_url_template"] = portal_code_url(after.portal_url)
            after = replace(after, portal_url_template=cleaned["portal_url_template"])
        if after.qr_mode == PORTAL and "{code}" not in after.portal_url_template:
            raise InputError("For a QR code that opens the portal, the address must contain {code}.")
        changed = {key: value for key, value in cleaned.items() if getattr(before, key) != value}
        for key, value in changed.items():
            row = session.get(OfficeSetting, key)
            if row is None:
                session.add(OfficeSetting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
        if changed:
            audit.record(
                ctx,
                session,
                "office_settings.update",
                "office_settings",
                None,
                {key: getattr(before, key) for key in changed},
                changed,
            )
        return after
