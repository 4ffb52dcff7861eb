"""Test the command line, in-process through ``main`` and as ``python -m aitimeline``."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import aitimeline
from aitimeline.__main__ import COMMANDS, DEMO_SECTIONS, main

SRC = Path(aitimeline.__file__).resolve().parents[1]
DASH = "\N{EN DASH}"
"""The dash that DayRange.format puts between the ends of a range."""


def run(*argv: str) -> tuple[int, str]:
    """Run ``main`` on *argv* and return its exit status and what it wrote."""
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def field(output: str, name: str) -> list[str]:
    """Return the values of the explanation lines called *name*, in order."""
    return [m[1] for m in re.finditer(rf"^    {name} +(.*)$", output, flags=re.MULTILINE)]


def relation_rows(output: str) -> list[list[str]]:
    """Return the cells of each row of the relations table, header excluded."""
    lines = output.split("\nA    B", 1)[1].splitlines()[1:]
    return [re.split(r" {2,}", line.strip()) for line in lines if line.strip()]


def python_m(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m aitimeline`` in a fresh interpreter, in the folder *cwd*."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(  # noqa: S603 - runs this interpreter on fixed arguments
        [sys.executable, "-m", "aitimeline", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )


def test_dates_explains_a_month() -> None:
    """Show a month's reading, bounds, precision and EDTF form."""
    status, output = run("dates", "2024-11")
    assert 0 == status
    assert ["November 2024"] == field(output, "reads as")
    assert ["2024-11-01 to 2024-11-30 (30 days)"] == field(output, "bounds")
    assert ["month"] == field(output, "precision")
    assert ["2024-11"] == field(output, "EDTF")
    assert "Relations" not in output


def test_dates_explains_qualifiers_and_open_ends() -> None:
    """Name the EDTF qualifiers and show an open start as open."""
    status, output = run("dates", "2024-09~", "2024?", "../2025-01")
    assert 0 == status
    assert ["month, approximate (~)", "year, uncertain (?)", "month"] == field(output, "precision")
    assert "(open) to 2025-01-31 (open-ended)" == field(output, "bounds")[2]
    assert ["2024-09~", "2024?", "../2025-01"] == field(output, "EDTF")


def test_dates_relates_every_pair() -> None:
    """Give before, after, overlaps, the gap and the Allen relations for each pair."""
    status, output = run("dates", "2024-09-12", "2024-11", "2024-Q4")
    assert 0 == status
    assert [
        ["[1]", "[2]", "TRUE", "FALSE", "FALSE", f"7.1{DASH}11.3 weeks", "precedes"],
        ["[1]", "[3]", "TRUE", "FALSE", "FALSE", f"2.7{DASH}15.7 weeks", "precedes"],
        [
            "[2]",
            "[3]",
            "UNKNOWN",
            "UNKNOWN",
            "UNKNOWN",
            f"-8.6{DASH}8.6 weeks",
            "precedes, meets, equals, met-by, preceded-by",
        ],
    ] == relation_rows(output)


def test_dates_long_and_open_gaps() -> None:
    """Show gaps over a year in months, and one-sided bounds when a date is open."""
    status, output = run("dates", "2015", "2024-09-12", "../2025-01")
    assert 0 == status
    gaps = [row[5] for row in relation_rows(output)]
    assert [f"104.4{DASH}116.4 months", "at most 121.0 months", "at most 20.1 weeks"] == gaps


def test_dates_widens_approximate_dates_only_when_asked() -> None:
    """Pad approximate dates through an explicit policy given by --approx-days."""
    _, plain = run("dates", "2024-09~", "2024-10")
    status, widened = run("dates", "2024-09~", "2024-10", "--approx-days", "10")
    assert 0 == status
    assert [] == field(plain, "widened")
    assert field(widened, "widened")[0].startswith("2024-08-22 to 2024-10-10 (50 days) by")
    assert "TRUE" == relation_rows(plain)[0][2]
    assert "UNKNOWN" == relation_rows(widened)[0][2]


def test_bad_date_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Report an unreadable date on one stderr line with exit status 2."""
    status, output = run("dates", "2024-06-01", "2024-02-30")
    err = capsys.readouterr().err
    assert 2 == status
    assert "" == output
    assert 1 == len(err.splitlines())
    assert err.startswith("aitimeline dates: error: cannot parse '2024-02-30' as a date")


@pytest.mark.parametrize(
    "argv",
    [[], ["no-such-command"], ["dates"], ["dates", "2024", "--approx-days", "-1"]],
)
def test_bad_command_line_is_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Exit with status 2 and a usage message for a command line argparse rejects."""
    status, output = run(*argv)
    assert 2 == status
    assert "" == output
    assert "usage: aitimeline" in capsys.readouterr().err


def test_help_is_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    """List every command in --help and exit 0."""
    assert 0 == run("--help")[0]
    help_text = capsys.readouterr().out
    assert [] == [c.name for c in COMMANDS if c.name not in help_text]


def test_commands_and_demo_sections_are_distinct() -> None:
    """Give every command and demo section its own name."""
    assert len(COMMANDS) == len({c.name for c in COMMANDS})
    assert len(DEMO_SECTIONS) == len({s.title for s in DEMO_SECTIONS})


def test_demo_runs_every_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Print a numbered heading for every demo section, then its content."""
    monkeypatch.chdir(tmp_path)  # the demo may write files into the working folder
    status, output = run("demo", "--no-report")
    assert 0 == status
    headings = [f"{n}. {s.title}" for n, s in enumerate(DEMO_SECTIONS, start=1)]
    assert headings == [h for h in headings if h in output]
    assert "[1] OpenAI o1-preview released" in output


def test_demo_prints_lags_from_the_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Print the reasoning-race lags computed from the bundled dataset, in days and weeks."""
    monkeypatch.chdir(tmp_path)
    status, output = run("demo", "--no-report")
    assert 0 == status
    section = output.split("Lags in the reasoning-model race", 1)[1]
    line = next(x for x in section.splitlines() if "QwQ-32B-Preview" in x)
    assert "o1-preview \N{RIGHTWARDS ARROW} QwQ-32B-Preview" in line
    assert line.split()[-4:] == ["77", "days", "11.0", "weeks"]


def test_python_m_demo(tmp_path: Path) -> None:
    """Run the whole demo as ``python -m aitimeline demo`` (what make demo runs), exit 0."""
    result = python_m("demo", cwd=tmp_path)
    assert 0 == result.returncode, result.stderr
    assert "" == result.stderr
    assert "Relations of A to B" in result.stdout


def test_python_m_bad_date_has_no_traceback(tmp_path: Path) -> None:
    """Fail on a bad date with exit status 2 and one stderr line, never a traceback."""
    result = python_m("dates", "2025/2024", cwd=tmp_path)
    assert 2 == result.returncode
    assert "" == result.stdout
    assert 1 == len(result.stderr.splitlines())
    assert "Traceback" not in result.stderr
    assert "inverted" in result.stderr
