"""A database failure reads as a sentence a coordinator can act on, never the driver's text (issue 19, item 8)."""

from __future__ import annotations

import logging

import pytest

from cme_desktop.store.db import explain_connection_error

CASES = [
    ('FATAL:  password authentication failed for user "cme"', "refused the user name or password"),
    ('connection to server at "10.0.0.5", port 5432 failed: Connection refused', "could not be reached"),
    ("server closed the connection unexpectedly\n\tThis probably means the server terminated", "was lost"),
    ("FATAL:  terminating connection due to administrator command", "was lost"),
    (
        "FATAL:  sorry, too many clients already; remaining connection slots are reserved",
        "too many connections",
    ),
    ("permission denied for table people", "not allowed"),
    ("attempt to write a readonly database", "read-only"),
    ("database or disk is full", "disk holding the database is full"),
    ("SSL error: certificate verify failed", "secure (SSL) connection"),
    ("some new libpq message nobody has seen: XX000 internal_error at 0x7ffd", "details are in the log"),
]


@pytest.mark.parametrize(("raw", "says"), CASES)
def test_each_failure_gets_a_sentence_without_the_drivers_words(
    raw: str, says: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="cme_desktop.store.db"):
        sentence = explain_connection_error(Exception(raw))
    assert says in sentence
    assert raw.splitlines()[0] not in sentence and "FATAL" not in sentence and "0x7ffd" not in sentence
    assert raw.splitlines()[0] in caplog.text  # whoever supports the app finds the driver's words in the log
