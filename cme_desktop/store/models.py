"""Every model, imported in one place so that the metadata is complete (Alembic, tests)."""

from cme_desktop.store.activities import (
    Activity,
    ActivitySession,
    CommercialSupport,
    CreditDesignation,
    IssuedCode,
    SessionFaculty,
)
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.base import Base
from cme_desktop.store.disclosures import (
    ActivityRole,
    Disclosure,
    FinancialRelationship,
    IneligibleCompany,
    RelationshipReview,
)
from cme_desktop.store.invitations import DisclosureDraft, DisclosureInvitation, DisclosureLink
from cme_desktop.store.messages import PhoneLinkRequest, TextingNumber, TextMessage
from cme_desktop.store.office import OfficeSetting
from cme_desktop.store.people import BoardId, Person, PersonAlias, PersonEmail, PersonPhone, StateLicense
from cme_desktop.store.portal import PortalSession, SignInCode
from cme_desktop.store.reporting import ActivityReporting, MocRegistration

__all__ = [
    "Activity",
    "ActivityReporting",
    "ActivityRole",
    "ActivitySession",
    "AttendanceClaim",
    "AuditEntry",
    "Base",
    "BoardId",
    "Certificate",
    "CommercialSupport",
    "CreditDesignation",
    "Disclosure",
    "DisclosureDraft",
    "DisclosureInvitation",
    "DisclosureLink",
    "FinancialRelationship",
    "IneligibleCompany",
    "IssuedCode",
    "MocRegistration",
    "OfficeSetting",
    "Person",
    "PersonAlias",
    "PersonEmail",
    "PersonPhone",
    "PhoneLinkRequest",
    "PortalSession",
    "RelationshipReview",
    "SessionFaculty",
    "SignInCode",
    "StateLicense",
    "TextMessage",
    "TextingNumber",
]
