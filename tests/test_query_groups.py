"""Grouping and first/last from the index's codes, against brute force over the events.

The laws: ``group_by(field)`` puts each event in the group of its value (a collection field:
of each element; None: no value), keys sorted with None last, events in timeline order;
``first(p)``/``last(p)`` are the first/last event for which ``p.evaluate`` is TRUE; the index
columns hold exactly the values they were built from.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import cast

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline import strategies as ats
from aitimeline._fields import field_value
from aitimeline._index import MISSING, CategoryColumn, MultiColumn, factorize

_SCALAR = ("country", "title", "kind", "stage", "model", "parameters", "preview", "value")
_MULTI = ("actors", "countries", "tags", "all_tags")


def _brute_groups(tl: at.Timeline, field: str) -> dict[Hashable, tuple[str, ...]]:
    found: dict[Hashable, list[str]] = {}
    read = field  # group_by("tags") groups by the tags as given (a query's col("tags") is all_tags)
    for e in tl:
        value = field_value(e, read)
        if field in _MULTI:
            elements = () if value is MISSING else tuple(cast("Iterable[Hashable]", value))
            keys: list[Hashable] = list(elements) or [None]
        else:
            keys = [None if value is MISSING else value]
        for k in keys:
            found.setdefault(k, []).append(e.id)
    order = sorted((k for k in found if k is not None), key=lambda k: (type(k).__name__, k))
    if None in found:
        order.append(None)
    return {k: tuple(found[k]) for k in order}


def _views(tl: at.Timeline) -> list[at.Timeline]:
    """The timeline, a filtered view of it, and the same built from its cells."""
    return [tl, tl.where(~at.is_a(at.Release)), at.Timeline.from_columns(tl.to_columns())]


@settings(deadline=None)
@given(ats.timelines(), st.sampled_from(_SCALAR + _MULTI))
def test_group_by_is_brute_force(tl: at.Timeline, field: str) -> None:
    """Groups, their keys' order and their events equal a grouping of the events."""
    for view in _views(tl):
        groups = view.group_by(field)
        expected = _brute_groups(view, field)
        assert {k: g.ids for k, g in groups.items()} == expected
        assert list(groups) == list(expected)  # sorted, None last


@settings(deadline=None)
@given(ats.timelines(), st.sampled_from(("country", "kind", "stage")))
def test_counts_groups_are_the_group_by_keys(tl: at.Timeline, field: str) -> None:
    """counts(by=field) counts each group's events, under group_by's keys in its order."""
    counts = tl.counts(by=field, every="year")
    groups = tl.group_by(field)
    assert tuple(counts.groups) == tuple(groups)
    for k, group in groups.items():
        alone = group.counts(every="year")
        for b in alone.buckets:
            assert counts[k, b] == alone[None, b]


@given(ats.timelines(), ats.predicates(max_leaves=4))
def test_first_and_last_are_brute_force(tl: at.Timeline, p: at.Predicate) -> None:
    """first(p)/last(p) are the first/last event in order for which p is TRUE."""
    for view in _views(tl):
        hits = [e for e in view if p.evaluate(e) is at.Truth.TRUE]
        assert view.first(p) == (hits[0] if hits else None)
        assert view.last(p) == (hits[-1] if hits else None)
        assert view.first() == (view[0] if view else None)
        assert view.last() == (view[-1] if view else None)


_VALUES = st.one_of(st.none(), st.sampled_from(["CN", "US", "", "é"]), st.integers(-2, 2))


@given(st.lists(_VALUES, max_size=30))
def test_factorize_reconstructs_the_values(values: list[object]) -> None:
    """Codes into the distinct values give back every value; None is the missing code -1."""
    codes, uniques = factorize(values)
    assert [None if c < 0 else uniques[c] for c in codes.tolist()] == values
    assert len(set(map(repr, uniques))) == len(uniques)
    column = CategoryColumn.build(values)
    assert [None if c < 0 else column.distinct[c] for c in column.codes.tolist()] == values


@given(
    st.lists(st.one_of(st.none(), st.frozensets(st.sampled_from("abcd"), max_size=3)), max_size=20),
    st.sets(st.sampled_from("abcdz"), max_size=3),
)
def test_multi_column_answers_as_the_collections(
    values: list[frozenset[str] | None], items: set[str]
) -> None:
    """has_any and the (row, element) pairs are those of the collections themselves."""
    column = MultiColumn.build(values)
    expected = [v is not None and bool(v & items) for v in values]
    assert column.has_any(items).tolist() == expected
    rows, elements = column.pairs()
    pairs = sorted((int(r), column.distinct[int(k)]) for r, k in zip(rows, elements, strict=True))
    assert pairs == sorted((r, x) for r, v in enumerate(values) if v for x in v)
    assert column.present.tolist() == [v is not None for v in values]


def test_group_by_many_values() -> None:
    """Over 65535 distinct values grouping takes its other path, with the same answer."""
    n, distinct = 70_000, 66_000
    columns = {
        "id": [f"e{i}" for i in range(n)],
        "when": ["2024-05-01"] * n,
        "title": [f"t{i % distinct}" for i in range(n)],
    }
    tl = at.Timeline.from_columns(columns)
    groups = tl.group_by("title")
    assert list(groups) == sorted({f"t{i}" for i in range(distinct)})
    assert groups["t7"].ids == ("e66007", "e7")  # timeline order: same day, then by id
    assert sum(map(len, groups.values())) == n


@settings(deadline=None)
@given(st.lists(st.text("abc", max_size=3), max_size=12, unique=True), st.data())
def test_a_column_of_distinct_values_reads_tables_without_a_gather(
    values: list[str], data: st.DataObject
) -> None:
    """Where every value is distinct, rows(table) of the column and its slices is the gather."""
    column = CategoryColumn.build(values)
    assert column.start == 0
    table = np.append(np.array([data.draw(st.booleans()) for _ in values], dtype=bool), False)
    lo = data.draw(st.integers(0, len(values)))
    hi = data.draw(st.integers(lo, len(values)))
    for part in (column, column.slice(lo, hi), column.take(np.arange(lo, hi))):
        assert part.rows(table).tolist() == table[part.codes].tolist()
