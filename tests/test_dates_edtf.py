"""EDTF measured against the specification's own examples (the yardstick of docs/dates.md).

The table gathers the examples of the EDTF specification (Library of Congress, levels 0-2) and
the inputs that python-edtf's and edtf-validate's test suites use for the same features; it is
written here, not copied from their code. Each row is in design (the days it names, and, for
inputs already in canonical form, the exact text ``to_edtf`` must give back) or out of design
(the words the error must use to name the real problem).

``yardstick(parse)`` scores any reader by the same rules, so the figures in docs/dates.md are
reproducible: run ``python tests/test_dates_edtf.py`` with the package under test importable.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any, Final

import pytest

from aitimeline import Precision, Span, When
from aitimeline.exceptions import DateError, DateParseError

OPEN_END: Final = "9999-12-31"
OPEN_START: Final = "0001-01-01"

# (level, text, expected): expected is (earliest, latest, canonical text or None) when the
# input is in design, or a phrase the error message must contain when it is not.
Row = tuple[int, str, tuple[str, str, str | None] | str]
TABLE: Final[tuple[Row, ...]] = (
    # -- level 0 ---------------------------------------------------------------------------
    (0, "1985-04-12", ("1985-04-12", "1985-04-12", "1985-04-12")),
    (0, "1985-04", ("1985-04-01", "1985-04-30", "1985-04")),
    (0, "1985", ("1985-01-01", "1985-12-31", "1985")),
    (0, "2001-02-03", ("2001-02-03", "2001-02-03", "2001-02-03")),
    (0, "2008-12", ("2008-12-01", "2008-12-31", "2008-12")),
    (0, "2008", ("2008-01-01", "2008-12-31", "2008")),
    (0, "1985-04-12T23:20:30Z", ("1985-04-12", "1985-04-12", None)),
    (0, "1985-04-12T23:20:30-04", ("1985-04-13", "1985-04-13", None)),
    (0, "1985-04-12T23:20:30+04:30", ("1985-04-12", "1985-04-12", None)),
    (0, "2004-01-01T10:10:10Z", ("2004-01-01", "2004-01-01", None)),
    (0, "2004-01-01T10:10:10+05:00", ("2004-01-01", "2004-01-01", None)),
    (0, "1964/2008", ("1964-01-01", "2008-12-31", "1964/2008")),
    (0, "2004-06/2006-08", ("2004-06-01", "2006-08-31", "2004-06/2006-08")),
    (0, "2004-02-01/2005-02-08", ("2004-02-01", "2005-02-08", "2004-02-01/2005-02-08")),
    (0, "2004-02-01/2005-02", ("2004-02-01", "2005-02-28", "2004-02-01/2005-02")),
    (0, "2004-02-01/2005", ("2004-02-01", "2005-12-31", "2004-02-01/2005")),
    (0, "2005/2006-02", ("2005-01-01", "2006-02-28", "2005/2006-02")),
    (0, "0001", ("0001-01-01", "0001-12-31", "0001")),
    (0, "9999", ("9999-01-01", "9999-12-31", "9999")),
    (0, "9999-12-31", ("9999-12-31", "9999-12-31", "9999-12-31")),
    (0, "0001-01-01", ("0001-01-01", "0001-01-01", "0001-01-01")),
    (0, "0001/9999", ("0001-01-01", "9999-12-31", "0001/9999")),
    (0, "1985-04-12T23:20:30", "naive datetime"),
    (0, "2001-02-03T09:30:01", "naive datetime"),
    (0, "-0999", "negative years"),
    (0, "-2005/-1999-02", "negative years"),
    (0, "0000", "year 0000"),
    (0, "9999-12-31T23:00:00-05:00", "outside the years"),
    # -- level 1 ---------------------------------------------------------------------------
    (1, "1984?", ("1984-01-01", "1984-12-31", "1984?")),
    (1, "2004-06~", ("2004-06-01", "2004-06-30", "2004-06~")),
    (1, "2004-06-11%", ("2004-06-11", "2004-06-11", "2004-06-11%")),
    (1, "2004-06-11?", ("2004-06-11", "2004-06-11", "2004-06-11?")),
    (1, "2004-06?", ("2004-06-01", "2004-06-30", "2004-06?")),
    (1, "1984~", ("1984-01-01", "1984-12-31", "1984~")),
    (1, "1984%", ("1984-01-01", "1984-12-31", "1984%")),
    (1, "201X", ("2010-01-01", "2019-12-31", "201X")),
    (1, "199X", ("1990-01-01", "1999-12-31", "199X")),
    (1, "20XX", ("2000-01-01", "2099-12-31", None)),
    (1, "19XX", ("1900-01-01", "1999-12-31", None)),
    (1, "16XX~", ("1600-01-01", "1699-12-31", None)),
    (1, "2004-XX", ("2004-01-01", "2004-12-31", None)),
    (1, "1999-XX", ("1999-01-01", "1999-12-31", None)),
    (1, "1985-04-XX", ("1985-04-01", "1985-04-30", None)),
    (1, "1999-01-XX", ("1999-01-01", "1999-01-31", None)),
    (1, "1985-XX-XX", ("1985-01-01", "1985-12-31", None)),
    (1, "1999-XX-XX", ("1999-01-01", "1999-12-31", None)),
    (1, "1985-04-12/..", ("1985-04-12", OPEN_END, "1985-04-12/..")),
    (1, "1985-04/..", ("1985-04-01", OPEN_END, "1985-04/..")),
    (1, "1985/..", ("1985-01-01", OPEN_END, "1985/..")),
    (1, "2004-01-01/..", ("2004-01-01", OPEN_END, "2004-01-01/..")),
    (1, "../1985-04-12", (OPEN_START, "1985-04-12", "../1985-04-12")),
    (1, "../1985-04", (OPEN_START, "1985-04-30", "../1985-04")),
    (1, "../1985", (OPEN_START, "1985-12-31", "../1985")),
    (1, "../2006", (OPEN_START, "2006-12-31", "../2006")),
    (1, "1985-04-12/", ("1985-04-12", OPEN_END, "1985-04-12/")),
    (1, "1985-04/", ("1985-04-01", OPEN_END, "1985-04/")),
    (1, "1985/", ("1985-01-01", OPEN_END, "1985/")),
    (1, "2004-06-01/", ("2004-06-01", OPEN_END, "2004-06-01/")),
    (1, "/1985-04-12", (OPEN_START, "1985-04-12", "/1985-04-12")),
    (1, "/1985-04", (OPEN_START, "1985-04-30", "/1985-04")),
    (1, "/1985", (OPEN_START, "1985-12-31", "/1985")),
    (1, "/2006", (OPEN_START, "2006-12-31", "/2006")),
    (1, "../..", (OPEN_START, OPEN_END, "../..")),
    (1, "../", (OPEN_START, OPEN_END, "../")),
    (1, "/..", (OPEN_START, OPEN_END, "/..")),
    (1, "1984~/2004-06", ("1984-01-01", "2004-06-30", "1984~/2004-06")),
    (1, "1984/2004-06~", ("1984-01-01", "2004-06-30", "1984/2004-06~")),
    (1, "1984~/2004~", ("1984-01-01", "2004-12-31", "1984~/2004~")),
    (1, "1984?/2004%", ("1984-01-01", "2004-12-31", "1984?/2004%")),
    (1, "1984-06?/2004-08?", ("1984-06-01", "2004-08-31", "1984-06?/2004-08?")),
    (1, "1984-06-02?/2004-08-08~", ("1984-06-02", "2004-08-08", "1984-06-02?/2004-08-08~")),
    (1, "1984-06-02?/", ("1984-06-02", OPEN_END, "1984-06-02?/")),
    (1, "2019-12/2020%", ("2019-12-01", "2020-12-31", "2019-12/2020%")),
    (1, "Y170000002", "beyond 9999"),
    (1, "Y-170000002", "beyond 9999"),
    (1, "-1985", "negative years"),
    (1, "-0275~", "negative years"),
    (1, "-0001~", "negative years"),
    (1, "0000~", "year 0000"),
    (1, "2001-21", "seasons (21-24)"),
    (1, "2003-22", "seasons (21-24)"),
    (1, "2000-23", "seasons (21-24)"),
    (1, "2010-24", "seasons (21-24)"),
    # -- level 2 ---------------------------------------------------------------------------
    (2, "2001-33", ("2001-01-01", "2001-03-31", "2001-33")),
    (2, "2001-34", ("2001-04-01", "2001-06-30", "2001-34")),
    (2, "2024-35", ("2024-07-01", "2024-09-30", "2024-35")),
    (2, "2024-36", ("2024-10-01", "2024-12-31", "2024-36")),
    (2, "2024-40", ("2024-01-01", "2024-06-30", "2024-40")),
    (2, "2024-41", ("2024-07-01", "2024-12-31", "2024-41")),
    (2, "2024-36~", ("2024-10-01", "2024-12-31", "2024-36~")),
    (2, "196X", ("1960-01-01", "1969-12-31", "196X")),
    (2, "2004-06-XX/2004-07-03", ("2004-06-01", "2004-07-03", "2004-06/2004-07-03")),
    (2, "2001-29", "hemisphere seasons (25-32)"),
    (2, "2001-25", "hemisphere seasons (25-32)"),
    (2, "2001-37", "quadrimesters (37-39)"),
    (2, "2004?-06-11", "qualifier (~ ? %) on one component"),
    (2, "2004-06~-11", "qualifier (~ ? %) on one component"),
    (2, "2004-06-~11", "qualifier (~ ? %) on one component"),
    (2, "2004-%06", "qualifier (~ ? %) on one component"),
    (2, "2004-?06-?11", "qualifier (~ ? %) on one component"),
    (2, "?2004-%06", "qualifier (~ ? %) on one component"),
    (2, "2004-06-~01/2004-06-~20", "qualifier (~ ? %) on one component"),
    (2, "156X-12-25", "unspecified digits in the year"),
    (2, "15XX-12-25", "unspecified digits in the year"),
    (2, "15XX-12-XX", "unspecified digits in the year"),
    (2, "XXXX-XX-23", "unspecified digits in the year"),
    (2, "1560-XX-25", "unspecified month"),
    (2, "[1667, 1668, 1670..1672]", "sets of dates"),
    (2, "[..1760-12-03]", "sets of dates"),
    (2, "[1760-12..]", "sets of dates"),
    (2, "{1667,1668, 1670..1672}", "sets of dates"),
    (2, "{1960, 1961-12}", "sets of dates"),
    (2, "Y17E7", "beyond 9999"),
    (2, "Y-17E7", "beyond 9999"),
    (2, "1950S2", "significant digits"),
)

_EDTF_CHARS: Final = re.compile(r"[0-9X./~?%-]*")
"""The characters of the EDTF text written for day-granular values (no Q, H or W)."""


def _iso(d: Any) -> str:
    return str(d.isoformat())


def _right(parse: Callable[[str], Any], text: str, expected: tuple[str, str, str | None]) -> bool:
    """Whether *parse* reads an in-design string right and writes EDTF that reads back."""
    earliest, latest, canonical = expected
    try:
        w = parse(text)
        written = w.to_edtf()
        again = parse(written)
    except Exception:  # noqa: BLE001 - any exception is a failure to score
        return False
    return (
        (_iso(w.earliest), _iso(w.latest)) == (earliest, latest)
        and bool(_EDTF_CHARS.fullmatch(written))
        and again == w
        and (canonical is None or written == canonical)
    )


def _named(parse: Callable[[str], Any], text: str, phrase: str) -> bool:
    """Whether *parse* refuses an out-of-design string with an error that names the problem."""
    try:
        parse(text)
    except DateError as exc:
        return phrase in str(exc)
    except Exception:  # noqa: BLE001 - any other exception escaping is a failure to score
        return False
    return False


def yardstick(parse: Callable[[str], Any]) -> dict[tuple[int, str], tuple[int, int]]:
    """Return ``{(level, 'read right' | 'refused by name'): (passed, total)}`` for *parse*."""
    passed: Counter[tuple[int, str]] = Counter()
    total: Counter[tuple[int, str]] = Counter()
    for level, text, expected in TABLE:
        if isinstance(expected, tuple):
            key, ok = (level, "read right"), _right(parse, text, expected)
        else:
            key, ok = (level, "refused by name"), _named(parse, text, expected)
        total[key] += 1
        passed[key] += ok
    return {key: (passed[key], total[key]) for key in sorted(total)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, e) for _, text, e in TABLE if isinstance(e, tuple)],
)
def test_in_design_strings_read_right_and_write_back(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    """Each in-design example names the expected days; its EDTF text reads back equal."""
    w = When.parse(text)
    assert expected[:2] == (_iso(w.earliest), _iso(w.latest))
    written = w.to_edtf()
    assert _EDTF_CHARS.fullmatch(written), written
    assert w == When.parse(written)
    if expected[2] is not None:
        assert expected[2] == written


@pytest.mark.parametrize(
    ("text", "phrase"),
    [(text, e) for _, text, e in TABLE if isinstance(e, str)],
)
def test_out_of_design_strings_are_refused_by_name(text: str, phrase: str) -> None:
    """Each example outside the design raises an error naming the real problem."""
    with pytest.raises(DateError) as info:
        When.parse(text)
    assert phrase in str(info.value)


def test_the_yardstick_is_met_in_full() -> None:
    """Every row of the table passes (the figures of docs/dates.md)."""
    for key, (passed, total) in yardstick(When.parse).items():
        assert total == passed, key


def test_empty_end_is_unknown_and_dots_are_open() -> None:
    """``2022-10-07/`` (unknown end) and ``2022-10-07/..`` (open end) stay apart."""
    unknown, still = When.parse("2022-10-07/"), When.parse("2022-10-07/..")
    assert unknown != still
    assert unknown.is_unknown_end
    assert not still.is_unknown_end
    assert still.is_open_end
    assert unknown.is_open_end  # no known bound either way
    assert "2022-10-07/" == unknown.to_edtf()
    assert "2022-10-07/.." == still.to_edtf()
    ended = Span.parse("2022-10-07/")
    assert not ended.is_open
    assert ended.is_end_unknown
    assert "2022-10-07/" == ended.to_edtf()
    assert ended == Span.parse(ended.to_edtf())
    assert Span.parse("2022-10-07/..").is_open
    assert "2022-10-07/.." == Span.parse("2022-10-07/..").to_edtf()


def test_fully_open_span_and_open_start() -> None:
    """``../..`` is a span that always held; ``../2025`` held from before any record."""
    always = Span.parse("../..")
    assert always.is_open
    assert always.is_open_start
    assert "../.." == always.to_edtf()
    since = Span.parse("../2025")
    assert since.contains("1990").is_true  # an open start holds on every earlier day
    assert "../2025" == since.to_edtf()
    unknown_start = Span.parse("/2025")
    assert unknown_start.is_start_unknown
    assert unknown_start.contains("1990").is_unknown
    assert "/2025" == unknown_start.to_edtf()
    with pytest.raises(DateParseError, match="both ends are empty"):
        Span.parse("/")


def test_unknown_and_open_ends_survive_the_json_codec() -> None:
    """A period whose end is unknown stays unknown through dumps/loads (the end is ``"/"``)."""
    from aitimeline import ExportControl, Timeline, io  # noqa: PLC0415 - the codec's layer

    ban = ExportControl(
        id="ban",
        when="2022-10-07",
        title="A ban lifted on a day nobody knows",
        issuer="US BIS",
        action="ban",
        in_force=Span.parse("2022-10-07/"),
    )
    always = ExportControl(
        id="always",
        when="2022-10-07",
        title="A rule",
        issuer="US BIS",
        action="ban",
        in_force=Span.parse("../.."),
    )
    again = io.loads(io.dumps(Timeline([ban, always])))
    assert ban == again["ban"]
    assert always == again["always"]
    assert again["ban"].in_force is not None
    assert again["ban"].in_force.is_end_unknown
    assert When.parse("/").is_unknown_start
    assert When.parse("/").is_unknown_end


def test_sentinel_years_are_not_open_ends() -> None:
    """The years 0001 and 9999 are calendar units, not the open ends ``..``."""
    for text in ("9999", "0001", "9999-12", "0001-01-01"):
        w = When.parse(text)
        assert not w.is_open_end
        assert not w.is_open_start
        assert text == w.to_edtf()
    assert When.year(9999) != When.parse("9999-01-01/..")


def test_per_end_precision_and_qualifiers_survive_writing() -> None:
    """``1984~/2004-06`` does not become ``1984-01~/2004-06~``."""
    w = When.parse("1984~/2004-06")
    assert "1984~/2004-06" == w.to_edtf()
    assert w.ends is not None
    assert (Precision.YEAR, True) == (w.ends[0].precision, w.ends[0].approximate)
    assert (Precision.MONTH, False) == (w.ends[1].precision, w.ends[1].approximate)
    assert "between about 1984 and June 2004" == w.describe()


def test_old_friendly_forms_still_read() -> None:
    """Files written before EDTF codes (``2024-Q4``, ``2024-H2``, ``2024-W37``) still load."""
    assert When.parse("2024-Q4") == When.parse("2024-36") == When.quarter(2024, 4)
    assert When.parse("2024-H2") == When.parse("2024-41") == When.half(2024, 2)
    assert When.parse("2024-W37") == When.week(2024, 37)
    assert "2024-Q4" == When.quarter(2024, 4).format()
    assert "2024-09-09/2024-09-15" == When.week(2024, 37).to_edtf()


def test_seasons_error_points_at_seasons() -> None:
    """A season code is named as such, not as a bad month (nor 'reading stopped at ...')."""
    with pytest.raises(DateParseError) as info:
        When.parse("2001-21")
    message = str(info.value)
    assert "seasons (21-24) are not supported" in message
    assert "month 21" not in message
    assert "reading stopped" not in message


if __name__ == "__main__":  # pragma: no cover - prints the yardstick for docs/dates.md
    sys.stdout.write(f"{yardstick(When.parse)}\n")
