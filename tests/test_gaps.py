"""The level, area and vertical gaps against plain re-implementations, and their laws."""

from __future__ import annotations

import math
from statistics import NormalDist

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import aitimeline as at
from aitimeline import epoch
from aitimeline._gaps import (
    Overlap,
    Significance,
    area_gap_arrays,
    level_gap_arrays,
    month_summary,
    vertical_gap_arrays,
)
from aitimeline._metrics import _day
from aitimeline.exceptions import MetricError

# -- plain re-implementations ----------------------------------------------------------------


def plain_records(
    scores: list[tuple[int, float, float, float]],
) -> list[tuple[int, float, float, float]]:
    """Return the scores that raise the running maximum, by day then value descending."""
    out: list[tuple[int, float, float, float]] = []
    best = -math.inf
    for s in sorted(scores, key=lambda s: (s[0], -s[1])):
        if s[1] > best:
            best = s[1]
            out.append(s)
    return out


def plain_level(
    lead: list[tuple[int, float, float, float]],
    follow: list[tuple[int, float, float, float]],
    rule: at.GapRule,
    n: int,
) -> list[float]:
    """Epoch's horizontal-gap loop (TheoBearman/ECI-Accessibility-Gap), without its pruning."""
    lr, fr = plain_records(lead), plain_records(follow)
    lo = max(lr[0][1], fr[0][1])
    hi = min(lr[-1][1], fr[-1][1])
    if lo > hi:
        return []
    gaps = []
    for s in np.linspace(lo, hi, n):
        ld, lv, llo, lhi = next(r for r in lr if r[1] >= s)
        for fd, fv, flo, fhi in fr:
            if fv >= s:
                gaps.append(float(fd - ld))
                break
            if isinstance(rule, Significance):
                z = NormalDist().inv_cdf((1 + rule.level) / 2)
                se = math.hypot((lhi - llo) / (2 * z), (fhi - flo) / (2 * z))
                level = lv - fv <= NormalDist().inv_cdf(1 - rule.alpha / 2) * se
            elif isinstance(rule, Overlap):
                level = llo <= fhi
            else:
                level = lv - rule <= fv
            if level:
                gaps.append(float(fd - ld))
                break
    return gaps


def plain_area(
    lead: list[tuple[int, float, float, float]],
    follow: list[tuple[int, float, float, float]],
    floor: float,
) -> float:
    """Epoch's 2024 notebook: truncate both curves, then integrate score steps times dates."""
    lead_rows = [(d, v) for d, v, _, _ in plain_records(lead)]
    lag_rows = [(d, v) for d, v, _, _ in plain_records(follow)]
    lead_rows.insert(0, (lead_rows[0][0], floor))
    lag_rows.insert(0, (lag_rows[0][0], floor))
    truncate_to = None
    for row in lead_rows[::-1]:
        if truncate_to is not None:
            break
        if row[1] < lag_rows[-1][1]:
            for i, lag_row in enumerate(lag_rows):
                if lag_row[1] > row[1]:
                    lag_rows = lag_rows[: i + 1]
                    truncate_to = lag_row
                    break
    if truncate_to is None:
        return math.nan
    lead_rows = [r for r in lead_rows if r[1] <= truncate_to[1]]
    lead_rows.append((lead_rows[-1][0], truncate_to[1]))

    def integral(rows: list[tuple[int, float]]) -> float:
        return sum((rows[i][1] - rows[i - 1][1]) * rows[i][0] for i in range(1, len(rows)))

    return (integral(lag_rows) - integral(lead_rows)) / (truncate_to[1] - floor)


def arrays(
    scores: list[tuple[int, float, float, float]],
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Return days, values and (low, high) arrays."""
    d = np.array([s[0] for s in scores], dtype=np.int64)
    v = np.array([s[1] for s in scores], dtype=np.float64)
    lo = np.array([s[2] for s in scores], dtype=np.float64)
    hi = np.array([s[3] for s in scores], dtype=np.float64)
    return d, v, (lo, hi)


@st.composite
def score_lists(draw: st.DrawFn, min_size: int = 1) -> list[tuple[int, float, float, float]]:
    """Draw (day, value, ci_low, ci_high) scores on a coarse grid, so ties happen."""
    n = draw(st.integers(min_size, 12))
    out = []
    for _ in range(n):
        day = draw(st.integers(0, 40))
        value = draw(st.integers(0, 40)) / 4
        below = draw(st.integers(0, 8)) / 4
        above = draw(st.integers(0, 8)) / 4
        out.append((day, value, value - below, value + above))
    return out


rules = st.one_of(
    st.sampled_from([0.0, 0.5, 2.0]),
    st.builds(Significance, alpha=st.sampled_from([0.05, 0.32]), level=st.just(0.9)),
    st.just(Overlap()),
)


# -- differential tests ----------------------------------------------------------------------


@given(score_lists(), score_lists(), rules, st.integers(2, 30))
def test_level_gap_matches_a_plain_loop(
    lead: list[tuple[int, float, float, float]],
    follow: list[tuple[int, float, float, float]],
    rule: at.GapRule,
    n: int,
) -> None:
    """Give, level by level, the gaps of a plain loop over the records (Epoch's algorithm)."""
    ld, lv, lb = arrays(lead)
    fd, fv, fb = arrays(follow)
    found = level_gap_arrays(
        ld, lv, fd, fv, tolerance=rule, levels=n, leader_bounds=lb, follower_bounds=fb
    )
    assert plain_level(lead, follow, rule, n) == found.lag_days.tolist()


@given(score_lists(), score_lists())
def test_area_gap_matches_epochs_integral(
    lead: list[tuple[int, float, float, float]], follow: list[tuple[int, float, float, float]]
) -> None:
    """Give the same mean as the notebook's truncated integral of score steps times dates."""
    floor = min(s[1] for s in lead + follow) - 0.25
    ld, lv, _ = arrays(lead)
    fd, fv, _ = arrays(follow)
    expected = plain_area(lead, follow, floor)
    got = area_gap_arrays(ld, lv, fd, fv, floor=floor).days
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert pytest.approx(expected, abs=1e-9) == got


@given(score_lists(), score_lists(), st.integers(0, 45), st.integers(0, 10))
def test_vertical_gap_matches_a_daily_loop(
    lead: list[tuple[int, float, float, float]],
    follow: list[tuple[int, float, float, float]],
    start: int,
    width: int,
) -> None:
    """Give, on each day with both frontiers, the best leader value minus the best follower's."""
    ld, lv, _ = arrays(lead)
    fd, fv, _ = arrays(follow)
    days, gap = vertical_gap_arrays(ld, lv, fd, fv, start, start + width)
    expected = []
    for d in range(start, start + width + 1):
        best_l = [v for day, v, _, _ in lead if day <= d]
        best_f = [v for day, v, _, _ in follow if day <= d]
        if best_l and best_f:
            expected.append((d, max(best_l) - max(best_f)))
    assert expected == list(zip(days.tolist(), gap.tolist(), strict=True))


# -- laws --------------------------------------------------------------------------------------


@given(score_lists(), score_lists(), rules, st.randoms(use_true_random=False))
def test_level_gap_is_invariant_to_row_order(
    lead: list[tuple[int, float, float, float]],
    follow: list[tuple[int, float, float, float]],
    rule: at.GapRule,
    rnd: object,
) -> None:
    """Give the same gaps whatever the order of the input rows (distinct scores)."""
    lead = list(dict.fromkeys(lead))
    follow = list(dict.fromkeys(follow))
    ld, lv, lb = arrays(lead)
    fd, fv, fb = arrays(follow)
    base = level_gap_arrays(ld, lv, fd, fv, tolerance=rule, leader_bounds=lb, follower_bounds=fb)
    rnd.shuffle(lead)  # type: ignore[attr-defined]
    rnd.shuffle(follow)  # type: ignore[attr-defined]
    ld, lv, lb = arrays(lead)
    fd, fv, fb = arrays(follow)
    again = level_gap_arrays(ld, lv, fd, fv, tolerance=rule, leader_bounds=lb, follower_bounds=fb)
    if len({(d, v) for d, v, _, _ in lead}) == len(lead) and len(
        {(d, v) for d, v, _, _ in follow}
    ) == len(follow):
        assert base.lag_days.tolist() == again.lag_days.tolist()
    else:  # equal (day, value) with other intervals: only the number rule ignores intervals
        assert isinstance(rule, Significance | Overlap) or (
            base.lag_days.tolist() == again.lag_days.tolist()
        )


@given(score_lists(), score_lists(), rules, st.integers(0, 5), st.integers(0, 8), st.data())
def test_a_dominated_follower_score_changes_nothing(
    lead: list[tuple[int, float, float, float]],
    follow: list[tuple[int, float, float, float]],
    rule: at.GapRule,
    later: int,
    lower: int,
    data: st.DataObject,
) -> None:
    """Leave the gap unchanged by a follower score dated no earlier and strictly lower."""
    ld, lv, lb = arrays(lead)
    fd, fv, fb = arrays(follow)
    base = level_gap_arrays(ld, lv, fd, fv, tolerance=rule, leader_bounds=lb, follower_bounds=fb)
    d0, v0, _, _ = data.draw(st.sampled_from(follow))
    value = v0 - (lower + 1) / 4
    width = data.draw(st.integers(0, 40)) / 4
    more = [*follow, (d0 + later, value, value - width, value + width)]
    fd, fv, fb = arrays(more)
    again = level_gap_arrays(ld, lv, fd, fv, tolerance=rule, leader_bounds=lb, follower_bounds=fb)
    assert base.lag_days.tolist() == again.lag_days.tolist()


@given(score_lists())
def test_a_follower_identical_to_the_leader_has_gap_zero(
    lead: list[tuple[int, float, float, float]],
) -> None:
    """Give 0 at every level when the follower's scores are the leader's (tolerance 0)."""
    d, v, b = arrays(lead)
    found = level_gap_arrays(d, v, d, v, leader_bounds=b, follower_bounds=b)
    assert found.lag_days.size == 100
    assert not found.lag_days.any()


# -- frontier_lag dispatch ---------------------------------------------------------------------


def score(i: int, day: str, value: float, group: str, low: float | None = None) -> at.Score:
    """Return a score in *group* (a tag), with an optional symmetric interval."""
    half = None if low is None else value - low
    return at.Score(
        id=f"s{i}",
        when=day,
        title=f"s{i}",
        model=f"m{i}",
        metric="eci",
        value=value,
        ci_low=low,
        ci_high=None if half is None else value + half,
        tags={group},
    )


LEAD, FOLLOW = at.tagged("lead"), at.tagged("follow")
EVENTS = [
    score(1, "2024-01-01", 100.0, "lead", 97.0),
    score(2, "2024-03-01", 110.0, "lead", 107.0),
    score(3, "2024-02-01", 99.0, "follow", 96.0),
    score(4, "2024-07-01", 108.0, "follow", 105.0),
    score(5, "2024-09-01", 111.0, "follow", 108.0),
]


def test_frontier_lag_level_method_uses_the_kernel() -> None:
    """Give per-level points whose lags are the kernel's, and statistics in the chosen months."""
    result = at.frontier_lag(
        EVENTS,
        metric="eci",
        leader=LEAD,
        follower=FOLLOW,
        method="level",
        levels=5,
        month_days=30.5,
    )
    assert [100.0, 102.5, 105.0, 107.5, 110.0] == [p.level for p in result.levels]
    # Level 100: s1 (Jan 1) then s4 (Jul 1, 108); 102.5 to 107.5: s2 (Mar 1) then s4; 110: s5.
    lags = [182, 122, 122, 122, 184]
    assert lags == [p.lag_days for p in result.levels]
    assert ["s4", "s4", "s4", "s4", "s5"] == [p.follower.id for p in result.levels]
    assert pytest.approx(np.mean(lags) / 30.5) == result.mean_months
    s = result.summary((5, 95))
    assert pytest.approx(np.percentile(lags, 5) / 30.5) == s["p5"]
    assert "5 levels" in str(result)
    assert ["level", "leader", "follower", "lag_days", "lag_months"] == list(
        result.to_pandas().columns
    )


def test_significance_lets_a_close_follower_match_early() -> None:
    """Match s4 (108, SE about 1.8) with s2 (110) under the z-test, so the gap shortens."""
    strict = at.frontier_lag(EVENTS, metric="eci", leader=LEAD, follower=FOLLOW, method="level")
    loose = at.frontier_lag(
        EVENTS,
        metric="eci",
        leader=LEAD,
        follower=FOLLOW,
        method="level",
        tolerance=at.Significance(),
    )
    assert loose.mean_months < strict.mean_months
    assert "s4" in {p.follower.id for p in loose.levels}
    assert "z-test" in str(loose)


def test_a_rule_is_refused_by_the_daily_method() -> None:
    """Raise MetricError naming the rule when the daily method is asked to use one."""
    with pytest.raises(MetricError, match="rules are for method='level'"):
        at.frontier_lag(
            EVENTS,
            metric="eci",
            leader=LEAD,
            follower=FOLLOW,
            method="daily",
            tolerance=at.Overlap(),
        )


def test_area_method_reports_one_mean() -> None:
    """Give the area estimate as the single lag of the result."""
    result = at.frontier_lag(
        EVENTS, metric="eci", leader=LEAD, follower=FOLLOW, method="area", floor=95.0
    )
    lead = [(d, v, v, v) for d, v in [(738886, 100.0), (738946, 110.0)]]
    follow = [(d, v, v, v) for d, v in [(738917, 99.0), (739068, 108.0), (739130, 111.0)]]
    assert result.area_days is not None
    assert pytest.approx(plain_area(lead, follow, 95.0)) == result.area_days
    assert (result.area_days,) == result.lag_days


def test_keep_negative_pairs_a_follower_dated_first() -> None:
    """Pair a record with an earlier follower at a negative lag only when asked to."""
    events = [score(1, "2024-03-01", 100.0, "lead"), score(2, "2024-01-01", 101.0, "follow")]
    dropped = at.frontier_lag(events, metric="eci", leader=LEAD, follower=FOLLOW)
    kept = at.frontier_lag(events, metric="eci", leader=LEAD, follower=FOLLOW, keep_negative=True)
    assert () == dropped.pairs
    assert [(-60, -60)] == [p.lag.days for p in kept.pairs]


def test_vertical_gap_of_a_result() -> None:
    """Give the leader's best minus the follower's on each day both exist."""
    result = at.frontier_lag(EVENTS, metric="eci", leader=LEAD, follower=FOLLOW)
    vertical = result.vertical()
    assert at.When.parse("2024-02-01").earliest == vertical.days[0]
    assert 1.0 == vertical.gap[0]
    assert -1.0 == vertical.gap[-1]
    assert "vertical gap on 'eci'" in str(vertical)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"month_days": 0}, "month_days=0"),
        ({"levels": 1, "method": "level"}, "levels=1"),
        ({"tolerance": -1.0}, "tolerance=-1.0"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], match: str) -> None:
    """Raise MetricError naming the argument and its value."""
    with pytest.raises(MetricError, match=match):
        at.frontier_lag(EVENTS, metric="eci", leader=LEAD, follower=FOLLOW, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("alpha", "level"), [(0.0, 0.9), (0.05, 1.0)])
def test_significance_needs_probabilities(alpha: float, level: float) -> None:
    """Refuse an alpha or a level outside (0, 1)."""
    with pytest.raises(MetricError, match="probability"):
        Significance(alpha=alpha, level=level)


def test_month_summary_has_percentiles() -> None:
    """Give numpy's linear percentiles, in months of the given length."""
    s = month_summary(np.array([30.5, 61.0, 91.5]), 30.5, (5.0, 95.0))
    assert pytest.approx(1.1) == s["p5"]
    assert pytest.approx(2.9) == s["p95"]
    assert math.isnan(month_summary(np.zeros(0), 30.5)["mean"])


# -- on real data ------------------------------------------------------------------------------


def test_open_vs_closed_matches_epochs_loop_on_the_bundled_file() -> None:
    """Give, level by level, what Epoch's horizontal-gap loop gives on the same events."""
    scores = [e for e in epoch.load("eci-scores-2026-02") if isinstance(e, at.Score)]

    def rows(group: at.Predicate) -> list[tuple[int, float, float, float]]:
        return [
            (_day(e), e.value, e.ci_low or e.value, e.ci_high or e.value)
            for e in scores
            if group(e) is at.Truth.TRUE
        ]

    closed, open_ = rows(epoch.NOT_OPEN_WEIGHTS), rows(epoch.OPEN_WEIGHTS)
    for rule in (0.0, at.Significance()):
        result = at.frontier_lag(
            scores,
            metric="eci",
            leader=epoch.NOT_OPEN_WEIGHTS,
            follower=epoch.OPEN_WEIGHTS,
            method="level",
            tolerance=rule,
            month_days=30.5,
        )
        assert plain_level(closed, open_, rule, 100) == list(result.lag_days)
