"""Shared pytest set-up: the matplotlib backend, Hypothesis profiles, figure clean-up, engines."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Before anything imports matplotlib: draw off screen, on any machine.
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from hypothesis import settings

from _engines import BACKENDS

# `dev` for quick local runs, `thorough` for a long hunt. Neither is loaded unless asked for,
# so Hypothesis keeps its own defaults, and its automatic `ci` profile when CI is set.
settings.register_profile("dev", max_examples=50)
settings.register_profile("thorough", max_examples=2_000)
if profile := os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(profile)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Close every matplotlib figure a test opened, without importing matplotlib otherwise."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="module", params=BACKENDS)
def con(request: pytest.FixtureRequest) -> Any:
    """Return one engine connection per backend for a whole module (one SparkSession)."""
    pytest.importorskip("ibis")
    pytest.importorskip("duckdb")
    from aitimeline import engines  # noqa: PLC0415 - only the engine tests need it

    return engines.connect(request.param)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """Yield a folder for a module's Parquet files."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)
