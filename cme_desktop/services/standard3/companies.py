"""The office's list of ineligible companies (DOMAIN.md: primary business is healthcare products used by or on
patients), that disclosures pick from or add to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.standard3 import Standard3Error
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.store.disclosures import IneligibleCompany


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    active: bool
    # Typed by a faculty member or planner on the portal; not yet confirmed by the office.
    needs_review: bool = False


def companies(ctx: Context, include_inactive: bool = False, include_unchecked: bool = True) -> list[Company]:
    """The office's list of ineligible companies, by name; without `include_unchecked`, only those the office has
    confirmed (the portal's pick list: one person's typo is not offered to everyone)."""
    query = select(IneligibleCompany).order_by(func.lower(IneligibleCompany.name))
    if not include_inactive:
        query = query.where(IneligibleCompany.active.is_(True))
    if not include_unchecked:
        query = query.where(IneligibleCompany.needs_review.is_(False))
    with ctx.db.transaction() as session:
        return [Company(c.id, c.name, c.active, c.needs_review) for c in session.scalars(query)]


def confirm_company(ctx: Context, company_id: int) -> Company:
    """The office checked a company typed on the portal: it is an ineligible company, and joins the pick list."""
    with ctx.db.transaction() as session:
        company = session.get(IneligibleCompany, company_id)
        if company is None:
            raise Standard3Error("That company is no longer on the list: reload.")
        if company.needs_review:
            company.needs_review = False
            audit.record(
                ctx,
                session,
                "company.confirm",
                "ineligible_company",
                company_id,
                {"name": company.name, "needs_review": True},
                {"name": company.name, "needs_review": False},
            )
        return Company(company.id, company.name, company.active, company.needs_review)


def company_typed(ctx: Context, session: Session, name: str) -> IneligibleCompany:
    """The company a person typed on the portal: the listed one of that name (any case), else a new one flagged
    for the office to check."""
    cleaned = " ".join(name.split())
    company = _find_company(session, cleaned)
    if company is not None:
        return company
    company = IneligibleCompany(name=cleaned, active=True, needs_review=True)
    session.add(company)
    session.flush()
    audit.record(
        ctx,
        session,
        "company.add",
        "ineligible_company",
        company.id,
        None,
        {"name": cleaned, "needs_review": True},
    )
    return company


def add_company(ctx: Context, name: str) -> Company:
    with ctx.db.transaction() as session:
        company = company_named(ctx, session, name, create=True)
        return Company(company.id, company.name, company.active)


def update_company(ctx: Context, company_id: int, name: str, active: bool = True) -> Company:
    """Rename a company or take it off the pick list (it stays on disclosures that name it)."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Standard3Error("Type the company's name.")
    with ctx.db.transaction() as session:
        company = session.get(IneligibleCompany, company_id)
        if company is None:
            raise Standard3Error("That company is no longer on the list: reload.")
        clash = _find_company(session, cleaned)
        if clash is not None and clash.id != company_id:
            raise Standard3Error(f"{clash.name} is already on the list.")
        before = {"name": company.name, "active": company.active}
        company.name, company.active = cleaned, active
        audit.record(
            ctx,
            session,
            "company.update",
            "ineligible_company",
            company_id,
            before,
            {"name": cleaned, "active": active},
        )
        return Company(company.id, company.name, company.active, company.needs_review)


def _find_company(session: Session, name: str) -> IneligibleCompany | None:
    return session.scalars(
        select(IneligibleCompany).where(func.lower(IneligibleCompany.name) == name.lower())
    ).first()


def company_named(ctx: Context, session: Session, name: str, create: bool) -> IneligibleCompany:
    """The listed company of that name (any case), added to the list when it is new."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Standard3Error("Type the company's name.")
    company = _find_company(session, cleaned)
    if company is not None:
        if not create:
            return company
        raise Standard3Error(f"{company.name} is already on the list.")
    company = IneligibleCompany(name=cleaned, active=True)
    session.add(company)
    session.flush()
    audit.record(ctx, session, "company.add", "ineligible_company", company.id, None, {"name": cleaned})
    return company
