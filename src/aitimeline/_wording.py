"""Dates in words: ``describe`` writes them, :func:`read` (``When.from_text``) reads them back.

``When.parse`` is the strict EDTF/ISO reader. This module is the separate, explicit reader of
wording people write: "12 September 2024", "Sept. 12, 2024", "Q4 2024", "early 2025",
"mid-2023", "late September 2024", "before 2025-01-20", and everything ``describe`` writes.
Vague words never become a guessed day: "early", "mid" and "late" name documented parts of a
year or month, set by a :class:`Reading` policy.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

import attrs
import pendulum

from aitimeline._calendar import (
    MAX_DATE,
    MIN_DATE,
    UNITS,
    EndForm,
    Precision,
    from_ordinal,
    last_day,
    unit_bounds,
)
from aitimeline._edtf import (
    OPEN,
    UNKNOWN,
    DateFields,
    Parsed,
    default_ends,
    end_precision,
    interval,
    parse,
)
from aitimeline.exceptions import DateError, DateParseError

__all__ = ["READ_FORMS", "Reading", "describe", "read"]

READ_FORMS: Final = (
    "'12 September 2024', 'Sept. 12, 2024', 'September 2024', 'week 37 of 2024', 'Q4 2024', "
    "'H2 2024', '2024', 'the 2020s', 'early 2025', 'mid-2023', 'late September 2024', "
    "'about X', 'X (uncertain)', 'possibly X', 'before X', 'on or before X', 'after X', "
    "'on or after X', 'between X and Y', 'at an unknown time', or any form When.parse reads"
)


# --------------------------------------------------------------------------------------------
# Writing


def _qualified(text: str, *, approximate: bool, uncertain: bool) -> str:
    if approximate:
        text = f"about {text}"
    if uncertain:
        text = f"{text} (uncertain)"
    return text


def _end_words(d: dt.date, form: EndForm) -> str:
    """Return one end in words, its own qualifier in front ("possibly about 1984")."""
    words = UNITS[form.precision].words(d)
    if form.approximate:
        words = f"about {words}"
    return f"possibly {words}" if form.uncertain else words


def describe(value: DateFields) -> str:
    """Return English words for *value*, such as ``'September 2024'`` or ``'about Q4 2024'``."""
    if value.ends is None:
        words = UNITS[value.precision].words(value.earliest)
        return _qualified(words, approximate=value.approximate, uncertain=value.uncertain)
    lo, hi = value.ends
    notes = [f"{side} unknown" for side, f in (("start", lo), ("end", hi)) if f.state == "unknown"]
    flags = {"approximate": value.approximate, "uncertain": value.uncertain}
    known = [f for f in (lo, hi) if f.is_known]
    alike = all((f.approximate, f.uncertain) == tuple(flags.values()) for f in known)
    if alike:  # one qualifier for the whole range: "about between X and Y"
        lo, hi = (attrs.evolve(f, approximate=False, uncertain=False) for f in (lo, hi))
    if not lo.is_known and not hi.is_known:
        text = "at an unknown time"
    elif not lo.is_known:
        text = f"on or before {_end_words(value.latest, hi)}"
    elif not hi.is_known:
        text = f"on or after {_end_words(value.earliest, lo)}"
    else:
        text = f"between {_end_words(value.earliest, lo)} and {_end_words(value.latest, hi)}"
    if alike and known:
        text = _qualified(text, **flags)
    return f"{text} ({', '.join(notes)})" if notes else text


# --------------------------------------------------------------------------------------------
# The reading policy


def _check_parts(
    instance: Reading, attribute: attrs.Attribute[tuple[int, int]], value: tuple[int, int]
) -> None:
    top = 12 if attribute.name.endswith("_year") else 31
    lo, hi = value
    if not (1 <= lo <= hi <= top):
        unit = "months 1..12" if top == 12 else "days 1..31"
        msg = f"{attribute.name}={value!r} is not a range of {unit} with first <= last"
        raise DateError(msg)
    del instance


@attrs.frozen
class Reading:
    """How :meth:`When.from_text` reads vague words: the part of a unit each word names.

    The defaults split a year into thirds by month and a month into thirds by day:

    ==========  =======================  ======================
    word        of a year (months)       of a month (days)
    ==========  =======================  ======================
    ``early``   January to April         1st to 10th
    ``mid``     May to August            11th to 20th
    ``late``    September to December    21st to the last day
    ==========  =======================  ======================

    >>> from aitimeline import When
    >>> When.from_text("early 2025").to_edtf()
    '2025-01/2025-04'
    >>> When.from_text("late September 2024", reading=Reading(late_month=(16, 31))).to_edtf()
    '2024-09-16/2024-09-30'
    """

    early_year: tuple[int, int] = attrs.field(default=(1, 4), validator=_check_parts)
    """The months "early YEAR" names."""
    mid_year: tuple[int, int] = attrs.field(default=(5, 8), validator=_check_parts)
    """The months "mid YEAR" names."""
    late_year: tuple[int, int] = attrs.field(default=(9, 12), validator=_check_parts)
    """The months "late YEAR" names."""
    early_month: tuple[int, int] = attrs.field(default=(1, 10), validator=_check_parts)
    """The days "early MONTH YEAR" names (clamped to the month's length)."""
    mid_month: tuple[int, int] = attrs.field(default=(11, 20), validator=_check_parts)
    """The days "mid MONTH YEAR" names."""
    late_month: tuple[int, int] = attrs.field(default=(21, 31), validator=_check_parts)
    """The days "late MONTH YEAR" names."""
    approximate: bool = attrs.field(default=False, kw_only=True)
    """Whether to mark what early/mid/late name as approximate (``~``)."""


# --------------------------------------------------------------------------------------------
# Reading

_MONTHS: Final = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_MONTH: Final = r"(?P<month>[a-z]+)\.?"
_YEAR: Final = r"(?P<year>[0-9]{4})"
_PATTERNS: Final = (
    ("day", re.compile(rf"(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)? {_MONTH},? {_YEAR}")),
    ("day", re.compile(rf"{_MONTH} (?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,? {_YEAR}")),
    ("month", re.compile(rf"{_MONTH},? {_YEAR}")),
    ("week", re.compile(rf"week (?P<n>[0-9]{{1,2}}) of {_YEAR}")),
    ("quarter", re.compile(rf"q(?P<n>[0-9]) {_YEAR}")),
    ("quarter", re.compile(rf"{_YEAR} q(?P<n>[0-9])")),
    ("half", re.compile(rf"h(?P<n>[0-9]) {_YEAR}")),
    ("half", re.compile(rf"{_YEAR} h(?P<n>[0-9])")),
    ("decade", re.compile(r"(?:the )?(?P<decade>[0-9]{3}0)s")),
    ("year", re.compile(_YEAR)),
)
_PART: Final = re.compile(r"(?P<part>early|mid|late)[- ](?P<rest>.+)")
_NOTES: Final = re.compile(r"(?P<rest>.*?) \((?P<notes>(?:start|end) unknown(?:, end unknown)?)\)")


class _Unreadable(Exception):  # noqa: N818 - private signal, turned into a DateParseError
    """Why a wording cannot be read; :func:`read` quotes the original text around it."""


def _error(text: str, reason: str) -> DateParseError:
    shown = text if len(text) <= 80 else f"{text[:60]}...({len(text)} characters)"
    return DateParseError(
        f"cannot read {shown!r} as a date in words: {reason}. Forms read: {READ_FORMS}"
    )


def _unit(d: dt.date, precision: Precision) -> Parsed:
    return Parsed(*unit_bounds(d, precision), precision)


def _calendar_unit(kind: str, m: re.Match[str]) -> Parsed:
    year = int(m["year"])
    if year < 1:
        raise _Unreadable("year 0000 is not a calendar year")
    if kind in ("day", "month"):
        month = _MONTHS.get(m["month"])
        if month is None:
            msg = f"{m['month']!r} is not an English month name"
            raise _Unreadable(msg)
        if kind == "month":
            return _unit(dt.date(year, month, 1), Precision.MONTH)
        day = int(m["day"])
        if not 1 <= day <= last_day(year, month):
            msg = f"day {day} is not a day of {m['month']} {year}"
            raise _Unreadable(msg)
        return _unit(dt.date(year, month, day), Precision.DAY)
    if kind == "year":
        return _unit(dt.date(year, 1, 1), Precision.YEAR)
    n = int(m["n"])
    limits = {"week": dt.date(year, 12, 28).isocalendar()[1], "quarter": 4, "half": 2}
    if not 1 <= n <= limits[kind]:
        msg = f"{kind} {n} is not in 1..{limits[kind]}"
        raise _Unreadable(msg)
    if kind == "week":
        return _unit(dt.date.fromisocalendar(year, n, 1), Precision.WEEK)
    months_per = 3 if kind == "quarter" else 6
    precision = Precision.QUARTER if kind == "quarter" else Precision.HALF
    return _unit(dt.date(year, months_per * (n - 1) + 1, 1), precision)


def _plain(text: str) -> Parsed:
    """Read one date without qualifiers or relations: a unit in words, or strict EDTF."""
    for kind, pattern in _PATTERNS:
        if m := pattern.fullmatch(text):
            if kind == "decade":
                year = int(m["decade"])
                if year < 10:
                    raise _Unreadable("decades start at the 0010s")
                return _unit(dt.date(year, 1, 1), Precision.DECADE)
            return _calendar_unit(kind, m)
    return parse(text.upper() if re.fullmatch(r"[0-9xqhw/.~?%-]+", text) else text)


def _part(part: str, rest: str, reading: Reading) -> Parsed:
    unit = _plain(rest)
    if unit.ends is not None or unit.precision not in (Precision.MONTH, Precision.YEAR):
        msg = f"'{part}' applies to a month or a year, not {rest!r}"
        raise _Unreadable(msg)
    lo, hi = getattr(reading, f"{part}_{'year' if unit.precision is Precision.YEAR else 'month'}")
    y, month = unit.earliest.year, unit.earliest.month
    flags = {"approximate": reading.approximate, "uncertain": False}
    if unit.precision is Precision.YEAR:
        first, last = pendulum.Date(y, lo, 1), pendulum.Date(y, hi, last_day(y, hi))
        precision = Precision.MONTH
    else:
        end = last_day(y, month)
        first, last = pendulum.Date(y, month, min(lo, end)), pendulum.Date(y, month, min(hi, end))
        precision = Precision.DAY
    ends = default_ends(first, last, precision, **flags)
    return Parsed(first, last, precision, ends=ends, **flags)


def _qualified_end(text: str, reading: Reading) -> Parsed:
    """Read one date that may carry 'about', '(uncertain)' or early/mid/late."""
    approximate = uncertain = False
    if m := re.fullmatch(r"possibly (?P<rest>.+)", text):
        uncertain, text = True, m["rest"]
    if m := re.fullmatch(r"(?:about|around|circa|c\.|approximately|approx\.) (?P<rest>.+)", text):
        approximate, text = True, m["rest"]
    if m := re.fullmatch(r"(?P<rest>.+) \(uncertain\)", text):
        uncertain, text = True, m["rest"]
    m = _PART.fullmatch(text)
    value = _part(m["part"], m["rest"], reading) if m else _plain(text)
    if not (approximate or uncertain):
        return value
    if value.ends is not None:
        raise _Unreadable("'about' and '(uncertain)' apply to one date, not to a range")
    return attrs.evolve(
        value,
        approximate=value.approximate or approximate,
        uncertain=value.uncertain or uncertain,
    )


def _strictly(value: Parsed, *, before: bool) -> Parsed:
    """Return the days strictly before (after) *value*, open on the far side."""
    if before:
        last = from_ordinal(value.earliest.toordinal() - 1)
        hi = EndForm("known", end_precision(last, value.precision, start=False))
        return Parsed(MIN_DATE, last, hi.precision, ends=(OPEN, hi))
    first = from_ordinal(value.latest.toordinal() + 1)
    lo = EndForm("known", end_precision(first, value.precision, start=True))
    return Parsed(first, MAX_DATE, lo.precision, ends=(lo, OPEN))


def _with_notes(value: Parsed, notes: str) -> Parsed:
    if value.ends is None:
        return value
    lo, hi = value.ends
    lo = UNKNOWN if "start unknown" in notes and not lo.is_known else lo
    hi = UNKNOWN if "end unknown" in notes and not hi.is_known else hi
    return attrs.evolve(value, ends=(lo, hi))


def read(text: object, reading: Reading) -> Parsed:
    """Read dates in words (see :data:`READ_FORMS`); raise DateParseError otherwise."""
    if not isinstance(text, str):
        msg = f"cannot read {text!r} ({type(text).__name__}) as a date in words; expected a string"
        raise DateParseError(msg)
    if any(c.isdigit() and not c.isascii() for c in text):
        raise _error(text, "write numbers with the ASCII digits 0-9 only")
    norm = " ".join(text.strip().lower().split())
    if not norm:
        raise _error(text, "the text is empty")
    try:
        return parse(text)
    except DateError:
        pass  # not strict EDTF: read it as words
    notes = ""
    if m := _NOTES.fullmatch(norm):
        norm, notes = m["rest"], m["notes"]
    try:
        value = _relation(norm, reading)
    except _Unreadable as exc:
        raise _error(text, str(exc)) from None
    except DateParseError as exc:
        strict = str(exc).split(": ", 1)[-1].split(". Accepted forms")[0]
        words = re.search(r"[a-gi-pr-vyz]", norm) is not None  # letters no EDTF form uses
        raise _error(text, "no wording of a date matches" if words else strict) from None
    return _with_notes(value, notes)


_RELATIONS: Final = re.compile(r"(?:between|on or before|on or after|before|after) .+")


def _relation(norm: str, reading: Reading) -> Parsed:
    """Read a relation, qualified as a whole ("about between X and Y") or not."""
    approximate = uncertain = False
    if (m := re.fullmatch(r"about (?P<rest>.+)", norm)) and _RELATIONS.fullmatch(m["rest"]):
        approximate, norm = True, m["rest"]
    if (m := re.fullmatch(r"(?P<rest>.+) \(uncertain\)", norm)) and _RELATIONS.fullmatch(m["rest"]):
        uncertain, norm = True, m["rest"]
    value = _bare_relation(norm, reading)
    if not (approximate or uncertain) or value.ends is None:
        return value
    lo, hi = (
        attrs.evolve(f, approximate=approximate, uncertain=uncertain) if f.is_known else f
        for f in value.ends
    )
    ends = (lo, hi)
    return attrs.evolve(value, approximate=approximate, uncertain=uncertain, ends=ends)


def _bare_relation(norm: str, reading: Reading) -> Parsed:
    if norm == "at an unknown time":
        return Parsed(MIN_DATE, MAX_DATE, Precision.DAY, ends=(OPEN, OPEN))
    if m := re.fullmatch(r"between (?P<a>.+?) and (?P<b>.+)", norm):
        a, b = _qualified_end(m["a"], reading), _qualified_end(m["b"], reading)
        if a.earliest > b.latest:
            msg = f"{m['a']!r} is after {m['b']!r}; write the earlier first"
            raise _Unreadable(msg)
        return interval(a, b, open_start=False, open_end=False)
    if m := re.fullmatch(r"(?P<op>on or before|on or after|before|after) (?P<x>.+)", norm):
        x = _qualified_end(m["x"], reading)
        op = m["op"]
        if op == "on or before":
            return interval(None, x, open_start=True, open_end=False)
        if op == "on or after":
            return interval(x, None, open_start=False, open_end=True)
        if (op == "before" and x.earliest == MIN_DATE) or (op == "after" and x.latest == MAX_DATE):
            raise _Unreadable("no day of the calendar lies there")
        return _strictly(x, before=op == "before")
    return _qualified_end(norm, reading)
