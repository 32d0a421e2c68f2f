"""The command line: ``caseload-planner [PLAN]`` opens the window; ``example | check | project | summary | schema``,
``export`` and ``hiring``.

Exit codes: 0 done, 2 bad input (one line per problem on stderr, no traceback),
1 a bug in the program.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop import __version__

if TYPE_CHECKING:
    from desktop.model.hiring_plan import HiringPlan
    from desktop.model.plan import Plan, Scenario

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT = 0, 1, 2


class UserError(Exception):
    """Bad input from the user: shown as it is, one line per problem, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caseload-planner",
        description="Capacity planning for teams that handle reports of child sexual abuse material.",
    )
    parser.add_argument("--version", action="version", version=f"caseload-planner {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    example = commands.add_parser("example", help="write the built-in example plan")
    example.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="plan file to write")

    check = commands.add_parser("check", help="check a plan file; list every problem")
    check.add_argument("plan", type=Path, metavar="PLAN")

    project = commands.add_parser("project", help="write the monthly projection as tidy CSV")
    project.add_argument("plan", type=Path, metavar="PLAN")
    project.add_argument("--scenario", metavar="NAME", help="scenario to project (default: every scenario)")
    project.add_argument("--csv", type=Path, metavar="FILE", help="CSV file to write (default: standard output)")
    project.add_argument(
        "--raw",
        action="store_true",
        help="names exactly as in the plan: no quote before a name that starts with = + - @ (a spreadsheet runs those)",
    )

    summary = commands.add_parser("summary", help="print the headline figures of a plan")
    summary.add_argument("plan", type=Path, metavar="PLAN", nargs="?", help="plan file (default: the example)")
    summary.add_argument("--scenario", metavar="NAME", help="scenario (default: every scenario)")

    schema = commands.add_parser("schema", help="write the JSON Schema of plan files")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE", help="file to write (default: standard output)")

    export = commands.add_parser("export", help="write the meeting workbook (.xlsx) or the one-page summary (.pdf)")
    export.add_argument("plan", type=Path, metavar="PLAN")
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="FILE.xlsx (workbook) or FILE.pdf (summary)"
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument("--scenario", metavar="NAME", help="scenario to export (default: the first)")
    which.add_argument("--all", action="store_true", help="every scenario, with a sheet comparing them")

    hiring = commands.add_parser("hiring", help="print the hiring plan: per stage the posts to fund and when")
    hiring.add_argument("plan", type=Path, metavar="PLAN")
    hiring.add_argument("--scenario", metavar="NAME", help="scenario (default: the first)")
    hiring.add_argument("--quarterly", action="store_true", help="fund posts at quarter starts, not every month")
    hiring.add_argument("--csv", type=Path, metavar="FILE", help="also write the steps as CSV: stage, month, posts")
    return parser


COMMANDS = ("example", "check", "project", "summary", "schema", "export", "hiring")


def build_window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caseload-planner",
        description="Open the Caseload Planner window. Commands: " + ", ".join(COMMANDS) + " (see --help of each).",
    )
    parser.add_argument("--version", action="version", version=f"caseload-planner {__version__}")
    parser.add_argument("plan", type=Path, nargs="?", metavar="PLAN", help="plan to open (default: the last plan)")
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="save a screenshot of the window once drawn, then exit"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in (*COMMANDS, "-h", "--help", "--version"):
        return _window(build_window_parser().parse_args(arguments))
    parser = build_parser()
    args = parser.parse_args(arguments)
    try:
        return _run(args, sys.stdout)
    except UserError as error:
        from desktop.io.safe_text import terminal_text

        for line in str(error).splitlines():
            print(f"caseload-planner: {terminal_text(line)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK  # e.g. `caseload-planner project plan | head`
    except KeyboardInterrupt:
        return EXIT_BAD_INPUT
    except Exception:
        traceback.print_exc()
        print("caseload-planner: this is a bug in Caseload Planner; please report the lines above.", file=sys.stderr)
        return EXIT_BUG


def _window(args: argparse.Namespace) -> int:
    """The desktop window (a bad plan given for a screenshot is bad input: exit 2).

    The garbage collector pauses from here to the window's first paint: loading Qt, pyqtgraph and
    the plan creates hundreds of thousands of objects and almost no garbage, and collecting them over
    and over takes a tenth of the start-up time. The window turns it back on (see
    :func:`desktop.ui.app.resume_gc_when_painted`); so does leaving here.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_window(args)
    finally:
        if collecting:
            gc.enable()


def _run_window(args: argparse.Namespace) -> int:
    from desktop.io.plan_file import PlanFileError

    try:
        from desktop.ui.app import run_window

        return run_window(args.plan, args.screenshot)
    except PlanFileError as error:
        for line in str(error).splitlines():
            print(f"caseload-planner: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:
        if sys.stderr is None:  # the windowed Windows app has no console: PyInstaller shows the traceback
            raise
        traceback.print_exc()
        print("caseload-planner: this is a bug in Caseload Planner; please report the lines above.", file=sys.stderr)
        return EXIT_BUG


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from desktop.io.atomic import SaveError
    from desktop.io.plan_file import PlanFileError
    from desktop.io.safe_text import terminal_text

    try:
        if args.command == "example":
            return _example(args.output)
        if args.command == "check":
            _load(args.plan)
            print(f"{terminal_text(str(args.plan))}: the plan is valid", file=out)
            return EXIT_OK
        if args.command == "project":
            return _project(args.plan, args.scenario, args.csv, out, raw=args.raw)
        if args.command == "schema":
            return _schema(args.output, out)
        if args.command == "export":
            return _export(args.plan, args.output, args.scenario, every=args.all)
        if args.command == "hiring":
            return _hiring(args.plan, args.scenario, args.csv, out, quarterly=args.quarterly)
        return _summary(args.plan, args.scenario, out)
    except (PlanFileError, SaveError) as error:
        raise UserError(str(error)) from error


def _load(path: Path) -> Plan:
    from desktop.io.plan_file import read_plan

    return read_plan(path)


def _example(output: Path) -> int:
    from desktop.io.plan_file import write_plan
    from desktop.model.example import example_plan

    write_plan(example_plan(), output)
    return EXIT_OK


def _scenarios(plan: Plan, name: str | None) -> list[Scenario]:
    if name is None:
        return list(plan.scenarios)
    try:
        return [plan.scenario(name)]
    except KeyError as error:
        raise UserError(error.args[0]) from error


def _project(path: Path, scenario_name: str | None, csv: Path | None, out: TextIO, *, raw: bool = False) -> int:
    """The tidy CSV; names that a spreadsheet would run as formulas get a quote unless ``raw``.

    A file gets UTF-8's byte-order mark, so that Excel reads non-ASCII names; a pipe, a terminal
    or /dev/stdout is written into as it is, without one; a terminal sees no control characters.
    """
    import pandas as pd

    from desktop.io.atomic import write_bytes_atomic
    from desktop.io.safe_text import terminal_lines
    from desktop.io.tidy_csv import BYTE_ORDER_MARK, tidy_csv_text
    from desktop.model.engine import project
    from desktop.model.measures import tidy

    plan = _load(path)
    frame = pd.concat([tidy(project(s)) for s in _scenarios(plan, scenario_name)], ignore_index=True)
    text = tidy_csv_text(frame, raw=raw)
    if csv is None:
        out.write(terminal_lines(text) if out.isatty() else text)
        return EXIT_OK
    if _is_regular_or_new(csv):
        text = BYTE_ORDER_MARK + text
    write_bytes_atomic(csv, text.encode("utf-8"), special_files=True)
    return EXIT_OK


def _is_regular_or_new(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return True  # a new file (or a name the save will refuse with its reason)


def _schema(output: Path | None, out: TextIO) -> int:
    from desktop.io.atomic import write_bytes_atomic
    from desktop.io.plan_file import plan_json_schema

    text = json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        out.write(text)
    else:
        write_bytes_atomic(output, text.encode("utf-8"), special_files=True)
    return EXIT_OK


_QT_PACKAGES = ("PySide6", "shiboken6", "pyqtgraph")
PDF_MODULE = "desktop.ui.summary_pdf"


def _export(path: Path, output: Path, scenario_name: str | None, *, every: bool) -> int:
    """The workbook of the chosen scenarios (default: the first), or the one-page PDF of one scenario."""
    plan = _load(path)
    suffix = output.suffix.lower()
    if suffix == ".pdf":
        if every:
            raise UserError("a PDF summary holds one scenario; choose it with --scenario")
        scenario = _scenarios(plan, scenario_name)[0] if scenario_name is not None else plan.scenarios[0]
        try:
            module = importlib.import_module(PDF_MODULE)
        except ModuleNotFoundError as error:
            missing = error.name or ""
            if missing == PDF_MODULE or missing.split(".")[0] in _QT_PACKAGES:
                raise UserError("PDF export is not available in this build") from error
            raise
        module.export_summary_pdf(plan, scenario.name, output)
        return EXIT_OK
    if suffix != ".xlsx":
        raise UserError(f"{output.name}: the output must be an Excel workbook (.xlsx) or a PDF (.pdf)")
    from desktop.io.workbook import export_workbook

    if every:
        names: list[str] | None = [s.name for s in plan.scenarios]
    elif scenario_name is not None:
        names = [s.name for s in _scenarios(plan, scenario_name)]
    else:
        names = None
    export_workbook(plan, output, scenarios=names)
    return EXIT_OK


def _hiring(path: Path, scenario_name: str | None, csv: Path | None, out: TextIO, *, quarterly: bool) -> int:
    """The hiring plan of one scenario (default: the first) as a table; with ``csv`` also as CSV."""
    from desktop.io.atomic import write_bytes_atomic
    from desktop.model.hiring_plan import hiring_plan

    plan = _load(path)
    scenario = _scenarios(plan, scenario_name)[0] if scenario_name is not None else plan.scenarios[0]
    hiring = hiring_plan(scenario, "quarter" if quarterly else "month")
    out.write(_hiring_table(hiring))
    if csv is not None:
        write_bytes_atomic(csv, _hiring_csv(hiring).encode("utf-8"))
    return EXIT_OK


def _hiring_table(hiring: HiringPlan) -> str:
    every = "quarter" if hiring.granularity == "quarter" else "month"
    lines = [
        f"Hiring plan for {hiring.scenario}: posts funded from the decision month {hiring.decision_month}, "
        f"at most once a {every}",
        "",
        f"{'stage':<20} {'month funded':<13} {'posts':>9}  in post from",
    ]
    lines += [f"{s.stage:<20} {s.month:<13} {s.posts:>9.1f}  {s.in_post_from}" for s in hiring.steps()]
    lines.append("")
    for stage in hiring.stages:
        line = f"{stage.stage}: {stage.posts:.1f} posts in all"
        if stage.months_breached_before_help:
            line += (
                f"; {stage.months_breached_before_help} month(s) from {hiring.decision_month} miss a norm "
                "before any new post can be filled and fully productive"
            )
        if stage.unmet:
            line += f"; the norms are not met: {stage.unmet}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _hiring_csv(hiring: HiringPlan) -> str:
    """Columns stage, month, posts: stage keys are identifiers, months YYYY-MM and posts numbers, so no
    cell can be read as a formula."""
    rows = ["stage,month,posts"] + [f"{s.stage},{s.month},{s.posts:.1f}" for s in hiring.steps()]
    return "\n".join(rows) + "\n"


def _summary(path: Path | None, scenario_name: str | None, out: TextIO) -> int:
    from desktop.io.safe_text import terminal_lines, terminal_text
    from desktop.io.text_summary import format_headlines
    from desktop.model.engine import project
    from desktop.model.example import example_plan
    from desktop.model.measures import headlines

    plan = example_plan() if path is None else _load(path)
    print(terminal_text(plan.title), file=out)
    for scenario in _scenarios(plan, scenario_name):
        print(file=out)
        projection = project(scenario)
        # Names are escaped where they are formatted; this is the last guard before the terminal.
        print(terminal_lines(format_headlines(headlines(projection), scenario, projection)), file=out)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
