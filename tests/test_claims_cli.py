"""The ``check`` command, the demo's claims section, the fact-check page and the example."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import aitimeline
from aitimeline import __main__ as cli
from aitimeline import _factcheck
from aitimeline.datasets import article_claims

REPO = Path(__file__).resolve().parents[1]
SRC = Path(aitimeline.__file__).resolve().parents[1]


def run(*argv: str) -> tuple[int, str]:
    """Run the command line in-process; return the status and what it printed."""
    out = io.StringIO()
    status = cli.main(list(argv), out=out)
    return status, out.getvalue()


@pytest.mark.parametrize("reading", ["strict", "default", "lenient"])
def test_check_json_counts_every_claim(reading: str) -> None:
    """``check --format json`` prints one verdict per bundled claim under the reading asked."""
    status, text = run("check", "--reading", reading, "--format", "json")
    data = json.loads(text)
    assert (0, reading) == (status, data["reading"])
    assert len(article_claims()) == len(data["verdicts"]) == sum(data["counts"].values())


def test_check_table_and_markdown() -> None:
    """The table shows each verdict and quote; Markdown is a table with a header."""
    status, table = run("check")
    assert 0 == status
    assert "FALSE    a004-glm-4-6-october  [A004]" in table
    status, markdown = run("check", "--format", "markdown")
    assert 0 == status
    assert "| verdict | claim | source | quote | why |" in markdown


def test_check_reads_a_claims_file(tmp_path: Path) -> None:
    """A claims file given on the command line is checked instead of the bundled claims."""
    path = tmp_path / "mine.json"
    aitimeline.claims.write_claims(article_claims()[:3], path)
    status, text = run("check", str(path), "--format", "json")
    assert 0 == status
    assert 3 == len(json.loads(text)["verdicts"])


def test_check_bad_input_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad claims file exits 2 with one line on stderr naming the file and the field."""
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "format": "aitimeline-claims/1",
                "sources": [{"key": "S", "publisher": "P"}],
                "claims": [
                    {"id": "c", "source": "S", "words": "w", "check": {"op": "order", "first": "x"}}
                ],
            }
        ),
        encoding="utf-8",
    )
    status, _ = run("check", str(path))
    err = capsys.readouterr().err
    assert 2 == status
    assert 1 == len(err.strip().splitlines())
    assert "bad.json: claim 'c' (claims[0]): check.then is missing" in err


def test_check_unknown_id_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A claim naming an id the record lacks exits 2, naming the id and a near one."""
    path = tmp_path / "typo.json"
    claim = {"op": "date", "event": "deepseek-r2", "relation": "in", "period": "2025"}
    path.write_text(
        json.dumps(
            {
                "format": "aitimeline-claims/1",
                "sources": [{"key": "S", "publisher": "P"}],
                "claims": [{"id": "c", "source": "S", "words": "w", "check": claim}],
            }
        ),
        encoding="utf-8",
    )
    assert 2 == run("check", str(path))[0]
    err = capsys.readouterr().err
    assert "deepseek-r2" in err
    assert "deepseek-r1" in err


def test_demo_prints_contradicted_claims() -> None:
    """The demo lists the claims the record contradicts, with the record's value."""
    out = io.StringIO()
    cli._demo_claims(out)
    text = out.getvalue()
    assert "The record contradicts" in text
    assert "[A003] \N{LEFT DOUBLE QUOTATION MARK}Last Friday MiniMax" in text
    assert "9 January 2026" in text


def test_factcheck_page(tmp_path: Path) -> None:
    """The fact-check page is static HTML with every claim and a link back to the report."""
    path = _factcheck.write_factcheck(tmp_path)
    page = path.read_text(encoding="utf-8")
    assert "factcheck.html" == path.name
    assert all(c.id in page for c in article_claims())
    assert 'href="index.html"' in page
    assert "<script" not in page.lower()


def test_example_script_answers() -> None:
    """examples/check_claims.py prints the counts per reading and the contradicted claims."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(  # noqa: S603 - runs this interpreter on a script of this repository
        [sys.executable, str(REPO / "examples" / "check_claims.py")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=300,
    )
    assert (0, "") == (result.returncode, result.stderr)
    assert "claims under the strict reading" in result.stdout
    assert "a003-minimax-last-friday" in result.stdout
