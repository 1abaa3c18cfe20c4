"""What every service call needs: the database, the clock, and who is acting from where."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass, field

from cme_desktop.clock import Clock, system_clock
from cme_desktop.store.db import Database


@dataclass(frozen=True)
class Actor:
    """The coordinator behind a change, as the audit log records them."""

    os_user: str
    machine: str

    @classmethod
    def current(cls) -> Actor:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        return cls(os_user=user, machine=socket.gethostname() or "unknown")


@dataclass
class Context:
    db: Database
    clock: Clock = system_clock
    actor: Actor = field(default_factory=Actor.current)
