"""The kiosk: a full-screen sign-in on the event laptop (or a second screen) for one session."""

from cme_desktop.ui.kiosk.window import KioskWindow, open_kiosk

__all__ = ["KioskWindow", "open_kiosk"]
