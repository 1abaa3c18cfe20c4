"""Importing CSV files: the one reader (domain/csvfile.py) and the one report every importer returns.

People (services/people/importing.py), sessions (services/activities/session_import.py) and attendance
(services/attendance/importing.py) read their files here and describe each row with the same `ImportRow`, so the
command line and the one import dialog show them alike.
"""
