"""`cme-desktop menu-entry` (issue 19, item 9): the app in a Linux applications menu with its icon."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from cme_desktop.cli import run


def test_menu_entry_installs_a_launcher_with_the_icon_and_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert run(["--database", f"sqlite:///{tmp_path / 'x.db'}", "menu-entry"]) == 0
    entry = tmp_path / "applications" / "cme-desktop.desktop"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "cme-desktop.svg"
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(entry, encoding="utf-8")
    desktop = parsed["Desktop Entry"]
    assert desktop["Name"] == "CME Desk" and desktop["Type"] == "Application"
    assert desktop["Icon"] == "cme-desktop"
    program = shlex.split(desktop["Exec"])[0]
    assert Path(program).exists()  # the menu starts an install that is really there
    assert icon.read_text(encoding="utf-8").startswith("<svg")
    assert "applications menu" in capsys.readouterr().out
    assert not (tmp_path / "x.db").exists()  # installing a menu entry never creates a database
    assert run(["menu-entry", "--remove"]) == 0
    assert not entry.exists() and not icon.exists()
