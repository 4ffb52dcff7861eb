"""Reading and writing dates as EDTF (ISO 8601-2) text, with no date class of its own.

:func:`parse` turns text into a :class:`Parsed` value (bounds, precision, qualifiers and the
form of each end); ``When.parse`` builds a ``When`` from it. :func:`to_edtf` and
:func:`to_label` write any value with the fields of a ``When`` (the :class:`DateFields`
protocol) back as text.

What is read, by EDTF level (``docs/dates.md`` keeps the full table and the yardstick):

* level 0: ``2024-09-12``, ``2024-09``, ``2024``, aware date-times (their UTC day) and
  intervals ``A/B`` of these;
* level 1: qualifiers ``~ ? %`` on a whole date or on each end of an interval, unspecified
  digits ``2024-XX``, ``2024-09-XX``, ``2024-XX-XX``, ``202X``, ``20XX``, ``2XXX``, open
  (``..``) and unknown (empty) interval ends;
* level 2: the quarter codes ``2024-33`` ... ``2024-36`` and the half-year codes ``2024-40``
  and ``2024-41``;
* not EDTF but read for convenience: ``2024-Q4``, ``2024-H2``, ``2024-W37`` and ``2020s``.

Not read, each with an error that names it: negative years and years beyond 9999 (``Y``),
seasons (21-32), quadrimesters (37-39), qualifiers or unspecified digits on one component,
sets (``[..]``, ``{..}``) and exponential years.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, Protocol

import attrs
import pendulum

from aitimeline._calendar import (
    MAX_DATE,
    MIN_DATE,
    MONTH_NAMES,
    UNITS,
    EndForm,
    Precision,
    last_day,
    qualifier_text,
    unit_bounds,
)
from aitimeline.exceptions import DateParseError, NaiveDatetimeError

__all__ = [
    "ACCEPTED_FORMS",
    "OPEN",
    "UNKNOWN",
    "DateFields",
    "Parsed",
    "default_ends",
    "end_form_of",
    "end_problems",
    "from_datetime",
    "parse",
    "parse_error",
    "to_edtf",
    "to_label",
]

ACCEPTED_FORMS: Final = (
    "2024-09-12 (day), 2024-09 (month), 2024 (year), 2024-XX or 2024-09-XX (unspecified "
    "digits), 202X or 2020s (decade), 20XX (century), 2024-33..36 or 2024-Q1..Q4 (quarter), "
    "2024-40/41 or 2024-H1/H2 (half), 2024-W37 (ISO week), a trailing ~ (approximate), "
    "? (uncertain) or % (both), A/B for 'some day from A to B' with .. for an open end and "
    "an empty end for an unknown one (../2025-01, 2025-01/.., 2022-10-07/), an aware ISO "
    "datetime (2024-09-12T18:00:00+00:00), or a datetime.date"
)

OPEN: Final = EndForm("open")
"""The form of an open end (EDTF ``..``)."""
UNKNOWN: Final = EndForm("unknown")
"""The form of an unknown end (EDTF: empty)."""

_Ends = tuple[EndForm, EndForm]


class DateFields(Protocol):
    """The fields of a date value that the writers read (``When`` has them)."""

    @property
    def earliest(self) -> pendulum.Date: ...
    @property
    def latest(self) -> pendulum.Date: ...
    @property
    def precision(self) -> Precision: ...
    @property
    def approximate(self) -> bool: ...
    @property
    def uncertain(self) -> bool: ...
    @property
    def ends(self) -> _Ends | None: ...


@attrs.frozen
class Parsed:
    """What a text says: the bounds, precision, qualifiers and (for a range) each end's form."""

    earliest: pendulum.Date
    latest: pendulum.Date
    precision: Precision
    approximate: bool = False
    uncertain: bool = False
    ends: _Ends | None = None


# --------------------------------------------------------------------------------------------
# End forms


def end_precision(d: dt.date, precision: Precision, *, start: bool) -> Precision:
    """Return the coarsest-fitting precision, no finer than *precision*, of a range end at *d*.

    That is the finest precision at least *precision* whose unit starts (for a start) or
    ends (for an end) on *d*; weeks are skipped, since EDTF writes no week (DAY otherwise).
    """
    for p in Precision:
        if p < precision or p is Precision.WEEK:
            continue
        first, last = unit_bounds(d, p)
        if d == (first if start else last):
            return p
    return Precision.DAY


def default_ends(
    earliest: pendulum.Date,
    latest: pendulum.Date,
    precision: Precision,
    *,
    approximate: bool,
    uncertain: bool,
) -> _Ends | None:
    """Return the end forms a range has when built from its bounds alone (None for a unit).

    A bound on ``MIN_DATE`` or ``MAX_DATE`` that is not part of a calendar unit is open.
    """
    if unit_bounds(earliest, precision) == (earliest, latest):
        return None
    flags = {"approximate": approximate, "uncertain": uncertain}
    lo = (
        OPEN
        if earliest == MIN_DATE
        else EndForm("known", end_precision(earliest, precision, start=True), **flags)
    )
    hi = (
        OPEN
        if latest == MAX_DATE
        else EndForm("known", end_precision(latest, precision, start=False), **flags)
    )
    return lo, hi


def end_form_of(value: Parsed | DateFields, *, start: bool) -> EndForm:
    """Return the form of *value* used as the start (or end) of an interval."""
    if value.ends is not None:
        return value.ends[0 if start else 1]
    precision = Precision.DAY if value.precision is Precision.WEEK else value.precision
    return EndForm("known", precision, approximate=value.approximate, uncertain=value.uncertain)


def end_problems(earliest: pendulum.Date, latest: pendulum.Date, ends: _Ends) -> list[str]:
    """Return why *ends* do not fit the bounds (empty when they do)."""
    lo, hi = ends
    problems = []
    if lo.is_known and unit_bounds(earliest, lo.precision)[0] != earliest:
        problems.append(f"the start {earliest} does not begin a {lo.precision}")
    if hi.is_known and unit_bounds(latest, hi.precision)[1] != latest:
        problems.append(f"the end {latest} does not end a {hi.precision}")
    if not lo.is_known and earliest != MIN_DATE:
        problems.append(f"an {lo.state} start needs earliest={MIN_DATE}, not {earliest}")
    if not hi.is_known and latest not in (MAX_DATE, MIN_DATE):
        problems.append(f"an {hi.state} end needs latest={MAX_DATE}, not {latest}")
    return problems


# --------------------------------------------------------------------------------------------
# Writing


def _end_text(d: dt.date, form: EndForm, *, label: bool) -> str:
    if form.state == "open":
        return ".."
    if form.state == "unknown":
        return ""
    precision = form.precision
    if precision is Precision.WEEK and not label:
        precision = Precision.DAY
    unit = UNITS[precision]
    return (unit.label if label else unit.edtf)(d) + form.qualifier


def _write(value: DateFields, *, label: bool) -> str:
    q = qualifier_text(approximate=value.approximate, uncertain=value.uncertain)
    if value.ends is None:
        if value.precision is Precision.WEEK and not label:
            first, last = unit_bounds(value.earliest, Precision.WEEK)
            return f"{first.isoformat()}{q}/{last.isoformat()}{q}"
        unit = UNITS[value.precision]
        return (unit.label if label else unit.edtf)(value.earliest) + q
    lo, hi = value.ends
    lo_text = _end_text(value.earliest, lo, label=label)
    return f"{lo_text}/{_end_text(value.latest, hi, label=label)}"


def to_edtf(value: DateFields) -> str:
    """Return the EDTF text of *value*: only forms that EDTF (levels 0-2) defines."""
    return _write(value, label=False)


def to_label(value: DateFields) -> str:
    """Return the short friendly text of *value* (``2024-Q4``, ``2024-W37``), not EDTF."""
    return _write(value, label=True)


# --------------------------------------------------------------------------------------------
# Reading

_QUALIFIERS: Final = {"~": (True, False), "?": (False, True), "%": (True, True)}
_SINGLE: Final = re.compile(
    r"""
    (?P<year>[0-9]{4})
    (?:
        -(?P<month>[0-9]{1,2}|XX)(?:-(?P<day>[0-9]{1,2}|XX))?
      | -Q(?P<quarter>[0-9]+)
      | -H(?P<half>[0-9]+)
      | -W(?P<week>[0-9]+)
    )?
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)
_MASKED_YEAR: Final = re.compile(
    r"(?P<digits>[0-9]{1,3})(?P<mask>X{1,3})|(?P<s>[0-9]{3})0s", re.IGNORECASE
)
_DATETIME: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}", re.ASCII)
_SEASONS: Final = "seasons (21-24) are not supported"
_SUB_YEAR: Final = {
    **dict.fromkeys(range(21, 25), _SEASONS),
    **dict.fromkeys(range(25, 33), "hemisphere seasons (25-32) are not supported"),
    **dict.fromkeys(range(37, 40), "quadrimesters (37-39) are not supported"),
}
_MAX_DIGITS: Final = 4
_TOO_LONG: Final = 10**_MAX_DIGITS


def parse_error(text: str, reason: str) -> DateParseError:
    """Return the error for *text* that *reason* explains, listing the accepted forms."""
    shown = text if len(text) <= 80 else f"{text[:60]}...({len(text)} characters)"
    return DateParseError(
        f"cannot parse {shown!r} as a date: {reason}. Accepted forms: {ACCEPTED_FORMS}"
    )


def _check(text: str, *, ok: bool, reason: str) -> None:
    if not ok:
        raise parse_error(text, reason)


def _small_int(digits: str) -> int:
    """Return *digits* as an int, or a value beyond every range if it is absurdly long."""
    return int(digits) if len(digits) <= _MAX_DIGITS else _TOO_LONG


def _shown(digits: str) -> str:
    """Return *digits* for a message, shortened if absurdly long."""
    return digits if len(digits) <= _MAX_DIGITS else f"{digits[:4]}...({len(digits)} digits)"


def _unit(d: dt.date, precision: Precision, approximate: bool, uncertain: bool) -> Parsed:  # noqa: FBT001
    first, last = unit_bounds(d, precision)
    return Parsed(first, last, precision, approximate, uncertain)


def from_datetime(value: dt.datetime, text: str | None = None) -> Parsed:
    """Return the UTC calendar day of an aware datetime (or a naive one at midnight)."""
    shown = value.isoformat() if text is None else text
    if value.tzinfo is None or value.utcoffset() is None:
        if value.time() == dt.time(0):
            return _unit(value.date(), Precision.DAY, approximate=False, uncertain=False)
        msg = (
            f"{shown!r} is a naive datetime (no timezone) with a time of day, so its "
            "calendar day is ambiguous. Attach a timezone (e.g. '+00:00' or tzinfo=UTC), "
            "or pass just the date"
        )
        raise NaiveDatetimeError(msg)
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError:
        reason = f"its UTC day falls outside the years 0001 to 9999 ({value.isoformat()})"
        raise parse_error(shown, reason) from None
    return _unit(utc.date(), Precision.DAY, approximate=False, uncertain=False)


def _level2_hint(body: str) -> str | None:
    """Return why a text that matches nothing is out of scope, if it has a known shape."""
    hints = (
        (body.startswith("-"), "negative years (before year 1) are not supported"),
        (body[:1] in "Yy" and body != "", "years beyond 9999 (the 'Y' prefix) are not supported"),
        (body[:1] in "[{", "sets of dates ([...] and {...}, EDTF level 2) are not supported"),
        (
            any(c in body for c in "~?%"),
            (
                "a qualifier (~ ? %) on one component (EDTF level 2) is not supported; "
                "qualify the whole date with one trailing ~, ? or %"
            ),
        ),
        (
            bool(re.match(r"[0-9]{0,3}X", body, re.IGNORECASE)) and "-" in body,
            "unspecified digits in the year of a fuller date (EDTF level 2) are not supported",
        ),
        (body[:1] in "Xx" and body != "", "an unspecified year (EDTF level 2) is not supported"),
        (
            "E" in body[1:] or "S" in body[1:],
            "exponential years and significant digits (EDTF level 2) are not supported",
        ),
    )
    return next((reason for hit, reason in hints if hit), None)


def _parse_single(part: str, whole: str) -> Parsed:
    """Parse one date expression without '/' (qualifier included)."""
    body = part
    approximate = uncertain = False
    if body and body[-1] in _QUALIFIERS:
        approximate, uncertain = _QUALIFIERS[body[-1]]
        body = body[:-1]
    if _DATETIME.match(body):
        _check(whole, ok=not (approximate or uncertain), reason="qualifiers do not apply to a time")
        try:
            value = dt.datetime.fromisoformat(body)
        except ValueError:
            reason = f"{body!r} looks like a datetime but is not valid ISO 8601"
            raise parse_error(whole, reason) from None
        return from_datetime(value, whole)
    if match := _MASKED_YEAR.fullmatch(body):
        return _masked_year(match, part, whole, approximate=approximate, uncertain=uncertain)
    match = _SINGLE.fullmatch(body)
    if match is None:
        if hint := _level2_hint(body):
            raise parse_error(whole, hint)
        prefix = _SINGLE.match(body)
        pos = prefix.end() if prefix else 0
        where = f"at character {pos + 1} ({body[pos]!r})" if pos < len(body) else "at the end"
        in_part = f" of {part!r}" if part != whole else ""
        raise parse_error(whole, f"no accepted form matches: reading stopped {where}{in_part}")
    return _parse_calendar(match, part, whole, approximate=approximate, uncertain=uncertain)


def _masked_year(
    match: re.Match[str], part: str, whole: str, *, approximate: bool, uncertain: bool
) -> Parsed:
    """Read ``202X``/``2020s`` (a decade), ``20XX`` (a century) and ``2XXX`` (a millennium)."""
    digits = match["s"] or match["digits"]
    width = 4 - len(digits)
    what = "decade" if width == 1 else "century" if width == 2 else "millennium"
    _check(whole, ok=int(digits) >= 1, reason=f"{what} {part!r} starts before year 0010")
    first, last = int(digits) * 10**width, (int(digits) + 1) * 10**width - 1
    lo, hi = pendulum.Date(first, 1, 1), pendulum.Date(last, 12, 31)
    if width == 1:
        return Parsed(lo, hi, Precision.DECADE, approximate, uncertain)
    # No precision is coarser than a decade: a century is the range of its decades.
    form = EndForm("known", Precision.DECADE, approximate=approximate, uncertain=uncertain)
    return Parsed(lo, hi, Precision.DECADE, approximate, uncertain, (form, form))


def _labelled(
    match: re.Match[str], whole: str, year: int, *, approximate: bool, uncertain: bool
) -> Parsed:
    """Build a year, or a quarter, half or week written with its letter (``2024-Q4``)."""
    flags = {"approximate": approximate, "uncertain": uncertain}
    if match["quarter"] is not None:
        q = _small_int(match["quarter"])
        _check(
            whole, ok=1 <= q <= 4, reason=f"quarter Q{_shown(match['quarter'])} is not in Q1..Q4"
        )
        return _unit(dt.date(year, 3 * q - 2, 1), Precision.QUARTER, **flags)
    if match["half"] is not None:
        h = _small_int(match["half"])
        _check(whole, ok=h in (1, 2), reason=f"half H{_shown(match['half'])} is not H1 or H2")
        return _unit(dt.date(year, 6 * h - 5, 1), Precision.HALF, **flags)
    if match["week"] is not None:
        w = _small_int(match["week"])
        weeks_in_year = dt.date(year, 12, 28).isocalendar()[1]
        reason = f"ISO week W{_shown(match['week'])} is not in W01..W{weeks_in_year}"
        _check(whole, ok=1 <= w <= weeks_in_year, reason=reason)
        return _unit(dt.date.fromisocalendar(year, w, 1), Precision.WEEK, **flags)
    return _unit(dt.date(year, 1, 1), Precision.YEAR, **flags)


def _parse_calendar(
    match: re.Match[str], part: str, whole: str, *, approximate: bool, uncertain: bool
) -> Parsed:
    """Build what a match of ``_SINGLE`` names, checking every component's range."""
    year = int(match["year"])
    _check(whole, ok=year >= 1, reason="year 0000 is not a calendar year (years start at 0001)")
    flags = {"approximate": approximate, "uncertain": uncertain}
    jan1 = dt.date(year, 1, 1)
    if match["month"] is None:
        return _labelled(match, whole, year, **flags)
    month_text, day_text = match["month"], match["day"]
    if month_text.upper() == "XX":
        unspecified_day = day_text is None or day_text.upper() == "XX"
        reason = f"{part!r} names a day of an unspecified month (EDTF level 2): not supported"
        _check(whole, ok=unspecified_day, reason=reason)
        return _unit(jan1, Precision.YEAR, **flags)
    month = int(month_text)
    if day_text is None:
        if month in (33, 34, 35, 36):
            return _unit(dt.date(year, 3 * (month - 33) + 1, 1), Precision.QUARTER, **flags)
        if month in (40, 41):
            return _unit(dt.date(year, 1 if month == 40 else 7, 1), Precision.HALF, **flags)
        if month in _SUB_YEAR:
            raise parse_error(whole, f"{_SUB_YEAR[month]} ({part!r})")
    _check(
        whole,
        ok=1 <= month <= 12,
        reason=f"month {month:02d} in {part!r} is not in 01..12"
        + ("" if day_text else " (nor a sub-year code 33..36 or 40..41)"),
    )
    if day_text is None or day_text.upper() == "XX":
        return _unit(dt.date(year, month, 1), Precision.MONTH, **flags)
    day = int(day_text)
    last = last_day(year, month)
    reason = f"day {day} in {part!r} is not in 01..{last} ({MONTH_NAMES[month]} {year})"
    _check(whole, ok=1 <= day <= last, reason=reason)
    return _unit(dt.date(year, month, day), Precision.DAY, **flags)


def _non_ascii_digit(text: str) -> str | None:
    return next((c for c in text if c.isdigit() and not c.isascii()), None)


def parse(text: str) -> Parsed:
    """Read one EDTF/ISO date expression (see the module docstring for the forms)."""
    if (digit := _non_ascii_digit(text)) is not None:
        raise parse_error(text, f"{digit!r} is not an ASCII digit; write dates with 0-9 only")
    stripped = text.strip()
    if not stripped:
        raise parse_error(text, "the text is empty")
    if "/" not in stripped:
        return _parse_single(stripped, text)
    parts = stripped.split("/")
    if len(parts) != 2:
        raise parse_error(text, f"an interval has one '/', this has {len(parts) - 1}")
    lo_text, hi_text = (p.strip() for p in parts)
    lo = None if lo_text in ("", "..") else _parse_single(lo_text, text)
    hi = None if hi_text in ("", "..") else _parse_single(hi_text, text)
    if lo is not None and hi is not None and lo.earliest > hi.latest:
        reason = (
            f"the interval is inverted: it starts with {lo_text!r} ({lo.earliest}) after "
            f"it ends with {hi_text!r} ({hi.latest}); write the earlier end first"
        )
        raise parse_error(text, reason)
    return interval(lo, hi, open_start=lo_text == "..", open_end=hi_text == "..")


def interval(
    lo: Parsed | DateFields | None,
    hi: Parsed | DateFields | None,
    *,
    open_start: bool,
    open_end: bool,
) -> Parsed:
    """Return some day from the start of *lo* to the end of *hi* (None: open or unknown).

    The precision is the finer of the known ends' forms (a week end is a day end: EDTF
    writes no week, so only a lone week keeps week precision); the whole is approximate
    (uncertain) if an end is, and each end keeps its own form. A range that is one unit
    stated alike at both ends collapses to that unit.
    """
    lo_form = end_form_of(lo, start=True) if lo else (OPEN if open_start else UNKNOWN)
    hi_form = end_form_of(hi, start=False) if hi else (OPEN if open_end else UNKNOWN)
    known = [p for p in (lo, hi) if p is not None]
    forms = [f for f in (lo_form, hi_form) if f.is_known]
    precision = min((f.precision for f in forms), default=Precision.DAY)
    approximate = any(p.approximate for p in known)
    uncertain = any(p.uncertain for p in known)
    earliest = MIN_DATE if lo is None else lo.earliest
    latest = MAX_DATE if hi is None else hi.latest
    same = EndForm("known", precision, approximate=approximate, uncertain=uncertain)
    if lo_form == hi_form == same and unit_bounds(earliest, precision) == (earliest, latest):
        return Parsed(earliest, latest, precision, approximate, uncertain)
    return Parsed(earliest, latest, precision, approximate, uncertain, (lo_form, hi_form))


__all__ += ["end_precision", "interval"]
