"""Acceptance on real data: the bundled AI-race dataset and Epoch AI's tables bundled with it."""

from __future__ import annotations

from typing import Any

import pytest

import aitimeline as at
from aitimeline import Score, datasets, epoch

US = at.col("country") == "US"
CN = at.col("country") == "CN"
CLOSED = at.tagged("closed-weights")
OPEN = at.tagged("open-weights")


# -- the reasoning race (bundled dataset) -----------------------------------------------------


def test_o1_preview_to_qwq_is_eleven_weeks() -> None:
    """Give 77 days (11.0 weeks) from o1-preview to QwQ-32B-Preview: "less than three months"."""
    race = datasets.ai_race()
    q = at.lag(race["openai-o1-preview"], race["qwq-32b-preview"])
    assert (77, 77) == q.days
    assert "11.0 weeks" == str(q)
    assert at.Truth.TRUE is (q < at.months(3))


def test_r1_lite_came_eight_days_before_qwq() -> None:
    """Give 8 days from DeepSeek-R1-Lite-Preview to QwQ ("a week before that")."""
    race = datasets.ai_race()
    assert (8, 8) == at.lag(race["deepseek-r1-lite-preview"], race["qwq-32b-preview"]).days


def test_first_us_to_first_chinese_reasoning_model() -> None:
    """Find o1-preview first for the US and R1-Lite-Preview for China, 69 days later."""
    result = at.catch_up(datasets.ai_race(), capability="reasoning", leader=US, follower=CN)
    assert "openai-o1-preview" == result.leader.id
    assert result.follower is not None
    assert "deepseek-r1-lite-preview" == result.follower.id
    assert result.lag is not None
    assert (69, 69) == result.lag.days
    assert "9.9 weeks" == str(result.lag)
    assert result.is_certain


def test_each_us_reasoning_release_and_the_next_chinese_one() -> None:
    """Pair every US reasoning release with the first Chinese one on or after it."""
    result = at.catch_up_pairs(
        datasets.ai_race(), capability="reasoning", leader=US, follower=CN, as_of="2026-01-01"
    )
    assert [
        ("openai-o1-preview", "deepseek-r1-lite-preview", 69),
        ("openai-o1", "deepseek-r1", 46),
        ("gemini-2-flash-thinking", "deepseek-r1", 32),
    ] == [(p.leader.id, p.follower.id, p.lag.days[0]) for p in result.pairs]  # no announcement
    assert () == result.censored_leaders


# -- ECI: how far behind the US is China -------------------------------------------------------


def eci_daily_lag(*, tolerance: float) -> at.FrontierLag:
    """Return China's daily ECI lag behind the US, 2023-01-01 to 2026-04-01, at *tolerance*."""
    return at.frontier_lag(
        datasets.eci().timeline,
        metric="eci",
        leader=US,
        follower=CN,
        method="daily",
        start="2023-01-01",
        end="2026-04-01",
        tolerance=tolerance,
    )


def test_eci_china_behind_us_daily() -> None:
    """Give a mean daily lag of 6 to 9 months, 2023-01-01 to 2026-04-01 (Epoch: about 7)."""
    result = eci_daily_lag(tolerance=0.0)
    assert 6.0 <= result.mean_months <= 9.0
    assert pytest.approx(8.24, abs=0.01) == result.mean_months
    assert 1187 == len(result.series)
    # No US score before LLaMA-65B (2023-02-24): 54 days without a lag; then until Qwen-14B
    # (2023-09-24) no Chinese model reached that first US record: 212 censored days.
    assert 212 == result.censored_days
    assert 1187 - 54 - 212 == len(result.lag_days)
    assert result.min_months > 1.0


def test_eci_tolerance_shortens_the_gap() -> None:
    """Shorten the mean gap as the tolerance (in ECI points) grows."""
    means = [eci_daily_lag(tolerance=t).mean_months for t in (0.0, 1.0, 2.0, 5.0)]
    assert means == sorted(means, reverse=True)
    assert means[0] > means[-1]


# -- Epoch's 2024 report: how far behind are open models -------------------------------------

EPOCH_2024_PAIRS: dict[str, list[tuple[str, str, str, str, float]]] = {
    "MMLU": [
        ("text-davinci-001", "2020-05-28", "BLOOM-176B", "2022-07-11", 25.4),
        ("Gopher 280B", "2021-12-08", "LLaMa-1 65B", "2023-02-24", 14.6),
        ("code-davinci-002", "2022-03-01", "LLaMa-2 70B", "2023-07-18", 16.6),
        ("PaLM 540B", "2022-04-04", "Grok-1", "2023-11-03", 19.0),
        ("GPT-4 (original)", "2023-03-15", "Llama 3.1 405B", "2024-07-23", 16.3),
    ],
    "GPQA": [
        ("gpt-4-0613", "2023-06-13", "DeepSeek-Coder", "2023-11-01", 4.6),
        ("Claude 3 Opus", "2024-03-04", "Llama 3.1 405B", "2024-07-23", 4.6),
    ],
    "BBH": [
        ("text-davinci-001", "2020-05-28", "GPT-NeoX 20B", "2022-02-09", 20.4),
        ("code-davinci-002", "2022-03-01", "Falcon 180B", "2023-09-06", 18.2),
        ("PaLM-2", "2023-05-10", "ChatGLM3-6B", "2023-10-27", 5.6),
    ],
}
"""The pairs Epoch's benchmark_analysis.ipynb printed for the report (epoch-research/
open-model-trends, cell "Estimate lag by discrete catch-up times"): closed record, open model
that matched it, and the lag in Epoch's months (days / 365 * 12)."""

FINETUNED = frozenset({"U-PaLM", "Hermes-2 Theta Llama 3 70B", "Flan-PaLM 540B"})
"""The rows of the table that the notebook's list of fine-tuned systems also removed."""


def open_models_scores(metric: str, *, drop_finetuned: bool = False) -> at.Timeline:
    """Return the 2024 table's scores on *metric*, filtered as the report was."""
    tl = datasets.open_models_2024().timeline
    kept = [
        e
        for e in tl
        if isinstance(e, Score)
        and "flan" not in e.model.lower()
        and not (metric == "MMLU" and "untrusted" in e.tags)
        and not (drop_finetuned and e.model in FINETUNED)
    ]
    return at.Timeline(kept)


def pair_rows(result: at.FrontierLag) -> list[tuple[str, str, str, str, float]]:
    """Return catch-up pairs as Epoch prints them: (leader, date, follower, date, months)."""
    return [
        (
            p.leader.model,
            str(p.leader.when),
            p.follower.model,
            str(p.follower.when),
            round(p.lag.days[0] / 365 * 12, 1),
        )
        for p in result.pairs
    ]


def open_behind_closed(scores: at.Timeline, metric: str, **kw: Any) -> at.FrontierLag:
    """Return the open models' catch-up lag on *metric* as Epoch's 2024 report measures it."""
    return at.frontier_lag(
        scores,
        metric=metric,
        leader=CLOSED,
        follower=OPEN,
        transform="neg_log_error",
        tolerance=0.02,
        **kw,
    )


def catch_up_rows(
    metric: str, *, drop_finetuned: bool = False
) -> list[tuple[str, str, str, str, float]]:
    """Return the catch-up pairs on *metric* as (leader, date, follower, date, Epoch months)."""
    scores = open_models_scores(metric, drop_finetuned=drop_finetuned)
    return pair_rows(open_behind_closed(scores, metric))


@pytest.mark.parametrize("metric", ["MMLU", "GPQA", "BBH"])
def test_epoch_2024_pairs_are_reproduced(metric: str) -> None:
    """Reproduce every pair of Epoch's report, once its fine-tuned systems are left out."""
    assert EPOCH_2024_PAIRS[metric] == catch_up_rows(metric, drop_finetuned=True)


def test_epoch_2024_pairs_with_only_the_documented_filters() -> None:
    """Match every follower and lag; U-PaLM, not PaLM 540B, leads on 2022-04-04 on MMLU."""
    expected = EPOCH_2024_PAIRS["MMLU"]
    got = catch_up_rows("MMLU")
    assert [row[2:] for row in expected] == [row[2:] for row in got]
    assert ("U-PaLM", "2022-04-04") == got[3][:2]
    for metric in ("GPQA", "BBH"):
        assert EPOCH_2024_PAIRS[metric] == catch_up_rows(metric)


def test_epoch_2024_mean_lags() -> None:
    """Give Epoch's mean lags: 18.4, 4.6 and 14.7 months (Epoch: 14.8 in its 365-day years)."""
    means = {
        m: open_behind_closed(open_models_scores(m, drop_finetuned=True), m).mean_months
        for m in ("MMLU", "GPQA", "BBH")
    }
    assert {"MMLU": 18.4, "GPQA": 4.6, "BBH": 14.7} == {m: round(v, 1) for m, v in means.items()}


@pytest.mark.parametrize("metric", ["MMLU", "GPQA", "BBH"])
def test_epoch_scores_2024_give_the_notebooks_pairs(metric: str) -> None:
    """Give every printed pair, in Epoch's months, from the notebook's own filters."""
    scores = epoch.scores_2024(metric)
    result = open_behind_closed(scores, metric, keep_negative=True, month_days=365 / 12)
    assert EPOCH_2024_PAIRS[metric] == pair_rows(result)
    assert {"MMLU": 18.4, "GPQA": 4.6, "BBH": 14.8}[metric] == round(result.mean_months, 1)
