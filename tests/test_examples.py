"""Run every script in examples/ and execute the example notebook with a real Jupyter kernel."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

import aitimeline
from aitimeline import _report

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SRC = Path(aitimeline.__file__).resolve().parents[1]
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
NOTEBOOK = EXAMPLES / "ai_race.ipynb"


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat 4 (nbformat's own functions carry no annotations)."""
    nb: nbformat.NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return nb


def code_cell(source: str) -> nbformat.NotebookNode:
    """Return a new code cell (wrapping nbformat's unannotated constructor)."""
    cell: nbformat.NotebookNode = nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
    return cell


def example_env() -> dict[str, str]:
    """Return the environment for an example: this checkout's package, no display.

    ``AITIMELINE_DATA`` is removed: the examples read the data bundled in the package.
    """
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "MPLBACKEND": "Agg",
    }
    env.pop(_report.DATA_ENV, None)
    return env


def run_script(script: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run *script* with this interpreter, as a reader would from the repository root."""
    return subprocess.run(  # noqa: S603 - runs this interpreter on a script of this repository
        [sys.executable, str(script), *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=example_env(),
        check=False,
        timeout=300,
    )


def test_examples_found() -> None:
    """Find the notebook and one script per task, so the tests below do not pass on nothing."""
    assert NOTEBOOK.is_file()
    expected = ["eci_gap.py", "plot_timeline.py", "query_dataset.py", "reasoning_race_lags.py"]
    assert expected == [p.name for p in SCRIPTS if p.name in expected]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_runs(script: Path) -> None:
    """Run the script from the repository root with status 0, no warnings, some output."""
    before = sorted(p.name for p in EXAMPLES.iterdir())
    result = run_script(script, cwd=REPO)
    assert 0 == result.returncode, result.stderr
    assert "" == result.stderr
    assert result.stdout.strip()
    assert before == sorted(p.name for p in EXAMPLES.iterdir())  # wrote nothing beside itself


def test_query_dataset_answers() -> None:
    """List the Chinese reasoning releases before DeepSeek-R1, and the open-weight one."""
    out = run_script(EXAMPLES / "query_dataset.py", cwd=REPO).stdout
    assert "Chinese reasoning releases before DeepSeek-R1 (2)" in out
    assert "... of which open-weight (1)" in out
    assert "qwq-32b-preview" in out


def test_reasoning_race_lags_answers() -> None:
    """Print o1-preview to QwQ-32B-Preview as 77 days, 11.0 weeks."""
    out = run_script(EXAMPLES / "reasoning_race_lags.py", cwd=REPO).stdout
    assert "openai-o1-preview -> qwq-32b-preview: 77 days = 11.0 weeks" in out
    assert "'less than three months' holds: Truth.TRUE" in out


def test_eci_gap_reads_the_bundled_table_or_a_folder(tmp_path: Path) -> None:
    """Read the bundled ECI by default, a folder given on the command line, fail on an empty one."""
    ok = run_script(EXAMPLES / "eci_gap.py", cwd=tmp_path)
    assert 0 == ok.returncode, ok.stderr
    assert "daily lag on 'eci'" in ok.stdout
    assert "snapshot 2026-04 (CC-BY 4.0)" in ok.stdout
    packed = resources.files("aitimeline.datasets").joinpath(
        "epoch", "epoch_capabilities_index_2026-04.csv.gz"
    )
    (tmp_path / "epoch_capabilities_index_2026-04.csv.gz").write_bytes(packed.read_bytes())
    copy = run_script(EXAMPLES / "eci_gap.py", str(tmp_path), cwd=tmp_path)
    assert 0 == copy.returncode, copy.stderr
    assert ok.stdout.split("daily lag")[1] == copy.stdout.split("daily lag")[1]
    (tmp_path / "epoch_capabilities_index_2026-04.csv.gz").unlink()
    bad = run_script(EXAMPLES / "eci_gap.py", str(tmp_path), cwd=tmp_path)
    assert 1 == bad.returncode
    assert "no epoch_capabilities_index_*.csv" in bad.stderr


def test_plot_timeline_writes_where_told(tmp_path: Path) -> None:
    """Write the PNG and SVG into the folder given on the command line."""
    result = run_script(EXAMPLES / "plot_timeline.py", str(tmp_path / "out"), cwd=REPO)
    assert 0 == result.returncode, result.stderr
    assert ["reasoning_race.png", "reasoning_race.svg"] == sorted(
        p.name for p in (tmp_path / "out").iterdir()
    )


def test_notebook_is_stored_without_outputs() -> None:
    """Store the notebook as valid nbformat 4 with no outputs, so diffs stay readable."""
    nb = read_notebook(NOTEBOOK)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert [] == [c.source[:40] for c in code if c.outputs or c.execution_count is not None]


def test_notebook_executes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Execute every cell of the notebook in a python3 kernel of this environment, error-free.

    No warning filter is needed with jupyter_client 8.10, pyzmq 27 and ipykernel 7: under
    ``filterwarnings = error`` any warning raised in this process still fails the test.
    """
    # Prefer the environment's kernel spec over one in the user's home, so the kernel is this
    # virtual environment's Python (its spec says "python", which jupyter_client resolves to
    # sys.executable).
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")
    monkeypatch.setenv("PYTHONPATH", example_env()["PYTHONPATH"])
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.delenv(_report.DATA_ENV, raising=False)
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[0] in {"python", "python3", sys.executable}

    nb = read_notebook(NOTEBOOK)
    nb.cells.insert(0, code_cell("import sys\nprint(sys.executable)"))
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()

    assert sys.executable == nb.cells[0].outputs[0]["text"].strip()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [] == errors
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert 2 == len(images)
    assert [] == list(tmp_path.iterdir())  # the notebook writes no files
