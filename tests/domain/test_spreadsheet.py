"""Every file CME Desk writes for a spreadsheet shows a formula-looking cell as text (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io

import pytest

from cme_desktop.domain.spreadsheet import delimited_text, neutralise

HOSTILE = ('=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tTAB", "\rCR")


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Jane Doe", "2026-11-28", "0.25", "O'Brien", "", "Doe = Smith"])
def test_ordinary_cells_are_written_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell


def test_csv_text_neutralises_headers_and_cells_and_keeps_quoted_line_breaks() -> None:
    text = delimited_text(
        ("Name", "Note"), [('=HYPERLINK("http://x","click")', "two\nlines"), ("@SUM(1)", "ok")]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Name", "Note"],
        ['\'=HYPERLINK("http://x","click")', "two\nlines"],
        ["'@SUM(1)", "ok"],
    ]
    assert text.endswith("\r\n")


def test_tab_delimited_text_keeps_one_record_per_line() -> None:
    text = delimited_text(None, [("+cmd|' /C calc'!A0", "a\tb", "line\r\nbreak")], delimiter="\t")
    assert text.split("\r\n") == ["'+cmd|' /C calc'!A0\ta b\tline break", ""]
