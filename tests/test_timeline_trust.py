"""Timelines built from cells answer as built events do; merging; the DataFrame round trip.

Laws checked here:

* **lazy = eager**: on the same cells, a timeline built lazily (``from_columns``) and one
  built from the events those cells make give the same truth for every predicate; where the
  cells make no event, a query that reads the bad cell is refused, never answered from it.
* **merge**: ``a.merge(b, prefer="left") == b.merge(a, prefer="right")``; the ids are the union;
  on a clash the preferred side's event is kept; ``prefer="error"`` is ``a | b``.
* **DataFrame round trip**: ``from_pandas(to_pandas(tl)) == tl``, through ``read_csv`` too;
  derived columns are checked, not ignored; messages name the index label and the event id.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at
import aitimeline.strategies as ats
from aitimeline import Timeline, col
from aitimeline._events import Event, Release
from aitimeline.datasets import ai_race
from aitimeline.exceptions import DuplicateIdError, InvalidEventError, QueryError

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)


def _columns(tl: Timeline) -> dict[str, list[Any]]:
    return {name: list(cells) for name, cells in tl.to_columns().items()}


# -- lazy and eager agree ---------------------------------------------------------------------


def test_a_lower_case_country_is_refused_by_a_lazy_query_as_by_an_eager_build() -> None:
    """Refuse country='us' when a query reads it (it used to satisfy col('country') == 'us')."""
    cells = {"id": ["a", "b"], "when": ["2024-01", "2024-02"], "title": ["A", "B"]}
    cells["country"] = ["us", "CN"]
    with pytest.raises(InvalidEventError, match="country"):
        Timeline.from_columns(cells, lazy=False)
    lazy = Timeline.from_columns(cells)
    with pytest.raises(InvalidEventError, match=r"row 1: event 'a'.*country.*'us'"):
        lazy.where(col("country") == "us")


def test_an_int_title_is_its_text_for_lazy_queries() -> None:
    """Read an int title cell as the text '1', as the built event holds it."""
    cells: dict[str, list[Any]] = {"id": ["a", "b"], "when": ["2024", "2025"], "title": [1, "x"]}
    lazy = Timeline.from_columns(cells)
    eager = Timeline(list(Timeline.from_columns(cells)))
    assert lazy == eager
    assert ("a",) == eager.where(col("title") == "1").ids
    assert eager.where(col("title") == "1").ids == lazy.where(col("title") == "1").ids


def _perturb(columns: dict[str, list[Any]], row: int, how: str) -> str | None:
    """Change one cell of *columns* in place; return the field the change breaks, if any."""
    if how == "int title":
        columns["title"][row] = row + 1
    elif how == "float title":
        columns["title"][row] = float(row) + 0.5
    elif how == "lower country" and columns["country"][row]:
        columns["country"][row] = columns["country"][row].lower()
        return "country"
    elif how == "upper kind":
        columns["kind"][row] = columns["kind"][row].upper()
        return "kind"
    elif how == "blank as None":
        for name in ("country", "tags", "actors"):
            if columns[name][row] == "":
                columns[name][row] = None
    elif how == "spaced actors" and columns["actors"][row]:
        columns["actors"][row] = " ; ".join(columns["actors"][row].split("; "))
    elif how == "bool open_weights" and "open_weights" in columns:
        cell = columns["open_weights"][row]
        columns["open_weights"][row] = {"true": True, "false": False}.get(cell, cell)
    return None


PERTURBATIONS = (
    "int title",
    "float title",
    "lower country",
    "upper kind",
    "blank as None",
    "spaced actors",
    "bool open_weights",
)


@PROPERTY
@given(
    ats.timelines(min_size=1),
    st.lists(st.tuples(st.integers(0, 11), st.sampled_from(PERTURBATIONS)), max_size=4),
    ats.predicates(max_leaves=4),
)
def test_lazy_and_eager_timelines_give_the_same_answers(
    tl: Timeline, changes: list[tuple[int, str]], p: at.Predicate
) -> None:
    """Answer every predicate on lazily read cells as on the events the same cells make."""
    columns = _columns(tl)
    broken: set[str] = set()
    for row, how in changes:
        field = _perturb(columns, row % len(tl), how)
        if field is not None:
            broken.add(field)
    lazy = Timeline.from_columns(columns)
    try:
        eager = Timeline(list(Timeline.from_columns(columns)))
    except InvalidEventError:
        assert broken, "the cells made no event although no change should break one"
        for field in broken:
            with pytest.raises(InvalidEventError):
                lazy.truth(col(field) == "x")
        return
    checks = [
        p,
        col("title") == "1",
        col("country") == "US",
        col("kind") == "release",
        at.is_a(Release),
        at.tagged("open-weights"),
        col("actors").contains("OpenAI"),
    ]
    assert lazy.ids == eager.ids
    for q in checks:
        assert eager.truth(q) == lazy.truth(q), q
    assert lazy == eager


# -- merge ------------------------------------------------------------------------------------


A = Event(id="chatgpt", when="2022-11-30", title="ChatGPT")
A2 = Event(id="chatgpt", when="2022-11-30", title="ChatGPT launched")
B = Event(id="gpt-4", when="2023-03-14", title="GPT-4")
C = Event(id="claude", when="2023-03-14", title="Claude")


def test_merge_chooses_the_preferred_event_on_a_clash() -> None:
    """Keep the left or the right event under a shared id; refuse with prefer='error'."""
    race, mine = Timeline([A, B]), Timeline([A2, C])
    assert ("A", "ChatGPT") == ("A", race.merge(mine, prefer="left")["chatgpt"].title)
    assert "ChatGPT launched" == race.merge(mine, prefer="right")["chatgpt"].title
    assert {"chatgpt", "gpt-4", "claude"} == set(race.merge(mine, prefer="right").ids)
    with pytest.raises(DuplicateIdError, match="chatgpt"):
        race.merge(mine)
    with pytest.raises(QueryError, match="prefer='both'"):
        race.merge(mine, prefer="both")  # type: ignore[arg-type]


_MERGE_IDS = st.sampled_from(["a", "b", "c", "d", "e"])


@PROPERTY
@given(
    ats.timelines(events=ats.events(ids=_MERGE_IDS), max_size=5),
    ats.timelines(events=ats.events(ids=_MERGE_IDS), max_size=5),
)
def test_merge_laws(a: Timeline, b: Timeline) -> None:
    """Merge symmetrically, keep every id once, and keep the preferred side's events."""
    left = a.merge(b, prefer="left")
    assert left == b.merge(a, prefer="right")
    assert set(left.ids) == set(a.ids) | set(b.ids)
    assert all(left[i] == a[i] for i in a.ids)
    assert all(left[i] == b[i] for i in b.ids if i not in a)
    try:
        union = a | b
    except DuplicateIdError:
        with pytest.raises(DuplicateIdError):
            a.merge(b)
    else:
        assert union == a.merge(b)


# -- the DataFrame round trip -----------------------------------------------------------------


def test_from_pandas_renames_columns_and_sets_the_kind() -> None:
    """Read a table with its own column names and no kind column."""
    table = pd.DataFrame(
        {"name": ["o1", "R1"], "date": ["2024-12-05", "2025-01-20"], "id": ["o1", "r1"]}
    )
    table["model"] = table["name"]
    tl = Timeline.from_pandas(table, columns={"name": "title", "date": "when"}, kind="release")
    assert isinstance(tl["r1"], Release)
    assert "R1" == tl["r1"].title
    with pytest.raises(InvalidEventError, match="kind column"):
        Timeline.from_pandas(tl.to_pandas(), kind="release")
    with pytest.raises(InvalidEventError, match="'nope', which the DataFrame lacks"):
        Timeline.from_pandas(table, columns={"nope": "title"})
    with pytest.raises(InvalidEventError, match="both be read as 'title'"):
        Timeline.from_pandas(table, columns={"name": "title", "model": "title"})


def test_editing_a_derived_column_is_refused_not_ignored() -> None:
    """Refuse an edited 'earliest' cell, naming the index label and the event id."""
    race = ai_race()
    df = race.to_pandas()
    assert race == Timeline.from_pandas(df)
    df.index = [f"r{i}" for i in range(len(df))]
    df.loc["r3", "earliest"] = pd.Timestamp("1999-01-01")
    event_id = str(df.loc["r3", "id"])
    message = rf"row 'r3': event '{re.escape(event_id)}', column 'earliest': '1999-01-01'"
    with pytest.raises(InvalidEventError, match=message):
        Timeline.from_pandas(df)
    df.loc["r3", "earliest"] = pd.NaT  # a blank derived cell is no claim
    assert race == Timeline.from_pandas(df)


def test_row_numbers_in_errors_are_the_dataframe_index() -> None:
    """Name a bad row by its index label and its event id."""
    df = pd.DataFrame(
        {"id": ["a", "b"], "when": ["2024", "2025"], "title": ["A", "B"], "country": ["US", "u"]},
        index=[10, 11],
    )
    with pytest.raises(InvalidEventError, match=r"^row 11: event 'b'.*country"):
        Timeline.from_pandas(df, lazy=False)
    df.loc[11, "when"] = "soon"
    with pytest.raises(InvalidEventError, match=r"^row 11: event 'b'.*'soon'"):
        Timeline.from_pandas(df)


def test_read_csv_output_reads_back() -> None:
    """Read back what pandas.read_csv makes of to_pandas (floats for whole numbers)."""
    race = ai_race()
    buffer = io.StringIO()
    race.to_pandas().to_csv(buffer, index=False)
    buffer.seek(0)
    table = pd.read_csv(buffer)
    assert any(table[c].dtype == float for c in table.columns)
    assert race == Timeline.from_pandas(table, lazy=False)
    assert race == Timeline.from_pandas(table)
