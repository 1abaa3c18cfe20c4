"""Who may award what, and the statement each award must carry (DOMAIN.md, "Credit"; the wording and its sources
are in docs/accreditation.md).

An office declares its accreditations once: for physicians (the ACCME, or a state medical society the ACCME
recognizes), for nurses (an ANCC accredited provider, or a provider approved by an ANCC accredited approver), for
pharmacists (the ACPE), or Joint Accreditation, which covers all three and is the only way to IPCE credit. A credit
type the office holds no accreditation for cannot be designated, and no document states an accreditation the office
has not declared. Statements are paragraph markup: text escaped (&, <, >).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from xml.sax.saxutils import escape

from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.errors import InputError

ACCME = "ACCME"
ACCME_NAME = "Accreditation Council for Continuing Medical Education (ACCME)"


class AccreditationNeeded(InputError):
    """The office has not declared the accreditation a document needs; the message names the setting."""


class NursingAccreditation(StrEnum):
    NONE = ""
    ACCREDITED = "accredited"  # an ANCC accredited provider
    APPROVED = "approved"  # approved by an ANCC accredited approver (a state nurses association, ...)


# DOMAIN.md, "Credit" (ACCME Accreditation Statement policy; Joint Accreditation's statement).
JOINT_ACCREDITATION = (
    "In support of improving patient care, {provider} is jointly accredited by the Accreditation Council for "
    "Continuing Medical Education (ACCME), the Accreditation Council for Pharmacy Education (ACPE), and the "
    "American Nurses Credentialing Center (ANCC), to provide continuing education for the healthcare team."
)
JA_JOINT_PROVIDERSHIP = (
    "In support of improving patient care, this activity has been planned and implemented by {provider} and "
    "{partner}. {provider} is jointly accredited by the Accreditation Council for Continuing Medical Education "
    "(ACCME), the Accreditation Council for Pharmacy Education (ACPE), and the American Nurses Credentialing "
    "Center (ANCC), to provide continuing education for the healthcare team."
)
PHYSICIAN_DIRECT = (
    "{provider} is accredited by the {accreditor} to provide continuing medical education for physicians."
)
PHYSICIAN_JOINT = (
    "This activity has been planned and implemented in accordance with the accreditation requirements and "
    "policies of the {accreditor} through the joint providership of {provider} and {partner}. {the_provider} "
    "is accredited by the {short} to provide continuing medical education for physicians."
)
# ANCC's accreditation statements for accredited and approved providers of nursing continuing professional
# development (docs/accreditation.md).
NURSING_ACCREDITED = (
    "{provider} is accredited as a provider of nursing continuing professional development by the American "
    "Nurses Credentialing Center's Commission on Accreditation."
)
NURSING_APPROVED = (
    "{provider} is approved as a provider of nursing continuing professional development by {approver}, an "
    "accredited approver by the American Nurses Credentialing Center's Commission on Accreditation."
)
# DOMAIN.md, "Credit" (ACPE).
PHARMACY_ACCREDITED = (
    "{provider} is accredited by the Accreditation Council for Pharmacy Education as a provider of continuing "
    "pharmacy education."
)
JOINTLY_PROVIDED = "This activity is jointly provided by {provider} and {partner}."


@dataclass(frozen=True)
class Accreditation:
    """The office's accreditations as declared in Settings › Office › Accreditation."""

    provider: str = ""
    address: str = ""  # postal address or web address: nursing certificates must show one
    physician_accreditor: str = ""  # "" (none), "ACCME", or the name of a state medical society
    nursing: NursingAccreditation = NursingAccreditation.NONE
    nursing_approver: str = ""  # the ANCC accredited approver, for an approved provider
    pharmacy: bool = False  # ACPE
    joint: bool = False  # Joint Accreditation (ACCME, ACPE and ANCC)

    @property
    def declared(self) -> bool:
        """Enough to print a truthful document: a provider name and at least one accreditation."""
        return not self.missing()

    def missing(self) -> list[str]:
        """What Settings › Office › Accreditation still needs, in the words of its fields."""
        gaps = []
        if not self.provider.strip():
            gaps.append("the accredited provider's name")
        if not (self.joint or self.physician_accreditor or self.nursing or self.pharmacy):
            gaps.append("which accreditation the office holds")
        if self.nursing == NursingAccreditation.APPROVED and not self.nursing_approver.strip():
            gaps.append("the accredited approver that approved the office for nursing")
        if (self.joint or self.nursing) and not self.address.strip():
            gaps.append("the office's address or web address (nursing certificates show it)")
        return gaps

    def require(self, what: str) -> Accreditation:
        """This accreditation, or AccreditationNeeded naming what to fill in before printing `what`."""
        gaps = self.missing()
        if gaps:
            listed = gaps[0] if len(gaps) == 1 else ", ".join(gaps[:-1]) + " and " + gaps[-1]
            raise AccreditationNeeded(
                f"Before printing {what}, fill in Settings › Office › Accreditation: {listed}."
            )
        return self

    def holds(self, credit_type: str) -> bool:
        """Whether the office may designate (and award) this credit type (DOMAIN.md, "Credit")."""
        if credit_type == CreditType.PARTICIPATION:
            return True
        if self.joint:
            return True  # Joint Accreditation covers physicians, nurses, pharmacists and IPCE
        if credit_type == CreditType.AMA_PRA_1:
            return bool(self.physician_accreditor)
        if credit_type == CreditType.NURSING:
            return bool(self.nursing)
        if credit_type == CreditType.PHARMACY:
            return self.pharmacy
        return False  # IPCE: jointly accredited providers only

    def refusal(self, credit_type: str) -> str | None:
        """Why this credit type may not be designated by this office, or None."""
        if self.holds(credit_type):
            return None
        if credit_type == CreditType.IPCE:
            return "Only a jointly accredited provider may designate IPCE credit (Settings › Office › Accreditation)."
        body = {
            CreditType.AMA_PRA_1: "AMA PRA Category 1 Credit needs accreditation by the ACCME or a state medical society",
            CreditType.NURSING: "Nursing contact hours need ANCC accreditation or approval",
            CreditType.PHARMACY: "Pharmacy credit needs ACPE accreditation",
        }.get(CreditType(credit_type), f"{credit_type} credit needs an accreditation")
        return f"{body}, which the office has not declared (Settings › Office › Accreditation)."

    def statements(self, credit_type: str, partner: str | None = None) -> tuple[str, ...]:
        """The accreditation statement(s) a page awarding `credit_type` carries; `partner` for joint providership."""
        p = escape(self.provider.strip())
        partner = escape(partner.strip()) if partner and partner.strip() else None
        if self.joint:
            if partner:
                return (JA_JOINT_PROVIDERSHIP.format(provider=p, partner=partner),)
            return (JOINT_ACCREDITATION.format(provider=p),)
        if credit_type in (CreditType.AMA_PRA_1, CreditType.PARTICIPATION):
            if not self.physician_accreditor:
                return ()
            full, short = self._physician_accreditor()
            if partner:
                the = p if p.lower().startswith("the ") else f"The {p}"
                statement = PHYSICIAN_JOINT.format(
                    accreditor=full, short=short, provider=p, partner=partner, the_provider=the
                )
                return (statement,)
            return (PHYSICIAN_DIRECT.format(accreditor=full, provider=p),)
        jointly = (JOINTLY_PROVIDED.format(provider=p, partner=partner),) if partner else ()
        if credit_type == CreditType.NURSING and self.nursing == NursingAccreditation.ACCREDITED:
            return (NURSING_ACCREDITED.format(provider=p), *jointly)
        if credit_type == CreditType.NURSING and self.nursing == NursingAccreditation.APPROVED:
            return (
                NURSING_APPROVED.format(provider=p, approver=escape(self.nursing_approver.strip())),
                *jointly,
            )
        if credit_type == CreditType.PHARMACY and self.pharmacy:
            return (PHARMACY_ACCREDITED.format(provider=p), *jointly)
        return ()

    def _physician_accreditor(self) -> tuple[str, str]:
        name = self.physician_accreditor.strip()
        if name.upper() == ACCME:
            return ACCME_NAME, ACCME
        escaped = escape(name)
        return escaped, escaped

    def shows_address(self, credit_type: str) -> bool:
        """Nursing certificates carry the provider's address (or web address); DOMAIN.md, "Credit"."""
        return credit_type == CreditType.NURSING or (credit_type == CreditType.IPCE and self.joint)
