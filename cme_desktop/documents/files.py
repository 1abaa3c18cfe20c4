"""Writing a document so that a failure or a cancel never leaves a half-written file where the coordinator looks."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_aside(path: Path, draw: Callable[[str], None]) -> Path:
    """Call `draw(temporary_filename)` on a temporary file in `path`'s folder, then rename it into place."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".pdf.partial", dir=path.parent)
    os.close(handle)
    try:
        draw(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
