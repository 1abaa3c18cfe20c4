"""CME Desk: the desktop application for a Continuing Medical Education office."""

__version__ = "0.1.0"
APP_NAME = "CME Desk"
APP_ID = "cme-desktop"
