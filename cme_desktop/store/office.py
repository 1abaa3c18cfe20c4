"""Office settings shared by every coordinator of one database (DESIGN.md, "Office settings")."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cme_desktop.store.base import Base


class OfficeSetting(Base):
    __tablename__ = "office_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
