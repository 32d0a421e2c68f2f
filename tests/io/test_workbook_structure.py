"""What the exported workbook holds, read from the file: sheets, values, charts, names, styles, print set-up."""

from __future__ import annotations

import functools
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pytest

from desktop.io.workbook import export_workbook
from desktop.io.workbook.styles import NO_CAPACITY
from desktop.model.engine import Projection, project
from desktop.model.example import example_plan

from .test_workbook_plans import HYPERLINK, TEXT_THAT_LOOKS_LIKE_FORMULAS, awkward_plan, two_scenario_plan

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}
COMMON_FUNCTIONS = {
    "ABS", "AND", "EXACT", "EXP", "IF", "INDEX", "ISNUMBER", "LEFT", "LN", "MAX", "MID", "MIN", "MONTH", "PI",
    "ROUND", "SQRT", "SUM", "SUMPRODUCT", "VALUE", "YEAR",
}  # fmt: skip
"""Functions Excel and LibreOffice both have under these English names; nothing newer (no LET, LAMBDA, FILTER)."""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exported")
    paths = {name: folder / f"{name}.xlsx" for name in ("example", "awkward", "two")}
    export_workbook(example_plan(), paths["example"])
    export_workbook(awkward_plan(), paths["awkward"])
    both = two_scenario_plan()
    export_workbook(both, paths["two"], scenarios=[s.name for s in both.scenarios])
    return paths


@functools.cache
def _open(path: Path) -> Any:
    """Each exported workbook is read once; the tests only look at it."""
    return openpyxl.load_workbook(path)


def _cell(workbook: Any, name: str) -> Any:
    [(sheet, reference)] = list(workbook.defined_names[name].destinations)
    return workbook[sheet][reference.replace("$", "")]


def test_the_sheets_of_one_scenario(exported: dict[str, Path]) -> None:
    workbook = _open(exported["example"])
    assert workbook.sheetnames == ["Summary", "Assumptions", "Projection", "Model", "By month", "Method"]
    assert workbook.active.title == "Summary"


def test_several_scenarios_get_their_own_sheets_and_a_comparison(exported: dict[str, Path]) -> None:
    workbook = _open(exported["two"])
    assert workbook.sheetnames == [
        "Summary",
        "Summary (2)",
        "Scenarios",
        *["Assumptions", "Projection", "Model", "By month"],
        *["Assumptions (2)", "Projection (2)", "Model (2)", "By month (2)"],
        "Method",
    ]
    plan = two_scenario_plan()
    rows: dict[str, tuple[Any, ...]] = {}
    for row in workbook["Scenarios"].iter_rows(min_row=5, values_only=True):
        rows.setdefault(row[0], row[1:])  # the first stage's row, where a label repeats per stage
    first, second = (project(s) for s in plan.scenarios)
    base, other, difference = rows["Reports waiting at the end"][:3]
    assert base == pytest.approx(first.backlog_items[0, -1].sum())
    assert other == pytest.approx(second.backlog_items[0, -1].sum())
    assert difference == pytest.approx(other - base)
    assert workbook["Scenarios"]["B4"].value == plan.scenarios[0].name


def test_the_projection_holds_the_engines_values(exported: dict[str, Path]) -> None:
    scenario = example_plan().scenarios[0]
    p = project(scenario)
    sheet = _open(exported["example"])["Projection"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(scenario.stages) * len(scenario.priorities) * scenario.months
    for k, stage in enumerate(scenario.stages):
        for j, priority in enumerate(scenario.priorities):
            block = rows[(k * len(scenario.priorities) + j) * scenario.months :][: scenario.months]
            assert [row[:3] for row in block] == [(month, stage.name, priority.name) for month in p.months]
            columns = list(zip(*block, strict=True))
            assert np.allclose(columns[3], p.arrivals[k, :, :, j].sum(axis=1), rtol=1e-12)
            assert np.allclose(columns[4], p.demand_hours[k, :, j], rtol=1e-12)
            assert np.allclose(columns[7], p.backlog_items[k, :, :, j].sum(axis=1), rtol=1e-12)
            for column, waits in ((9, p.wait_days[k, :, j]), (10, p.arrival_wait_days[k, :, j])):
                shown = [NO_CAPACITY if np.isinf(wait) else wait for wait in waits.tolist()]
                texts = [cell for cell in columns[column] if isinstance(cell, str)]
                assert texts == [c for c in shown if isinstance(c, str)]
                finite = np.isfinite(waits)
                values = np.array(columns[column], dtype=object)[finite].astype(float)
                assert np.allclose(values, waits[finite], rtol=1e-12)
            assert list(columns[12]) == p.breached[k, :, j].astype(int).tolist()
    [table] = sheet.tables.values()
    assert table.ref == f"A4:M{4 + len(rows)}"
    assert table.autoFilter.ref == table.ref  # a filter on every column
    assert sheet.freeze_panes == "D5"


def _charts(path: Path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        return [ElementTree.fromstring(archive.read(name)) for name in names]


def _series(chart: ElementTree.Element) -> list[tuple[str, str, str]]:
    """(reference of the title, values range, categories range) of each series."""
    found = []
    for series in chart.iter(f"{{{NS['c']}}}ser"):
        title = series.find("c:tx/c:strRef/c:f", NS)
        values = series.find("c:val/c:numRef/c:f", NS)
        categories = series.find("c:cat/c:numRef/c:f", NS)
        assert title is not None
        assert values is not None
        assert categories is not None
        found.append((title.text or "", values.text or "", categories.text or ""))
    return found


def _range_values(workbook: Any, reference: str) -> list[Any]:
    sheet, cells = reference.rsplit("!", 1)
    found = workbook[sheet.strip("'")][cells.replace("$", "")]
    return [row[0].value for row in found] if ":" in cells else [found.value]


def _title(chart: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in chart.findall("c:chart/c:title//a:t", NS))


def test_the_charts_draw_the_engines_series(exported: dict[str, Path]) -> None:
    scenario = example_plan().scenarios[0]
    p: Projection = project(scenario)
    workbook = _open(exported["example"])
    charts = _charts(exported["example"])
    assert len(charts) == 2 + 2 * len(scenario.stages)
    by_title = {_title(chart): _series(chart) for chart in charts}
    months = _range_values(workbook, by_title["Reports received per month, by source"][0][2])
    assert [f"{m.year}-{m.month:02d}" for m in months] == p.months

    def drawn(title: str) -> dict[str, list[float]]:
        """Each series of the chart titled ``title``, by the heading its name refers to."""
        return {
            _range_values(workbook, name)[0]: _range_values(workbook, values) for name, values, _ in by_title[title]
        }

    intake = drawn("Reports received per month, by source")
    for s, source in enumerate(scenario.sources):
        assert np.allclose(intake[source.name], p.intake[:, s])
    waiting = drawn("Reports waiting, all stages, by priority")
    for j, priority in enumerate(scenario.priorities):
        assert np.allclose(waiting[priority.name], p.backlog_items[:, :, :, j].sum(axis=(0, 2)))
    for k, stage in enumerate(scenario.stages):
        work = drawn(f"{stage.name}: new work and capacity")
        assert np.allclose(work["New work (hours)"], p.demand_hours[k].sum(axis=1))
        assert np.allclose(work["Capacity (hours)"], p.capacity_hours[k])
        waits = drawn(f"{stage.name}: wait of reports arriving, as % of the target")
        for j, priority in enumerate(scenario.priorities):
            expected = p.arrival_wait_days[k, :, j] / priority.target_days
            drawn_share = np.array([np.inf if v is None else v for v in waits[priority.name]], dtype=float)
            assert np.allclose(drawn_share, expected)  # an endless wait is a gap (None) in the chart
        assert waits["Target"] == [1.0] * scenario.months


def test_the_charts_sit_on_the_summary(exported: dict[str, Path]) -> None:
    with zipfile.ZipFile(exported["example"]) as archive:
        relations = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "drawing" in relations
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert drawing.count("</twoCellAnchor>") == 2 + 2 * len(example_plan().scenarios[0].stages)


def test_an_endless_wait_is_a_gap_in_the_chart(exported: dict[str, Path]) -> None:
    p = project(awkward_plan().scenarios[0])
    workbook = _open(exported["awkward"])
    stage = awkward_plan().scenarios[0].stages[0]
    title = f"{stage.name}: wait of reports arriving, as % of the target"
    [chart] = [c for c in _charts(exported["awkward"]) if _title(c) == title]
    values = _range_values(workbook, _series(chart)[0][1])
    endless = np.isinf(p.arrival_wait_days[0, :, 0])
    assert [v is None for v in values] == endless.tolist()
    assert chart.find("c:chart/c:dispBlanksAs", NS).get("val") == "gap"  # type: ignore[union-attr]


def test_key_inputs_have_defined_names(exported: dict[str, Path]) -> None:
    workbook = _open(exported["example"])
    scenario = example_plan().scenarios[0]
    assert _cell(workbook, "Growth_ncmec").value == scenario.sources[0].growth_per_year
    assert _cell(workbook, "Target_urgent").value == scenario.priorities[0].target_days
    assert _cell(workbook, "FTE_assessment").value == scenario.stages[0].fte
    assert _cell(workbook, "Hours_investigation_ncmec").value == scenario.sources[0].work["investigation"].hours
    assert _cell(workbook, "Clear_Months").value == scenario.clear_months
    fte = [cell.value for cell in _cell(workbook, "Effective_FTE_assessment")[0]]
    # openpyxl writes 16 significant digits.
    assert np.allclose(fte, project(scenario).fte_available[0], rtol=1e-15, atol=0)
    assert _cell(workbook, "Model_Check").value.startswith("=MAX(")
    second = _open(exported["two"])
    assert _cell(second, "Growth_chat_2").value == 0.3


def test_inputs_look_like_inputs(exported: dict[str, Path]) -> None:
    workbook = _open(exported["example"])
    for name in ("Growth_ncmec", "Target_urgent", "FTE_assessment", "Hours_assessment_chat"):
        cell = _cell(workbook, name)
        assert cell.fill.fgColor.rgb.endswith("FFF7CC"), name
        assert cell.font.color.rgb.endswith("1F4E9E"), name
    fte = _cell(workbook, "Effective_FTE_assessment")[0][0]
    assert fte.fill.fgColor.rgb.endswith("FFF7CC")
    assert _cell(workbook, "Hours_per_FTE_month_assessment").fill.fgColor.rgb in (None, "00000000")


def test_every_formula_uses_functions_both_excel_and_libreoffice_have(exported: dict[str, Path]) -> None:
    used: set[str] = set()
    for path in exported.values():
        for sheet in _open(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        text = re.sub(r'"[^"]*"', '""', cell.value)  # leave out text such as "no capacity"
                        used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
    assert used <= COMMON_FUNCTIONS, used - COMMON_FUNCTIONS


def test_plan_text_is_never_a_formula(exported: dict[str, Path]) -> None:
    with zipfile.ZipFile(exported["awkward"]) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    inline = "".join(sheets)
    for text in TEXT_THAT_LOOKS_LIKE_FORMULAS:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        assert f">{escaped}</t>" in inline or f">{text}</t>" in inline, text
    for sheet in sheets:
        for formula in re.findall(r"<f>([^<]*)</f>", sheet):
            assert "HYPERLINK" not in formula, formula
            assert "cmd|" not in formula, formula
    workbook = _open(exported["awkward"])
    names = [cell for row in workbook["Assumptions"].iter_rows() for cell in row if cell.value == HYPERLINK]
    assert names
    assert all(cell.data_type == "s" for cell in names)


def test_text_xml_cannot_hold_is_kept(exported: dict[str, Path]) -> None:
    """A control character in the notes is written the way Excel writes it (_x0007_) and a literal _x0041_ survives."""
    with zipfile.ZipFile(exported["awkward"]) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "_x0007_" in sheets
    assert "\x07" not in sheets
    assert "_x005F_x0041_" in sheets


def test_print_setup(exported: dict[str, Path]) -> None:
    workbook = _open(exported["awkward"])
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert "Page &P of &N" in sheet.oddFooter.right.text, sheet.title
        assert sheet.oddHeader.left.text == "Awkward && test plan: formulas at their edges", sheet.title
    summary = workbook["Summary"]
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    assert (summary.page_setup.fitToWidth, summary.page_setup.fitToHeight) == (1, 1)
    for name in ("Assumptions", "Projection", "Method"):
        assert workbook[name].page_setup.fitToWidth == 1
        assert workbook[name].page_setup.fitToHeight == 0
    assert workbook["Projection"].print_title_rows == "$4:$4"
    assert workbook["Model"].freeze_panes == "G6"


def test_progress_goes_from_0_to_100(tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    export_workbook(example_plan(), tmp_path / "plan.xlsx", progress=lambda percent, what: seen.append((percent, what)))
    percents = [percent for percent, _ in seen]
    assert percents[0] == 0
    assert percents[-1] == 100
    assert percents == sorted(percents)
    assert all(what for _, what in seen)


def test_an_unknown_scenario_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="Nope"):
        export_workbook(example_plan(), tmp_path / "plan.xlsx", scenarios=["Nope"])
    assert list(tmp_path.iterdir()) == []


def test_openpyxl_reads_the_workbook_without_complaint(exported: dict[str, Path]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for path in exported.values():
            openpyxl.load_workbook(path)
