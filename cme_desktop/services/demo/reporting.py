"""The demo's PARS and MOC fields: the grand rounds is registered for ABIM MOC (Medical Knowledge) with the
activity ID PARS assigned and everything PARS needs to close it; the course is left for the office to finish,
so the Reports page shows what PARS still needs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.pars import FinderRegistration, OutcomeMeasure
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from cme_desktop.store.reporting import ActivityReporting, MocRegistration

PARS_ID = "202600417"


def fill_reporting(session: Session, rounds: Activity) -> None:
    if session.get(ActivityReporting, rounds.id) is not None:
        return
    ama = session.scalar(
        select(CreditDesignation.max_quarters).where(
            CreditDesignation.activity_id == rounds.id,
            CreditDesignation.credit_type == str(CreditType.AMA_PRA_1),
        )
    )
    last = session.scalar(
        select(func.max(ActivitySession.ends_at)).where(ActivitySession.activity_id == rounds.id)
    )
    session.add(
        ActivityReporting(
            activity_id=rounds.id,
            pars_activity_id=PARS_ID,
            cme_finder=True,
            finder_fee=False,
            finder_registration=FinderRegistration.LIMITED,
            finder_url="https://cme.example.edu/grand-rounds",
            outcome_measures=f"{OutcomeMeasure.COMPETENCE} {OutcomeMeasure.PERFORMANCE}",
            moc_attested=True,
        )
    )
    if ama:
        session.add(
            MocRegistration(
                activity_id=rounds.id,
                board="ABIM",
                credit_types="MK",
                points_quarters=ama,
                practice_areas="Internal Medicine",
                requires_passing=False,
                claim_by=(last + timedelta(days=30)).date() if last else None,
            )
        )
