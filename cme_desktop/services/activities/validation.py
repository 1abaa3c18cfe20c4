"""Checking the activity form before anything is saved: each problem is one sentence a coordinator can act on."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from cme_desktop.domain.credits import quarters_from_credits
from cme_desktop.domain.uan import normalize_uan
from cme_desktop.domain.vocabulary import ActivityFormat, ActivityStatus, CreditType, Delivery, Providership
from cme_desktop.services.activities.model import ActivityError, ActivityInput, DesignationInput, SupportInput

MAX_OPENS_MINUTES_BEFORE = 24 * 60
MAX_CLOSES_DAYS_AFTER = 365


class Wanted(NamedTuple):
    """A designation as the form asks for it, checked."""

    credit_type: str
    quarters: int
    uan: str | None
    per_session: bool


Designations = list[Wanted]


def validate_activity(data: ActivityInput) -> tuple[dict[str, Any], Designations, list[SupportInput]]:
    """The activity's column values, its designations, and its commercial support."""
    title = _text(data.title, 300, "title")
    if not title:
        raise ActivityError("Give the activity a title.")
    providership = _choice(Providership, data.providership, "providership")
    joint_provider = _text(data.joint_provider, 200, "joint provider's name")
    if providership == Providership.JOINT and not joint_provider:
        raise ActivityError("A jointly provided activity needs the joint provider's name.")
    status = _choice(ActivityStatus, data.status, "status")
    if status == ActivityStatus.ARCHIVED:
        raise ActivityError("Use Archive to archive an activity; saving the form keeps it draft or active.")
    if not 0 <= data.code_opens_minutes_before <= MAX_OPENS_MINUTES_BEFORE:
        raise ActivityError(
            "The attendance code can open 0 to 1,440 minutes (one day) before a session starts."
        )
    if not 0 <= data.code_closes_days_after <= MAX_CLOSES_DAYS_AFTER:
        raise ActivityError("The attendance code can close 0 to 365 days after a session ends.")
    fields: dict[str, Any] = {
        "title": title,
        "format": _choice(ActivityFormat, data.format, "learning format"),
        "status": status,
        "providership": providership,
        "joint_provider": joint_provider if providership == Providership.JOINT else None,
        "department": _text(data.department, 120, "department"),
        "director": _text(data.director, 120, "activity director's name"),
        "venue": _text(data.venue, 200, "venue"),
        "city": _text(data.city, 100, "city"),
        "state": _text(data.state, 50, "state"),
        "country": _text(data.country, 60, "country"),
        "delivery": _choice(Delivery, data.delivery, "delivery"),
        "description": _text(data.description, 20_000, "description"),
        "code_opens_minutes_before": data.code_opens_minutes_before,
        "code_closes_days_after": data.code_closes_days_after,
    }
    return fields, _designations(data.designations), [_support(s) for s in data.commercial_support]


def _designations(items: tuple[DesignationInput, ...]) -> Designations:
    result: Designations = []
    for item in items:
        credit_type = _choice(CreditType, item.credit_type, "credit type")
        if any(w.credit_type == credit_type for w in result):
            raise ActivityError(f"{credit_type.label} is designated twice; keep one maximum per credit type.")
        try:
            quarters = quarters_from_credits(item.max_credits)
        except ValueError as error:
            raise ActivityError(f"{credit_type.label}: {error}") from error
        if quarters == 0:
            raise ActivityError(
                f"{credit_type.label} needs a maximum above 0; remove the designation instead."
            )
        uan = (item.uan or "").strip() or None
        if credit_type == CreditType.PHARMACY:
            if uan is None:
                raise ActivityError(
                    "Pharmacy credit needs the activity's ACPE UAN, like 0798-9999-18-246-H04-P."
                )
            uan = normalize_uan(uan)
        elif uan is not None:
            raise ActivityError(f"A UAN belongs to pharmacy credit only, not to {credit_type.label}.")
        result.append(Wanted(str(credit_type), quarters, uan, bool(item.per_session)))
    return result


def _support(item: SupportInput) -> SupportInput:
    source = _text(item.source, 200, "commercial supporter's name")
    if not source:
        raise ActivityError("Each source of commercial support needs the company's name.")
    amount = item.amount_cents
    if amount is not None and amount < 0:
        raise ActivityError(f"The amount of support from {source} cannot be negative.")
    if not item.in_kind and not amount:
        raise ActivityError(f"Monetary support from {source} needs its amount.")
    return SupportInput(source, bool(item.in_kind), amount)


def _text(value: str | None, limit: int, name: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise ActivityError(f"The {name} is {len(text)} characters long; at most {limit} fit.")
    return text or None


E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: object, name: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        labels = [getattr(member, "label", member.value.replace("_", " ")) for member in kind]
        raise ActivityError(f"'{value}' is not a {name}; choose one of: {', '.join(labels)}.") from None
