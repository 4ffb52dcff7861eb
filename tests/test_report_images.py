"""Compare the report's two charts with baseline images, within a tolerance.

The baselines are PNGs at 50 dpi under ``tests/baseline/``. They are compared with
:func:`matplotlib.testing.compare.compare_images`: the root-mean-square difference of the
pixel values (0-255) must be at most :data:`TOLERANCE`, enough for anti-aliasing differences
between FreeType builds, far too little for a moved label, a lost bar or a new title. A failed
comparison leaves the new image and a difference image under ``build/artifacts/baseline/``.

After a deliberate change to the charts, look at the new images and regenerate the baselines::

    AITIMELINE_UPDATE_BASELINE=1 make pytest PYTEST_ARGS="tests/test_report_images.py"
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from matplotlib.testing.compare import compare_images

from aitimeline import _report, plot

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).resolve().parent / "baseline"
ARTIFACTS = ROOT / "build" / "artifacts" / "baseline"
UPDATE = "AITIMELINE_UPDATE_BASELINE"
"""Set this environment variable to 1 to write the baselines instead of comparing."""
TOLERANCE = 3.0
"""The largest root-mean-square pixel difference (0-255) accepted."""
DPI = 50
"""Baselines are small: 800 x 280 and 550 x 370 pixels."""


@pytest.fixture(scope="module")
def report() -> _report.Report:
    """Compute the report from the bundled data once."""
    return _report.compute_report()


CHARTS: dict[str, Callable[[_report.Report], Figure]] = {
    _report.TIMELINE_FILE: _report.timeline_figure,
    _report.ECI_FILE: _report.eci_figure,
}


@pytest.mark.parametrize("stem", sorted(CHARTS))
def test_chart_matches_its_baseline(stem: str, report: _report.Report) -> None:
    """Draw the chart as the report does and compare it with its baseline image."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    actual = plot.save(CHARTS[stem](report), ARTIFACTS / f"{stem}.png", dpi=DPI)
    expected = BASELINE / f"{stem}.png"
    if os.environ.get(UPDATE) == "1":
        BASELINE.mkdir(exist_ok=True)
        expected.write_bytes(actual.read_bytes())
        pytest.skip(f"wrote the baseline {expected.relative_to(ROOT)}; look at it and commit it")
    assert expected.is_file(), f"no baseline {expected}; run with {UPDATE}=1 to write it"
    failure = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert failure is None, failure


def test_comparison_catches_a_changed_chart(report: _report.Report, tmp_path: Path) -> None:
    """A chart without its title differs from the baseline by more than the tolerance."""
    expected = BASELINE / f"{_report.ECI_FILE}.png"
    if not expected.is_file():
        pytest.skip("no baseline yet")
    fig = _report.eci_figure(report)
    fig.suptitle("")
    changed = plot.save(fig, tmp_path / "changed.png", dpi=DPI)
    failure = compare_images(str(expected), str(changed), tol=TOLERANCE)
    assert failure is not None
