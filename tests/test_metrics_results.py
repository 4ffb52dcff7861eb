"""The public result types of the metrics: short reprs, notebook cards, one comparison family.

Laws checked here:

* every result type prints one short line and shows a bounded HTML card or table, whatever
  its size (a daily frontier lag over years used to print 800,000 characters);
* ``lag == r`` is a bool that says whether the lag's range of days *is* ``r``, and its hash
  agrees; ``lag.equals(r)`` and the ordering operators are Truths about the unknown true lag;
* the catch-up and frontier results share one set of statistics (:class:`LagStats`), and the
  list of unmatched leaders is ``censored_leaders`` (the old ``censored`` list warns).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline import Release, Score, Truth
from aitimeline._lags import LagStats
from aitimeline.exceptions import DateError, MetricError

US = at.col("country") == "US"
CN = at.col("country") == "CN"
SHORT = 200
"""The longest one-line repr a result may print."""
CARD = 20_000
"""The most characters of HTML a result may show."""


def _scores(n: int) -> at.Timeline:
    """Return *n* US and *n* Chinese scores on metric 'm', a week apart, China a month behind."""
    first = dt.date(2020, 1, 1)
    events = []
    for i in range(n):
        for country, delay in (("US", 0), ("CN", 30)):
            day = first + dt.timedelta(days=7 * i + delay)
            events.append(
                Score(
                    id=f"{country.lower()}-{i}",
                    when=day.isoformat(),
                    title=f"{country} {i}",
                    model=f"{country}-{i}",
                    metric="m",
                    value=float(i),
                    country=country,
                )
            )
    return at.Timeline(events)


SCORES = _scores(200)
RACE = at.Timeline(
    [
        Release(id="o1", when="2024-09-12", title="o1", model="o1", country="US"),
        Release(id="r1-lite", when="2024-11-20", title="R1", model="R1L", country="CN"),
        Release(id="o3", when="2024-12-20", title="o3", model="o3", country="US"),
    ]
)


def _results() -> list[object]:
    daily = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, method="daily")
    return [
        at.lag("2024-09", "2024-11-28"),
        at.catch_up(RACE, leader=US, follower=CN),
        at.catch_up(RACE, leader=US, follower=at.col("country") == "FR", as_of="2025-01-01"),
        at.catch_up_pairs(RACE, leader=US, follower=CN, as_of="2025-02-01"),
        at.lags(RACE, "2025-02-01"),
        daily,
        at.frontier_lag(SCORES, metric="m", leader=US, follower=CN),
        at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, method="level"),
        daily.leader_frontier,
        daily.leader_frontier.steps[0],
        daily.series[0],
        daily.censored_leaders[0] if daily.censored_leaders else daily.series[-1],
        SCORES.counts(by="country", every="month"),
        RACE.as_of(RACE, direction="forward", allow_exact=False)[0],
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda r: type(r).__name__)
def test_every_result_prints_one_short_line(result: object) -> None:
    """Print a result in one short line, never its detail."""
    text = repr(result)
    assert "\n" not in text
    assert len(text) <= SHORT, text


@pytest.mark.parametrize(
    "result",
    [r for r in _results() if hasattr(type(r), "_repr_html_")],
    ids=lambda r: type(r).__name__,
)
def test_every_result_shows_a_bounded_card_in_a_notebook(result: object) -> None:
    """Show a compact card or table, escaped, whatever the result's size."""
    page = result._repr_html_()  # type: ignore[attr-defined]
    assert page.startswith('<div class="aitimeline-card">')
    assert len(page) <= CARD


def test_the_main_results_have_html() -> None:
    """Give Lag, LagArray, CatchUp, CatchUpPairs, FrontierLag, Frontier, Counts, AsOf a card."""
    for cls in (
        at.Lag,
        at.metrics.LagArray,
        at.CatchUp,
        at.CatchUpPairs,
        at.FrontierLag,
        at.Frontier,
        at.Counts,
        at.AsOf,
    ):
        assert callable(getattr(cls, "_repr_html_", None)), cls


def test_a_long_daily_frontier_lag_has_a_short_repr() -> None:
    """Print a daily lag of 1,400 days in one line (it used to print every day)."""
    result = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN, method="daily")
    assert len(result.series) > 1_000
    assert repr(result).startswith("<FrontierLag daily lag on 'm'")
    assert len(repr(result)) <= SHORT


# -- one comparison family ----------------------------------------------------------------------


def test_a_seven_day_lag_equals_one_week() -> None:
    """Compare a lag with a DayRange by its range (it used to be False whatever the days)."""
    week = at.lag("2024-01-01", "2024-01-08")
    assert week == at.weeks(1)
    assert at.weeks(1) == week
    assert week != at.days(8)
    assert hash(week) == hash(at.weeks(1))
    assert Truth.TRUE is week.equals(at.weeks(1))
    fuzzy = at.lag("2024-01", "2024-02-10")
    assert fuzzy != at.weeks(5)
    assert Truth.UNKNOWN is fuzzy.equals(at.weeks(5))
    assert Truth.FALSE is fuzzy.equals(at.weeks(30))


DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))
WHENS = st.one_of(
    DAYS.map(dt.date.isoformat),
    DAYS.map(lambda d: f"{d.year}-{d.month:02d}"),
    DAYS.map(lambda d: str(d.year)),
)


@given(WHENS, WHENS, st.integers(-800, 800), st.integers(0, 90))
def test_the_comparison_family_is_consistent(a: str, b: str, lo: int, width: int) -> None:
    """Agree ``==`` with the ranges, hash with ``==``, and ``equals`` with the orderings."""
    q, r = at.lag(a, b), at.DayRange(lo, lo + width)
    assert (q == r) is (q.bounds == r)
    assert (q != r) is not (q == r)
    if q == r:
        assert hash(q) == hash(r)
    assert q.equals(r) is ((q <= r) & (q >= r))
    if q.equals(r) is Truth.TRUE:
        assert q == r
    assert q == at.Lag(q.start, q.end)


def test_an_event_id_given_to_lag_says_to_look_it_up() -> None:
    """Say to look an id up in the timeline (it used to be a bare date error)."""
    with pytest.raises(
        MetricError, match=r"looks like an event id.*timeline\['openai-o1-preview'\]"
    ):
        at.lag("openai-o1-preview", "2024-12-01")
    with pytest.raises(DateError):
        at.lag("2024-13", "2024-12-01")  # a date, badly written: the date error stands


# -- one statistics mixin, one name for the unmatched leaders -----------------------------------


def test_catch_up_and_frontier_results_share_their_statistics() -> None:
    """Summarise pairs and frontier lags with the same LagStats, percentiles included."""
    pairs = at.catch_up_pairs(RACE, leader=US, follower=CN, as_of="2025-02-01")
    frontier = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN)
    many = at.lags(RACE, "2025-02-01")
    for result in (pairs, frontier, many):
        assert isinstance(result, LagStats)
        summary = result.summary((5, 95))
        assert summary["median"] == result.median_months
        assert summary["p5"] <= summary["median"] <= summary["p95"]


def test_the_old_censored_list_warns_and_names_the_new_one() -> None:
    """Keep ``.censored`` working on the list results, with a DeprecationWarning."""
    pairs = at.catch_up_pairs(RACE, leader=US, follower=CN, as_of="2025-02-01")
    with pytest.warns(DeprecationWarning, match="censored_leaders"):
        assert pairs.censored == pairs.censored_leaders
    frontier = at.frontier_lag(SCORES, metric="m", leader=US, follower=CN)
    with pytest.warns(DeprecationWarning, match="censored_leaders"):
        assert frontier.censored == frontier.censored_leaders
    assert isinstance(at.catch_up(RACE, leader=US, follower=CN).censored, bool)
