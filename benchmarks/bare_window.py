"""The baseline for start-up time: an empty PySide6 main window in a process that has imported SQLAlchemy.

    uv run python benchmarks/bare_window.py

Prints `window-shown <seconds since the process started>` once the window has been shown, then quits, the same
contract as `python -m cme_desktop --quit-after-shown`.
"""

from __future__ import annotations

import os
import sys
import time

_IMPORTED = time.perf_counter()

import sqlalchemy  # noqa: E402, F401  (part of what is measured)
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402


def seconds_since_process_start() -> float:
    """From the kernel's record of when this process started (Linux, 10 ms steps), else from this module's import."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        # /proc/uptime has 10 ms steps too; the kernel's clock ticks set the start's unit.
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return max(0.0, now - started)
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


def peak_memory() -> str:
    """Own peak RSS (VmHWM; ru_maxrss would include the benchmark parent's memory inherited at fork)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return f"peak-rss-kib {line.split()[1]}"
    except OSError:
        pass
    return ""


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.setCentralWidget(QLabel("Bare PySide6 window with SQLAlchemy imported"))
    window.resize(1100, 720)
    window.show()

    def shown() -> None:
        print(f"window-shown {seconds_since_process_start():.3f} {peak_memory()}", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
