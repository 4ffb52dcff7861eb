"""Unit tests of lags, catch-ups and frontiers on small hand-made timelines."""

from __future__ import annotations

import math

import attrs
import numpy as np
import numpy.typing as npt
import pendulum
import pytest

import aitimeline as at
from aitimeline import Release, Score
from aitimeline.exceptions import MetricError

US = at.col("country") == "US"
CN = at.col("country") == "CN"


def release(event_id: str, when: str, country: str, *capabilities: str) -> Release:
    """Return a release with the given capabilities."""
    return Release(
        id=event_id,
        when=when,
        title=event_id,
        model=event_id,
        country=country,
        capabilities=set(capabilities),
    )


def score(event_id: str, when: str, country: str, value: float, model: str = "") -> Score:
    """Return a score on the metric ``"m"``."""
    return Score(
        id=event_id,
        when=when,
        title=event_id,
        model=model or event_id,
        metric="m",
        value=value,
        country=country,
    )


RACE = at.Timeline(
    [
        release("o1-preview", "2024-09-12", "US", "reasoning"),
        release("gpt-4o", "2024-05-13", "US", "chat"),
        release("r1-lite", "2024-11-20", "CN", "reasoning"),
        release("qwq", "2024-11-28", "CN", "reasoning"),
        release("o3", "2024-12-20", "US", "reasoning"),
        release("r1", "2025-01-20", "CN", "reasoning"),
    ]
)


# -- Lag ------------------------------------------------------------------------------------------


def test_lag_between_exact_days_is_one_number() -> None:
    """Give 77 days, shown as 11.0 weeks, between two exact days."""
    q = at.lag("2024-09-12", "2024-11-28")
    assert (77, 77) == q.days
    assert "11.0 weeks" == str(q)
    assert q.is_exact
    assert (11.0, 11.0) == q.weeks


def test_lag_with_a_month_is_a_range() -> None:
    """Run from the last to the first possible day of a month-precision date."""
    q = at.lag("2024-09", "2024-11-28")
    assert (59, 88) == q.days
    assert "8.4\N{EN DASH}12.6 weeks" == str(q)
    assert not q.is_exact
    assert 73.5 == q.midpoint_days


def test_lag_in_months_uses_mean_gregorian_months() -> None:
    """Convert with 365.2425 / 12 days per month, rounding only when formatted."""
    q = at.lag("2023-01-01", "2024-01-01")
    assert (365 / at.dates.MONTH_DAYS, 365 / at.dates.MONTH_DAYS) == q.months
    assert "12.0 months" == q.format("months")
    assert "365 days" == q.format("days")


def test_lag_comparisons_are_three_valued() -> None:
    """Compare with day ranges and other lags as TRUE, FALSE or UNKNOWN."""
    fuzzy = at.lag("2024-09", "2024-11-28")
    assert at.Truth.TRUE is (fuzzy < at.weeks(13))
    assert at.Truth.UNKNOWN is (fuzzy < at.weeks(10))
    assert at.Truth.FALSE is (fuzzy < at.days(59))
    assert at.Truth.TRUE is (fuzzy >= at.days(59))
    assert at.Truth.UNKNOWN is (fuzzy > at.lag("2024-09-12", "2024-11-28"))
    assert at.Truth.TRUE is (fuzzy <= at.days(88))


def test_lag_negation_swaps_the_ends() -> None:
    """Give the lag the other way round, with negated bounds."""
    q = at.lag("2024-11-20", "2024-11-28")
    assert at.lag("2024-11-28", "2024-11-20") == -q
    assert (-8, -8) == (-q).days


def test_lag_accepts_events_and_spans() -> None:
    """Measure from an event's date, and from a span's start."""
    assert (8, 8) == at.lag(RACE["r1-lite"], RACE["qwq"]).days
    span = at.Span("2024-10-01", "2024-12-31")
    assert (58, 58) == at.lag(span, RACE["qwq"]).days


def test_lag_repr_names_both_ends() -> None:
    """Show the days, the weeks and the two dates."""
    assert "<Lag 8 days (1.1 weeks): 2024-11-20 \N{RIGHTWARDS ARROW} 2024-11-28>" == repr(
        at.lag("2024-11-20", "2024-11-28")
    )


def test_lag_rejects_a_non_date() -> None:
    """Raise MetricError naming the argument that is not an instant."""
    with pytest.raises(MetricError, match=r"b=3\.5 is not an instant"):
        at.lag("2024-01-01", 3.5)  # type: ignore[arg-type]


# -- catch_up ---------------------------------------------------------------------------------


def test_catch_up_finds_the_first_of_each_group() -> None:
    """Pair the first US reasoning release with the first Chinese one."""
    result = at.catch_up(RACE, capability="reasoning", leader=US, follower=CN)
    assert "o1-preview" == result.leader.id
    assert result.follower is not None
    assert "r1-lite" == result.follower.id
    assert result.lag is not None
    assert (69, 69) == result.lag.days
    assert result.is_certain
    assert not result.censored
    assert "o1-preview \N{RIGHTWARDS ARROW} r1-lite: 9.9 weeks" == str(result)


def test_catch_up_with_a_where_predicate() -> None:
    """Choose the candidates with a predicate instead of a capability."""
    result = at.catch_up(RACE, where=at.tagged("chat"), leader=US, follower=US)
    assert "gpt-4o" == result.leader.id
    assert result.lag is not None
    assert (0, 0) == result.lag.days


def test_catch_up_is_honest_about_an_unknown_order() -> None:
    """List every event that may be first, and span the lag over all of them."""
    fuzzy = at.Timeline(
        [
            release("a", "2024-09", "US", "reasoning"),
            release("b", "2024-09-20", "US", "reasoning"),
            release("c", "2024-12-01", "CN", "reasoning"),
        ]
    )
    result = at.catch_up(fuzzy, capability="reasoning", leader=US, follower=CN)
    assert ["a", "b"] == [e.id for e in result.leader_candidates]
    assert not result.is_certain
    assert "a" == result.leader.id
    assert result.lag is not None
    # The first US day lies in [Sep 1, Sep 20]: 72 to 91 days before Dec 1.
    assert (72, 91) == result.lag.days


def test_catch_up_without_a_follower_is_censored() -> None:
    """Return no follower and the leader's age as of the given day."""
    result = at.catch_up(
        RACE,
        capability="reasoning",
        leader=US,
        follower=at.col("country") == "FR",
        as_of="2025-01-01",
    )
    assert result.censored
    assert result.follower is None
    assert result.lag is None
    assert result.age is not None
    assert (111, 111) == result.age.days
    assert 1 == len(result.to_pandas())


def test_catch_up_without_a_leader_raises() -> None:
    """Raise MetricError when no leader event has the capability."""
    with pytest.raises(MetricError, match="no leader event matches"):
        at.catch_up(RACE, capability="video", leader=US, follower=CN)


def test_catch_up_rejects_a_non_predicate() -> None:
    """Raise MetricError with a hint when the group is not a predicate."""
    with pytest.raises(MetricError, match="is not a predicate"):
        at.catch_up(RACE, capability="reasoning", leader="US", follower=CN)  # type: ignore[arg-type]


def test_catch_up_pairs_each_leader_with_the_next_follower() -> None:
    """Pair o1-preview with R1-Lite and o3 with R1; summarise in months."""
    result = at.catch_up_pairs(
        RACE, capability="reasoning", leader=US, follower=CN, as_of="2025-02-01"
    )
    assert [("o1-preview", "r1-lite", 69), ("o3", "r1", 31)] == [
        (p.leader.id, p.follower.id, p.lag.days[0]) for p in result.pairs
    ]
    assert [] == list(result.censored_leaders)
    assert pytest.approx((69 + 31) / 2 / at.dates.MONTH_DAYS) == result.mean_months
    assert pytest.approx(31 / at.dates.MONTH_DAYS) == result.min_months


def test_catch_up_pairs_censors_unmatched_leaders() -> None:
    """Age a leader with no later follower to as_of, and keep it."""
    tl = at.Timeline([*RACE, release("o3-mini", "2025-01-31", "US", "reasoning")])
    result = at.catch_up_pairs(
        tl, capability="reasoning", leader=US, follower=CN, as_of="2025-03-02"
    )
    assert ["o3-mini"] == [c.leader.id for c in result.censored_leaders]
    assert (30, 30) == result.censored_leaders[0].age.days
    frame = result.to_pandas()
    assert [False, False, True] == frame["censored"].tolist()


# -- frontier ---------------------------------------------------------------------------------

SCORES = at.Timeline(
    [
        score("us1", "2023-01-01", "US", 10.0),
        score("us2", "2023-03-01", "US", 12.0),
        score("us2b", "2023-03-01", "US", 11.0),
        score("us3", "2023-06-01", "US", 11.5),
        score("us4", "2023-09-01", "US", 15.0),
        score("cn1", "2023-02-01", "CN", 9.0),
        score("cn2", "2023-05-01", "CN", 10.5),
        score("cn3", "2023-08-01", "CN", 12.2),
        score("cn4", "2023-12-01", "CN", 13.0),
    ]
)


def test_frontier_is_the_running_maximum() -> None:
    """Step at each new maximum; on one day keep the best score only."""
    f = at.frontier(SCORES, metric="m", group=US)
    assert [("us1", 10.0), ("us2", 12.0), ("us4", 15.0)] == [(s.event.id, s.value) for s in f.steps]
    assert f.at("2022-12-31") is None
    assert 12.0 == f.at("2023-08-31")
    assert 15.0 == f.at("2024-01-01")
    assert ["day", "value", "id", "model"] == list(f.to_pandas().columns)


def test_frontier_applies_a_transform() -> None:
    """Transform values with a callable before taking the maximum."""
    f = at.frontier(SCORES, metric="m", group=CN, transform=np.negative)
    assert [("cn1", -9.0)] == [(s.event.id, s.value) for s in f.steps]
    assert "negative" == f.transform


def test_frontier_as_of_leaves_out_later_scores() -> None:
    """Ignore scores dated after as_of."""
    f = at.frontier(SCORES, metric="m", group=US, as_of="2023-06-30")
    assert ["us1", "us2"] == [s.event.id for s in f.steps]


def test_frontier_of_an_unknown_metric_lists_the_metrics() -> None:
    """Raise MetricError naming the metrics that are present."""
    with pytest.raises(MetricError, match=r"the metrics present are \['m'\]"):
        at.frontier(SCORES, metric="eci")


# -- frontier_lag: catch-up -------------------------------------------------------------------


def test_catch_up_method_pairs_records() -> None:
    """Pair each US record with the first Chinese score that reaches it."""
    r = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN)
    assert [("us1", "cn2", 120), ("us2", "cn3", 153)] == [
        (p.leader.id, p.follower.id, p.lag.days[0]) for p in r.pairs
    ]
    assert [("us4", 91)] == [(c.leader.id, c.age.days[0]) for c in r.censored_leaders]
    assert pendulum.Date(2023, 12, 1) == r.as_of
    assert pytest.approx((120 + 153) / 2 / at.dates.MONTH_DAYS) == r.mean_months
    assert pytest.approx(153 / at.dates.MONTH_DAYS) == r.max_months
    assert 12.0 == r.pairs[1].leader_value
    assert 12.2 == r.pairs[1].follower_value


def test_catch_up_method_tolerance_counts_near_misses() -> None:
    """Count a follower within the tolerance as level."""
    r = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, tolerance=2.0)
    assert [("us1", "cn1", 31), ("us2", "cn2", 61), ("us4", "cn4", 91)] == [
        (p.leader.id, p.follower.id, p.lag.days[0]) for p in r.pairs
    ]
    assert () == r.censored_leaders


def test_catch_up_method_folds_records_overtaken_at_once() -> None:
    """Pair a follower that overtakes two leader records with the first only (Epoch's rule)."""
    tl = at.Timeline(
        [
            score("a", "2023-01-01", "US", 1.0),
            score("b", "2023-02-01", "US", 2.0),
            score("x", "2023-06-01", "CN", 3.0),
        ]
    )
    r = at.frontier_lag(tl, metric="m", leader=US, follower=CN)
    assert [("a", "x")] == [(p.leader.id, p.follower.id) for p in r.pairs]


def test_catch_up_method_skips_records_already_beaten() -> None:
    """Leave out a leader record that an earlier follower score already matched."""
    tl = at.Timeline(
        [
            score("x", "2023-01-01", "CN", 5.0),
            score("a", "2023-02-01", "US", 4.0),
            score("b", "2023-03-01", "US", 6.0),
        ]
    )
    r = at.frontier_lag(tl, metric="m", leader=US, follower=CN)
    assert () == r.pairs
    assert ["b"] == [c.leader.id for c in r.censored_leaders]


def test_catch_up_method_window_and_as_of() -> None:
    """Report only records in the window, and age censored records to as_of."""
    r = at.frontier_lag(
        SCORES, metric="m", leader=US, follower=CN, start="2023-02", as_of="2023-10-01"
    )
    assert ["us2"] == [p.leader.id for p in r.pairs]
    assert [("us4", 30)] == [(c.leader.id, c.age.days[0]) for c in r.censored_leaders]
    assert pendulum.Date(2023, 2, 1) == r.start
    frame = r.to_pandas()
    assert ["us2", "us4"] == frame["leader"].tolist()


def test_neg_log_error_transform() -> None:
    """Compare -ln(1 - accuracy), so that a 0.02 tolerance is about 2% of the error rate."""
    tl = at.Timeline(
        [
            score("a", "2023-01-01", "US", 0.90),
            score("x", "2023-05-01", "CN", 0.898),
            score("y", "2023-09-01", "CN", 0.95),
        ]
    )
    strict = at.frontier_lag(tl, metric="m", leader=US, follower=CN, transform="neg_log_error")
    loose = at.frontier_lag(
        tl, metric="m", leader=US, follower=CN, transform="neg_log_error", tolerance=0.02
    )
    assert ["y"] == [p.follower.id for p in strict.pairs]
    assert ["x"] == [p.follower.id for p in loose.pairs]
    assert pytest.approx(-math.log(0.1)) == loose.pairs[0].leader_value
    assert "neg_log_error" == loose.transform


def test_collapse_variants_keeps_the_best_version() -> None:
    """Keep one score per model: its best, on its own day."""
    tl = at.Timeline(
        [
            score("a-low", "2023-01-01", "US", 1.0, model="a"),
            score("a-high", "2023-01-01", "US", 3.0, model="a"),
            score("x", "2023-03-01", "CN", 3.0),
        ]
    )
    r = at.frontier_lag(tl, metric="m", leader=US, follower=CN, collapse_variants=True)
    assert ["a-high"] == [s.event.id for s in r.leader_frontier.steps]
    assert [("a-high", "x")] == [(p.leader.id, p.follower.id) for p in r.pairs]


# -- frontier_lag: daily ----------------------------------------------------------------------


def test_daily_method_series() -> None:
    """Give each day the days since the leader frontier was last level with the follower."""
    r = at.frontier_lag(
        SCORES,
        metric="m",
        leader=US,
        follower=CN,
        method="daily",
        start="2023-01-01",
        end="2023-12-31",
    )
    by_day = {p.day: p for p in r.series}
    assert 365 == len(r.series)
    # No Chinese score yet on Jan 1: censored.
    assert by_day[pendulum.Date(2023, 1, 1)].censored
    # Feb 1: CN best 9.0 is below the first US record (10.0): censored.
    assert by_day[pendulum.Date(2023, 2, 1)].lag_days is None
    # May 1: CN 10.5 >= 10.0 (Jan 1) but < 12.0 (Mar 1): last level day Feb 28.
    may = by_day[pendulum.Date(2023, 5, 1)]
    assert 62 == may.lag_days
    assert may.leader is not None
    assert "us2" == may.leader.id
    assert may.follower is not None
    assert "cn2" == may.follower.id
    # Aug 1: CN 12.2 >= 12.0 and the US is still at 12.0: level.
    assert 0 == by_day[pendulum.Date(2023, 8, 1)].lag_days
    # Dec 31: CN 13.0 < 15.0 (Sep 1): last level day Aug 31.
    assert 122 == by_day[pendulum.Date(2023, 12, 31)].lag_days
    # Censored until CN first reaches the first US record (10.5 on May 1): Jan 1 to Apr 30.
    assert 120 == r.censored_days
    assert 365 - 120 == len(r.lag_days)


def test_daily_method_summary_and_pandas() -> None:
    """Summarise the defined days in months and export the whole series."""
    r = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, method="daily")
    days = np.array(r.lag_days)
    assert pytest.approx(days.mean() / at.dates.MONTH_DAYS) == r.mean_months
    assert pytest.approx(np.median(days) / at.dates.MONTH_DAYS) == r.median_months
    frame = r.to_pandas()
    assert ["day", "lag_days", "lag_months", "censored", "follower", "leader"] == list(
        frame.columns
    )
    assert len(r.series) == len(frame)
    assert "daily lag on 'm'" in str(r)


def test_daily_tolerance_shortens_the_lag() -> None:
    """Never lengthen the mean lag when the tolerance grows."""
    means = [
        at.frontier_lag(
            SCORES, metric="m", leader=US, follower=CN, method="daily", tolerance=t
        ).mean_months
        for t in (0.0, 0.5, 1.0, 3.0)
    ]
    assert means == sorted(means, reverse=True)


def test_summary_of_nothing_is_nan() -> None:
    """Give NaN statistics when no pair exists."""
    tl = at.Timeline([score("a", "2023-01-01", "US", 1.0)])
    r = at.frontier_lag(tl, metric="m", leader=US, follower=CN)
    assert math.isnan(r.mean_months)
    assert ["a"] == [c.leader.id for c in r.censored_leaders]


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tolerance": -0.1}, "tolerance=-0.1 is invalid"),
        ({"tolerance": math.nan}, "tolerance=nan is invalid"),
        ({"transform": "log_odds"}, "transform='log_odds' is not a known transform"),
        ({"transform": 3}, "transform=3 is neither"),
        ({"method": "weekly"}, "method='weekly' is not a method"),
        ({"leader": at.col("country") == "FR"}, "matches none of the scores"),
        ({"metric": "eci"}, "no Score event has metric='eci'"),
        ({"start": "2024-01-01", "end": "2023-01-01", "method": "daily"}, "the window is empty"),
        ({"as_of": "1999"}, "matches none of the scores with metric='m' dated by 1999-12-31"),
        ({"start": "sometime"}, "start='sometime' is not a date"),
    ],
)
def test_frontier_lag_bad_input(kwargs: dict[str, object], message: str) -> None:
    """Raise MetricError naming what is wrong."""
    args: dict[str, object] = {"metric": "m", "leader": US, "follower": CN, **kwargs}
    with pytest.raises(MetricError, match=message):
        at.frontier_lag(SCORES, **args)  # type: ignore[arg-type]


def test_neg_log_error_rejects_non_accuracies() -> None:
    """Raise MetricError naming the score whose value is not in [0, 1)."""
    with pytest.raises(MetricError, match=r"score 'us1' has value=10\.0"):
        at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, transform="neg_log_error")


def test_transform_that_makes_infinities_is_rejected() -> None:
    """Raise MetricError naming the score a transform made infinite."""

    def reciprocal_minus_ten(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        with np.errstate(divide="ignore"):
            out: npt.NDArray[np.float64] = 1 / (x - 10.0)
        return out

    with pytest.raises(MetricError, match=r"made score 'us1' \(value=10.0\) NaN or infinite"):
        at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, transform=reciprocal_minus_ten)


def test_transform_of_the_wrong_shape_is_rejected() -> None:
    """Raise MetricError when a transform does not return one value per score."""
    with pytest.raises(MetricError, match="returned an array of shape"):
        at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, transform=np.sum)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_arrays_reject_non_finite_scores(bad: float) -> None:
    """Raise MetricError pointing at the first NaN or infinite value."""
    with pytest.raises(MetricError, match="follower_values has 1 NaN or infinite value"):
        at.metrics.frontier_lag_arrays([0], [1.0], [0, 1], [2.0, bad])


def test_arrays_reject_mismatched_lengths() -> None:
    """Raise MetricError when days and values differ in length."""
    with pytest.raises(MetricError, match="leader_days and leader_values must be 1-D"):
        at.metrics.frontier_lag_arrays([0, 1], [1.0], [0], [1.0])


def test_arrays_reject_an_empty_leader_group() -> None:
    """Raise MetricError when there is no leader score at all."""
    with pytest.raises(MetricError, match="the leader group has no scores"):
        at.metrics.frontier_lag_arrays([], [], [0], [1.0])


def test_arrays_with_no_follower_censor_every_record() -> None:
    """Censor every leader record when the follower group is empty."""
    r = at.metrics.frontier_lag_arrays([0, 5, 9], [1.0, 0.5, 2.0], [], [], as_of=10)
    assert [0, 2] == r.censored_index.tolist()
    assert [10, 1] == r.censored_age.tolist()
    d = at.metrics.frontier_lag_arrays([0, 5, 9], [1.0, 0.5, 2.0], [], [], method="daily", as_of=10)
    assert bool(d.censored_days.all())


def test_censored_ages_default_to_the_last_event_not_the_clock() -> None:
    """Age censored leaders to the last day of the data when as_of is not given."""
    result = at.catch_up(
        RACE, capability="reasoning", leader=US, follower=at.col("country") == "FR"
    )
    assert pendulum.Date(2025, 1, 20) == result.as_of
    assert result.age is not None
    assert (130, 130) == result.age.days
    tl = at.Timeline([*RACE, release("o3-mini", "2025-01-31", "US", "reasoning")])
    pairs = at.catch_up_pairs(tl, capability="reasoning", leader=US, follower=CN)
    assert pendulum.Date(2025, 1, 31) == pairs.as_of
    assert [(0, 0)] == [c.age.days for c in pairs.censored_leaders]


def test_frontier_lag_accepts_any_iterable_of_events() -> None:
    """Read a one-shot iterator of events once, for both groups."""
    from_iterator = at.frontier_lag(iter(list(SCORES)), metric="m", leader=US, follower=CN)
    from_timeline = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN)
    assert from_timeline == from_iterator


def test_lag_from_an_export_control_counts_from_the_day_it_took_force() -> None:
    """A period-bearing event stands for its period in lag, never for its announcement day."""
    ban = at.ExportControl(
        id="ban",
        when="2023-10-17",
        title="Rule announced",
        issuer="BIS",
        action="tighten",
        in_force=at.Span("2023-11-17"),
    )
    chip = at.Event(id="chip", when="2023-12-17", title="A chip ships")
    assert (30, 30) == at.lag(ban, chip).days  # not 61, from the announcement
    unknown = attrs.evolve(ban, in_force=None)
    with pytest.raises(MetricError, match="in_force"):
        at.lag(unknown, chip)
