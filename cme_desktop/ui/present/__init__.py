"""Present mode: the projector view of the disclosure, the attendance code and its QR code.

The Today page (or a session's page) calls `open_presentation(main_window, ctx, events, session_id)`.
"""

from cme_desktop.ui.present.controller import PresentationController, open_presentation

__all__ = ["PresentationController", "open_presentation"]
