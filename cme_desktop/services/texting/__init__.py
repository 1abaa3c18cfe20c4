"""Texting: the conversation with learners' phones (link, attend, STOP/HELP) and the texting log."""
