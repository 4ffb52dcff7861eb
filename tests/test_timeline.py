"""Unit tests of Timeline: building, lookup, display, tables, filtering, grouping, counts, as_of."""

from __future__ import annotations

import attrs
import pytest

from _factories import IPO_2026, O1, QWQ, R1, R1_LITE
from aitimeline import (
    Span,
    Timeline,
    Truth,
    col,
    is_a,
    possibly,
    tagged,
)
from aitimeline._events import Event, ExportControl, Release, event_to_row
from aitimeline.exceptions import (
    DuplicateIdError,
    InvalidEventError,
    QueryError,
    UnknownFieldError,
    UnknownIdError,
)

V3 = Release(id="deepseek-v3", when="2024-12", title="DeepSeek-V3", model="V3", country="CN")
BAN = ExportControl(
    id="us-chip-ban", when=Span("2022-10-07"), title="US ban", issuer="BIS", action="ban"
)
EVENTS = [R1, IPO_2026, O1, QWQ, BAN, V3, R1_LITE]
RACE = Timeline(EVENTS)


# -- building and reading -----------------------------------------------------------------------


def test_sorted_by_date_then_id() -> None:
    """Iterate in date order (earliest possible day first), whatever the input order."""
    expected = (
        "us-chip-ban",
        "openai-o1-preview",
        "deepseek-r1-lite-preview",
        "qwq-32b-preview",
        "deepseek-v3",
        "deepseek-r1",
        "minimax-ipo",
    )
    assert expected == RACE.ids
    assert expected == tuple(e.id for e in RACE)
    assert expected[::-1] == tuple(e.id for e in reversed(RACE))


def test_ties_sort_by_id() -> None:
    """Order events on the same day by id."""
    a = Event(id="b-event", when="2024-01-01", title="b")
    b = Event(id="a-event", when="2024-01-01", title="a")
    assert ("a-event", "b-event") == Timeline([a, b]).ids


def test_duplicate_ids_are_rejected() -> None:
    """Reject two events with one id, naming the id."""
    twin = attrs.evolve(R1, title="Another R1")
    with pytest.raises(DuplicateIdError, match="id='deepseek-r1' is used by two events"):
        Timeline([R1, twin])


def test_lookup_by_id_and_position() -> None:
    """Look events up by id, and by position in date order."""
    assert R1 == RACE["deepseek-r1"]
    assert BAN == RACE[0]
    assert IPO_2026 == RACE[-1]
    assert R1 == RACE.get("deepseek-r1")
    assert RACE.get("nope") is None
    with pytest.raises(IndexError, match="out of range"):
        RACE[7]


def test_unknown_id_lists_near_matches() -> None:
    """Raise UnknownIdError (a KeyError) listing ids close to the one asked for."""
    with pytest.raises(UnknownIdError, match="did you mean 'deepseek-r1'") as info:
        RACE["deepseek-r2"]
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownIdError, match="'deepseek-v3'"):
        RACE["v3"]


def test_contains_by_id_and_by_event() -> None:
    """Report membership of an id, or of an equal event."""
    assert "deepseek-r1" in RACE
    assert R1 in RACE
    assert attrs.evolve(R1, title="changed") not in RACE
    assert "nope" not in RACE
    assert 3 not in RACE


def test_equality_is_by_events() -> None:
    """Compare timelines by their events, not by how they were built."""
    assert RACE == Timeline(reversed(EVENTS))
    assert RACE != Timeline(EVENTS[:-1])
    assert RACE != Timeline([*EVENTS[:-1], attrs.evolve(EVENTS[-1], title="changed")])
    assert hash(RACE) == hash(Timeline(reversed(EVENTS)))
    assert Timeline() == Timeline([])


def test_immutable() -> None:
    """Refuse attribute assignment and deletion."""
    with pytest.raises(AttributeError, match="immutable"):
        RACE.extra = 1
    with pytest.raises(AttributeError, match="immutable"):
        del RACE._store


def test_rejects_non_events() -> None:
    """Refuse to hold things that are not events."""
    with pytest.raises(TypeError, match="is not an Event"):
        Timeline(["deepseek-r1"])  # type: ignore[list-item]


# -- display ------------------------------------------------------------------------------------


def test_repr_and_str() -> None:
    """Summarise in repr and show a table of date, id, kind, country and title in str."""
    assert "<Timeline: 7 events, 2022-10-07 → in force … 2026>" == repr(RACE)
    assert "<Timeline: 0 events>" == repr(Timeline())
    lines = str(RACE).splitlines()
    assert lines[1].split() == ["date", "id", "kind", "country", "title"]
    assert any(line.split()[:2] == ["2025-01-20", "deepseek-r1"] for line in lines)


def test_long_timelines_show_both_ends() -> None:
    """Show the first and last 20 events of a long timeline and how many were skipped."""
    tl = Timeline(Event(id=f"e{i:03d}", when="2024-01-01", title=f"t{i}") for i in range(100))
    assert "… 60 more events …" in str(tl)
    assert "e099" in str(tl)
    assert "e050" not in str(tl)
    assert "60 more events" in tl._repr_html_()


def test_html_escapes_titles() -> None:
    """Escape HTML in the notebook table."""
    tl = Timeline([Event(id="x", when="2024", title="<b>bold</b> & co")])
    html = tl._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    assert html.startswith("<div>")
    assert "<th>country</th>" in html


# -- tables -------------------------------------------------------------------------------------


def test_columns_round_trip() -> None:
    """Rebuild the same timeline from its columns, lazily and eagerly."""
    columns = RACE.to_columns()
    assert {"kind", "id", "when", "title", "actors", "country", "tags"} <= set(columns)
    assert RACE == Timeline.from_columns(columns)
    assert RACE == Timeline.from_columns(columns, lazy=False)


def test_from_columns_sorts_rows() -> None:
    """Sort rows given in any order by date then id."""
    rows = [event_to_row(e) for e in EVENTS]
    columns = {name: [r[name] for r in rows] for name in ("kind", "id", "when", "title", "model")}
    columns["issuer"] = [r["issuer"] for r in rows]
    columns["action"] = [r["action"] for r in rows]
    columns["company"] = [r["company"] for r in rows]
    assert RACE.ids == Timeline.from_columns(columns).ids


def test_from_columns_reads_none_as_empty() -> None:
    """Read None cells as empty ones."""
    tl = Timeline.from_columns({"id": ["a"], "when": ["2024"], "title": ["A"], "country": [None]})
    assert tl["a"].country is None
    assert Truth.FALSE == tl.truth(col("country") == "US")[0]


@pytest.mark.parametrize(
    ("columns", "error", "match"),
    [
        ({"id": ["a"], "when": ["2024"]}, InvalidEventError, "column 'title' is missing"),
        (
            {"id": ["a"], "when": ["2024"], "title": ["t"], "colour": ["red"]},
            InvalidEventError,
            "column 'colour' is not a column",
        ),
        (
            {"id": ["a", "b"], "when": ["2024"], "title": ["t", "u"]},
            InvalidEventError,
            "column 'when' has 1 cells",
        ),
        (
            {"id": ["a", "a"], "when": ["2024", "2025"], "title": ["t", "u"]},
            DuplicateIdError,
            r"id='a' is used by two events \(row 1 and row 2\)",
        ),
        (
            {"id": ["a", ""], "when": ["2024", "2025"], "title": ["t", "u"]},
            InvalidEventError,
            "row 2, column 'id': the id is empty",
        ),
        (
            {"id": ["a", "b"], "when": ["2024", "soon"], "title": ["t", "u"]},
            InvalidEventError,
            "row 2: .*'soon'",
        ),
        (
            {"id": ["a", "b"], "when": ["2024", None], "title": ["t", "u"]},
            InvalidEventError,
            "row 2, column 'when'.*empty",
        ),
    ],
)
def test_from_columns_rejects_bad_tables(
    columns: dict[str, list[str | None]], error: type[Exception], match: str
) -> None:
    """Reject a bad table at once, naming the row and the column."""
    with pytest.raises(error, match=match):
        Timeline.from_columns(columns)


def test_lazy_rows_are_checked_when_read() -> None:
    """Check a row's other cells when its event is first read, naming the row."""
    columns = {"id": ["a"], "when": ["2024"], "title": ["t"], "kind": ["rocket"]}
    tl = Timeline.from_columns(columns)
    assert 1 == len(tl)
    with pytest.raises(InvalidEventError, match="kind"):
        tl["a"]
    with pytest.raises(InvalidEventError, match="row 1: event 'a': column 'kind'='rocket'"):
        tl.where(is_a(Release))
    with pytest.raises(InvalidEventError, match="kind"):
        Timeline.from_columns(columns, lazy=False)


def test_pandas_round_trip() -> None:
    """Write a DataFrame with datetime bounds and read it back into an equal timeline."""
    pd = pytest.importorskip("pandas")
    df = RACE.to_pandas()
    assert list(RACE.ids) == list(df["id"])
    assert pd.Timestamp("2024-12-01") == df.loc[df["id"] == "deepseek-v3", "earliest"].item()
    assert pd.Timestamp("2024-12-31") == df.loc[df["id"] == "deepseek-v3", "latest"].item()
    assert RACE == Timeline.from_pandas(df)
    assert RACE == Timeline.from_pandas(df.sample(frac=1, random_state=1))


def test_from_pandas_reads_missing_values_as_empty() -> None:
    """Read NaN and None cells as empty ones."""
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"id": ["a", "b"], "when": ["2024", "2025"], "title": ["A", "B"]})
    df["country"] = [None, "US"]
    tl = Timeline.from_pandas(df)
    assert tl["a"].country is None
    assert ("b",) == tl.where(col("country") == "US").ids


# -- filtering ----------------------------------------------------------------------------------


def test_where_keeps_true_only() -> None:
    """Keep the events for which the predicate is TRUE, in date order."""
    chinese_reasoning = (col("country") == "CN") & is_a(Release) & tagged("reasoning")
    expected = ("deepseek-r1-lite-preview", "qwq-32b-preview", "deepseek-r1")
    assert expected == RACE.where(chinese_reasoning).ids
    before_r1 = chinese_reasoning & col("when").before(R1.when)
    assert expected[:2] == RACE.where(before_r1).ids


def test_where_possibly_keeps_unknown_too() -> None:
    """Keep UNKNOWN events with ``possibly``."""
    p = col("when").before("2024-12-15")
    assert "deepseek-v3" not in RACE.where(p)
    assert "deepseek-v3" in RACE.where(possibly(p))


def test_partition_and_exclude() -> None:
    """Split into TRUE, FALSE and UNKNOWN; exclude keeps what where leaves out."""
    p = col("when").before("2024-12-15")
    true, false, unknown = RACE.partition(p)
    assert ("openai-o1-preview", "deepseek-r1-lite-preview", "qwq-32b-preview") == true.ids
    assert ("deepseek-v3",) == unknown.ids
    assert ("us-chip-ban", "deepseek-r1", "minimax-ipo") == false.ids
    assert false | unknown == RACE.exclude(p)


def test_between_and_first_last() -> None:
    """Select a date range, and the first and last matching events."""
    assert ("deepseek-r1-lite-preview", "qwq-32b-preview") == RACE.between("2024-11", "2024-11").ids
    assert R1_LITE == RACE.first(col("country") == "CN")
    assert IPO_2026 == RACE.last(col("country") == "CN")
    assert BAN == RACE.first()
    assert RACE.first(col("country") == "FR") is None
    assert RACE.last(col("country") == "FR") is None


def test_queries_on_a_filtered_view() -> None:
    """Run queries on a filtered timeline as on one built from its events."""
    view = RACE.where(is_a(Release))
    fresh = Timeline(view)
    p = (col("country") == "CN") & col("when").before("2025")
    assert fresh.where(p) == view.where(p)
    assert fresh.where(p).ids == view.where(p).ids
    assert R1 == view["deepseek-r1"]
    assert "minimax-ipo" not in view
    with pytest.raises(UnknownIdError):
        view["minimax-ipo"]


def test_where_rejects_non_predicates() -> None:
    """Refuse to filter with something that is not a predicate."""
    with pytest.raises(QueryError, match="is not a predicate"):
        RACE.where("country")  # type: ignore[arg-type]


def test_filters_never_change_the_input() -> None:
    """Leave the timeline unchanged by every operation."""
    before = RACE.ids
    RACE.where(tagged("reasoning"))
    RACE.partition(tagged("reasoning"))
    _ = RACE | Timeline([Event(id="new", when="2024", title="new")])
    assert before == RACE.ids


# -- set algebra --------------------------------------------------------------------------------


def test_set_algebra_by_id() -> None:
    """Combine timelines by event id."""
    reasoning = RACE.where(tagged("reasoning"))
    chinese = RACE.where(col("country") == "CN")
    assert ("deepseek-r1-lite-preview", "qwq-32b-preview", "deepseek-r1") == (
        reasoning & chinese
    ).ids
    assert ("openai-o1-preview",) == (reasoning - chinese).ids
    assert {"openai-o1-preview", "deepseek-v3", "minimax-ipo"} == set((reasoning ^ chinese).ids)
    assert len(reasoning | chinese) == 6


def test_set_algebra_rejects_conflicting_events() -> None:
    """Raise DuplicateIdError when two timelines hold different events under one id."""
    other = Timeline([attrs.evolve(R1, title="Changed")])
    with pytest.raises(DuplicateIdError, match="deepseek-r1"):
        _ = RACE | other


def test_set_algebra_rejects_foreign_operands() -> None:
    """Return NotImplemented for a non-timeline operand."""
    assert NotImplemented == RACE.__or__([R1])
    with pytest.raises(TypeError):
        _ = RACE & {R1}


# -- grouping and counting ----------------------------------------------------------------------


def test_group_by_field_sorted_with_missing_last() -> None:
    """Group by a field's value, keys sorted, events without a value under None last."""
    groups = RACE.group_by("country")
    assert ["CN", "US", None] == list(groups)
    assert ("openai-o1-preview",) == groups["US"].ids
    assert ("us-chip-ban",) == groups[None].ids


def test_group_by_collection_field() -> None:
    """Put an event in the group of each element of a collection field."""
    groups = RACE.group_by("actors")
    assert ("qwq-32b-preview",) == groups["Qwen"].ids
    assert ("deepseek-r1-lite-preview", "deepseek-r1") == groups["DeepSeek"].ids
    assert None in groups


def test_group_by_function() -> None:
    """Group by a function of the event."""
    groups = RACE.group_by(lambda e: e.kind)
    assert ["export_control", "ipo", "release"] == list(groups)


def test_group_by_bad_keys() -> None:
    """Reject an unknown field and a date field."""
    with pytest.raises(UnknownFieldError, match="countri"):
        RACE.group_by("countri")
    with pytest.raises(QueryError, match="dates are fuzzy"):
        RACE.group_by("when")


def test_counts_exact_and_fuzzy() -> None:
    """Count certain events in low, possible ones in high, and the unplaced as uncertain."""
    counts = RACE.counts(by="country", every="quarter")
    assert ("CN", "US", None) == counts.groups
    assert (3, 3) == counts["CN", "2024-Q4"]  # R1-Lite, QwQ, V3 (December)
    assert (1, 1) == counts["CN", "2025-Q1"]
    assert (0, 1) == counts["CN", "2026-Q3"]  # MiniMax "2026" may fall in any quarter
    assert (1, 1) == counts["US", "2024-Q3"]
    assert (1, 1) == counts[None, "2022-Q4"]
    assert (1, 0, 0) == counts.uncertain
    assert (0, 0) == counts["CN", "1999-Q1"]
    assert "2026-Q4" == counts.buckets[-1]
    assert 6 == sum(counts.definite().values())
    with pytest.raises(KeyError):
        counts["FR", "2024-Q4"]


def test_counts_by_month_and_year_and_no_group() -> None:
    """Bucket by month or year, in one group when *by* is None."""
    months = RACE.counts(every="month")
    assert (None,) == months.groups
    assert (2, 2) == months[None, "2024-11"]
    years = RACE.counts(every="year")
    assert (4, 4) == years[None, "2024"]
    assert (1, 1) == years[None, "2026"]
    with pytest.raises(QueryError, match="every='week'"):
        RACE.counts(every="week")  # type: ignore[arg-type]


def test_counts_match_pandas_for_exact_dates() -> None:
    """Count exact-dated events per country and quarter as pandas does."""
    pytest.importorskip("pandas")
    exact = RACE.where(col("when").between("2024", "2025"))
    counts = exact.counts(by="country")
    df = exact.to_pandas()
    table = df.groupby(["country", df["earliest"].dt.to_period("Q")]).size().reset_index()
    expected = {
        (str(c), str(q).replace("Q", "-Q")): int(n)
        for c, q, n in zip(table["country"], table["earliest"], table[0], strict=True)
    }
    assert expected == counts.definite()
    table = counts.to_pandas()
    assert ["country", "bucket", "low", "high"] == list(table.columns)


def test_counts_by_collection_field() -> None:
    """Count an event once in each of its actors' groups."""
    counts = RACE.counts(by="actors", every="year")
    assert (1, 1) == counts["DeepSeek", "2024"]
    assert (1, 1) == counts["DeepSeek", "2025"]
    assert (1, 1) == counts["Qwen", "2024"]
    assert (1, 1) == counts["Alibaba", "2024"]


# -- as_of --------------------------------------------------------------------------------------


def test_as_of_backward_and_forward() -> None:
    """Pair each event with the latest earlier (or the next) event of another timeline."""
    us = RACE.where(col("country") == "US")
    cn = RACE.where(is_a(Release) & (col("country") == "CN"))
    back = {a.event.id: a.match.id if a.match else None for a in cn.as_of(us)}
    assert "openai-o1-preview" == back["qwq-32b-preview"]
    forward = us.as_of(cn, direction="forward")
    assert "deepseek-r1-lite-preview" == forward[0].match.id  # type: ignore[union-attr]


def test_as_of_is_honest_about_fuzzy_dates() -> None:
    """Offer every possible match as a candidate when the dates overlap."""
    left = Timeline([Event(id="x", when="2024-12-15", title="x")])
    right = Timeline([V3, attrs.evolve(O1, id="o1")])
    (pair,) = left.as_of(right)
    assert "o1" == pair.match.id  # type: ignore[union-attr]  # certainly before
    assert ("o1", "deepseek-v3") == tuple(c.id for c in pair.candidates)
    assert pair.ambiguous
    assert "candidates" in repr(pair)


def test_as_of_by_field() -> None:
    """Pair only events with equal values of *by*."""
    releases = RACE.where(is_a(Release))
    pairs = releases.as_of(releases, by="country", allow_exact=False)
    got = {p.event.id: p.match.id if p.match else None for p in pairs}
    assert got["qwq-32b-preview"] == "deepseek-r1-lite-preview"
    assert got["openai-o1-preview"] is None


def test_as_of_bad_arguments() -> None:
    """Reject a bad direction, a non-timeline and a collection field."""
    with pytest.raises(QueryError, match="direction='sideways'"):
        RACE.as_of(RACE, direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="is not a Timeline"):
        RACE.as_of([R1])  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="several values"):
        RACE.as_of(RACE, by="actors")
