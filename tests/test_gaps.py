"""The level, area and vertical gaps against plain re-implementations, and their laws."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, TypeAlias

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import aitimeline as at
from aitimeline import epoch
from aitimeline._frontier_arrays import ArrayLag, frontier_lag_arrays
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

Scores: TypeAlias = list[tuple[int, float, float, float]]
"""One group's scores as ``(day, value, low, high)``: a day number, the score and its interval."""

# -- plain re-implementations ----------------------------------------------------------------


def plain_records(scores: Scores) -> Scores:
    """Return the scores that raise the running maximum, by day then value descending."""
    out: Scores = []
    best = -math.inf
    for s in sorted(scores, key=lambda s: (s[0], -s[1])):
        if s[1] > best:
            best = s[1]
            out.append(s)
    return out


def plain_level(lead: Scores, follow: Scores, rule: at.GapRule, n: int) -> list[float]:
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


def plain_accepts(
    leader: tuple[int, float, float, float],
    follower: tuple[int, float, float, float],
    rule: at.GapRule,
) -> bool:
    """Whether *rule* says the follower score is not significantly below the leader score."""
    _, lv, llo, lhi = leader
    _, fv, flo, fhi = follower
    if fv >= lv:
        return True
    if isinstance(rule, Significance):
        z = NormalDist().inv_cdf((1 + rule.level) / 2)
        se = math.hypot((lhi - llo) / (2 * z), (fhi - flo) / (2 * z))
        return lv - fv <= NormalDist().inv_cdf(1 - rule.alpha / 2) * se
    if isinstance(rule, Overlap):
        return llo <= fhi
    return lv - rule <= fv


def plain_record_index(scores: Scores) -> list[int]:
    """Return the input positions of the records, ordered by day, value descending, position."""
    out: list[int] = []
    best = -math.inf
    for i in sorted(range(len(scores)), key=lambda i: (scores[i][0], -scores[i][1], i)):
        if scores[i][1] > best:
            best = scores[i][1]
            out.append(i)
    return out


def plain_catch_up(
    lead: Scores,
    follow: Scores,
    rule: at.GapRule,
    window: tuple[int, int],
    *,
    keep_negative: bool,
) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Pair each leader record with the earliest follower score the rule accepts (a loop)."""
    by_date = sorted(range(len(follow)), key=lambda j: (follow[j][0], -follow[j][1], j))
    pairs, censored, used = [], [], set()
    for i in plain_record_index(lead):
        j = next((j for j in by_date if plain_accepts(lead[i], follow[j], rule)), None)
        in_window = window[0] <= lead[i][0] <= window[1]
        if j is None:
            if in_window:
                censored.append(i)
            continue
        fresh = j not in used
        used.add(j)
        lag = follow[j][0] - lead[i][0]
        if fresh and in_window and (lag >= 0 or keep_negative):
            pairs.append((i, j, lag))
    return pairs, censored


def plain_daily(
    lead: Scores,
    follow: Scores,
    rule: at.GapRule,
    window: tuple[int, int],
) -> list[tuple[float | None, bool, int, int]]:
    """Per day: ``d - max{t <= d : L(t) accepted against F(d)}``, censored, follower, leader."""
    recs = plain_record_index(lead)

    def in_force(t: int) -> int | None:  # the leader record that is the frontier on day t
        before = [i for i in recs if lead[i][0] <= t]
        return before[-1] if before else None

    out: list[tuple[float | None, bool, int, int]] = []
    for d in range(window[0], window[1] + 1):
        mine = [j for j in range(len(follow)) if follow[j][0] <= d]
        best = min(mine, key=lambda j: (-follow[j][1], follow[j][0], j)) if mine else -1
        if in_force(d) is None:
            out.append((None, False, best, -1))
            continue
        t = d
        while best >= 0 and (r := in_force(t)) is not None:
            if plain_accepts(lead[r], follow[best], rule):
                break
            t -= 1
        else:
            out.append((None, True, best, recs[0]))
            continue
        nxt = in_force(t + 1)
        out.append((float(d - t), False, best, -1 if t == d else int(nxt or 0)))
    return out


def plain_area(lead: Scores, follow: Scores, floor: float) -> float:
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


def arrays(scores: Scores) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Return days, values and (low, high) arrays."""
    d = np.array([s[0] for s in scores], dtype=np.int64)
    v = np.array([s[1] for s in scores], dtype=np.float64)
    lo = np.array([s[2] for s in scores], dtype=np.float64)
    hi = np.array([s[3] for s in scores], dtype=np.float64)
    return d, v, (lo, hi)


def kernel(lead: Scores, follow: Scores, rule: at.GapRule, **kw: Any) -> ArrayLag:
    """Run the array kernel on two score lists, giving it their intervals as the rule's bounds."""
    ld, lv, lb = arrays(lead)
    fd, fv, fb = arrays(follow)
    return frontier_lag_arrays(
        ld, lv, fd, fv, tolerance=rule, leader_bounds=lb, follower_bounds=fb, **kw
    )


@st.composite
def score_lists(draw: st.DrawFn, min_size: int = 1) -> Scores:
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
    lead: Scores,
    follow: Scores,
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


@given(
    score_lists(),
    score_lists(min_size=0),
    rules,
    st.integers(0, 40),
    st.integers(0, 40),
    st.booleans(),
)
def test_catch_up_with_a_rule_matches_a_plain_loop(
    lead: Scores,
    follow: Scores,
    rule: at.GapRule,
    start: int,
    width: int,
    keep_negative: bool,
) -> None:
    """Pair each record with the earliest follower score the rule accepts, as a loop does."""
    as_of = max(s[0] for s in lead + follow)
    window = (start, start + width)
    found = kernel(
        lead, follow, rule, start=start, end=start + width, as_of=as_of, keep_negative=keep_negative
    )
    pairs, censored = plain_catch_up(lead, follow, rule, window, keep_negative=keep_negative)
    got = zip(
        found.leader_index.tolist(),
        found.follower_index.tolist(),
        found.lag_days.tolist(),
        strict=True,
    )
    assert pairs == [(i, j, int(x)) for i, j, x in got]
    assert censored == found.censored_index.tolist()
    assert [as_of - lead[i][0] for i in censored] == found.censored_age.tolist()


@given(score_lists(), score_lists(min_size=0), rules, st.integers(0, 40), st.integers(0, 25))
def test_daily_with_a_rule_matches_a_plain_loop(
    lead: Scores,
    follow: Scores,
    rule: at.GapRule,
    start: int,
    width: int,
) -> None:
    """Give each day the lag back to the last day the rule accepted the frontiers, as a loop."""
    window = (start, start + width)
    as_of = max(s[0] for s in lead + follow)
    found = kernel(lead, follow, rule, method="daily", start=start, end=start + width, as_of=as_of)
    got = [
        (None if math.isnan(x) else x, c, f, li)
        for x, c, f, li in zip(
            found.lag_days.tolist(),
            found.censored_days.tolist(),
            found.follower_index.tolist(),
            found.leader_index.tolist(),
            strict=True,
        )
    ]
    assert plain_daily(lead, follow, rule, window) == got
    steps = {j for *_, j, _ in plain_daily(lead, follow, rule, (0, 80)) if j >= 0}
    unreached = [
        i
        for i in plain_record_index(lead)
        if not any(plain_accepts(lead[i], follow[j], rule) for j in steps)
    ]
    assert unreached == found.censored_index.tolist()


@given(score_lists(), score_lists(min_size=0), st.integers(0, 40), st.integers(0, 25))
def test_a_rule_never_lengthens_a_daily_lag(
    lead: Scores,
    follow: Scores,
    start: int,
    width: int,
) -> None:
    """Accept every pair tolerance 0 accepts, so no day's lag grows and no day newly censors."""
    ld, lv, _ = arrays(lead)
    fd, fv, _ = arrays(follow)
    kw: dict[str, Any] = {"method": "daily", "start": start, "end": start + width}
    exact = frontier_lag_arrays(ld, lv, fd, fv, **kw)
    for rule in (Significance(), Overlap()):
        loose = kernel(lead, follow, rule, **kw)
        assert not (loose.censored_days & ~exact.censored_days).any()
        both = ~np.isnan(exact.lag_days)
        assert (loose.lag_days[both] <= exact.lag_days[both]).all()


@given(score_lists(), score_lists())
def test_area_gap_matches_epochs_integral(lead: Scores, follow: Scores) -> None:
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
    lead: Scores,
    follow: Scores,
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
    lead: Scores,
    follow: Scores,
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
    lead: Scores,
    follow: Scores,
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
def test_a_follower_identical_to_the_leader_has_gap_zero(lead: Scores) -> None:
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


def test_catch_up_and_daily_accept_a_rule() -> None:
    """Match s1 with s3 and s2 with s4 under interval overlap, where tolerance 0 waits longer.

    s3 (99, up to 102) overlaps s1 (100, from 97); s4 (108, up to 111) overlaps s2 (110, from
    107). With tolerance 0, s1 waits for s4 (Jul 1) and s2 for s5 (Sep 1).
    """
    kw = {"metric": "eci", "leader": LEAD, "follower": FOLLOW}
    exact = at.frontier_lag(EVENTS, **kw)  # type: ignore[arg-type]
    loose = at.frontier_lag(EVENTS, tolerance=at.Overlap(), **kw)  # type: ignore[arg-type]
    assert [("s1", "s4", 182), ("s2", "s5", 184)] == [
        (p.leader.id, p.follower.id, p.lag.midpoint_days) for p in exact.pairs
    ]
    assert [("s1", "s3", 31), ("s2", "s4", 122)] == [
        (p.leader.id, p.follower.id, p.lag.midpoint_days) for p in loose.pairs
    ]
    assert "interval overlap" in str(loose)
    daily = at.frontier_lag(EVENTS, method="daily", tolerance=at.Overlap(), **kw)  # type: ignore[arg-type]
    lag = {str(p.day): p.lag_days for p in daily.series}
    # From Mar 1 the frontier is s2, which s3 does not overlap; s1 (in force to Feb 29) does.
    assert (0, 1, 122, 0) == (
        lag["2024-02-29"],
        lag["2024-03-01"],
        lag["2024-06-30"],
        lag["2024-07-01"],
    )
    assert daily.censored_days == 31  # Jan 1-31: no follower score yet


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

    def rows(group: at.Predicate) -> Scores:
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


@pytest.mark.parametrize("rule", [0.0, Significance(), Overlap()])
def test_china_vs_us_rules_match_the_plain_loops_on_eci_scores(rule: at.GapRule) -> None:
    """Give the plain loops' catch-up pairs and daily lags on Epoch's ECI file, China vs US."""
    scores = [e for e in at.datasets.eci_scores() if isinstance(e, at.Score)]

    def rows(group: at.Predicate) -> tuple[list[at.Score], Scores]:
        mine = [e for e in scores if group(e) is at.Truth.TRUE]
        lo = [e.value if e.ci_low is None else e.ci_low for e in mine]
        hi = [e.value if e.ci_high is None else e.ci_high for e in mine]
        return mine, [(_day(e), e.value, a, b) for e, a, b in zip(mine, lo, hi, strict=True)]

    (us, lead), (cn, follow) = rows(epoch.US), rows(epoch.CHINA)
    kw = {"metric": "eci", "leader": epoch.US, "follower": epoch.CHINA, "tolerance": rule}
    catch_up = at.frontier_lag(scores, **kw)  # type: ignore[arg-type]
    window = (catch_up.start.toordinal(), catch_up.end.toordinal())
    pairs, censored = plain_catch_up(lead, follow, rule, window, keep_negative=False)
    assert [(us[i].id, cn[j].id, x) for i, j, x in pairs] == [
        (p.leader.id, p.follower.id, p.lag.midpoint_days) for p in catch_up.pairs
    ]
    assert [us[i].id for i in censored] == [c.leader.id for c in catch_up.censored_leaders]
    daily = at.frontier_lag(scores, method="daily", **kw)  # type: ignore[arg-type]
    expected = plain_daily(lead, follow, rule, window)
    assert [x for x, *_ in expected] == [p.lag_days for p in daily.series]
    if not isinstance(rule, float):
        # A rule matches GPT-4 (Mar 2023) within a year; exactly, only Qwen2.5-72B (555 days).
        gpt4 = next(p for p in catch_up.pairs if p.leader.model == "GPT-4 (Mar 2023)")
        assert _day(gpt4.follower) < _day(gpt4.leader) + 365
        exact = at.frontier_lag(scores, **{**kw, "tolerance": 0.0})  # type: ignore[arg-type]
        assert catch_up.mean_months < exact.mean_months
