"""Shared pytest set-up: the matplotlib backend, Hypothesis profiles and figure clean-up."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

# Before anything imports matplotlib: draw off screen, on any machine.
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from hypothesis import settings

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
