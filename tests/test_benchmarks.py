"""Check the benchmarks' contract with ``make bench`` and the shared harness's generators.

``make bench BENCH_ARGS=--quick`` passes its arguments to every ``benchmarks/bench_*.py``, so
each script must accept ``--sizes`` and ``--quick``. The harness's numpy generator must draw
the columns the row-by-row generator draws (same columns, vocabularies and links between
columns), since the 10^7 figures are compared with the 10^6 ones.
"""

from __future__ import annotations

import argparse
import ast
import collections
import gc
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("bench_*.py"))


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Return benchmarks/_harness.py, imported as the scripts import it (from their folder)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # also for spawned children, which unpickle it
    return importlib.import_module("_harness")


def _options(tree: ast.AST) -> set[str]:
    """Return the option strings a script adds, counting ``size_arguments`` as both."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        name = node.func.id if isinstance(node.func, ast.Name) else name
        if name == "size_arguments":
            found |= {"--sizes", "--quick"}
        elif name == "add_argument":
            found |= {str(a.value) for a in node.args if isinstance(a, ast.Constant)}
    return found


def test_scripts_found() -> None:
    """Find the benchmark scripts (else the test below would pass on nothing)."""
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_accepts_sizes_and_quick(script: Path) -> None:
    """Every script takes the options make bench passes through BENCH_ARGS."""
    options = _options(ast.parse(script.read_text(encoding="utf-8")))
    assert {"--sizes", "--quick"} <= options, f"{script.name} lacks {'--sizes --quick'}"


def test_options_checker_sees_a_missing_option() -> None:
    """The check above fails on a script that adds only --sizes."""
    tree = ast.parse("p.add_argument('--sizes', nargs='*')")
    assert {"--sizes"} == _options(tree)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], [10**6, 10**7]),
        (["--quick"], [10**5]),
        (["--sizes", "1e3", "1e6", "--quick"], [1_000]),
        (["--sizes", "1e3", "20000"], [1_000, 20_000]),
    ],
)
def test_chosen_sizes(harness: ModuleType, argv: list[str], expected: list[int]) -> None:
    """--quick keeps sizes up to 10^5 (or runs 10^5 alone); --sizes reads 1e6 and 1000000."""
    parser = argparse.ArgumentParser()
    harness.size_arguments(parser, [10**6, 10**7])
    assert expected == harness.chosen_sizes(parser.parse_args(argv))


@pytest.mark.parametrize("shuffled", [False, True])
def test_numpy_generator_draws_the_same_columns(harness: ModuleType, shuffled: bool) -> None:
    """The numpy generator has synthetic_columns' columns, vocabularies and links between them."""
    n = 20_000
    ours = harness.synthetic_columns_numpy(n, fuzzy=0.25, tags=True, shuffled=shuffled, seed=3)
    theirs = harness.synthetic_columns(n, fuzzy=0.25, tags=True, shuffled=shuffled, seed=3)
    assert list(theirs) == list(ours)
    assert all(len(column) == n for column in ours.values())
    for name in ("kind", "country", "tags"):
        assert set(theirs[name]) == set(ours[name]), name
    assert sorted(theirs["id"]) == sorted(ours["id"])
    for key, kind, title, model in zip(
        ours["id"], ours["kind"], ours["title"], ours["model"], strict=True
    ):
        number = int(key.removeprefix("ev-"))
        assert f"event number {number}" == title
        assert (f"model-{number}" if kind == "release" else "") == model
    day, month = re.compile(r"\d{4}-\d{2}-\d{2}"), re.compile(r"\d{4}-\d{2}")
    assert all(day.fullmatch(w) or month.fullmatch(w) for w in ours["when"])
    fuzzy = sum(len(w) == 7 for w in ours["when"]) / n
    assert 0.23 < fuzzy < 0.27  # 0.25 +- 6 standard deviations (0.003)
    by_id = dict(zip(ours["id"], ours["when"], strict=True))
    in_id_order = [by_id[k][:7] for k in sorted(by_id)]
    assert in_id_order == sorted(in_id_order)  # ids number the events in date order
    assert (ours["id"] == sorted(ours["id"])) is not shuffled
    counts = collections.Counter(ours["kind"])
    assert all(abs(c / n - 0.25) < 0.02 for c in counts.values())


def test_peak_rss_is_the_childs_own(harness: ModuleType) -> None:
    """A spawned child's peak excludes its parent's memory (ru_maxrss would include it)."""
    ballast = bytearray(200 * 2**20)
    assert harness.peak_now() > len(ballast)
    assert harness.peak_rss(gc.collect) < len(ballast)
    del ballast
