"""Command line: ``python -m aitimeline COMMAND ...`` (also installed as ``aitimeline``).

Commands:

``dates EXPR [EXPR ...]``
    Explain each date expression (bounds, precision, EDTF form, reading) and the relations
    between every pair of them (``before``, ``after``, ``overlaps`` as TRUE / FALSE / UNKNOWN,
    the time from one to the other, and the Allen relations some completion realises).
``demo [--report-dir DIR] [--no-report] [--data DIR]``
    Run every demo section on real data from the articles, then write the AI-race report
    into ``report/`` (what ``make demo`` runs).
``check [FILE] [--reading strict|default|lenient] [--format table|json|markdown]``
    Check claims (a ``.json`` or ``.toml`` claims file; default: the bundled claims of the
    five seed articles) against the bundled AI-race record, under one reading of vague words.
``report --out DIR [--data DIR]``
    Write the AI-race report into DIR: the timeline and ECI gap charts (PNG and SVG), the lag
    table ``lags.md`` and ``index.html``. Progress lines go to stderr.

Bad input (an unreadable date, a file that cannot be loaded) prints one line on stderr and
exits with status 2; there is no traceback.

To add a command, write ``_add_<name>_arguments`` and ``_run_<name>`` and add one
:class:`Command` line to ``COMMANDS``. To extend the demo, write a function that takes the
output stream and add one :class:`DemoSection` line to ``DEMO_SECTIONS``.

Example (pytest does not collect doctests from ``__main__.py``; tests/test_main.py covers it)::

    $ python -m aitimeline dates 2024-09-12
    [1] 2024-09-12
        reads as    12 September 2024
        bounds      2024-09-12 to 2024-09-12 (1 day)
        precision   day
        EDTF        2024-09-12
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import attrs

from aitimeline._dates import (
    Allen,
    ApproxPolicy,
    DayRange,
    When,
    relations,
)
from aitimeline.exceptions import TimelineError

__all__ = ["COMMANDS", "DEMO_SECTIONS", "Command", "DemoSection", "main"]

PROG = "aitimeline"
"""The program name shown in usage and error messages."""

BAD_INPUT = 2
"""Exit status for input the program cannot use (as argparse uses for a bad command line)."""


@attrs.frozen
class Command:
    """One subcommand of the command line."""

    name: str
    """What the user types: ``python -m aitimeline NAME``."""
    help: str
    """One line for the command list in ``--help``."""
    add_arguments: Callable[[argparse.ArgumentParser], None]
    """Declare the command's arguments on its own parser."""
    run: Callable[[argparse.Namespace, TextIO], int]
    """Do the work, writing to the stream; return the exit status."""


@attrs.frozen
class DemoSection:
    """One section of ``python -m aitimeline demo``."""

    title: str
    """The heading printed above the section."""
    run: Callable[[TextIO], None]
    """Write the section to the stream."""


# --------------------------------------------------------------------------------------------
# dates


@attrs.frozen
class _Item:
    """A labelled date to explain."""

    label: str
    when: When


def _policy(days: int) -> ApproxPolicy:
    """Return the policy that pads approximate dates of every precision by *days*."""
    return ApproxPolicy(
        day=days, week=days, month=days, quarter=days, half=days, year=days, decade=days
    )


def _bound(when: When, *, start: bool) -> str:
    if start and when.is_open_start:
        return "(open)"
    if not start and when.is_open_end:
        return "(open)"
    return (when.earliest if start else when.latest).isoformat()


def _extent(when: When) -> str:
    if when.is_open_start or when.is_open_end:
        return "open-ended"
    return f"{when.width_days} day{'' if when.width_days == 1 else 's'}"


def _bounds_text(when: When) -> str:
    return f"{_bound(when, start=True)} to {_bound(when, start=False)} ({_extent(when)})"


def _precision_text(when: When) -> str:
    words = [when.precision.name.lower()]
    if when.approximate:
        words.append("approximate (~)")
    if when.uncertain:
        words.append("uncertain (?)")
    return ", ".join(words)


def _gap_text(a: When, b: When) -> str:
    """Return the time from *a* to *b*, saying "at least" or "at most" for open ends.

    Gaps up to a year are in weeks, longer ones in months (365.2425 / 12 days), one decimal.
    """
    gap: DayRange = a.until(b)
    lo_open = b.is_open_start or a.is_open_end
    hi_open = b.is_open_end or a.is_open_start
    if lo_open and hi_open:
        return "unbounded"
    if lo_open:
        return f"at most {_one(gap.hi)}"
    if hi_open:
        return f"at least {_one(gap.lo)}"
    unit = "weeks" if max(abs(gap.lo), abs(gap.hi)) <= _YEAR_DAYS else "months"
    return gap.format(unit)


_YEAR_DAYS = 365


def _one(n_days: int) -> str:
    """Format one day count as :func:`_gap_text` does."""
    return DayRange(n_days, n_days).format("weeks" if abs(n_days) <= _YEAR_DAYS else "months")


def _allen_text(found: frozenset[Allen]) -> str:
    return ", ".join(r.value for r in Allen if r in found)


def explain(items: Sequence[tuple[str, When]], out: TextIO, *, approx_days: int = 0) -> None:
    """Write what each date means and how every pair of them relates.

    Args:
        items: ``(label, date)`` pairs, explained in this order.
        out: where to write.
        approx_days: days to pad dates marked approximate on each side, through an explicit
            :class:`~aitimeline.ApproxPolicy`, before relating them (0: compare as stated).
    """
    policy = _policy(approx_days) if approx_days else None
    explained: list[_Item] = []
    for number, (label, when) in enumerate(items, start=1):
        out.write(f"[{number}] {label}\n")
        out.write(f"    reads as    {when.describe()}\n")
        out.write(f"    bounds      {_bounds_text(when)}\n")
        out.write(f"    precision   {_precision_text(when)}\n")
        out.write(f"    EDTF        {when.to_edtf()}\n")
        compared = when
        if policy is not None and (widened := when.widened(policy)) != when:
            out.write(f"    widened     {_bounds_text(widened)} by {policy!r}\n")
            compared = widened
        explained.append(_Item(label, compared))
    if len(explained) < 2:
        return
    out.write("\nRelations of A to B: TRUE if it holds for every completion of the fuzzy dates,\n")
    out.write("FALSE if for none, else UNKNOWN. 'A to B' is the time from A to B; Allen lists\n")
    out.write("every interval relation some completion realises.\n\n")
    header = ("A", "B", "before", "after", "overlaps", "A to B", "Allen")
    rows = [header]
    for (i, a), (j, b) in itertools.combinations(enumerate(explained, start=1), 2):
        rows.append(
            (
                f"[{i}]",
                f"[{j}]",
                a.when.before(b.when).name,
                a.when.after(b.when).name,
                a.when.overlaps(b.when).name,
                _gap_text(a.when, b.when),
                _allen_text(relations(a.when, b.when)),
            )
        )
    widths = [max(len(row[k]) for row in rows) for k in range(len(header) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.write("  ".join([*cells, row[-1]]).rstrip() + "\n")


def _add_dates_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "expressions",
        nargs="+",
        metavar="EXPR",
        help="a date expression: 2024-09-12, 2024-09, 2024-Q4, 2024-H2, 2024, 2020s, "
        "2024-09~, 2024?, 2024-09-10/2024-09-20, ../2025-01, 2025-01/..",
    )
    parser.add_argument(
        "--approx-days",
        type=_non_negative_int,
        default=0,
        metavar="N",
        help="widen dates marked approximate (~ or %%) by N days on each side before relating "
        "them (default: 0, compare as stated)",
    )


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"{text!r} is not a whole number of days >= 0"
        raise argparse.ArgumentTypeError(msg)
    return value


def _run_dates(args: argparse.Namespace, out: TextIO) -> int:
    expressions: list[str] = args.expressions
    items = [(text, When.parse(text)) for text in expressions]
    explain(items, out, approx_days=args.approx_days)
    return 0


# --------------------------------------------------------------------------------------------
# demo


def _demo_dates(out: TextIO) -> None:
    """Explain dates as the articles state them, and relate them."""
    o1 = When.parse("2024-09-12")
    items = [
        ("OpenAI o1-preview released", o1),
        ("o1 'released in September' (A000), approximately", When.parse("2024-09~")),
        ("QwQ-32B-Preview 'launched in November' (A002)", When.parse("2024-11")),
        (
            "QwQ 'less than three months after o1' (A000)",
            When.relative(o1, "three months", qualifier="less_than"),
        ),
        ("DeepSeek-V3 'in December' (A000)", When.parse("2024-12")),
        ("DeepSeek-R1 released in full", When.parse("2025-01-20")),
        ("US bans advanced-chip exports to China 'in 2022' (A000)", When.parse("2022")),
        ("High-Flyer 'set up in 2015' (A000)", When.parse("2015")),
        ("LMSYS ranks V3 seventh, by January 2025 (A000)", When.parse("../2025-01")),
    ]
    explain(items, out)


def _demo_table(out: TextIO) -> None:
    """Print the bundled AI-race dataset as a chronological table."""
    from aitimeline.datasets import ai_race  # noqa: PLC0415 - loads the dataset on demand
    from aitimeline.io import format_table  # noqa: PLC0415 - as above

    race = ai_race()
    out.write(f"The AI race: {len(race)} events from five articles, verified dates\n\n")
    out.write(format_table(race) + "\n")


def _demo_lags(out: TextIO) -> None:
    """Print the reasoning-race lags computed from the bundled dataset."""
    from aitimeline._report import reasoning_lags  # noqa: PLC0415 - imports matplotlib
    from aitimeline.datasets import ai_race  # noqa: PLC0415 - loads the dataset on demand

    rows = reasoning_lags(ai_race())
    out.write("Computed from the dataset's verified dates; a fuzzy date would give a range.\n\n")
    width = max(len(row.label) for row in rows)
    for row in rows:
        days, weeks = row.lag.format("days"), row.lag.format("weeks")
        out.write(f"{row.label:<{width}}  {days:>9}  {weeks}\n")


def _demo_claims(out: TextIO) -> None:
    """Print the article claims the record contradicts (default reading)."""
    from aitimeline.claims import check  # noqa: PLC0415 - loads the claims on demand
    from aitimeline.datasets import ai_race, article_claims  # noqa: PLC0415 - as above

    result = check(article_claims(), ai_race(), "default")
    counts = result.counts()
    out.write(
        f"{len(result)} claims from the five articles, default reading: {counts['TRUE']} TRUE, "
        f"{counts['FALSE']} FALSE, {counts['UNKNOWN']} UNKNOWN. The record contradicts:\n\n"
    )
    for v in result.contradicted():
        out.write(f"[{v.claim.source.key}] \N{LEFT DOUBLE QUOTATION MARK}{v.claim.words}")
        out.write(f"\N{RIGHT DOUBLE QUOTATION MARK}\n    {v.explain()}\n")


DEMO_SECTIONS: tuple[DemoSection, ...] = (
    DemoSection("Dates as the articles state them", _demo_dates),
    DemoSection("The AI-race dataset, in date order", _demo_table),
    DemoSection("Lags in the reasoning-model race", _demo_lags),
    DemoSection("Article claims the record contradicts", _demo_claims),
)
"""The sections of ``python -m aitimeline demo``, in order; add one line per section."""


def _add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report-dir",
        default=DEMO_REPORT_DIR,
        metavar="DIR",
        help=f"also write the AI-race report into DIR (default: {DEMO_REPORT_DIR})",
    )
    parser.add_argument(
        "--no-report", action="store_true", help="run the demo sections only, write no files"
    )
    _add_data_argument(parser)


def _run_demo(args: argparse.Namespace, out: TextIO) -> int:
    for number, section in enumerate(DEMO_SECTIONS, start=1):
        if number > 1:
            out.write("\n")
        heading = f"{number}. {section.title}"
        out.write(f"{heading}\n{'=' * len(heading)}\n\n")
        section.run(out)
    if args.no_report:
        return 0
    heading = f"{len(DEMO_SECTIONS) + 1}. The AI-race report"
    out.write(f"\n{heading}\n{'=' * len(heading)}\n\n")
    return _write_report(args.command, args.report_dir, args.data, progress=out, out=out)


# --------------------------------------------------------------------------------------------
# report

DEMO_REPORT_DIR = "report"
"""Where ``demo`` writes the report, relative to the working folder (git ignores it)."""


def _add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=None,
        help="a folder of Epoch AI tables to use instead of the snapshot bundled in the "
        "package (default: $AITIMELINE_DATA if set, else the bundled snapshot)",
    )


def _add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    _add_data_argument(parser)


def _write_report(
    command: str, out_dir: str, data_dir: str | None, *, progress: TextIO, out: TextIO
) -> int:
    """Build the report; on an unwritable folder print one line and return BAD_INPUT."""
    from aitimeline._report import build_report  # noqa: PLC0415 - loads matplotlib

    try:
        written = build_report(out_dir, data_dir=data_dir, progress=progress)
    except OSError as exc:
        where = exc.filename if exc.filename is not None else out_dir
        reason = exc.strerror or type(exc).__name__
        sys.stderr.write(
            f"{PROG} {command}: error: cannot write the report to {out_dir!r}: {reason}: "
            f"{where}; pass a folder you can write to\n"
        )
        return BAD_INPUT
    index = written[-1].resolve()
    out.write(f"Wrote {len(written)} files to {index.parent}; open {index}\n")
    return 0


def _run_report(args: argparse.Namespace, out: TextIO) -> int:
    return _write_report(args.command, args.out, args.data, progress=sys.stderr, out=out)


# --------------------------------------------------------------------------------------------
# table


def _add_table_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default=None,
        help="an aitimeline JSON (.json) or CSV (.csv) file; default: the bundled AI-race data",
    )


def _run_table(args: argparse.Namespace, out: TextIO) -> int:
    from aitimeline import io  # noqa: PLC0415 - only this command reads files
    from aitimeline.datasets import ai_race  # noqa: PLC0415 - as above

    path: str | None = args.file
    if path is None:
        timeline = ai_race()
    else:
        # A missing or unreadable path is a DataFileError, reported by main() as bad input.
        result = io.read_csv(path) if path.endswith(".csv") else io.read_json(path)
        timeline = result.timeline
    out.write(io.format_table(timeline) + "\n")
    return 0


# --------------------------------------------------------------------------------------------
# check


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default=None,
        help="a claims file (.json or .toml); default: the bundled claims of the five articles",
    )
    parser.add_argument(
        "--reading",
        choices=("strict", "default", "lenient"),
        default="default",
        help="how to read vague words such as 'a week' or 'just 2,000' (default: default)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "markdown"),
        default="table",
        help="how to print the verdicts (default: table)",
    )


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    import json  # noqa: PLC0415 - only this command prints JSON

    from aitimeline import claims  # noqa: PLC0415 - only this command checks claims
    from aitimeline.datasets import ai_race, article_claims  # noqa: PLC0415 - as above

    items = article_claims() if args.file is None else claims.read_claims(args.file)
    result = claims.check(items, ai_race(), args.reading)
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        out.write(result.to_markdown())
    else:
        out.write(result.format_table())
    return 0


# --------------------------------------------------------------------------------------------
# entry point

COMMANDS: tuple[Command, ...] = (
    Command(
        name="dates",
        help="explain date expressions and how they relate",
        add_arguments=_add_dates_arguments,
        run=_run_dates,
    ),
    Command(
        name="demo",
        help="run the demo on real data from the articles",
        add_arguments=_add_demo_arguments,
        run=_run_demo,
    ),
    Command(
        name="table",
        help="print a timeline (default: the bundled AI-race data) as a table in date order",
        add_arguments=_add_table_arguments,
        run=_run_table,
    ),
    Command(
        name="check",
        help="check claims (default: the bundled article claims) against the AI-race record",
        add_arguments=_add_check_arguments,
        run=_run_check,
    ),
    Command(
        name="report",
        help="write the AI-race report (charts, lag table, index.html) into a folder",
        add_arguments=_add_report_arguments,
        run=_run_report,
    ),
)
"""The subcommands, in the order ``--help`` lists them; add one line per command."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Model the AI race as a typed, sourced timeline.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).
        out: where to write results (default: ``sys.stdout``). Errors go to ``sys.stderr``.

    Returns:
        0 on success, 2 for a bad command line or input the program cannot use.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the reason
        return exc.code if isinstance(exc.code, int) else BAD_INPUT
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, sys.stdout if out is None else out)
    except TimelineError as exc:
        reason = " ".join(str(exc).split())
        sys.stderr.write(f"{PROG} {args.command}: error: {reason}\n")
        return BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
