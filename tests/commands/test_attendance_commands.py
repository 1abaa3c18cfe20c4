"""`attendance --session ID --json` and `import attendance FILE.csv` as scripts use them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from cme_desktop.cli import run
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim, revoke_claim
from cme_desktop.services.context import Context
from tests.services.attendance_factory import Setting, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def _url(ctx: Context) -> str:
    return ctx.db.url.render_as_string(hide_password=False)


def test_attendance_json_lists_claims_with_offsets_and_counts(
    ctx: Context, setting: Setting, capsys: pytest.CaptureFixture[str]
) -> None:
    record_claim(ctx, ClaimRequest(setting.physician, ClaimChannel.TEXT, code=setting.now_code))
    nurse = record_claim(ctx, ClaimRequest(setting.nurse, ClaimChannel.KIOSK, code=setting.now_code))
    revoke_claim(ctx, nurse.claim.id, "Left after five minutes")
    argv = ["--database", _url(ctx), "attendance", "--session", str(setting.now_session), "--json"]
    assert run(argv, clock=ctx.clock) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["session"]["attendance_code"] == setting.now_code
    assert data["by_channel"] == {"text": 1}
    by_person = {c["person"]: c for c in data["claims"]}
    assert by_person["Jane Doe, MD"]["credit_type"] == "ama_pra_1"
    assert by_person["Jane Doe, MD"]["credits"] == 1.0
    assert datetime.fromisoformat(by_person["Jane Doe, MD"]["claimed_at"]).utcoffset() is not None
    assert by_person["Ray Moss, RN"]["revoked_reason"] == "Left after five minutes"


def test_attendance_for_a_missing_session_is_one_sentence(
    ctx: Context, setting: Setting, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--database", _url(ctx), "attendance", "--session", "999", "--json"], clock=ctx.clock) == 1
    assert capsys.readouterr().err.strip() == "cme-desktop: There is no session number 999."


def test_import_attendance_reports_each_row_and_refuses_all_on_a_bad_one(
    ctx: Context, setting: Setting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        f"email,code\njane.doe@example.org,{setting.now_code}\nx@example.org,{setting.now_code}\n"
    )
    assert run(["--database", _url(ctx), "import", "attendance", str(path)], clock=ctx.clock) == 1
    captured = capsys.readouterr()
    assert f"line 2: jane.doe@example.org · {setting.now_code}: new (Medicine Grand Rounds)" in captured.out
    assert (
        f"line 3: x@example.org · {setting.now_code}: No profile has the email x@example.org." in captured.out
    )
    assert "Find or create these people, then import again: x@example.org." in captured.out
    assert "Nothing was imported" in captured.err
    path.write_text(f"email,code\njane.doe@example.org,{setting.now_code}\n")
    assert run(["--database", _url(ctx), "import", "attendance", str(path)], clock=ctx.clock) == 0
    assert "Imported 1 row of attendance from sheet.csv: 1 new." in capsys.readouterr().out
