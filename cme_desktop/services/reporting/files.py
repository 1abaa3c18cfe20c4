"""Writing a report or export to disk: whole or not at all, UTF-8 without a byte-order mark.

No receiving system CME Desk writes for asks for a byte-order mark (PARS reads UTF-8 XML, whose declaration says
the encoding; Excel opens a UTF-8 CSV through Data > From Text/CSV), and a mark in front of an upload's first
field makes some readers see a field name that is not there."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cme_desktop.errors import InputError
from cme_desktop.services.failures import disk_reason


def write_export(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` through a temporary file beside it, so a failure never leaves half a file."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".partial", dir=path.parent)
    except OSError as error:
        raise _unwritable(path, error) from error
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _unwritable(path, error) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _unwritable(path: Path, error: OSError) -> InputError:
    return InputError(
        f"The file could not be saved to {path}: {disk_reason(error)}, so nothing was saved. Pick another "
        "folder, or close the file if it is open in another program."
    )
