"""Credit amounts: AMA PRA Category 1 is designated and awarded in 0.25 steps (DOMAIN.md, "Credit").

Amounts are kept as whole quarter-hours so that sums are exact on every database engine.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cme_desktop.errors import InputError

QUARTERS_PER_CREDIT = 4


def quarters_for_duration(duration: timedelta) -> int:
    """Credit for a duration, in quarters: 60 minutes = 1 credit, rounded to the nearest quarter hour.

    Halfway cases (7.5 minutes over a quarter) round up, in the learner's favour.
    """
    minutes = Decimal(int(duration.total_seconds())) / 60
    if minutes <= 0:
        return 0
    return int((minutes / 15).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def quarters_from_credits(credits: Decimal | float | str) -> int:
    """Quarters for a credit amount; raises ValueError when it is not a multiple of 0.25."""
    try:
        value = Decimal(str(credits).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InputError(f"'{credits}' is not a credit amount; write it like 1 or 1.25.")
    if value < 0:
        raise InputError("Credits cannot be negative.")
    quarters = value * QUARTERS_PER_CREDIT
    if quarters != quarters.to_integral_value():
        raise InputError(f"Credits are given in steps of 0.25; {value} is not one of them.")
    return int(quarters)


def credits_from_quarters(quarters: int) -> Decimal:
    """The credit amount for a number of quarters, e.g. 5 -> Decimal('1.25')."""
    return (Decimal(quarters) / QUARTERS_PER_CREDIT).quantize(Decimal("0.01"))


def format_credits(quarters: int) -> str:
    """A credit amount as a coordinator writes it: 1, 1.25, 1.5, 52."""
    value = credits_from_quarters(quarters).normalize()
    return f"{value:f}"


def credit_type_for(profession: str, designated: AbstractSet[str]) -> str:
    """The credit a learner of `profession` is offered, given the activity's designations (DOMAIN.md, "Credit").

    Physicians claim AMA PRA Category 1; nurses get contact hours and pharmacists ACPE credit where designated;
    IPCE where the activity is interprofessional; everyone else a participation certificate.
    """
    from cme_desktop.domain.vocabulary import CreditType, Profession

    if profession == Profession.PHYSICIAN and CreditType.AMA_PRA_1 in designated:
        return CreditType.AMA_PRA_1
    if profession in (Profession.NURSE, Profession.NURSE_PRACTITIONER) and CreditType.NURSING in designated:
        return CreditType.NURSING
    if profession == Profession.PHARMACIST and CreditType.PHARMACY in designated:
        return CreditType.PHARMACY
    if CreditType.IPCE in designated:
        return CreditType.IPCE
    return CreditType.PARTICIPATION
