"""The one-page PDF summary: one landscape A4 page with the plan's figures, written safely."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from desktop import __version__
from desktop.io.atomic import SaveError
from desktop.model.engine import project
from desktop.model.example import example_plan
from desktop.model.measures import headlines
from desktop.model.plan import Plan
from desktop.model.solver import hires_to_meet_targets
from desktop.ui.summary_pdf import export_summary_pdf, render_summary_pdf

ROOT = Path(__file__).resolve().parents[2]
A4_LANDSCAPE_POINTS = (841.89, 595.28)
SMALLEST_TEXT_POINTS = 6.5
LINE_PER_EM = 1.1
"""A word's box is at least this many times its font size high (ascent plus descent; 1.17 for DejaVu Sans)."""


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    # Never a skip: a test that is skipped where poppler is missing would pass in disguise (STYLE.md).
    assert found, f"{tool} (poppler-utils) is needed to read the PDF back; .ci/run installs it"
    return found


def _pdf_text(path: Path) -> str:
    """The page's text with every run of white space made one space."""
    done = subprocess.run([_poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", done.stdout).split())  # NFKC: the "fi" ligature as "fi"


def _pdf_info(path: Path) -> dict[str, str]:
    done = subprocess.run([_poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True)
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in done.stdout.splitlines())}


def _page_objects(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def _word_heights(path: Path) -> list[tuple[float, str]]:
    done = subprocess.run([_poppler("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', done.stdout)
    return [(float(bottom) - float(top), word) for top, bottom, word in words]


def _plan_with_stages(count: int) -> Plan:
    """The example with ``count`` stages: the first two as in the example, further ones like the second."""
    data: dict[str, Any] = example_plan().model_dump()
    scenario = data["scenarios"][0]
    assessment, investigation = scenario["stages"]
    names = ["Assessment", "Investigation", "Victim identification", "Prosecution file"]
    stages = [assessment, investigation][:count]
    for index in range(2, count):
        stages.append({**investigation, "key": f"stage{index}", "name": names[index], "team": f"{names[index]} team"})
    scenario["stages"] = stages
    for source in scenario["sources"]:
        work = source["work"]
        source["work"] = {stage["key"]: work.get(stage["key"], {"share": 0.5, "hours": 6.0}) for stage in stages}
    return Plan.model_validate(data)


@pytest.fixture
def english_numbers() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(QLocale.c())


@pytest.fixture(scope="module")
def example_pdf(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's summary, written once for the tests that only read it."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        path = tmp_path_factory.mktemp("summary") / "summary.pdf"
        export_summary_pdf(example_plan(), None, path)
    finally:
        QLocale.setDefault(before)
    return path


def test_the_summary_is_one_landscape_a4_page(example_pdf: Path) -> None:
    info = _pdf_info(example_pdf)
    assert info["Pages"] == "1"
    assert _page_objects(example_pdf.read_bytes()) == 1
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    # Qt writes the page box in whole points: 842 × 595 for A4's 841.89 × 595.28.
    assert width == pytest.approx(A4_LANDSCAPE_POINTS[0], abs=0.5)
    assert height == pytest.approx(A4_LANDSCAPE_POINTS[1], abs=0.5)
    assert info["Title"] == example_plan().title


def test_the_page_states_the_plan_scenario_and_figures(example_pdf: Path) -> None:
    text = _pdf_text(example_pdf)
    plan = example_plan()
    assert plan.title in text
    assert "Scenario: Baseline" in text
    assert "January 2021 – December 2027 (84 months)" in text
    assert f"Caseload Planner {__version__}" in text
    assert "36,000" in text
    assert "50,000" in text
    for stage in plan.scenarios[0].stages:
        assert stage.name in text
        assert stage.team in text
    for advice in hires_to_meet_targets(plan.scenarios[0]):
        assert advice.fte is not None
        assert f"{advice.fte:,.1f} posts" in text
    assert "Months over wait target (of 84)" in text
    for title in ("Intake by source", "Assessment: new work and capacity", "Investigation: backlog by priority"):
        assert title in text


def test_charts_say_nothing_about_pointing_at_them_on_paper(example_pdf: Path) -> None:
    text = _pdf_text(example_pdf)
    assert "Wait charts: waits beyond 365 days are drawn at the top." in text
    assert "point at the chart" not in text
    assert "Save as PNG" not in text


def test_no_text_is_smaller_than_readable_in_print(example_pdf: Path) -> None:
    heights = _word_heights(example_pdf)
    assert len(heights) > 300
    smallest = min(heights)
    assert smallest[0] >= SMALLEST_TEXT_POINTS * LINE_PER_EM, smallest


def test_the_scenario_is_chosen_by_name(qapp: object, tmp_path: Path, english_numbers: None) -> None:
    data = example_plan().model_dump()
    more_staff = {**data["scenarios"][0], "name": "More assessors"}
    more_staff["stages"] = [{**more_staff["stages"][0], "fte": 80}, more_staff["stages"][1]]
    data["scenarios"].append(more_staff)
    plan = Plan.model_validate(data)
    export_summary_pdf(plan, "More assessors", tmp_path / "more.pdf")
    text = _pdf_text(tmp_path / "more.pdf")
    assert "Scenario: More assessors" in text
    for advice in hires_to_meet_targets(plan.scenarios[1]):
        assert f"{advice.fte:,.1f} posts" in text
    with pytest.raises(ValueError, match="no scenario named Nowhere"):
        export_summary_pdf(plan, "Nowhere", tmp_path / "nowhere.pdf")
    assert not (tmp_path / "nowhere.pdf").exists()


@pytest.mark.parametrize("stages", [1, 3])
def test_one_to_three_stages_get_all_their_charts(qapp: object, tmp_path: Path, stages: int) -> None:
    plan = _plan_with_stages(stages)
    path = tmp_path / "summary.pdf"
    export_summary_pdf(plan, None, path)
    assert _pdf_info(path)["Pages"] == "1"
    text = _pdf_text(path)
    charted = [s for s in plan.scenarios[0].stages if f"{s.name}: new work and capacity" in text]
    assert charted == plan.scenarios[0].stages[: len(charted)]
    if len(charted) == stages:
        assert "Charts are shown for the first" not in text
    else:  # a sentence per stage under the table can leave room for one row of charts less: the page says so
        assert stages == 3
        assert len(charted) == 2
        assert "Charts are shown for the first 2" in text


def test_more_stages_chart_the_first_three_and_say_so(qapp: object, tmp_path: Path) -> None:
    plan = _plan_with_stages(4)
    path = tmp_path / "summary.pdf"
    export_summary_pdf(plan, None, path)
    text = _pdf_text(path)
    assert "Prosecution file" in text  # in the table
    assert "Prosecution file: new work" not in text
    # as many stages' charts as fit beside the notes (each stage with months over target before hires can
    # arrive has a note), never the fourth
    shown = re.search(r"Charts are shown for the first (\d) of the 4 stages; the table covers them all\.", text)
    assert shown is not None
    assert shown.group(1) in ("2", "3")
    assert _pdf_info(path)["Pages"] == "1"


def test_writing_into_a_missing_folder_fails_plainly_and_leaves_nothing(qapp: object, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "summary.pdf"
    with pytest.raises(SaveError, match="does not exist"):
        export_summary_pdf(example_plan(), None, target)
    assert list(tmp_path.iterdir()) == []


def test_rendering_twice_gives_a_whole_pdf_each_time(qapp: object, tmp_path: Path, english_numbers: None) -> None:
    projection = project(example_plan().scenarios[0])
    figures = headlines(projection, solve_hiring=False)
    date = datetime.date(2025, 3, 14)
    first = render_summary_pdf(projection, figures, title="Twice", generated=date)
    second = render_summary_pdf(projection, figures, title="Twice", generated=date)
    texts = []
    for index, data in enumerate((first, second)):
        assert data.startswith(b"%PDF-")
        assert data.rstrip().endswith(b"%%EOF")
        assert _page_objects(data) == 1
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(data)
        assert _pdf_info(path)["Pages"] == "1"
        texts.append(_pdf_text(path))
    assert texts[0] == texts[1]
    assert "Generated 14 March 2025" in texts[0]
    assert "36,000" in texts[0]


def test_the_command_line_draws_offscreen_without_a_display(tmp_path: Path) -> None:
    """A fresh process with no display and no QT_QPA_PLATFORM makes its own application and exits cleanly."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    script = (
        "import sys\n"
        "from desktop.model.example import example_plan\n"
        "from desktop.ui.summary_pdf import export_summary_pdf\n"
        "export_summary_pdf(example_plan(), None, sys.argv[1])\n"
    )
    target = tmp_path / "summary.pdf"
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert _pdf_info(target)["Pages"] == "1"
