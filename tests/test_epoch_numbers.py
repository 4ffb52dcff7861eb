"""Epoch cells are read exactly, listed in the summary, or refused by row and column (issue 12)."""

from __future__ import annotations

import io as stdio

import pytest

import aitimeline as at
from aitimeline import io
from aitimeline.exceptions import DataFileError

HEADER = "Model,Publication date,Organization,Country (of organization),Model accessibility"


def models(params: str, *, date: str = "2024-01-01", extra: str = "") -> io.ReadResult:
    """Read a one-row models table whose Parameters cell is *params*."""
    text = f"{HEADER},Parameters{extra}\nM,{date},O,United States,API access,{params}\n"
    return io.read_epoch_csv(stdio.BytesIO(text.encode()), name="m.csv")


def only_release(result: io.ReadResult) -> at.Release:
    """Return the one event of *result*, a release."""
    (release,) = result
    assert isinstance(release, at.Release)
    return release


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("175000000000", 175_000_000_000),
        ("1.75e11", 175_000_000_000),
        ("175000000000.0", 175_000_000_000),
        ('"175,000,000,000"', 175_000_000_000),
        ("256999999.99999997", 257_000_000),  # float noise, as in the 2026-01 snapshot
        ("1e400", 10**400),
    ],
)
def test_parameters_are_read_exactly(cell: str, count: int) -> None:
    """Parameters are read exactly."""
    release = only_release(models(cell))
    assert release.parameters is not None
    assert release.parameters.count == count


@pytest.mark.parametrize(
    "cell", ["abc", "-5", "0", "1e-5", "1.9", "nan", "inf", "-inf", "1e99999", "\u0663\u0663"]
)
def test_parameters_that_are_no_count_are_refused_by_row_and_column(cell: str) -> None:
    """Parameters that are no count are refused by row and column."""
    with pytest.raises(DataFileError, match=r"^m\.csv, row 2, column 'Parameters'") as info:
        models(cell)
    assert (info.value.line, info.value.field, info.value.value) == (2, "Parameters", cell)


def test_blank_parameters_are_unknown() -> None:
    """Blank parameters are unknown."""
    release = only_release(models(""))
    assert release.parameters is None


def test_repeated_and_unnamed_columns_are_listed_as_ignored() -> None:
    """Repeated and unnamed columns are listed as ignored."""
    text = f"{HEADER},Parameters,Parameters,\nM,2024-01-01,O,United States,API access,5,7,x,y\n"
    result = io.read_epoch_csv(stdio.BytesIO(text.encode()), name="m.csv")
    parameters = only_release(result).parameters
    assert parameters is not None
    assert parameters.count == 5
    assert result.summary.ignored_columns == (
        "Parameters (column 7, repeated)",
        "column 8 (no header)",
        "column 9 (no header)",
    )


def test_empty_extra_cells_are_not_listed() -> None:
    """Empty extra cells are not listed."""
    text = f"{HEADER}\nM,2024-01-01,O,United States,API access,,\n"
    result = io.read_epoch_csv(stdio.BytesIO(text.encode()), name="m.csv")
    assert result.summary.ignored_columns == ()


def test_a_naive_datetime_is_refused_by_row_and_column() -> None:
    """A naive datetime is refused by row and column."""
    with pytest.raises(DataFileError, match=r"^m\.csv, row 2, column 'Publication date'") as info:
        models("5", date="2024-01-01T10:00:00")
    assert info.value.field == "Publication date"


@pytest.mark.parametrize("cell", ["\u0663\u0663", "1_000", "nan", "1e400"])
def test_scores_are_ascii_finite_numbers(cell: str) -> None:
    """Scores are ascii finite numbers."""
    text = f"date,model,value\n2024-01-01,m,{cell}\n"
    with pytest.raises(DataFileError, match=r"^s\.csv, row 2, column 'value'"):
        io.read_long_scores(stdio.BytesIO(text.encode()), metric="x", name="s.csv")


def test_rows_are_numbered_as_csv_records_past_blank_ones() -> None:
    """Rows are numbered as csv records past blank ones."""
    text = "date,model,value\n\n2024-01-01,m,1\n2024-01-02,m,abc\n"
    with pytest.raises(DataFileError, match=r"^s\.csv, row 4, column 'value'"):
        io.read_long_scores(stdio.BytesIO(text.encode()), metric="x", name="s.csv")
