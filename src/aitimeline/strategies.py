"""Hypothesis strategies for aitimeline values, for your own property tests.

Like ``hypothesis.extra``: install the ``strategies`` extra (``pip install
aitimeline[strategies]``) and compose these with your own.

>>> from aitimeline import strategies as ats
>>> from hypothesis import given
>>> @given(ats.whens())
... def test_round_trip(w):
...     assert When.parse(w.to_edtf()) == w
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from aitimeline._dates import MAX_DATE, MIN_DATE, Precision, Span, When

__all__ = ["dates", "spans", "whens"]

_FIRST = dt.date(1990, 1, 1)
_LAST = dt.date(2039, 12, 31)


def dates(min_value: dt.date = _FIRST, max_value: dt.date = _LAST) -> st.SearchStrategy[dt.date]:
    """Return calendar days between *min_value* and *max_value* (default 1990 to 2039)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _unit_whens(draw: st.DrawFn, days: st.SearchStrategy[dt.date]) -> When:
    d = draw(days)
    precision = draw(st.sampled_from(Precision))
    flags = {"approximate": draw(st.booleans()), "uncertain": draw(st.booleans())}
    if precision is Precision.DAY:
        return When.day(d.year, d.month, d.day, **flags)
    if precision is Precision.WEEK:
        iso_year, iso_week, _ = d.isocalendar()
        return When.week(iso_year, iso_week, **flags)
    if precision is Precision.MONTH:
        return When.month(d.year, d.month, **flags)
    if precision is Precision.QUARTER:
        return When.quarter(d.year, (d.month - 1) // 3 + 1, **flags)
    if precision is Precision.HALF:
        return When.half(d.year, 1 if d.month <= 6 else 2, **flags)
    if precision is Precision.YEAR:
        return When.year(d.year, **flags)
    return When.decade(10 * (d.year // 10), **flags)


@st.composite
def _interval_whens(draw: st.DrawFn, days: st.SearchStrategy[dt.date], *, open_ends: bool) -> When:
    a, b = draw(_unit_whens(days)), draw(_unit_whens(days))
    lo, hi = (a, b) if a.earliest <= b.latest else (b, a)
    if lo.earliest > hi.latest:  # pragma: no cover - the swap above makes this impossible
        lo, hi = hi, lo
    if open_ends:
        which = draw(st.sampled_from(("start", "end", "neither")))
        if which == "start":
            return When.between(None, hi)
        if which == "end":
            return When.between(lo, None)
    return When.between(lo, hi)


def whens(
    *,
    min_value: dt.date = _FIRST,
    max_value: dt.date = _LAST,
    exact: bool | None = None,
    open_ends: bool = True,
) -> st.SearchStrategy[When]:
    """Return Whens of every precision and form that :meth:`When.parse` reads.

    Args:
        min_value: the earliest day drawn (bounds of coarse units may reach beyond it).
        max_value: the latest day drawn.
        exact: True for single days only, False for ranges only, None for both.
        open_ends: whether ranges open at one end (``../2025-01``) may be drawn.
    """
    days = dates(min_value, max_value)
    exact_days = days.map(lambda d: When.day(d.year, d.month, d.day))
    if exact is True:
        return exact_days
    fuzzy = st.one_of(_unit_whens(days), _interval_whens(days, open_ends=open_ends))
    if exact is False:
        return fuzzy.filter(lambda w: not w.is_exact)
    return st.one_of(exact_days, fuzzy)


@st.composite
def spans(
    draw: st.DrawFn,
    *,
    min_value: dt.date = _FIRST,
    max_value: dt.date = _LAST,
    open_end: bool | None = None,
) -> Span:
    """Return Spans whose ends are Whens without open bounds; *open_end* None draws both kinds."""
    start = draw(whens(min_value=min_value, max_value=max_value, open_ends=False))
    is_open = draw(st.booleans()) if open_end is None else open_end
    if is_open:
        return Span(start)
    first = dt.date.fromordinal(max(start.earliest_ordinal, min_value.toordinal()))
    later = whens(min_value=min(first, max_value), max_value=max_value, open_ends=False)
    end = draw(later.filter(lambda e: e.latest >= start.earliest))
    return Span(start, end)


assert MIN_DATE < MAX_DATE  # noqa: S101 - the sentinels must be ordered for open ends to sort
