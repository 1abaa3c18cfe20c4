"""Reading the speakers a coordinator types or a file gives ("Dr. Arjun Mehta; Marcus Greene, MD, FACP") into
people's names, so each speaker can be matched to a profile and counted as faculty under Standard 3 (DOMAIN.md,
"Disclosure": every session speaker is faculty).

Speakers are separated by semicolons, new lines, " and " or "&"; a comma separates speakers too, except where
what follows it is a degree or a credential ("Marcus Greene, MD, FACP" is one speaker). Titles (Dr., Prof.) are
dropped; the last word of a name is the last name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cme_desktop.domain.degrees import PART_PROFESSIONS

TITLES = {"DR", "PROF", "PROFESSOR", "MR", "MRS", "MS", "MX", "MISS"}
# Credentials that follow a name without being a clinical degree.
CREDENTIALS = {
    "MPH",
    "MBA",
    "MS",
    "MSC",
    "MA",
    "MEd",
    "BS",
    "BA",
    "BSC",
    "JD",
    "MHA",
    "MHS",
    "MSCR",
    "MSCI",
    "MSW",
    "LCSW",
    "CCRN",
    "BCPS",
    "CDE",
    "CDCES",
    "MMSC",
    "MPP",
    "EDD",
    "DRPH",
    "DMD",
    "DDS",
    "DPM",
    "DPT",
    "OD",
    "PSYD",
    "JR",
    "SR",
    "II",
    "III",
    "IV",
}
_FELLOWSHIP = re.compile(r"^F[A-Z]{2,7}$")  # FACP, FACS, FRCPC, FAAP, ...
_SPEAKER_BREAKS = re.compile(r";|\n|\s+and\s+|\s*&\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SpeakerName:
    first: str  # given name(s), middle included
    last: str
    degree: str | None  # as typed: "MD, FACP"
    typed: str  # the speaker as written, for notes

    @property
    def display(self) -> str:
        name = f"{self.first} {self.last}".strip()
        return f"{name}, {self.degree}" if self.degree else name


def is_credential(part: str) -> bool:
    """'MD', 'Ph.D.', 'FACP', 'MPH', 'PA-C', 'MD/PhD': a degree or credential, not a name."""
    pieces = [p for p in re.split(r"[/\s]+", part.strip()) if p]
    if not pieces:
        return False
    for piece in pieces:
        key = piece.upper().replace(".", "").replace("-", "")
        if not (key in PART_PROFESSIONS or key in {c.upper() for c in CREDENTIALS} or _FELLOWSHIP.match(key)):
            return False
    return True


def parse_speakers(text: str | None) -> tuple[list[SpeakerName], list[str]]:
    """The speakers named in `text`, and the pieces that are not a first and last name (to flag, not guess)."""
    speakers: list[SpeakerName] = []
    unreadable: list[str] = []
    for chunk in _SPEAKER_BREAKS.split(text or ""):
        for typed, name, credentials in _people_in(chunk):
            words = [w for w in name.replace(",", " ").split() if w.upper().rstrip(".") not in TITLES]
            if len(words) < 2:
                if typed.strip():
                    unreadable.append(typed.strip())
                continue
            degree = ", ".join(credentials) or None
            speakers.append(SpeakerName(" ".join(words[:-1]), words[-1], degree, typed.strip()))
    return speakers, unreadable


def _people_in(chunk: str) -> list[tuple[str, str, list[str]]]:
    """A chunk split at commas into people: (as typed, the name, the credentials after it)."""
    parts = [p.strip() for p in chunk.split(",")]
    people: list[tuple[str, str, list[str]]] = []
    for part in parts:
        if not part:
            continue
        if people and is_credential(part):
            typed, name, credentials = people[-1]
            people[-1] = (f"{typed}, {part}", name, [*credentials, part])
        else:
            people.append((part, part, []))
    return people
