"""ACCME's PARS vocabulary: activity type and delivery method codes, country codes, outcome measures, and the
certifying boards that take MOC (continuing certification) through PARS with their credit types.

Sources are listed in docs/pars.md; where a code could not be read in ACCME's own appendix it says so there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cme_desktop.domain.vocabulary import ActivityFormat, Delivery

# Activity type codes (PARS tab-delimited upload 2016+, the codes ACCME kept for its XML appendix B).
ACTIVITY_TYPE_CODES: dict[str, str] = {
    ActivityFormat.LIVE_COURSE: "C",
    ActivityFormat.RSS: "RSS",
    ActivityFormat.ENDURING: "EM",
    ActivityFormat.JOURNAL: "JN",
    ActivityFormat.MANUSCRIPT_REVIEW: "MR",
    ActivityFormat.TEST_ITEM_WRITING: "TIW",
    ActivityFormat.COMMITTEE_LEARNING: "CML",
    ActivityFormat.PERFORMANCE_IMPROVEMENT: "PI",
    ActivityFormat.INTERNET_SEARCHING: "ISL",
    ActivityFormat.LEARNING_FROM_TEACHING: "LFT",
    ActivityFormat.OTHER: "OBL",
}

# Formats learners attend at a set time: a place (or a stream) and sessions.
LIVE = frozenset({ActivityFormat.LIVE_COURSE, ActivityFormat.RSS})
# Formats ACCME counts learner by learner once for the whole activity (DOMAIN.md, "Reporting": a course counts
# the learners registered for the whole event); an RSS counts them once per session attended.
PER_SESSION_COUNT = frozenset({ActivityFormat.RSS})


class DeliveryMethod(StrEnum):
    """How learners take part (PARS "delivery method", for live courses, series and enduring materials)."""

    IN_PERSON = "IP"
    LIVE_STREAMED = "LS"
    HYBRID = "HY"
    INTERNET = "IN"  # an enduring material taken online (formerly "Internet activity enduring material")
    NOT_INTERNET = "NI"  # printed or recorded, not online

    @property
    def label(self) -> str:
        return {
            DeliveryMethod.IN_PERSON: "In person",
            DeliveryMethod.LIVE_STREAMED: "Live-streamed",
            DeliveryMethod.HYBRID: "In person and live-streamed",
            DeliveryMethod.INTERNET: "Internet",
            DeliveryMethod.NOT_INTERNET: "Not internet (print or recording)",
        }[self]


def delivery_method(fmt: str, delivery: str) -> DeliveryMethod | None:
    """PARS's delivery method for an activity, or None for formats that have none (journal, PI, ...)."""
    if fmt in LIVE:
        live: dict[str, DeliveryMethod] = {
            Delivery.VIRTUAL: DeliveryMethod.LIVE_STREAMED,
            Delivery.HYBRID: DeliveryMethod.HYBRID,
        }
        return live.get(delivery, DeliveryMethod.IN_PERSON)
    if fmt == ActivityFormat.ENDURING:
        return DeliveryMethod.NOT_INTERNET if delivery == Delivery.IN_PERSON else DeliveryMethod.INTERNET
    return None


def has_location(fmt: str, delivery: str) -> bool:
    """Only an activity learners attend in person has a city, state and country in PARS (DOMAIN.md)."""
    return fmt in LIVE and delivery != Delivery.VIRTUAL


class OutcomeMeasure(StrEnum):
    """What the activity measured in its learners (PARS asks for at least one before closing an activity)."""

    KNOWLEDGE = "knowledge"
    COMPETENCE = "competence"
    PERFORMANCE = "performance"
    PATIENT_HEALTH = "patient_health"
    COMMUNITY_HEALTH = "community_health"

    @property
    def label(self) -> str:
        return {
            OutcomeMeasure.KNOWLEDGE: "Learner knowledge",
            OutcomeMeasure.COMPETENCE: "Learner competence",
            OutcomeMeasure.PERFORMANCE: "Learner performance",
            OutcomeMeasure.PATIENT_HEALTH: "Patient health",
            OutcomeMeasure.COMMUNITY_HEALTH: "Community or population health",
        }[self]


class FinderRegistration(StrEnum):
    """Who may register, as CME Finder lists it."""

    OPEN = "open"
    LIMITED = "limited"

    @property
    def label(self) -> str:
        return "Open to all" if self == FinderRegistration.OPEN else "Limited (by invitation or staff only)"


@dataclass(frozen=True)
class Board:
    """A certifying board that takes MOC completions through PARS, and the credit types it registers."""

    code: str
    name: str
    credit_types: tuple[tuple[str, str], ...]  # (code, label)
    # DOMAIN.md, "Reporting": ABP takes a longitudinal activity (an RSS) once per learner, after it is earned.
    longitudinal_once: bool = False

    def credit_label(self, code: str) -> str:
        return dict(self.credit_types).get(code, code)


BOARDS: dict[str, Board] = {
    b.code: b
    for b in (
        Board(
            "ABA", "American Board of Anesthesiology", (("LL", "Lifelong Learning"), ("PS", "Patient Safety"))
        ),
        Board(
            "ABIM",
            "American Board of Internal Medicine",
            (("MK", "Medical Knowledge"), ("PA", "Practice Assessment"), ("PS", "Patient Safety")),
        ),
        Board(
            "ABOHNS",
            "American Board of Otolaryngology - Head and Neck Surgery",
            (("LL", "Lifelong Learning"), ("SA", "Self-Assessment"), ("PS", "Patient Safety")),
        ),
        Board(
            "ABOS",
            "American Board of Orthopaedic Surgery",
            (("CME", "Accredited CME"), ("SA", "Self-Assessment")),
        ),
        Board(
            "ABP",
            "American Board of Pediatrics",
            (
                ("LL", "Part 2: Lifelong Learning"),
                ("QI", "Part 4: Improving Practice"),
            ),
            longitudinal_once=True,
        ),
        Board(
            "ABPath",
            "American Board of Pathology",
            (("LL", "Lifelong Learning (CME)"), ("SAM", "Self-Assessment Module")),
        ),
        Board("ABS", "American Board of Surgery", (("CME", "Accredited CME"), ("SA", "Self-Assessment"))),
        Board(
            "ABTS",
            "American Board of Thoracic Surgery",
            (("CME", "Accredited CME"), ("SA", "Self-Assessment")),
        ),
    )
}


def board_named(text: str) -> Board | None:
    """The board for a code typed in any case ("abpath", "ABIM")."""
    wanted = text.strip().upper()
    return next((b for code, b in BOARDS.items() if code.upper() == wanted), None)


# Countries by ISO 3166-1 alpha-3 code, the codes of ACCME's country list (appendix C).
COUNTRY_NAMES: dict[str, str] = {
    "USA": "United States",
    "CAN": "Canada",
    "MEX": "Mexico",
    "GBR": "United Kingdom",
    "IRL": "Ireland",
    "FRA": "France",
    "DEU": "Germany",
    "ESP": "Spain",
    "ITA": "Italy",
    "NLD": "Netherlands",
    "BEL": "Belgium",
    "CHE": "Switzerland",
    "AUT": "Austria",
    "SWE": "Sweden",
    "NOR": "Norway",
    "DNK": "Denmark",
    "FIN": "Finland",
    "PRT": "Portugal",
    "GRC": "Greece",
    "POL": "Poland",
    "ISR": "Israel",
    "ARE": "United Arab Emirates",
    "SAU": "Saudi Arabia",
    "QAT": "Qatar",
    "EGY": "Egypt",
    "ZAF": "South Africa",
    "NGA": "Nigeria",
    "KEN": "Kenya",
    "IND": "India",
    "PAK": "Pakistan",
    "CHN": "China",
    "HKG": "Hong Kong",
    "TWN": "Taiwan",
    "JPN": "Japan",
    "KOR": "South Korea",
    "SGP": "Singapore",
    "THA": "Thailand",
    "PHL": "Philippines",
    "VNM": "Vietnam",
    "IDN": "Indonesia",
    "MYS": "Malaysia",
    "AUS": "Australia",
    "NZL": "New Zealand",
    "BRA": "Brazil",
    "ARG": "Argentina",
    "CHL": "Chile",
    "COL": "Colombia",
    "PER": "Peru",
    "PRI": "Puerto Rico",
    "BHS": "Bahamas",
    "JAM": "Jamaica",
    "DOM": "Dominican Republic",
    "CRI": "Costa Rica",
    "PAN": "Panama",
    "ISL": "Iceland",
    "TUR": "Turkey",
    "RUS": "Russia",
    "UKR": "Ukraine",
    "CZE": "Czechia",
    "HUN": "Hungary",
    "ROU": "Romania",
}
_COUNTRY_ALIASES = {
    "US": "USA",
    "U.S.": "USA",
    "U.S.A.": "USA",
    "UNITED STATES OF AMERICA": "USA",
    "AMERICA": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "GREAT BRITAIN": "GBR",
    "ENGLAND": "GBR",
    "SCOTLAND": "GBR",
    "WALES": "GBR",
    "KOREA": "KOR",
    "REPUBLIC OF KOREA": "KOR",
    "CZECH REPUBLIC": "CZE",
    "HOLLAND": "NLD",
    "UAE": "ARE",
    "TURKIYE": "TUR",
}


_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR UM VI"
)
US_STATES = frozenset(_STATE_CODES.split(" "))
US_STATE_NAMES = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
    "CONNECTICUT": "CT", "DELAWARE": "DE", "FLORIDA": "FL", "GEORGIA": "GA", "HAWAII": "HI", "IDAHO": "ID",
    "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA",
    "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN",
    "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV",
    "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC",
    "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK", "OREGON": "OR", "PENNSYLVANIA": "PA",
    "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD", "TENNESSEE": "TN", "TEXAS": "TX",
    "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA", "WEST VIRGINIA": "WV",
    "WISCONSIN": "WI", "WYOMING": "WY", "DISTRICT OF COLUMBIA": "DC", "PUERTO RICO": "PR",
}  # fmt: skip


def state_code(text: str | None) -> str | None:
    """The two-letter code of a US state typed as a code or a name; None when it is not one."""
    typed = " ".join((text or "").split()).upper().replace(".", "")
    if typed in US_STATES:
        return typed
    return US_STATE_NAMES.get(typed)


def country_code(text: str | None, state: str | None = None) -> str | None:
    """ACCME's three-letter code for a country as the office typed it, or None when it is not known here.

    A blank country with a US state is the United States (the activity form leaves the country optional).
    """
    typed = " ".join((text or "").split()).upper()
    if not typed:
        return "USA" if state_code(state) else None
    if typed in COUNTRY_NAMES:
        return typed
    if typed in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[typed]
    by_name = {name.upper(): code for code, name in COUNTRY_NAMES.items()}
    return by_name.get(typed)
