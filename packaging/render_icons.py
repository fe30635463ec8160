"""Render ``resources/icons/jalon.svg`` to the PNG sizes the desktop entry and installers use.

Run after changing the SVG: ``QT_QPA_PLATFORM=offscreen uv run python packaging/render_icons.py``.
It uses Qt's own SVG renderer (``PySide6.QtSvg``, part of PySide6-Essentials), so no other tool
is needed; ``rsvg-convert -w N jalon.svg`` gives the same pictures. The PNGs are committed so that
building a bundle or an installer never needs an SVG renderer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "jalon.svg"
SIZES = (16, 32, 48, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / f"jalon-{size}.png"


def render(sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write ``jalon-<size>.png`` for each size; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG file")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(size)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    return written


def write_ico(target: Path, sizes: tuple[int, ...] = (16, 32, 48, 256)) -> Path:
    """A Windows ``.ico`` holding the PNG renders (PNG-compressed entries, Vista and later)."""
    import struct

    images = [png_path(size).read_bytes() for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, data in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(header + entries + b"".join(images))
    return target


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
    print(write_ico(ICONS / "jalon.ico").relative_to(ROOT))
