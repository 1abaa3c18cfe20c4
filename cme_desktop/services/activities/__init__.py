"""Activities and series: their credits, sessions, schedules, attendance codes and session imports."""
