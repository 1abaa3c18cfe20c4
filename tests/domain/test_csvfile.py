"""The one CSV reader behind every import (issue 15, item 3): what Excel writes on Windows, on a European
machine and as "Unicode text" is read as typed, with the encoding named, quoted line breaks kept, rows numbered
by the file line they start on, and cells the database must not see reported on their row."""

from __future__ import annotations

import codecs

import pytest

from cme_desktop.domain.csvfile import MAX_CELL, Record, match_columns, read_csv
from cme_desktop.errors import InputError

ROWS = "first_name,last_name,city\nJürgen,Müller,Köln\nZoë,Brontë,Haworth\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ROWS.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + ROWS.encode("utf-8"), "UTF-8"),
        (ROWS.encode("cp1252"), "Windows-1252"),
        (ROWS.encode("utf-16"), "UTF-16"),  # with its byte-order mark, as Excel's "Unicode text"
        (ROWS.encode("utf-16-le"), "UTF-16"),
        (ROWS.encode("utf-16-be"), "UTF-16"),
    ],
)
def test_every_encoding_excel_writes_reads_the_same_names_and_says_which_it_was(
    data: bytes, encoding: str
) -> None:
    table = read_csv(data, "staff.csv")
    assert table.encoding == encoding
    assert table.header == Record(1, ("first_name", "last_name", "city"))
    assert [r.cells for r in table.records] == [("Jürgen", "Müller", "Köln"), ("Zoë", "Brontë", "Haworth")]


@pytest.mark.parametrize(
    ("text", "delimiter", "words"),
    [
        ('name;city\n"Smith; Jane";Köln\n', ";", "semicolons"),
        ("name\tcity\nSmith, Jane\tKöln\n", "\t", "tabs"),
        ('name,city\n"Smith; Jane",Köln\n', ",", "commas"),
        ("name\nSmith of Köln\n", ",", "commas"),
    ],
)
def test_the_separator_is_found_from_the_header(text: str, delimiter: str, words: str) -> None:
    table = read_csv(text.encode("cp1252"))
    assert table.delimiter == delimiter and table.read_as == f"Windows-1252, separated by {words}"
    assert table.records[0].cells[0].startswith("Smith")


def test_rows_are_numbered_by_the_file_line_they_start_on_and_quoted_line_breaks_are_kept() -> None:
    text = (
        "topic,room\n"  # line 1
        "\n"  # line 2: blank, passed over
        '"Heart failure:\r\nwhat is new",Room 110\r\n'  # lines 3-4: one row
        ",\n"  # line 5: empty cells only, passed over
        "Sepsis,Auditorium\n"  # line 6
    )
    table = read_csv(text.encode())
    assert [(r.line, r.cells) for r in table.records] == [
        (3, ("Heart failure:\r\nwhat is new", "Room 110")),
        (6, ("Sepsis", "Auditorium")),
    ]


def test_a_header_after_blank_lines_keeps_its_line_number() -> None:
    table = read_csv(b"\n\nname\nJane\n")
    assert table.header == Record(3, ("name",)) and table.records == (Record(4, ("Jane",)),)


def test_a_cell_too_long_or_holding_a_nul_is_a_sentence_on_its_row_not_a_crash() -> None:
    huge = "x" * 200_000  # over the csv module's own 131,072-character limit
    table = read_csv(f"name,topic\nJane,{huge}\nJ\x00hn,Rounds\n".encode())
    columns = match_columns(table.header or Record(0, ()), {"name": (), "topic": ()})
    first, second = table.records
    assert columns.cell_problems(first) == [
        f"The topic cell has 200,000 characters; a cell holds at most {MAX_CELL:,}."
    ]
    assert columns.cell_problems(second) == [
        "The name cell holds a NUL character (an invisible control code); retype the cell."
    ]


def test_headings_match_whatever_their_case_spacing_or_punctuation() -> None:
    header = Record(1, ("First_Name", " LAST-NAME ", "E-mail", "Shoe size", "first name"))
    columns = match_columns(header, {"first_name": ("first",), "last_name": (), "email": ("e mail",)})
    assert dict(columns.index) == {"first_name": 0, "last_name": 1, "email": 2}
    assert columns.ignored == ("Shoe size",)  # the second first-name column: the first one wins
    assert columns.values(Record(2, (" Jane ", "Doe"))) == {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "",
    }


def test_a_workbook_or_a_file_that_is_not_text_is_refused_with_what_to_do() -> None:
    with pytest.raises(InputError, match=r"staff.xlsx is an Excel workbook, not a CSV file: .*CSV UTF-8"):
        read_csv(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "staff.xlsx")
    with pytest.raises(InputError, match="not text CME Desk can read"):
        read_csv(b"name\n\x81\x8d\x8f\n", "odd.csv")
