"""The shipped files are found from source and inside the frozen bundle, through the one helper."""

from __future__ import annotations

import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop import resources

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def fresh_lookup() -> Iterator[None]:
    resources.resources_folder.cache_clear()
    yield
    resources.resources_folder.cache_clear()


def test_from_source_the_files_are_in_the_package() -> None:
    assert resources.resources_folder() == ROOT / "desktop" / "resources_data"
    assert not resources.is_frozen()


def test_every_png_icon_has_its_size() -> None:
    files = resources.icon_files()
    assert len(files) == len(resources.ICON_SIZES)
    for path, size in zip(files, resources.ICON_SIZES, strict=True):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path.name
        assert image.hasAlphaChannel()


def test_the_windows_icon_holds_every_size_windows_asks_for() -> None:
    data = resources.windows_icon_file().read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for number in range(count):
        width, height, _colours, _reserved, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * number : 22 + 16 * number]
        )
        assert (planes, bits) == (1, 32)
        assert offset + length <= len(data)
        assert width == height
        sizes.add(width or 256)
    assert {16, 24, 32, 48, 256} <= sizes


def test_frozen_the_files_are_in_the_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.is_frozen()
    assert resources.resources_folder() == tmp_path / "desktop" / "resources_data"


def test_a_missing_file_says_to_reinstall(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(resources.ResourceMissingError, match="reinstall Caseload Planner"):
        resources.windows_icon_file()
