"""Draws the Caseload Planner icon with Qt; writes its PNG sizes and the Windows .ico (run by hand, output committed).

The icon: three white bars (the work coming in) against an amber line (the capacity
to do it) on a dark blue rounded square. Every size is drawn on its own pixel
grid, so that the 16-pixel icon stays sharp rather than being a blurred 256.

    python resources/make_icon.py

writes ``desktop/resources_data/icons/caseload-planner-<size>.png`` and
``caseload-planner.ico``. The .ico holds 32-bit bitmaps up to 64 pixels (which
every Windows tool reads) and a PNG at 256 pixels (as Windows expects there).
It needs no package beyond PySide6.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "desktop" / "resources_data" / "icons"
NAME = "caseload-planner"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_BITMAP_SIZES = (16, 20, 24, 32, 40, 48, 64)
ICO_PNG_SIZE = 256

BACKGROUND = QColor("#1f3a5f")
BARS = QColor("#f4f6f8")
CAPACITY = QColor("#f2a541")
BAR_HEIGHTS = (0.38, 0.62, 0.86)  # of the drawing area, left to right


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, coordinates rounded to whole pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)

    margin = 0 if size <= 20 else round(size * 0.04)
    radius = max(2.0, size * 0.18)
    square = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    outline = QPainterPath()
    outline.addRoundedRect(square, radius, radius)
    painter.fillPath(outline, BACKGROUND)

    inner = size - 2 * margin
    left = margin + round(inner * 0.2)
    right = margin + inner - round(inner * 0.2)
    bottom = margin + inner - round(inner * 0.18)
    top = margin + round(inner * 0.18)
    gap = max(1, round(inner * 0.07))
    bar_width = max(2, (right - left - 2 * gap) // 3)
    left += (right - left - (3 * bar_width + 2 * gap)) // 2  # centre what rounding left over
    for number, share in enumerate(BAR_HEIGHTS):
        height = max(2, round((bottom - top) * share))
        x = left + number * (bar_width + gap)
        painter.fillRect(x, bottom - height, bar_width, height, BARS)

    line_width = max(1, round(inner * 0.06))
    line_y = bottom - round((bottom - top) * 0.72) - line_width // 2
    painter.fillRect(margin + round(inner * 0.12), line_y, inner - 2 * round(inner * 0.12), line_width, CAPACITY)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def bitmap_entry(image: QImage) -> bytes:
    """An icon entry as Windows' own format: a 32-bit BGRA bitmap, bottom row first, and a 1-bit mask."""
    straight = image.convertToFormat(QImage.Format.Format_ARGB32)  # B, G, R, A in memory on every Windows machine
    width, height = straight.width(), straight.height()
    row_bytes = width * 4
    pixels = bytes(straight.constBits())[: row_bytes * height]
    rows = [pixels[y * row_bytes : (y + 1) * row_bytes] for y in range(height)]
    if sys.byteorder != "little":
        raise SystemExit("make_icon.py writes Windows bitmaps from little-endian pixels; run it on x86 or ARM")
    mask_row_bytes = ((width + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        bits = bytearray(mask_row_bytes)
        for x in range(width):
            if row[x * 4 + 3] == 0:  # fully transparent: the mask says "screen shows through"
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    header = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    return header + b"".join(reversed(rows)) + b"".join(reversed(mask_rows))


def ico_bytes() -> bytes:
    entries = [(size, bitmap_entry(draw(size))) for size in ICO_BITMAP_SIZES]
    entries.append((ICO_PNG_SIZE, png_bytes(draw(ICO_PNG_SIZE))))
    offset = 6 + 16 * len(entries)
    directory = [struct.pack("<HHH", 0, 1, len(entries))]
    for size, data in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    return b"".join(directory) + b"".join(data for _size, data in entries)


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        (OUTPUT / f"{NAME}-{size}.png").write_bytes(png_bytes(draw(size)))
    (OUTPUT / f"{NAME}.ico").write_bytes(ico_bytes())
    print(f"wrote {len(PNG_SIZES)} PNG sizes and {NAME}.ico to {OUTPUT.relative_to(ROOT)}")
    del app


if __name__ == "__main__":
    main()
