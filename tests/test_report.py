"""Test the AI-race report: what it writes, and the ``report`` command end to end."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import aitimeline
from aitimeline import _report, datasets
from aitimeline.__main__ import main
from aitimeline._factcheck import verdict_counts
from aitimeline._html import md_table
from aitimeline.datasets import ai_race
from aitimeline.exceptions import DataFileError

SRC = Path(aitimeline.__file__).resolve().parents[1]

EXPECTED_FILES = [
    "ai_race_timeline.png",
    "ai_race_timeline.svg",
    "eci_gap.png",
    "eci_gap.svg",
    "gap_sensitivity.png",
    "gap_sensitivity.svg",
    "lags.md",
    "factcheck.html",
    "index.html",
]
"""What the report writes, in the order ``build_report`` returns it."""


def python_m(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m aitimeline`` in a fresh interpreter."""
    full_env = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(  # noqa: S603 - runs this interpreter on fixed arguments
        [sys.executable, "-m", "aitimeline", *argv],
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], str]:
    """Build the report once into a temporary folder; return the files and the progress log."""
    out = tmp_path_factory.mktemp("report") / "nested" / "out"
    log = io.StringIO()
    written = _report.build_report(out, progress=log)
    return written, log.getvalue()


def test_build_report_writes_every_file(built: tuple[list[Path], str]) -> None:
    """Write the two charts as PNG and SVG, the lag table and the page, into a new folder."""
    written, _ = built
    assert EXPECTED_FILES == [p.name for p in written]
    assert [] == [p.name for p in written if not p.is_file() or p.stat().st_size == 0]
    assert 1 == len({p.parent for p in written})


def test_png_files_are_png(built: tuple[list[Path], str]) -> None:
    """Write real PNG images (by their signature)."""
    written, _ = built
    pngs = [p for p in written if p.suffix == ".png"]
    assert [b"\x89PNG\r\n\x1a\n"] * 3 == [p.read_bytes()[:8] for p in pngs]


def test_progress_lines(built: tuple[list[Path], str]) -> None:
    """Report each step on the progress stream, ending with where the files went."""
    written, log = built
    lines = log.splitlines()
    assert all(line.startswith("report: ") for line in lines)
    assert 7 == len(lines)
    assert f"report: wrote {len(EXPECTED_FILES)} files to {written[0].parent}" == lines[-1]


def test_lags_md_has_the_reasoning_race(built: tuple[list[Path], str]) -> None:
    """List o1-preview to QwQ-32B-Preview as 77 days, 11.0 weeks, and the other race lags."""
    text = (built[0][0].parent / "lags.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "QwQ-32B-Preview" in line)
    assert ["77", "11.0 weeks"] == [c for c in re.split(r" \| ", row) if c in {"77", "11.0 weeks"}]
    for row in (
        "o1-preview → DeepSeek-R1-Lite-Preview | 2024-09-12 | 2024-11-20 | 69 | 9.9 weeks",
        "o1-preview → DeepSeek-R1 | 2024-09-12 | 2025-01-20 | 130 | 18.6 weeks",
    ):
        assert row in text
    assert "first US reasoning model (o1-preview)" in text


def test_lags_md_has_the_eci_gap_summary(built: tuple[list[Path], str]) -> None:
    """Summarise the daily ECI gap in months: mean, median, min and max."""
    text = (built[0][0].parent / "lags.md").read_text(encoding="utf-8")
    found = dict(re.findall(r"^\| (mean|median|min|max) \| ([0-9.]+) \|$", text, re.MULTILINE))
    assert ["max", "mean", "median", "min"] == sorted(found)
    values = {k: float(v) for k, v in found.items()}
    assert values["min"] <= values["median"] <= values["max"]
    assert values["min"] <= values["mean"] <= values["max"]


def test_index_html_shows_everything_with_relative_links(built: tuple[list[Path], str]) -> None:
    """Show the three charts as SVG, link every file relatively, with no script or CDN."""
    html = (built[0][0].parent / "index.html").read_text(encoding="utf-8")
    charts = ("ai_race_timeline", "eci_gap", "gap_sensitivity")
    assert [f"{c}.svg" for c in charts] == re.findall(r'<object data="([^"]+)"', html)
    files = [f"{c}.{ext}" for c in charts for ext in ("svg", "png")]
    for name in (*files, "lags.md", "factcheck.html"):
        assert f'href="{name}"' in html
    assert "11.0 weeks" in html
    assert "<script" not in html.lower()
    assert [] == re.findall(r'(?:src|href)="(?:https?:)?//', html)


def test_index_html_reads_on_a_phone(built: tuple[list[Path], str]) -> None:
    """Set the viewport, scale the charts with the page and let tables scroll in their box."""
    html = (built[0][0].parent / "index.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "figure object, figure img { display: block; width: 100%; height: auto;" in html
    tables = html.count("<table>")
    assert 4 == tables  # the lags, the gap, the catch-up records, the verdicts
    assert tables == html.count('<div class="scroll"><table>')
    assert ["16 / 6.2", "11 / 7.4", "10 / 8.5"] == re.findall(r"aspect-ratio: ([0-9. /]+)", html)


def test_index_html_summarises_the_fact_check(built: tuple[list[Path], str]) -> None:
    """Show the fact check's verdict counts per reading, as the fact-check page computes them."""
    html = (built[0][0].parent / "index.html").read_text(encoding="utf-8")
    counts = verdict_counts()
    for name, by_truth in counts.items():
        cells = "".join(f"<td>{n}</td>" for n in by_truth.values())
        assert f"<tr><td>{name}</td>{cells}</tr>" in html
    assert sum(counts["default"].values()) == len(datasets.article_claims())


def test_sensitivity_chart_covers_the_published_figure() -> None:
    """Draw one row per combination of choices, under a title with the range it spans."""
    report = _report.compute_report()
    assert report.sensitivity is not None
    table = report.sensitivity
    assert {"china-vs-us"} == set(table["question"])
    assert {"US"} == set(table["leader"])
    fig = _report.sensitivity_figure(table)
    lo, hi = table["mean_months"].min(), table["mean_months"].max()
    assert f"China trails the US by {lo:.0f} to {hi:.0f} months" in fig.get_suptitle()
    (ax,) = fig.axes
    assert len(table) == len(ax.get_yticks())


def test_timeline_svg_tags_the_race_events(built: tuple[list[Path], str]) -> None:
    """Give the reasoning-race events their ids in the timeline SVG."""
    svg = (built[0][0].parent / "ai_race_timeline.svg").read_text(encoding="utf-8")
    ids = ["openai-o1-preview", "qwq-32b-preview", "deepseek-r1-lite-preview", "deepseek-r1"]
    assert [] == [i for i in ids if f'id="{i}"' not in svg]


def test_reasoning_lags_rows() -> None:
    """Measure each reasoning-race pair and the first-mover gap from the bundled dataset."""
    rows = _report.reasoning_lags(ai_race())
    got = [(r.leader.id, r.follower.id, r.lag.days) for r in rows]
    assert [
        ("openai-o1-preview", "qwq-32b-preview", (77, 77)),
        ("openai-o1-preview", "deepseek-r1-lite-preview", (69, 69)),
        ("openai-o1-preview", "deepseek-r1", (130, 130)),
        ("openai-o1", "deepseek-r1", (46, 46)),
        ("openai-o1-preview", "deepseek-r1-lite-preview", (69, 69)),
    ] == got[:5]


def test_short_names() -> None:
    """Name a release or a score by its model, any other event by its title."""
    race = ai_race()
    assert "QwQ-32B-Preview" == _report._name(race["qwq-32b-preview"])
    ban = race["us-chip-export-ban-2022"]
    assert ban.title == _report._name(ban)


def test_markdown_table_escapes_pipes() -> None:
    """Escape a ``|`` inside a cell so that it does not split the Markdown row."""
    assert ["| a | b |", "|---|---|", "| x \\| y | z |"] == md_table(("a", "b"), [("x | y", "z")])


def test_find_data_dir_argument_must_be_a_folder(tmp_path: Path) -> None:
    """Reject a data folder that does not exist, naming it."""
    missing = tmp_path / "nowhere"
    with pytest.raises(DataFileError, match="nowhere"):
        _report.find_data_dir(missing)


def test_find_data_dir_reads_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Take the folder from AITIMELINE_DATA when no argument is given."""
    monkeypatch.setenv(_report.DATA_ENV, str(tmp_path))
    assert tmp_path == _report.find_data_dir()
    monkeypatch.setenv(_report.DATA_ENV, str(tmp_path / "gone"))
    with pytest.raises(DataFileError, match="AITIMELINE_DATA"):
        _report.find_data_dir()


def test_without_a_folder_the_bundled_snapshot_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read the ECI bundled in the package when no folder is named: nothing outside is read."""
    monkeypatch.delenv(_report.DATA_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert _report.find_data_dir() is None
    scores, label = _report.eci_scores()
    assert datasets.eci().timeline == scores
    assert "epoch_capabilities_index_2026-04.csv.gz, bundled snapshot 2026-04, CC-BY 4.0" == label


def test_a_data_folder_overrides_the_bundled_snapshot(tmp_path: Path) -> None:
    """Read the newest ECI table of a folder given with --data, compressed or not."""
    packed = resources.files("aitimeline.datasets").joinpath(
        "epoch", "epoch_capabilities_index_2026-04.csv.gz"
    )
    (tmp_path / "epoch_capabilities_index_2026-04.csv.gz").write_bytes(packed.read_bytes())
    scores, label = _report.eci_scores(tmp_path)
    assert "epoch_capabilities_index_2026-04.csv.gz" == label
    assert datasets.eci().ids == scores.ids


def test_eci_table_missing_from_folder(tmp_path: Path) -> None:
    """Name the file pattern expected when the data folder has no ECI table."""
    with pytest.raises(DataFileError, match=r"no ECI table .*epoch_capabilities_index_\*\.csv"):
        _report.eci_scores(tmp_path)


# --------------------------------------------------------------------------------------------
# The command line


def test_cli_report_end_to_end(tmp_path: Path) -> None:
    """Run ``python -m aitimeline report --out DIR``: status 0, files, progress on stderr."""
    out = tmp_path / "r"
    result = python_m("report", "--out", str(out))
    assert 0 == result.returncode, result.stderr
    assert sorted(EXPECTED_FILES) == sorted(p.name for p in out.iterdir())
    assert f"open {(out / 'index.html').resolve()}" in result.stdout
    assert "Traceback" not in result.stderr
    assert all(line.startswith("report: ") for line in result.stderr.splitlines())
    assert "11.0 weeks" in (out / "lags.md").read_text(encoding="utf-8")


def test_cli_missing_data_dir(tmp_path: Path) -> None:
    """Fail with status 2 and one line naming the data folder that does not exist."""
    result = python_m("report", "--out", str(tmp_path / "r"), "--data", str(tmp_path / "nope"))
    assert 2 == result.returncode
    assert 1 == len(result.stderr.splitlines()), result.stderr
    assert result.stderr.startswith("aitimeline report: error: data_dir=")
    assert "nope" in result.stderr
    assert not (tmp_path / "r").exists()


def test_cli_data_dir_without_eci_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fail with status 2 and one line when the data folder lacks the ECI table."""
    status = main(["report", "--out", str(tmp_path / "r"), "--data", str(tmp_path)])
    err = capsys.readouterr().err
    assert 2 == status
    assert 1 == len(err.splitlines())
    assert "no ECI table" in err


def test_cli_unwritable_out_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fail with status 2 and one line when the output folder cannot be created."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    status = main(["report", "--out", str(blocker / "report")])
    err = capsys.readouterr().err
    assert 2 == status
    assert 1 == len(err.splitlines()), err
    assert err.startswith("aitimeline report: error: cannot write the report to")
    assert "a-file" in err


def test_cli_out_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    """Refuse ``report`` without ``--out``, as argparse does, with status 2."""
    assert 2 == main(["report"])
    assert "--out" in capsys.readouterr().err


def test_demo_writes_the_report(tmp_path: Path) -> None:
    """Write the report into the folder given to ``demo`` and say where it went."""
    out = io.StringIO()
    status = main(["demo", "--report-dir", str(tmp_path / "demo-report")], out=out)
    assert 0 == status
    index = (tmp_path / "demo-report" / "index.html").resolve()
    assert index.is_file()
    assert f"open {index}" in out.getvalue()


def test_demo_without_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Write no files with ``demo --no-report``."""
    monkeypatch.chdir(tmp_path)
    assert 0 == main(["demo", "--no-report"], out=io.StringIO())
    assert [] == list(tmp_path.iterdir())
