"""The projector's slides: the disclosure to learners, the attendance code with its QR code, and a black screen.

Every size is a fraction of the slide's height, so the same widgets serve a 1024x768 projector, a 4K screen and
the PNG saved for a speaker's deck. Labels are placed by hand, one under the other, so none can overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from cme_desktop.domain.qr import QrMatrix, module_pixels, qr_matrix
from cme_desktop.services.present.slides import SlideContent
from cme_desktop.ui.present.fit import fitted_font, place, place_line, slide_font, text_size

CODE_DIGIT_SHARE = 0.22  # the code's digits take this share of the slide's height when the width allows


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    quiet: str  # secondary lines: still high contrast

    def color(self, which: str) -> QColor:
        return QColor(getattr(self, which))


LIGHT = Theme("light", "#ffffff", "#101010", "#2b2b2b")
DARK = Theme("dark", "#000000", "#ffffff", "#e6e6e6")
THEMES = {LIGHT.name: LIGHT, DARK.name: DARK}


def _paint_background(widget: QWidget, theme: Theme) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, theme.color("background"))
    palette.setColor(QPalette.ColorRole.WindowText, theme.color("text"))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


class QrWidget(QWidget):
    """A QR code drawn module by module in whole pixels, dark on white with its quiet zone, centered."""

    def __init__(self, payload: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload = payload
        self.matrix: QrMatrix = qr_matrix(payload)
        self.setAccessibleName("QR code")
        self.setAccessibleDescription(payload)

    def symbol_rect(self) -> QRect:
        """Where the code and its quiet zone are painted: whole pixels per module, centered in the widget."""
        side = min(self.width(), self.height())
        module = module_pixels(self.matrix.size, side)
        span = module * self.matrix.size
        return QRect((self.width() - span) // 2, (self.height() - span) // 2, span, span)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        area = self.symbol_rect()
        module = area.width() // self.matrix.size
        painter.fillRect(area, QColor("#ffffff"))
        black = QColor("#000000")
        for r, row in enumerate(self.matrix.rows):
            col = 0
            while col < self.matrix.size:
                if not row[col]:
                    col += 1
                    continue
                end = col
                while end < self.matrix.size and row[end]:
                    end += 1
                painter.fillRect(
                    area.x() + col * module, area.y() + r * module, (end - col) * module, module, black
                )
                col = end
        painter.end()


def _label(parent: QWidget, name: str, theme: Theme, secondary: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setMargin(0)
    label.setIndent(0)
    label.setContentsMargins(0, 0, 0, 0)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, theme.color("quiet" if secondary else "text"))
    label.setPalette(palette)
    label.hide()
    return label


class Slide(QWidget):
    """A slide: lays its labels out again whenever its size changes."""

    kind = "slide"
    title = "Slide"

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        _paint_background(self, theme)

    def labels(self) -> list[QLabel]:
        return [label for label in self.findChildren(QLabel) if not label.isHidden()]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        """Place every label for the current size."""

    def margin(self) -> int:
        return max(8, round(min(self.width(), self.height()) * 0.045))


class AttendanceSlide(Slide):
    """The activity and topic, the code in very large digits, how to claim, the QR code, and the deadline."""

    kind = "attendance"
    title = "Attendance code"

    def __init__(
        self, content: SlideContent, theme: Theme, show_count: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(theme, parent)
        self.content = content
        self.show_count = show_count
        self.title_label = _label(self, "Activity title", theme)
        self.topic_label = _label(self, "Session topic", theme, secondary=True)
        self.code_label = _label(self, "Attendance code", theme)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.texting_label = _label(self, "Texting instruction", theme)
        self.portal_label = _label(self, "Portal address", theme)
        self.valid_label = _label(self, "Valid until", theme, secondary=True)
        self.count_label = _label(self, "Claims so far", theme, secondary=True)
        self.qr = QrWidget(content.qr_payload, self) if content.code and content.qr_payload else None

    def set_count(self, count: int) -> None:
        self.content = _with_count(self.content, count)
        if self.show_count:
            self.arrange()

    def set_show_count(self, show: bool) -> None:
        self.show_count = show
        self.arrange()

    def count_text(self) -> str:
        n = self.content.claim_count
        return f"{n} learner{'' if n == 1 else 's'} signed in"

    def arrange(self) -> None:
        width, height = self.width(), self.height()
        if width < 50 or height < 50:
            return
        m = self.margin()
        inner = width - 2 * m
        c = self.content
        y = m
        y = place_line(self.title_label, c.activity_title, m, y, inner, height * 0.07, height * 0.045, True)
        if c.topic:
            y = place_line(self.topic_label, c.topic, m, y, inner, height * 0.05, height * 0.03, False)
        else:
            self.topic_label.hide()
        y += round(height * 0.02)
        code_text = c.grouped_code or "No attendance code yet"
        code_font = self._code_font(code_text, inner, height) if c.grouped_code else slide_font(height * 0.08)
        y = place(self.code_label, code_text, code_font, m, y, inner, False)
        y += round(height * 0.015)
        self._arrange_lower(m, y, width - m, height - m)

    def _code_font(self, text: str, width: int, height: int) -> QFont:
        """As large as the width allows, up to digits CODE_DIGIT_SHARE of the slide's height."""
        probe = slide_font(1000, bold=True)
        digit_share = QFontMetrics(probe).tightBoundingRect("0123456789").height() / 1000
        wanted = height * CODE_DIGIT_SHARE / digit_share
        return fitted_font(text, width, height, wanted, height * 0.05, True, False)

    def _arrange_lower(self, left: int, top: int, right: int, bottom: int) -> None:
        """The QR code bottom right, as tall as the space left; the instructions beside it."""
        height = self.height()
        space = bottom - top
        text_right = right
        if self.qr is not None:
            side = min(space, round((right - left) * 0.45))
            self.qr.setGeometry(right - side, bottom - side, side, side)
            self.qr.show()
            text_right = right - side - round(height * 0.03)
        lines: list[tuple[QLabel, str, float, bool]] = []
        c = self.content
        for label, text, share, bold in (
            (self.texting_label, _keep_numbers_whole(c.texting_instruction), 0.065, True),
            (self.portal_label, c.portal_line, 0.055, False),
            (self.valid_label, c.valid_until, 0.045, False),
            (self.count_label, self.count_text() if self.show_count else None, 0.045, False),
        ):
            if text:
                lines.append((label, text, share, bold))
            else:
                label.hide()
        if not lines:
            return
        width = text_right - left
        gap = round(height * 0.02)
        scale = 1.0
        while scale > 0.35:
            total = sum(
                _wrapped_height(text, width, height * share * scale, bold) for _, text, share, bold in lines
            ) + gap * (len(lines) - 1)
            if total <= space:
                break
            scale *= 0.93
        used = sum(
            _wrapped_height(text, width, height * share * scale, bold) for _, text, share, bold in lines
        ) + gap * (len(lines) - 1)
        y = top + max(0, (space - used) // 2)
        for label, text, share, bold in lines:
            font = slide_font(height * share * scale, bold)
            y = place(label, text, font, left, y, width, True) + gap


def _keep_numbers_whole(text: str | None) -> str | None:
    """No line break inside 'ATTEND 2356446' or '(833) 558-2111': a break goes before 'to' instead."""
    return re.sub(r" (?=[\d(])", "\u00a0", text) if text else text


def _wrapped_height(text: str, width: int, pixels: float, bold: bool) -> int:
    return text_size(slide_font(pixels, bold), text, width, True).height()


def _with_count(content: SlideContent, count: int) -> SlideContent:
    from dataclasses import replace

    return replace(content, claim_count=count)


class DisclosureSlide(Slide):
    """The disclosure to learners, shown before the education begins (ACCME Standard 3, step 5)."""

    kind = "disclosure"
    title = "Disclosure to learners"

    def __init__(self, content: SlideContent, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.content = content
        self.heading_label = _label(self, "Disclosure heading", theme)
        self.activity_label = _label(self, "Activity title", theme, secondary=True)
        self.statement_label = _label(self, "Disclosure statement", theme)

    def arrange(self) -> None:
        width, height = self.width(), self.height()
        if width < 50 or height < 50:
            return
        m = self.margin()
        inner = width - 2 * m
        heading = "Disclosure to learners"
        y = place(
            self.heading_label,
            heading,
            fitted_font(heading, inner, height, height * 0.075, height * 0.04, True, False),
            m,
            m,
            inner,
            False,
        )
        title = self.content.activity_title
        y = place_line(self.activity_label, title, m, y, inner, height * 0.045, height * 0.03, False)
        y += round(height * 0.04)
        text = self.content.disclosure_text or ""
        room = height - m - y
        font = fitted_font(text, inner, room, height * 0.055, height * 0.018, False, True)
        place(self.statement_label, text, font, m, y, inner, True)


class BlackSlide(Slide):
    """Nothing on the projector (B), so the room looks at the speaker."""

    kind = "black"
    title = "Black screen"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Theme("black", "#000000", "#000000", "#000000"), parent)
