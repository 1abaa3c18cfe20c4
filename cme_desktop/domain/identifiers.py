"""Identifiers with check digits: the NPI (Luhn over the prefix 80840 plus the first nine digits)."""

from __future__ import annotations

from cme_desktop.errors import InputError


def _luhn_sum(digits: str) -> int:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def npi_check_digit(first_nine: str) -> int:
    """The tenth digit of an NPI whose first nine digits are given."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise InputError("An NPI's first part is nine digits.")
    return (10 - (_luhn_sum("80840" + first_nine) % 10)) % 10


def is_valid_npi(npi: str) -> bool:
    """True for a 10-digit NPI starting with 1 or 2 whose check digit is right."""
    npi = npi.strip()
    return len(npi) == 10 and npi.isdigit() and npi[0] in "12" and npi_check_digit(npi[:9]) == int(npi[9])
