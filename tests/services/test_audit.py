"""Who did it (DESIGN.md): every audit entry names the coordinator, the machine, the database login on
PostgreSQL, the time, and the values before and after."""

from __future__ import annotations

from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.office import settings as office


def test_an_entry_records_who_where_when_and_what_changed(ctx: Context) -> None:
    office.update_settings(ctx, {"provider_name": "Harbor Health CME"})
    office.update_settings(ctx, {"provider_name": "Harbor Health Office of CME"})
    latest, first = audit.history(ctx, entity="office_settings")[:2]
    assert (latest.os_user, latest.machine, latest.at) == ("coordinator", "test-laptop", ctx.clock())
    assert latest.before == {"provider_name": "Harbor Health CME"}
    assert latest.after == {"provider_name": "Harbor Health Office of CME"}
    assert first.before == {"provider_name": ""}
    if ctx.db.is_sqlite:
        assert latest.db_user is None
    else:
        assert latest.db_user == ctx.db.url.username == first.db_user
