"""Fuzz the date layer's readers: only TimelineError subclasses escape, and each names the input.

The readers are ``When.parse``, ``When.from_text``, ``When.coerce``, ``Span.parse``,
``When.relative`` (anchor, offset and options) and the relations that coerce their arguments.
Inputs are arbitrary text, text over the alphabet of dates (so most of it gets deep into the
grammar), valid EDTF with one character changed, aware date-times near the ends of the
calendar, and values of the wrong type. The default profile runs a few hundred cases per
test in seconds; ``HYPOTHESIS_PROFILE=thorough`` runs 2,000 per test.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aitimeline import Span, When, relations
from aitimeline.exceptions import DateError, TimelineError
from aitimeline.strategies import spans, whens

DATE_ALPHABET = "0123456789-/.XxQqHhWwTZ:+~?%sS [],{}Ye \u0663\uff12"
"""Characters of dates and of the forms around them, two non-ASCII digits included."""

WORDS = (
    "about",
    "before",
    "after",
    "on or before",
    "on or after",
    "between",
    "and",
    "early",
    "mid-",
    "late",
    "Sept.",
    "September",
    "Q4",
    "H2",
    "week 37 of",
    "the 2020s",
    "(uncertain)",
    "(end unknown)",
)

date_text = st.text(alphabet=DATE_ALPHABET, max_size=40)
any_text = st.text(max_size=40)


@st.composite
def mutated_edtf(draw: st.DrawFn) -> str:
    """Return the EDTF (or friendly) text of a When or Span with one character changed."""
    value = draw(st.one_of(whens(), spans()))
    if isinstance(value, When):
        text = draw(st.sampled_from([value.to_edtf(), value.format(), value.describe()]))
    else:
        try:
            text = value.to_edtf()
        except DateError:  # a span whose end is a range has no EDTF form
            text = str(value)
    if not text:
        return text
    i = draw(st.integers(0, len(text) - 1))
    edit = draw(st.sampled_from(["delete", "replace", "insert", "repeat"]))
    c = draw(st.sampled_from(DATE_ALPHABET))
    if edit == "delete":
        return text[:i] + text[i + 1 :]
    if edit == "replace":
        return text[:i] + c + text[i + 1 :]
    if edit == "insert":
        return text[:i] + c + text[i:]
    return text[:i] + text[i] * draw(st.integers(2, 5000)) + text[i + 1 :]


@st.composite
def wordings(draw: st.DrawFn) -> str:
    """Return a phrase of date words and date-like tokens."""
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), date_text), min_size=1, max_size=5))
    return " ".join(parts)


_ZONES = st.one_of(
    st.none(),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
)


def _datetime(
    year: int, month_day: tuple[int, int], hour: int, minute: int, zone: dt.tzinfo | None
) -> dt.datetime:
    month, day = month_day
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


edge_datetimes = st.builds(
    _datetime,
    st.sampled_from([1, 2, 1970, 2024, 9998, 9999]),
    st.sampled_from([(1, 1), (1, 2), (6, 15), (12, 30), (12, 31)]),
    st.integers(0, 23),
    st.integers(0, 59),
    _ZONES,
)
"""Date-times near the ends of the calendar (and two ordinary years), naive or aware."""

texts = st.one_of(any_text, date_text, mutated_edtf(), wordings(), edge_datetimes.map(str))
wrong_types = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=2),
)


def _names_the_input(error: TimelineError, value: object) -> bool:
    """Whether the message quotes the input (shortened as the readers shorten it)."""
    message = str(error)
    if not isinstance(value, str):
        return repr(value)[:40] in message or type(value).__name__ in message
    shown = value if len(value) <= 80 else f"{value[:60]}...({len(value)} characters)"
    return repr(shown) in message or repr(value.strip()) in message


def _only_timeline_errors(read: object, value: object, *, names: bool = True) -> None:
    assert callable(read)
    error: TimelineError | None = None
    try:
        read(value)
    except TimelineError as exc:
        error = exc
    assert error is None or not names or _names_the_input(error, value), str(error)


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@FUZZ
@given(st.one_of(texts, wrong_types))
def test_when_parse_raises_only_timeline_errors(value: object) -> None:
    """``When.parse`` returns a When or raises a TimelineError that quotes the input."""
    _only_timeline_errors(When.parse, value)


@FUZZ
@given(st.one_of(texts, wrong_types))
def test_when_from_text_raises_only_timeline_errors(value: object) -> None:
    """``When.from_text`` returns a When or raises a TimelineError that quotes the input."""
    _only_timeline_errors(When.from_text, value)


@FUZZ
@given(st.one_of(texts, wrong_types))
def test_span_parse_raises_only_timeline_errors(value: object) -> None:
    """``Span.parse`` returns a Span or raises a TimelineError (naming the input or a part)."""
    _only_timeline_errors(Span.parse, value, names=False)


@FUZZ
@given(st.one_of(texts, wrong_types, edge_datetimes))
def test_when_coerce_raises_only_timeline_errors(value: object) -> None:
    """``When.coerce`` (what every date argument goes through) raises only TimelineErrors."""
    _only_timeline_errors(When.coerce, value, names=False)


@FUZZ
@given(
    anchor=st.one_of(whens(), texts),
    offset=st.one_of(texts, st.integers(), st.integers(10**20, 10**30), wrong_types),
    before=st.booleans(),
    qualifier=st.one_of(
        st.sampled_from(["exactly", "about", "less_than", "at_most", "more_than", "at_least"]),
        any_text,
    ),
    slack=st.one_of(st.integers(-5, 10**7), wrong_types),
)
def test_when_relative_raises_only_timeline_errors(
    anchor: object, offset: object, before: bool, qualifier: object, slack: object
) -> None:
    """``When.relative`` resolves or raises a TimelineError, whatever its arguments."""
    with contextlib.suppress(TimelineError):
        When.relative(anchor, offset, before=before, qualifier=qualifier, slack=slack)  # type: ignore[arg-type]


@FUZZ
@given(st.one_of(whens(), spans(), texts), st.one_of(whens(), spans(), texts))
def test_relations_raise_only_timeline_errors(a: object, b: object) -> None:
    """Relations coerce text arguments; bad text raises a TimelineError, nothing else."""
    with contextlib.suppress(TimelineError):
        relations(a, b)  # type: ignore[arg-type]
