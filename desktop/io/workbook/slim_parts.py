"""The workbook, styles and shared strings parts rebuilt with only what reading back needs, for openpyxl.

openpyxl turns every defined name, cell style and shared text into objects, at 20 to 100
microseconds each: a workbook part of 100,000 names or a styles part of 200,000 formats
(each within the size limits) took it 10 to 20 s. Reading back needs the app's own names,
the sheets they point at, and for each cell read its text and whether its number format is
a date. So openpyxl gets a workbook part with just those names and sheets, and styles and
shared strings parts with just what the cells read use (their numbers renumbered).

The parts were parsed by safe_zip after its XML check, which refuses any document type
declaration: no entity can be declared, so the standard library's parser is safe here.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS = "{" + MAIN + "}"
_KEPT_IN_WORKBOOK = {f"{_NS}workbookPr", f"{_NS}sheets", f"{_NS}definedNames"}
_FIRST_CUSTOM_FORMAT = 164


def slim_workbook(root: Any, sheets: set[str], names: set[str]) -> bytes:
    """The workbook part ``root`` with only the sheets ``sheets`` and the global defined names ``names``."""
    # Each list is replaced whole: removing children one by one would take time in the square of their number.
    root[:] = [child for child in root if child.tag in _KEPT_IN_WORKBOOK]
    for child in root:
        if child.tag == f"{_NS}sheets":
            child[:] = [sheet for sheet in child if sheet.get("name") in sheets]
        elif child.tag == f"{_NS}definedNames":
            child[:] = [name for name in child if name.get("name") in names and name.get("localSheetId") is None]
    return tostring(root)


class SlimStyles:
    """The number formats of the cell styles that the cells read use, renumbered in the order they are met."""

    def __init__(self, root: Any | None) -> None:
        self._formats: list[str] = []
        """numFmtId of each cell style of the workbook, by style number."""
        self._custom: dict[str, str] = {}
        if root is not None:
            for item in root.iter(f"{_NS}numFmt"):
                self._custom[str(item.get("numFmtId", ""))] = str(item.get("formatCode", ""))
            cell_xfs = root.find(f"{_NS}cellXfs")
            if cell_xfs is not None:
                self._formats = [str(xf.get("numFmtId", "0")) for xf in cell_xfs.iter(f"{_NS}xf")]
        self._numbers: dict[str, str] = {}
        self._kept: list[str] = []
        self.restyle("0")  # a cell without a style number has style 0: it keeps that number

    def restyle(self, number: str) -> str:
        """The new number of the cell style ``number`` (a cell's ``s``)."""
        if number not in self._numbers:
            index = int(number) if number.isascii() and number.isdigit() and len(number) < 10 else -1
            self._numbers[number] = str(len(self._kept))
            self._kept.append(self._formats[index] if 0 <= index < len(self._formats) else "0")
        return self._numbers[number]

    def part(self) -> bytes:
        """A styles part with the kept cell styles (their number formats only) and the custom formats they use."""
        root = Element(f"{_NS}styleSheet")
        custom = sorted({f for f in self._kept if f in self._custom}, key=lambda f: (len(f), f))
        formats = SubElement(root, f"{_NS}numFmts", {"count": str(len(custom))})
        for number in custom:
            SubElement(formats, f"{_NS}numFmt", {"numFmtId": number, "formatCode": self._custom[number]})
        SubElement(SubElement(root, f"{_NS}fonts", {"count": "1"}), f"{_NS}font")
        fill = SubElement(SubElement(root, f"{_NS}fills", {"count": "1"}), f"{_NS}fill")
        SubElement(fill, f"{_NS}patternFill", {"patternType": "none"})
        SubElement(SubElement(root, f"{_NS}borders", {"count": "1"}), f"{_NS}border")
        SubElement(SubElement(root, f"{_NS}cellStyleXfs", {"count": "1"}), f"{_NS}xf")
        cell_xfs = SubElement(root, f"{_NS}cellXfs", {"count": str(len(self._kept))})
        for number in self._kept:
            known = number.isascii() and number.isdigit() and (int(number) < _FIRST_CUSTOM_FORMAT or number in custom)
            SubElement(cell_xfs, f"{_NS}xf", {"numFmtId": number if known else "0", "xfId": "0"})
        styles = SubElement(root, f"{_NS}cellStyles", {"count": "1"})
        SubElement(styles, f"{_NS}cellStyle", {"name": "Normal", "xfId": "0", "builtinId": "0"})
        return tostring(root)


class SlimStrings:
    """The shared texts that the cells read use, renumbered in the order they are met."""

    def __init__(self, root: Any | None) -> None:
        self._all: list[Any] = [] if root is None else list(root.iter(f"{_NS}si"))
        self._numbers: dict[str, str] = {}
        self._kept: list[Any] = []

    def renumber(self, number: str) -> str:
        """The new number of the shared text ``number`` (a text cell's value); unknown numbers stay unknown."""
        if number not in self._numbers:
            index = int(number) if number.isascii() and number.isdigit() and len(number) < 10 else -1
            if not 0 <= index < len(self._all):
                return str(len(self._all) + 1_000_000)  # no such text, as before: openpyxl says the file is damaged
            self._numbers[number] = str(len(self._kept))
            self._kept.append(self._all[index])
        return self._numbers[number]

    def part(self) -> bytes:
        root = Element(f"{_NS}sst", {"count": str(len(self._kept)), "uniqueCount": str(len(self._kept))})
        root.extend(self._kept)
        return tostring(root)
