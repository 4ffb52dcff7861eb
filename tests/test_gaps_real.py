"""Epoch AI's published gap figures, recomputed from the bundled snapshots."""

from __future__ import annotations

import math

import numpy as np
import pytest

import aitimeline as at
from aitimeline import epoch
from aitimeline.exceptions import MetricError, PlotError
from aitimeline.plot import sensitivity

EPOCH_2024_LAGS = [
    25.446575342465753,
    14.564383561643837,
    16.56986301369863,
    19.002739726027396,
    16.306849315068494,
    4.635616438356164,
    4.635616438356164,
    10.158904109589042,
    9.271232876712329,
    5.917808219178082,
    20.449315068493153,
    18.213698630136985,
    5.58904109589041,
]
"""The 13 lags (months of 365/12 days) printed by Epoch's benchmark_analysis.ipynb, cell 49."""


def test_the_2024_report_pools_to_epochs_thirteen_lags() -> None:
    """Give Epoch's 13 catch-up lags, in its order (MMLU, GPQA, GSM1k, BBH), to 1e-9."""
    lags = [
        x / (365 / 12)
        for metric in ("MMLU", "GPQA", "GSM1k", "BBH")
        for x in epoch._report_2024(metric).lag_days
    ]
    assert pytest.approx(EPOCH_2024_LAGS, abs=1e-9) == lags


def test_the_2024_pooled_figures_round_to_the_published_ones() -> None:
    """Give mean 13, median 15 and a 5th-95th percentile range of 5 to 22 months."""
    r = epoch.reproduce("open-models-2024")
    assert [("pairs", 13), ("mean", 13), ("median", 15), ("p5", 5), ("p95", 22)] == [
        (k, round(o)) for k, _, o in r.table()
    ]
    assert "" == r.difference


@pytest.mark.parametrize(
    ("metric", "pairs", "mean", "area"),
    [("MMLU", 5, 18.4, 14), ("GPQA", 2, 4.6, 3), ("GSM1k", 3, 8.4, 5), ("BBH", 3, 14.8, 6)],
)
def test_each_2024_benchmark(metric: str, pairs: int, mean: float, area: int) -> None:
    """Give the notebook's pairs and mean lag (one decimal) and its area estimate (whole months)."""
    r = epoch.reproduce(f"open-models-2024-{metric.lower()}")
    assert pairs == r.ours["pairs"]
    assert mean == round(r.ours["mean"], 1)
    assert area == round(r.ours["area"])


def test_open_vs_closed_names_the_data_behind_the_difference() -> None:
    """Print the published 3.5 (1.1 to 5.3) beside ours and name the vintage that differs."""
    r = epoch.reproduce("open-vs-closed-2025-10")
    published = {"mean": 3.5, "p5": 1.1, "p95": 5.3, "v mean": 8.1, "v p5": -0.2, "v p95": 15.7}
    assert published == dict(r.published)
    assert "eci_std" in r.difference
    assert "2026-02-08" in r.difference
    assert -1.0 < r.ours["mean"] < 3.5  # the wide intervals pull the gap below Epoch's


def test_china_behind_the_us_rounds_to_the_published_figure() -> None:
    """Give about 7 months, minimum 4 and maximum 14, with DeepSeek-V2 matching GPT-4."""
    r = epoch.reproduce("china-us-2026-01")
    assert [("mean", 7), ("min", 4), ("max", 14)] == [(k, round(o)) for k, _, o in r.table()]
    result = at.frontier_lag(
        epoch.load("eci-scores-2026-02"),
        metric="eci",
        leader=epoch.US,
        follower=epoch.CHINA,
        tolerance=1.0,
    )
    pair = next(p for p in result.pairs if p.leader.model == "GPT-4 (Mar 2023)")
    assert "DeepSeek-V2 (MoE-236B)" == pair.follower.model


def test_reproduce_prints_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    """Print the title, the table and the difference with echo=True."""
    epoch.reproduce("china-us-2026-01", echo=True)
    out = capsys.readouterr().out
    assert "statistic   published   ours" in out
    assert "difference: Epoch did not publish its tolerance" in out


def test_unknown_figures_and_files_are_refused() -> None:
    """Raise MetricError listing what is known."""
    with pytest.raises(MetricError, match="open-vs-closed-2025-10"):
        epoch.reproduce("nope")
    with pytest.raises(MetricError, match="eci-scores-2026-02"):
        epoch.load("nope")
    with pytest.raises(MetricError, match="china-vs-us"):
        epoch.gap_sensitivity("nope")
    with pytest.raises(MetricError, match="leader set"):
        epoch.gap_sensitivity(leaders=["nope"])


def test_finetuned_systems_are_left_out() -> None:
    """Drop U-PaLM (on Epoch's list) and keep PaLM 540B."""
    keep = epoch.not_finetuned()
    mmlu = {
        e.model
        for e in epoch.load("open-models-2024")
        if isinstance(e, at.Score) and keep(e) is at.Truth.TRUE
    }
    assert "U-PaLM" not in mmlu
    assert "PaLM 540B" in mmlu


def test_gap_sensitivity_is_a_tidy_table_of_real_estimates() -> None:
    """Give one row per usable combination, each equal to the frontier_lag it stands for."""
    table = epoch.gap_sensitivity(files=("eci-scores-2026-02",), leaders=["everything else"])
    # 2 windows x (3 numeric tolerances x 3 methods + the z-test with the level method)
    assert 20 == len(table)
    assert {"catch-up", "daily", "level"} == set(table["method"])
    row = table[(table["method"] == "level") & (table["tolerance"] == "0")].iloc[0]
    direct = at.frontier_lag(
        epoch.load("eci-scores-2026-02"),
        metric="eci",
        leader=epoch.NOT_OPEN_WEIGHTS,
        follower=epoch.OPEN_WEIGHTS,
        method="level",
        month_days=30.5,
    )
    assert pytest.approx(direct.mean_months) == row["mean_months"]
    assert (table["published"] == 3.5).all()
    assert not table["mean_months"].isna().any()
    spread = table["mean_months"].max() - table["mean_months"].min()
    assert spread > 3  # the point of the table: the choices move the answer by months


def test_sensitivity_plot_draws_a_dot_per_row_and_the_published_value() -> None:
    """Draw one dot per combination and a dashed line at the published value."""
    import matplotlib.pyplot as plt  # noqa: PLC0415 - only this test needs matplotlib

    table = epoch.gap_sensitivity("china-vs-us", files=("eci-scores-2026-02",), leaders=["US"])
    fig, ax = plt.subplots()
    assert ax is sensitivity(table, ax=ax)
    dots = np.asarray(ax.collections[-1].get_offsets())
    assert len(table) == dots.shape[0]
    assert sorted(table["mean_months"]) == pytest.approx(dots[:, 0].tolist())
    lines = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert [7.0, 7.0] == np.asarray(lines[0].get_xdata()).tolist()
    assert len(table) == len(ax.get_yticklabels())
    plt.close(fig)


def test_sensitivity_plot_refuses_a_table_it_cannot_draw() -> None:
    """Raise PlotError naming the expected columns."""
    import pandas as pd  # noqa: PLC0415

    with pytest.raises(PlotError, match="mean_months"):
        sensitivity(pd.DataFrame({"x": [1]}))


def test_vertical_gap_on_eci() -> None:
    """Give a positive mean score gap of the rest over open weights (the leader is ahead)."""
    result = at.frontier_lag(
        epoch.load("eci-scores-2026-02"),
        metric="eci",
        leader=epoch.NOT_OPEN_WEIGHTS,
        follower=epoch.OPEN_WEIGHTS,
        method="level",
    )
    s = result.vertical().summary()
    assert s["mean"] > 0
    assert not math.isnan(s["p95"])
