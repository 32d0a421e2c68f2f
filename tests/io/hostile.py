"""Hostile and damaged workbooks made from a real exported one, for the tests and benchmarks/hostile_workbooks.py.

Each is the exported workbook with one part changed. The zip is written here byte by byte,
so that a header can say what is not true (a size, a compression method, an encryption
flag), and large parts are compressed as they are generated, never held in memory.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

MB = 1024 * 1024
_PIECE = 4 * MB


@dataclass(frozen=True)
class Member:
    """One part as it is written: its compressed bytes and what its headers say."""

    name: str
    data: bytes
    crc: int
    size: int
    """The unpacked size the headers declare."""
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(name: str, pieces: Iterable[bytes]) -> Member:
    """A part compressed as Excel does, from its content given piece by piece."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        out.append(packer.compress(piece))
    out.append(packer.flush())
    return Member(name, b"".join(out), crc, size)


def repeated(text: bytes, total: int) -> Iterator[bytes]:
    """``text`` repeated to ``total`` bytes, in pieces."""
    block = text * max(1, _PIECE // len(text))
    while total > 0:
        piece = block[: min(total, len(block))]
        total -= len(piece)
        yield piece


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip holding ``members`` exactly as given (sizes, method and flags as they say)."""
    central = []
    with path.open("wb") as out:
        for member in members:
            name = member.name.encode("utf-8")
            offset = out.tell()
            header = struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                member.flags | 0x800,
                member.method,
                0,
                0x21,
                member.crc,
                len(member.data),
                member.size,
                len(name),
                0,
            )
            out.write(header + name + member.data)
            central.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    member.flags | 0x800,
                    member.method,
                    0,
                    0x21,
                    member.crc,
                    len(member.data),
                    member.size,
                    len(name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
            )
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        count = len(members) & 0xFFFF  # the end record's count has 16 bits: past that it says what is not true
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return path


class Exported:
    """The parts of an exported workbook, to make changed copies of."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        workbook = self.parts["xl/workbook.xml"].decode()
        rels = self.parts["xl/_rels/workbook.xml.rels"].decode()
        self.assumptions = self._sheet(workbook, rels, "Assumptions")
        self.model = self._sheet(workbook, rels, "Model")

    @staticmethod
    def _sheet(workbook: str, rels: str, title: str) -> str:
        rid = re.search(rf'<sheet name="{title}" [^>]*r:id="(\w+)"', workbook)
        assert rid is not None
        target = re.search(rf'<Relationship [^>]*Id="{rid[1]}"[^>]*/>', rels)
        assert target is not None
        found = re.search(r'Target="([^"]+)"', target[0])
        assert found is not None
        return "xl/" + found[1].removeprefix("/xl/")

    def write(self, path: Path, changes: dict[str, Member]) -> Path:
        """A copy with the parts in ``changes`` replaced, and those it names that the workbook lacks added."""
        members = [changes.get(name) or deflated(name, [data]) for name, data in self.parts.items()]
        members += [member for name, member in changes.items() if name not in self.parts]
        return write_zip(path, members)

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")


@dataclass(frozen=True)
class Scale:
    """How large the bombs are: the campaign's sizes for the benchmark, small ones for the tests."""

    spaces: int
    padding: int
    cell_text: int
    shared_strings: int
    lying_actual: int


FULL = Scale(
    spaces=3000 * MB, padding=1024 * MB, cell_text=1024 * MB, shared_strings=60_000_000, lying_actual=3000 * MB
)
SMALL = Scale(spaces=40 * MB, padding=20 * MB, cell_text=300_000, shared_strings=110_000, lying_actual=40 * MB)
"""Each just past the limit it is for, so that the test proves that limit holds."""


def _insert(text: str, anchor: str, extra: str, after: bool = True) -> str:
    at = text.index(anchor) + (len(anchor) if after else 0)
    return text[:at] + extra + text[at:]


def _with_name(workbook: str, name: str, reference: str) -> str:
    return re.sub(
        rf'(<definedName name="{name}"[^>]*>)[^<]*(</definedName>)',
        lambda m: m[1] + reference + m[2],
        workbook,
        count=1,
    )


def _root(text: str) -> str:
    """The start tag of the root element (after any XML declaration)."""
    match = re.search(r"<(?![?!])[\w:]+", text)
    assert match is not None
    return match[0]


Build = Callable[[Exported, Path, Scale], Path]


def _bomb_spaces(source: Exported, path: Path, scale: Scale) -> Path:
    sheet = source.text(source.assumptions)
    head, tail = sheet.split("<sheetData>", 1)
    pieces = [head.encode() + b"<sheetData>", *repeated(b" ", scale.spaces), tail.encode()]
    return source.write(path, {source.assumptions: deflated(source.assumptions, pieces)})


def _bomb_lying_size(source: Exported, path: Path, scale: Scale) -> Path:
    """The sheet unpacks to gigabytes; its headers say 2 KB."""
    sheet = source.text(source.assumptions)
    head, tail = sheet.split("<sheetData>", 1)
    pieces = [head.encode() + b"<sheetData>", *repeated(b" ", scale.lying_actual), tail.encode()]
    member = replace(deflated(source.assumptions, pieces), size=2048)
    return source.write(path, {source.assumptions: member})


def _bomb_in_model_declared(source: Exported, path: Path, _scale: Scale) -> Path:
    """A part that is never read declares 3 GB (the data is small): the total alone is refused."""
    member = replace(deflated(source.model, [source.parts[source.model]]), size=3000 * MB)
    return source.write(path, {source.model: member})


def _padded(name: str) -> Build:
    def build(source: Exported, path: Path, scale: Scale) -> Path:
        text = source.text(name)
        at = text.index(">", text.index(_root(text))) + 1  # just inside the root element
        pieces = [text[:at].encode(), *repeated(b" ", scale.padding), text[at:].encode()]
        return source.write(path, {name: deflated(name, pieces)})

    return build


def _padding_run(name: str) -> Build:
    """Padding below the part's size limit, but longer in one piece than any cell's text."""

    def build(source: Exported, path: Path, _scale: Scale) -> Path:
        text = source.text(name)
        at = text.index(">", text.index(_root(text))) + 1
        return source.write(path, {name: deflated(name, [text[:at].encode(), b" " * 300_000, text[at:].encode()])})

    return build


def _shared_strings(source: Exported, path: Path, scale: Scale) -> Path:
    name = "xl/sharedStrings.xml"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    pieces = [
        f'<sst xmlns="{main}" count="{scale.shared_strings}" uniqueCount="{scale.shared_strings}">'.encode(),
        *repeated(b"<si><t>a</t></si>", 17 * scale.shared_strings),
        b"</sst>",
    ]
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    types = _insert(
        source.text("[Content_Types].xml"), "</Types>", f'<Override PartName="/{name}" ContentType="{kind}"/>', False
    )
    return source.write(
        path,
        {name: deflated(name, pieces), "[Content_Types].xml": deflated("[Content_Types].xml", [types.encode()])},
    )


def _huge_cell_text(source: Exported, path: Path, scale: Scale) -> Path:
    sheet = source.text(source.assumptions)
    head, tail = sheet.split("<sheetData>", 1)
    row = re.match(r'<row r="(\d+)"[^>]*>', tail)
    assert row is not None
    cell_start = f'{row[0]}<c r="Z{row[1]}" t="inlineStr"><is><t>'.encode()
    rest = tail[len(row[0]) :].encode()
    pieces = [head.encode() + b"<sheetData>" + cell_start, *repeated(b"x", scale.cell_text), b"</t></is></c>" + rest]
    return source.write(path, {source.assumptions: deflated(source.assumptions, pieces)})


def _defined(reference: str) -> Build:
    def build(source: Exported, path: Path, _scale: Scale) -> Path:
        workbook = _with_name(source.text("xl/workbook.xml"), "cp_s1_sources", reference)
        return source.write(path, {"xl/workbook.xml": deflated("xl/workbook.xml", [workbook.encode()])})

    return build


def _malformed_sheet(source: Exported, path: Path, _scale: Scale) -> Path:
    sheet = source.text(source.assumptions).replace("</sheetData>", "</sheetDta>")
    return source.write(path, {source.assumptions: deflated(source.assumptions, [sheet.encode()])})


def _with_doctype(doctype: str, reference: str) -> Build:
    """The workbook part with a document type declaration, and an entity used in the app's format marker name."""

    def build(source: Exported, path: Path, _scale: Scale) -> Path:
        text = source.text("xl/workbook.xml")
        text = _insert(text, _root(text), doctype, after=False)
        text = text.replace("<definedNames>", f'<definedNames><definedName name="cp_note">{reference}</definedName>')
        return source.write(path, {"xl/workbook.xml": deflated("xl/workbook.xml", [text.encode()])})

    return build


_LAUGHS = (
    '<!DOCTYPE workbook [<!ENTITY a0 "lol">'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)
_XXE = '<!DOCTYPE workbook [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'


def _corrupt_deflate(source: Exported, path: Path, _scale: Scale) -> Path:
    member = deflated(source.assumptions, [source.parts[source.assumptions]])
    middle = len(member.data) // 2
    data = member.data[:middle] + bytes(range(256))[:64] + member.data[middle + 64 :]
    return source.write(path, {source.assumptions: replace(member, data=data)})


def _method(method: int) -> Build:
    def build(source: Exported, path: Path, _scale: Scale) -> Path:
        member = deflated(source.assumptions, [source.parts[source.assumptions]])
        return source.write(path, {source.assumptions: replace(member, method=method)})

    return build


def _encrypted_flag(source: Exported, path: Path, _scale: Scale) -> Path:
    member = deflated(source.assumptions, [source.parts[source.assumptions]])
    return source.write(path, {source.assumptions: replace(member, flags=0x1)})


def _too_many_parts(source: Exported, path: Path, _scale: Scale) -> Path:
    extra = {f"xl/media/empty{i}.xml": deflated(f"xl/media/empty{i}.xml", [b"<a/>"]) for i in range(2_001)}
    return source.write(path, extra)


def _duplicate_part(source: Exported, path: Path, _scale: Scale) -> Path:
    """A second Assumptions sheet of the same name after the first: which one a reader takes depends on the reader."""
    members = [deflated(name, [data]) for name, data in source.parts.items()]
    members.append(deflated(source.assumptions, [source.parts[source.assumptions]]))
    return write_zip(path, members)


def _climbing_name(source: Exported, path: Path, _scale: Scale) -> Path:
    name = "../../outside.xml"
    return source.write(path, {name: deflated(name, [b"<a/>"])})


def _huge_directory(_source: Exported, path: Path, _scale: Scale) -> Path:
    """131,073 empty parts, which the end record's 16 bits count as 1: the directory's size gives them away."""
    empty = deflated("x", [b""])
    return write_zip(path, [replace(empty, name=f"{i:x}") for i in range(131_073)])


def _ole(_source: Exported, path: Path, _scale: Scale) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    return path


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    refusal: str
    """What the message says (a part of it), at the small scale."""


CASES = [
    Case("zip bomb of spaces", _bomb_spaces, "unpacks to more than 32 MB"),
    Case("sizes in the headers lie", _bomb_lying_size, "is damaged"),
    Case("a part not read declares 3 GB", _bomb_in_model_declared, "would unpack to"),
    Case("padding in workbook.xml", _padded("xl/workbook.xml"), "unpacks to more than 8 MB"),
    Case("padding in styles.xml", _padded("xl/styles.xml"), "unpacks to more than 8 MB"),
    Case("one long piece of padding in styles.xml", _padding_run("xl/styles.xml"), "in one piece"),
    Case("huge shared strings count", _shared_strings, "shared texts; at most 100,000"),
    Case("a huge cell string", _huge_cell_text, "in one piece"),
    Case("huge defined range", _defined("'Assumptions'!$A$1:$XFD$1048576"), "covers 17,179,869,184 cells"),
    Case("reversed defined range", _defined("'Assumptions'!$F$30:$A$20"), "ends before it starts"),
    Case("malformed sheet XML", _malformed_sheet, "is damaged: mismatched tag"),
    Case("entity bomb", _with_doctype(_LAUGHS, "&a9;"), "document type declaration"),
    Case("external entity", _with_doctype(_XXE, "&secret;"), "document type declaration"),
    Case("corrupt deflate data", _corrupt_deflate, "is damaged"),
    Case("unsupported compression method", _method(9), "compressed with Deflate64"),
    Case("encrypted member flag", _encrypted_flag, "is encrypted"),
    Case("too many parts", _too_many_parts, "parts; at most 2,000"),
    Case("a directory of 131,073 parts", _huge_directory, "list of parts takes"),
    Case("two parts of one name", _duplicate_part, "two parts named"),
    Case("a part named outside the package", _climbing_name, "impossible name"),
    Case("password-protected workbook", _ole, "protected with a password"),
]


def build_all(exported: Path, folder: Path, scale: Scale) -> dict[str, Path]:
    """Every case built from the workbook ``exported`` into ``folder``: case name → file."""
    source = Exported(exported)
    folder.mkdir(parents=True, exist_ok=True)
    return {
        case.name: case.build(source, folder / f"{re.sub(r'[^a-z0-9]+', '-', case.name.lower())}.xlsx", scale)
        for case in CASES
    }


def _many_names(source: Exported, path: Path, _scale: Scale) -> Path:
    names = "".join(f"<definedName name=\"N{i}\">'Assumptions'!$A${i % 1000 + 1}</definedName>" for i in range(49_000))
    workbook = source.text("xl/workbook.xml").replace("<definedNames>", "<definedNames>" + names, 1)
    return source.write(path, {"xl/workbook.xml": deflated("xl/workbook.xml", [workbook.encode()])})


def _many_styles(source: Exported, path: Path, _scale: Scale) -> Path:
    styles = source.text("xl/styles.xml")
    found = re.search(r'<cellXfs count="(\d+)">', styles)
    assert found is not None
    extra = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * (99_000 - styles.count("<"))
    styles = styles.replace(found[0], f'<cellXfs count="{int(found[1]) + 99_000}">').replace(
        "</cellXfs>", extra + "</cellXfs>"
    )
    return source.write(path, {"xl/styles.xml": deflated("xl/styles.xml", [styles.encode()])})


def _long_sheet(source: Exported, path: Path, _scale: Scale) -> Path:
    """Rows of figures under the Assumptions, up to the sheet's element limit, and the events range at their foot."""
    sheet = source.text(source.assumptions)
    last = max(int(r) for r in re.findall(r'<row r="(\d+)"', sheet))
    rows = (495_000 - sheet.count("<")) // 66
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}"><v>{c}</v></c>' for c in range(16)) + "</row>"
        for r in range(last + 1, last + 1 + rows)
    )
    sheet = sheet.replace("</sheetData>", body + "</sheetData>")
    foot = last + rows
    workbook = _with_name(source.text("xl/workbook.xml"), "cp_s1_events", f"'Assumptions'!$A${foot - 3}:$D${foot}")
    return source.write(
        path,
        {
            source.assumptions: deflated(source.assumptions, [sheet.encode()]),
            "xl/workbook.xml": deflated("xl/workbook.xml", [workbook.encode()]),
        },
    )


WITHIN_LIMITS = [
    Case("49,000 defined names", _many_names, ""),
    Case("99,000 cell styles", _many_styles, ""),
    Case("99,000 shared strings", lambda s, p, scale: _shared_strings(s, p, replace(scale, shared_strings=99_000)), ""),
    Case("a long Assumptions sheet, a range at its foot", _long_sheet, ""),
]
"""Files just within every limit, built to be slow: the benchmark times them (they may be read, or refused)."""
