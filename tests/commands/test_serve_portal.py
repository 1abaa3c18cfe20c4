"""`cme-desktop serve` for the portal: without a Twilio token it serves the portal and refuses texts; with
`--mail-to-console` a sign-in code is printed on the terminal instead of mailed, on 127.0.0.1 only."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from cme_desktop import cli
from cme_desktop.services.context import Context
from cme_desktop.store.db import Database
from tests.services.certificate_factory import build_office


def _serve(db: Database, tmp_path: Path, *options: str) -> subprocess.Popen[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CME_TWILIO_AUTH_TOKEN", "CME_SMTP_URL")
    }
    env |= {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "CME_DATA_DIR": str(tmp_path / "data")}
    url = db.url.render_as_string(hide_password=False)
    return subprocess.Popen(
        [sys.executable, "-m", "cme_desktop", "--database", url, "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_without_a_twilio_token_the_portal_serves_and_codes_are_printed_on_the_terminal(
    sqlite_ctx: Context, tmp_path: Path
) -> None:
    build_office(sqlite_ctx)
    process = _serve(sqlite_ctx.db, tmp_path, "--mail-to-console")
    try:
        assert process.stdout is not None
        started = [process.stdout.readline() for _ in range(4)]
        assert started[0].startswith("Serving on 127.0.0.1:"), started
        port = int(started[0].split()[2].rsplit(":", 1)[1])
        assert started[1].startswith(f"Learners' portal: http://127.0.0.1:{port}/")
        assert started[2].startswith("Texting is off: there is no Twilio auth token")
        assert started[3].startswith("Mail is printed on this terminal, not sent")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            form = client.get("/sign-in")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert csrf is not None
            sent = client.post("/sign-in", data={"csrf_token": csrf.group(1), "email": "ray@example.org"})
            assert sent.status_code in (200, 303)
            texted = client.post("/twilio/sms", data={"Body": "Attend 1234567", "From": "+18435550101"})
            assert texted.status_code == 503  # no token: no signature can be checked, nothing is believed
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Mail printed here, not sent (CME_SMTP_URL=console:)" in err
    assert "To: ray@example.org" in err
    assert re.search(r"\b\d{6}\b", err.split("To: ray@example.org", 1)[1])


@pytest.mark.parametrize(
    "options", [("--host", "0.0.0.0"), ("--public-url", "https://cme.example.edu")], ids=["public", "https"]
)
def test_mail_on_the_terminal_is_refused_for_a_server_learners_reach(
    sqlite_ctx: Context, capsys: pytest.CaptureFixture[str], options: tuple[str, ...]
) -> None:
    url = sqlite_ctx.db.url.render_as_string(hide_password=False)
    code = cli.run(["--database", url, "serve", "--mail-to-console", "--port", "0", *options])
    assert code == 1
    assert "Mail printed on the terminal is for trying the portal on this computer" in capsys.readouterr().err
    assert "CME_SMTP_URL" not in os.environ or os.environ["CME_SMTP_URL"] != "console:"
