"""Attendance: the one rule book every channel records claims through, the kiosk, imports, queries."""
