"""Present mode on screen: readable from the back row at any size, a QR code phones can read, clicker keys.

Runs offscreen at 1024x768, 1920x1080 and 3840x2160. DOMAIN.md, "Attendance": the typed code and the number
must be readable from the back row as well as the QR code.
"""

from __future__ import annotations

from itertools import combinations

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import QLabel, QWidget

from cme_desktop.services.present.slides import SlideContent
from cme_desktop.ui.present.render import render_widget
from cme_desktop.ui.present.slides import DARK, LIGHT, THEMES, AttendanceSlide, DisclosureSlide
from cme_desktop.ui.present.window import ProjectorWindow
from tests.services.present_factory import STATEMENT

PAYLOAD = "SMSTO:+18335582111:ATTEND 2356446"
SIZES = [(1024, 768), (1920, 1080), (3840, 2160)]
CONTENT = SlideContent(
    session_id=1,
    activity_title="Medicine Grand Rounds",
    topic="Heart Failure with Preserved Ejection Fraction: What Changed in 2026",
    speakers="Dr. Alice Smith",
    room="Storm Eye Auditorium",
    when="Saturday, November 28, 2026, 12:00 PM – 1:00 PM",
    code="2356446",
    grouped_code="235 6446",
    texting_instruction="Text ATTEND 2356446 to (833) 558-2111",
    qr_payload=PAYLOAD,
    portal_line="or enter the code at cme.example.edu",
    valid_until="Valid until Saturday, December 5, 2026, 1:00 PM",
    disclosure_text=STATEMENT,
    provider_name="Lowcountry Medical University Office of CME",
    claim_count=37,
    disclosure_shown_at=None,
)


def to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())[: rgb.bytesPerLine() * rgb.height()]
    return Image.frombytes("RGB", (rgb.width(), rgb.height()), data, "raw", "RGB", rgb.bytesPerLine())


def decode(picture: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(picture)]


def ink_height(picture: Image.Image, box: QRect, dark_ink: bool) -> int:
    """How many pixel rows of `box` carry ink: the digits' real height on screen."""
    gray = picture.crop((box.left(), box.top(), box.right() + 1, box.bottom() + 1)).convert("L")
    ink = gray.point(lambda v: 255 if (v < 128 if dark_ink else v > 128) else 0)
    bbox = ink.getbbox()
    assert bbox is not None, "nothing drawn in the code's box"
    return bbox[3] - bbox[1]


def placed(slide: QWidget) -> list[tuple[str, QRect]]:
    boxes = [
        (label.accessibleName(), label.geometry())
        for label in slide.findChildren(QLabel)
        if not label.isHidden()
    ]
    qr = getattr(slide, "qr", None)
    if qr is not None:
        boxes.append(("QR code", qr.symbol_rect().translated(qr.pos())))
    return boxes


def assert_nothing_clipped_or_overlapping(slide: QWidget) -> None:
    area = slide.rect()
    boxes = placed(slide)
    for name, box in boxes:
        assert area.contains(box), f"{name} {box} leaves the slide {area}"
    for (first, a), (second, b) in combinations(boxes, 2):
        assert not a.intersects(b), f"{first} {a} overlaps {second} {b}"
    for label in slide.findChildren(QLabel):
        if label.isHidden():
            continue
        flags = int(label.alignment()) | (int(Qt.TextFlag.TextWordWrap) if label.wordWrap() else 0)
        needed = QFontMetrics(label.font()).boundingRect(label.contentsRect(), flags, label.text())
        assert needed.width() <= label.width() and needed.height() <= label.height(), (
            f"{label.accessibleName()} needs {needed.size()} but has {label.size()}"
        )
        assert "…" not in label.text(), f"{label.accessibleName()} was cut short: {label.text()}"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attendance_slide_is_readable_from_the_back_row(qtbot, size: tuple[int, int], theme: str) -> None:  # type: ignore[no-untyped-def]
    width, height = size
    slide = AttendanceSlide(CONTENT, THEMES[theme], show_count=True)
    qtbot.addWidget(slide)
    picture = to_pil(render_widget(slide, width, height))

    assert slide.code_label.text() == "235 6446"
    assert slide.texting_label.text().replace("\u00a0", " ") == "Text ATTEND 2356446 to (833) 558-2111"
    assert slide.portal_label.text() == "or enter the code at cme.example.edu"
    assert slide.valid_label.text() == "Valid until Saturday, December 5, 2026, 1:00 PM"
    assert slide.count_label.text() == "37 learners signed in"
    # The digits as painted are at least a sixth of the screen's height.
    assert ink_height(picture, slide.code_label.geometry(), dark_ink=theme == "light") >= height / 6
    # The instructions stay readable: at least 3% of the screen's height.
    assert slide.texting_label.font().pixelSize() >= height * 0.03
    assert_nothing_clipped_or_overlapping(slide)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_qr_code_decodes_also_from_the_back_of_the_hall(qtbot, size: tuple[int, int], theme: str) -> None:  # type: ignore[no-untyped-def]
    slide = AttendanceSlide(CONTENT, THEMES[theme])
    qtbot.addWidget(slide)
    picture = to_pil(render_widget(slide, *size))

    assert decode(picture) == [PAYLOAD]
    # What a phone camera sees from the back row: the whole screen about 700 pixels wide.
    far = picture.resize((700, round(700 * size[1] / size[0])), Image.Resampling.BILINEAR)
    assert decode(far) == [PAYLOAD]


def test_the_qr_code_has_whole_pixel_modules_and_a_white_quiet_zone_on_dark_slides(qtbot) -> None:  # type: ignore[no-untyped-def]
    slide = AttendanceSlide(CONTENT, DARK)
    qtbot.addWidget(slide)
    picture = to_pil(render_widget(slide, 1920, 1080))
    assert slide.qr is not None
    box = slide.qr.symbol_rect().translated(slide.qr.pos())
    size = slide.qr.matrix.size
    assert box.width() % size == 0
    module = box.width() // size
    quiet = picture.crop((box.left(), box.top(), box.right() + 1, box.top() + 4 * module)).convert("L")
    assert quiet.getextrema() == (255, 255)  # white, not the slide's black, around the code
    # Only pure black and white inside the symbol: no scaling blur.
    symbol = picture.crop((box.left(), box.top(), box.right() + 1, box.bottom() + 1)).convert("L")
    assert set(symbol.tobytes()) == {0, 255}


def test_a_long_title_shrinks_rather_than_running_off_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    content = replace(CONTENT, activity_title="Cardiology Update: A Two-Day Course on Heart Failure Care")
    slide = AttendanceSlide(content, LIGHT)
    qtbot.addWidget(slide)
    render_widget(slide, 1024, 768)
    assert slide.title_label.text() == content.activity_title
    assert_nothing_clipped_or_overlapping(slide)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_disclosure_slide_fits(qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    slide = DisclosureSlide(CONTENT, LIGHT)
    qtbot.addWidget(slide)
    render_widget(slide, *size)
    assert slide.statement_label.text() == STATEMENT
    assert slide.statement_label.font().pixelSize() >= size[1] * 0.03
    assert_nothing_clipped_or_overlapping(slide)


def test_clicker_keys_move_between_slides_and_black_out(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = ProjectorWindow(CONTENT, LIGHT)
    qtbot.addWidget(window)
    window.show()
    assert window.current_kind() == "disclosure"
    assert window.describe() == "Slide 1 of 2: Disclosure to learners"

    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_kind() == "attendance"
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # already the last slide: stays
    assert window.describe() == "Slide 2 of 2: Attendance code"
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.current_kind() == "disclosure"
    qtbot.keyClick(window, Qt.Key.Key_Left)  # already the first
    assert window.current_kind() == "disclosure"
    qtbot.keyClick(window, Qt.Key.Key_Right)

    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.current_kind() == "black"
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.current_kind() == "attendance"

    qtbot.keyClick(window, Qt.Key.Key_F)
    full = window.isFullScreen()
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert window.isFullScreen() != full

    with qtbot.waitSignal(window.leave_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_without_a_statement_there_is_no_disclosure_slide(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    window = ProjectorWindow(replace(CONTENT, disclosure_text=None), LIGHT)
    qtbot.addWidget(window)
    assert [slide.kind for slide in window.slides] == ["attendance"]
    assert window.describe() == "Slide 1 of 1: Attendance code"
