"""Degree lines as learners type them (DOMAIN.md, "Credit": physicians are MD, DO and international equivalents
(MBBS, MBChB, ...), whatever other degrees follow: "MD, PhD", "DO, MPH", "MD/PhD", "MD, FACP")."""

from __future__ import annotations

import pytest

from cme_desktop.domain.degrees import profession_for_degree, tidy_degree
from cme_desktop.domain.vocabulary import Profession


@pytest.mark.parametrize(
    "degree",
    [
        "MD",
        "M.D.",
        "md",
        "DO",
        "MD, PhD",
        "DO, MPH",
        "MD/PhD",
        "MD PhD",
        "MD, FACP",
        "M.D., F.A.C.S.",
        "MBBS",
        "MB BS",
        "MB, BS",
        "MBChB",
        "MB ChB",
        "MBBCh",
        "BMBS",
        "MD, MPH, FACP",
        "PhD, MD",
        "DO & MBA",
        "MD and PhD",
        "MDCM",
    ],
)
def test_physicians_in_every_spelling_are_physicians(degree: str) -> None:
    assert profession_for_degree(degree) is Profession.PHYSICIAN


@pytest.mark.parametrize(
    ("degree", "profession"),
    [
        ("RN", Profession.NURSE),
        ("RN, BSN", Profession.NURSE),
        ("BSN, RN, CCRN", Profession.NURSE),
        ("MSN, RN", Profession.NURSE),
        ("APRN, FNP-BC", Profession.NURSE_PRACTITIONER),
        ("DNP, RN", Profession.NURSE_PRACTITIONER),
        ("RN, MSN, NP", Profession.NURSE_PRACTITIONER),
        ("PA-C", Profession.PHYSICIAN_ASSISTANT),
        ("MPAS, PA-C", Profession.PHYSICIAN_ASSISTANT),
        ("PharmD", Profession.PHARMACIST),
        ("Pharm.D., BCPS", Profession.PHARMACIST),
        ("RPh", Profession.PHARMACIST),
        ("PhD", Profession.SCIENTIST),
        ("MPH", Profession.OTHER),
        ("MBA", Profession.OTHER),
        ("", Profession.OTHER),
        (None, Profession.OTHER),
        ("Dr", Profession.OTHER),
        ("MDiv", Profession.OTHER),
    ],
)
def test_other_professions_and_the_strongest_degree_decides(
    degree: str | None, profession: Profession
) -> None:
    assert profession_for_degree(degree) is profession


def test_a_single_degree_is_written_as_usual_and_a_line_as_typed() -> None:
    assert tidy_degree("m.d.") == "MD"
    assert tidy_degree("pharmd") == "PharmD"
    assert tidy_degree("pa-c") == "PA-C"
    assert tidy_degree("MD, PhD") == "MD, PhD"
