"""The Activities page's dialogs and table models: activities, series, sessions and their attendance codes."""
