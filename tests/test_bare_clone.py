"""A bare clone, with nothing beside it, runs the demo: everything it needs is in the repository.

The repository is cloned into an empty temporary folder (no ``../shared`` beside it) and the
demo runs there with this interpreter's dependencies but the clone's own code: ``PYTHONPATH``
puts the clone's ``src`` first, and the test checks that the package was imported from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

REPORT = ["ai_race_timeline.png", "ai_race_timeline.svg", "eci_gap.png", "eci_gap.svg"]
REPORT += ["lags.md", "index.html", "factcheck.html"]

GREP = ["git", "grep", "-n", "-e", "../shared", "-e", '"shared"']
"""Find a path to the shared folder beside the repository, as text or as a path part."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout"),
]


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command, fail the test with its output if it fails, and return its stdout."""
    result = subprocess.run(  # noqa: S603 - fixed commands on a fresh clone
        argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert 0 == result.returncode, f"{argv}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clone the committed repository into an empty folder and return the clone's root."""
    folder = tmp_path_factory.mktemp("bare")
    run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), "clone"], cwd=folder)
    assert ["clone"] == [p.name for p in folder.iterdir()]  # nothing beside the clone
    return folder / "clone"


def test_the_demo_runs_in_a_bare_clone(clone: Path) -> None:
    """Run ``python -m aitimeline demo`` from the clone's code and find the report written."""
    env = {
        **os.environ,
        "PYTHONPATH": str(clone / "src"),
        "MPLBACKEND": "Agg",
    }
    env.pop("AITIMELINE_DATA", None)
    where = run([sys.executable, "-c", "import aitimeline; print(aitimeline.__file__)"], clone, env)
    assert Path(where.strip()).is_relative_to(clone / "src")
    out = run([sys.executable, "-m", "aitimeline", "demo"], clone, env)
    assert "index.html" in out
    written = sorted(p.name for p in (clone / "report").iterdir())
    assert sorted(REPORT) == written
    assert "CC-BY 4.0" in (clone / "report" / "lags.md").read_text(encoding="utf-8")


def test_make_demo_installs_the_package_alone(clone: Path) -> None:
    """Install only the package for the demo (no dev extras), in a stamp of its own."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = run(["make", "-n", "demo"], clone)
    assert "pip install --quiet --editable ." in plan
    assert "[dev]" not in plan
    assert ".installed-run" in plan


def test_nothing_reads_beside_the_repository(clone: Path) -> None:
    """Find no ../shared path in the package, the examples or the docs of the clone."""
    result = subprocess.run(  # noqa: S603 - a fixed command on a fresh clone
        [*GREP, "--", "src", "examples", "docs"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (1, "") == (result.returncode, result.stdout)  # git grep: 1 means no match
