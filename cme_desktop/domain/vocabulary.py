"""The office's words, as enumerations shared by every layer (DOMAIN.md, "Words")."""

from __future__ import annotations

from enum import StrEnum


class ActivityFormat(StrEnum):
    """PARS learning formats (DOMAIN.md)."""

    LIVE_COURSE = "live_course"
    RSS = "rss"
    ENDURING = "enduring"
    JOURNAL = "journal"
    MANUSCRIPT_REVIEW = "manuscript_review"
    TEST_ITEM_WRITING = "test_item_writing"
    COMMITTEE_LEARNING = "committee_learning"
    PERFORMANCE_IMPROVEMENT = "performance_improvement"
    INTERNET_SEARCHING = "internet_searching"
    LEARNING_FROM_TEACHING = "learning_from_teaching"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _FORMAT_LABELS[self]


_FORMAT_LABELS = {
    ActivityFormat.LIVE_COURSE: "Course",
    ActivityFormat.RSS: "Regularly scheduled series",
    ActivityFormat.ENDURING: "Enduring material",
    ActivityFormat.JOURNAL: "Journal-based CME",
    ActivityFormat.MANUSCRIPT_REVIEW: "Manuscript review",
    ActivityFormat.TEST_ITEM_WRITING: "Test-item writing",
    ActivityFormat.COMMITTEE_LEARNING: "Committee learning",
    ActivityFormat.PERFORMANCE_IMPROVEMENT: "Performance/quality improvement",
    ActivityFormat.INTERNET_SEARCHING: "Internet searching and learning",
    ActivityFormat.LEARNING_FROM_TEACHING: "Learning from teaching",
    ActivityFormat.OTHER: "Other/blended learning",
}


class Providership(StrEnum):
    DIRECT = "direct"
    JOINT = "joint"


class Delivery(StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    HYBRID = "hybrid"


class ActivityStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class CreditType(StrEnum):
    """Credit designations an activity can carry (DOMAIN.md, "Credit")."""

    AMA_PRA_1 = "ama_pra_1"
    NURSING = "nursing"
    PHARMACY = "pharmacy"
    IPCE = "ipce"
    PARTICIPATION = "participation"

    @property
    def label(self) -> str:
        return _CREDIT_LABELS[self]


_CREDIT_LABELS = {
    CreditType.AMA_PRA_1: "AMA PRA Category 1 Credit™",
    CreditType.NURSING: "Nursing contact hours",
    CreditType.PHARMACY: "Pharmacy contact hours (ACPE)",
    CreditType.IPCE: "IPCE credit",
    CreditType.PARTICIPATION: "Participation hours",
}


class Profession(StrEnum):
    PHYSICIAN = "physician"
    NURSE = "nurse"
    PHARMACIST = "pharmacist"
    PHYSICIAN_ASSISTANT = "physician_assistant"
    NURSE_PRACTITIONER = "nurse_practitioner"
    SCIENTIST = "scientist"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PROFESSION_LABELS[self]


_PROFESSION_LABELS = {
    Profession.PHYSICIAN: "Physician",
    Profession.NURSE: "Nurse",
    Profession.PHARMACIST: "Pharmacist",
    Profession.PHYSICIAN_ASSISTANT: "Physician assistant",
    Profession.NURSE_PRACTITIONER: "Nurse practitioner or APRN",
    Profession.SCIENTIST: "Scientist",
    Profession.OTHER: "Other",
}


class ClaimChannel(StrEnum):
    TEXT = "text"
    KIOSK = "kiosk"
    IMPORT = "import"
    MANUAL = "manual"
    PORTAL = "portal"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    ClaimChannel.TEXT: "Text message",
    ClaimChannel.KIOSK: "Kiosk",
    ClaimChannel.IMPORT: "Imported",
    ClaimChannel.MANUAL: "Added by hand",
    ClaimChannel.PORTAL: "Portal",
}


def label_of(kind: type[StrEnum], value: str) -> str:
    """The display name of a stored value ('physician_assistant' -> 'Physician assistant'); an unknown one is
    shown readably rather than raw."""
    try:
        member = kind(value)
    except ValueError:
        return value.replace("_", " ").capitalize()
    label = getattr(member, "label", None)
    return str(label) if label else member.value.replace("_", " ").capitalize()


class RoleInActivity(StrEnum):
    PLANNER = "planner"
    FACULTY = "faculty"
    REVIEWER = "reviewer"
    MODERATOR = "moderator"
    OTHER = "other"


class RelationshipNature(StrEnum):
    EMPLOYEE = "employee"
    RESEARCHER = "researcher"
    CONSULTANT = "consultant"
    ADVISOR = "advisor"
    SPEAKER = "speaker"
    INDEPENDENT_CONTRACTOR = "independent_contractor"
    ROYALTIES = "royalties"
    EXECUTIVE = "executive"
    OWNERSHIP = "ownership"
    OTHER = "other"


class Mitigation(StrEnum):
    NOT_RELEVANT = "not_relevant"
    DIVEST = "divest"
    RECUSAL = "recusal"
    PEER_REVIEW = "peer_review"
    ATTEST = "attest"
    OTHER = "other"


class ExclusionException(StrEnum):
    """Why an owner or employee of an ineligible company may still control content (DOMAIN.md, Standard 3 step 2)."""

    UNRELATED_CONTENT = "unrelated_content"
    BASIC_SCIENCE = "basic_science"
    DEVICE_TECHNICIAN = "device_technician"


class MessageDirection(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"
