"""What a degree line says about a learner's profession (DOMAIN.md, "Credit": physicians are MD, DO and
international equivalents such as MBBS and MBChB, whatever other degrees follow: "MD, PhD", "DO, MPH",
"MD/PhD", "MD, FACP").

A degree line is split into its parts at commas, slashes, semicolons, spaces, "and" and "&"; dots are ignored
("M.D."). The strongest clinical degree decides: a physician who also holds a PhD is a physician, a nurse
practitioner who is also an RN is a nurse practitioner. Fellowships and certifications (FACP, FACS, BC, ...) say
nothing about the profession and are ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cme_desktop.domain.vocabulary import Profession

# Each part of a degree line, uppercased without dots, and the profession it shows.
PART_PROFESSIONS: dict[str, Profession] = {
    # Physicians, US and international (MBBS and its spellings, MBChB, MBBCh, BMBS, MB BChir, MDCM).
    **dict.fromkeys(
        ("MD", "DO", "MBBS", "MBCHB", "MBBCH", "MBBCHIR", "BMBS", "BMBCH", "MBBCHBAO", "MDCM", "MBCHBBAO"),
        Profession.PHYSICIAN,
    ),
    # Nurse practitioners and other advanced practice nurses.
    **dict.fromkeys(
        (
            "NP",
            "APRN",
            "CRNP",
            "FNP",
            "FNPC",
            "FNPBC",
            "ANP",
            "ANPC",
            "ANPBC",
            "ACNP",
            "ACNPBC",
            "AGACNP",
            "AGNP",
            "AGPCNP",
            "PNP",
            "PMHNP",
            "WHNP",
            "NNP",
            "DNP",
            "CNM",
            "CRNA",
            "CNS",
        ),
        Profession.NURSE_PRACTITIONER,
    ),
    **dict.fromkeys(("PA", "PAC", "MPAS", "MSPAS"), Profession.PHYSICIAN_ASSISTANT),
    **dict.fromkeys(("PHARMD", "RPH", "BPHARM", "MPHARM", "BSPHARM"), Profession.PHARMACIST),
    **dict.fromkeys(("RN", "BSN", "MSN", "ADN", "LPN", "LVN", "CNA", "BSNRN"), Profession.NURSE),
    **dict.fromkeys(("PHD", "SCD", "DSC", "DPHIL"), Profession.SCIENTIST),
}
# Two-part spellings of one degree: "MB BS", "MB ChB", "MB BCh", "PA C".
JOINED = {
    ("MB", "BS"): "MBBS",
    ("MB", "CHB"): "MBCHB",
    ("MB", "BCH"): "MBBCH",
    ("MB", "BCHIR"): "MBBCHIR",
    ("PA", "C"): "PAC",
}
# Which profession wins when a line names several.
RANK = (
    Profession.PHYSICIAN,
    Profession.NURSE_PRACTITIONER,
    Profession.PHYSICIAN_ASSISTANT,
    Profession.PHARMACIST,
    Profession.NURSE,
    Profession.SCIENTIST,
)
_SPLIT = re.compile(r"[,/;&+()\s]+|\bAND\b")


def degree_parts(degree: str | None) -> list[str]:
    """'M.D., Ph.D.' -> ['MD', 'PHD']; 'MB BS' -> ['MBBS']; 'PA-C' -> ['PAC']."""
    return list(_parts(degree)) if degree else []


# An office's degrees are a few dozen lines repeated across thousands of profiles (an import reads each
# row's degree several times), so each line is split once.
@lru_cache(maxsize=4096)
def _parts(degree: str) -> tuple[str, ...]:
    text = degree.upper().replace(".", "").replace("-", "")
    parts = [part for part in _SPLIT.split(text) if part]
    joined: list[str] = []
    index = 0
    while index < len(parts):
        pair = (parts[index], parts[index + 1]) if index + 1 < len(parts) else None
        if pair is not None and pair in JOINED:
            joined.append(JOINED[pair])
            index += 2
        else:
            joined.append(parts[index])
            index += 1
    return tuple(joined)


# How a degree given alone is written on a certificate ("pharmd" -> "PharmD"); others are uppercased.
SPELLING = {
    "PHARMD": "PharmD",
    "PHD": "PhD",
    "RPH": "RPh",
    "PAC": "PA-C",
    "MBCHB": "MBChB",
    "MBBCH": "MBBCh",
    "SCD": "ScD",
    "DPHIL": "DPhil",
    "BPHARM": "BPharm",
}


def tidy_degree(degree: str) -> str:
    """A single known degree in its usual spelling ('m.d.' -> 'MD'); a longer line stays as typed."""
    parts = _parts(degree)
    if len(parts) == 1 and parts[0] in PART_PROFESSIONS:
        return SPELLING.get(parts[0], parts[0])
    return degree.strip()


def profession_for_degree(degree: str | None) -> Profession:
    """The profession a degree line shows; OTHER when none of its parts is a clinical or research degree."""
    parts = _parts(degree) if degree else ()
    found = {PART_PROFESSIONS[part] for part in parts if part in PART_PROFESSIONS}
    for profession in RANK:
        if profession in found:
            return profession
    return Profession.OTHER
