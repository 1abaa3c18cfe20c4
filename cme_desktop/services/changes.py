"""What kinds of records a write changed, in the office's words, so that screens refresh only what changed.

The database reports the tables each committed transaction wrote (store/db.py `Database.on_commit`); this module
names them as a coordinator thinks of them. A write cannot forget to say what it changed: a merge that moves
claims reports claims as well as people, because it wrote to both tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Change(StrEnum):
    ACTIVITIES = "activities"  # activities, their sessions, credits, support and codes
    CLAIMS = "claims"  # attendance claims
    CERTIFICATES = "certificates"
    PEOPLE = "people"  # profiles and everything on them (emails, phones, IDs, aliases)
    PORTAL = "portal"  # learners' browser sessions and sign-in codes on the portal
    DISCLOSURES = "disclosures"  # Standard 3: roles, disclosures, relationships, reviews, companies
    MESSAGES = "messages"  # the texting log
    SETTINGS = "settings"  # the office's shared settings


TABLES: dict[str, Change] = {
    "activities": Change.ACTIVITIES,
    "sessions": Change.ACTIVITIES,
    "credit_designations": Change.ACTIVITIES,
    "commercial_support": Change.ACTIVITIES,
    "issued_codes": Change.ACTIVITIES,
    "session_faculty": Change.ACTIVITIES,
    "activity_reporting": Change.ACTIVITIES,
    "moc_registrations": Change.ACTIVITIES,
    "attendance_claims": Change.CLAIMS,
    "certificates": Change.CERTIFICATES,
    "people": Change.PEOPLE,
    "person_emails": Change.PEOPLE,
    "person_phones": Change.PEOPLE,
    "person_board_ids": Change.PEOPLE,
    "person_licenses": Change.PEOPLE,
    "person_aliases": Change.PEOPLE,
    "person_duplicate_dismissals": Change.PEOPLE,
    "ineligible_companies": Change.DISCLOSURES,
    "disclosures": Change.DISCLOSURES,
    "financial_relationships": Change.DISCLOSURES,
    "activity_roles": Change.DISCLOSURES,
    "relationship_reviews": Change.DISCLOSURES,
    "disclosure_invitations": Change.DISCLOSURES,
    "disclosure_links": Change.DISCLOSURES,
    "disclosure_drafts": Change.DISCLOSURES,
    "text_messages": Change.MESSAGES,
    "texting_numbers": Change.PEOPLE,  # a phone's opt-out shows on its profile
    "phone_link_requests": Change.MESSAGES,
    "office_settings": Change.SETTINGS,
    "portal_sessions": Change.PORTAL,
    "portal_sign_in_codes": Change.PORTAL,
}


def changes_of(tables: Iterable[str]) -> frozenset[Change]:
    """The kinds of records behind the tables a transaction wrote (the audit log is no kind of its own)."""
    return frozenset(TABLES[table] for table in tables if table in TABLES)
