"""Text predicates: ``contains``, ``startswith``, ``endswith`` and ``matches`` (a regex).

The law: the vectorised answer (Arrow over a column's distinct values, or Python where Arrow
would answer differently) is the per-event definition, Python's ``in``, ``str.startswith``,
``str.endswith`` and ``re.search``, for every timeline and every pattern, including text
that is not ASCII, holds newlines, or cannot be encoded (a lone surrogate).
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline import _textcells
from aitimeline import strategies as ats
from aitimeline._field_preds import TextTest
from aitimeline._strings import (
    TextOp,
    any_literal_table,
    compile_pattern,
    literal_regex,
    matches_table,
    portable,
    printable_ascii,
    string_array,
    text_table,
)
from aitimeline.exceptions import QueryError, UnknownFieldError

# Letters that fold in surprising ways (K Kelvin sign, long s, sharp s), digits beyond ASCII,
# spaces beyond ASCII, a newline and a control character.
_ALPHABET = "abcAB_ 01-.é\u212a\u017f\u00df\u0663\u00a0\n\x1c"
_PRINTABLE = "abcAB_ 01-.$^"
_TOKENS = (
    "a", "b", "A", "0", "1", ".", "_", " ", "-", "é",
    "\\d", "\\w", "\\s", "\\b", "\\D", "\\W", "\\S", "\\B",
    "^", "$", "[a-c]", "[^a]", "[0-9]", "(?:ab)", "(a|b)", "a*", "b+", "a?", "a{1,2}",
    "a{,2}", "\\.", "(?=a)", "(?!b)", "(a)\\1", "\\Z", "\\A", "[[:alpha:]]", "[:a]",
)  # fmt: skip


_SLOW_FIRST = settings(deadline=None)  # the first call loads pyarrow


def _patterns() -> st.SearchStrategy[str]:
    body = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=4).map("".join)
    return st.tuples(st.sampled_from(("", "(?i)", "(?s)")), body).map("".join)


def _valid(pattern: str) -> bool:
    try:
        compile_pattern(pattern)
    except re.error:
        return False
    return True


def _text_events(texts: st.SearchStrategy[str]) -> st.SearchStrategy[at.Timeline]:
    def event(i: int, title: str, model: str | None) -> at.Event:
        if model is None:
            return at.Event(id=f"e{i}", when="2024-05", title=title)
        return at.Release(id=f"e{i}", when="2024-05-01", title=title, model=model)

    titles = texts.filter(lambda t: bool(t.strip()))
    events = st.lists(st.tuples(titles, st.none() | titles), max_size=10)
    return events.map(lambda rows: at.Timeline(event(i, t, m) for i, (t, m) in enumerate(rows)))


def _agrees(tl: at.Timeline, p: at.Predicate) -> None:
    """Assert the vectorised truth is the per-event one, on the timeline and a view of it."""
    assert tl.truth(p) == tuple(p.evaluate(e) for e in tl)
    view = tl.where(at.col("id") != "e0")
    assert view.truth(p) == tuple(p.evaluate(e) for e in view)
    in_may = p & at.col("when").between("2024-05-01", "2024-05-31")  # a slice of the rows
    assert tl.where(in_may).ids == tuple(e.id for e in tl if in_may.evaluate(e) is at.Truth.TRUE)


# -- the laws ------------------------------------------------------------------------------


@_SLOW_FIRST
@given(
    _text_events(st.text(_ALPHABET, max_size=6)),
    st.sampled_from(("title", "model")),
    st.sampled_from(("contains", "startswith", "endswith")),
    st.text(_ALPHABET, max_size=3),
)
def test_substring_tests_agree_with_python(tl: at.Timeline, field: str, op: str, text: str) -> None:
    """Contains, startswith and endswith answer as Python's str does, per event."""
    p = getattr(at.col(field), op)(text)
    _agrees(tl, p)
    for e in tl:
        value = getattr(e, field, None)
        expected = (
            isinstance(value, str)
            and {
                "contains": text in (value or ""),
                "startswith": (value or "").startswith(text),
                "endswith": (value or "").endswith(text),
            }[op]
        )
        assert p.evaluate(e) is at.Truth.of(expected)


_SPECIAL = _PRINTABLE + "()[]*+?\\|{}"


@_SLOW_FIRST
@given(
    st.sampled_from((_SPECIAL, _ALPHABET)).flatmap(
        lambda alphabet: st.tuples(
            _text_events(st.text(alphabet, max_size=6)),
            st.lists(
                st.tuples(
                    st.sampled_from(("title", "model")),
                    st.sampled_from(("contains", "startswith", "endswith")),
                    st.text(alphabet, max_size=3),
                ),
                min_size=2,
                max_size=4,
            ),
        )
    )
)
def test_an_or_of_literal_tests_agrees_with_python(
    case: tuple[at.Timeline, list[tuple[str, str, str]]],
) -> None:
    """``|`` of several literal tests of a field (one RE2 pass on ASCII) is the per-event OR."""
    tl, tests = case
    p = at.any_(*(getattr(at.col(f), op)(text) for f, op, text in tests))
    _agrees(tl, p)
    _agrees(tl, p & at.col("title").contains("a"))


@_SLOW_FIRST
@given(_text_events(st.text(_ALPHABET, max_size=6)), _patterns())
def test_matches_agrees_with_re_search(tl: at.Timeline, pattern: str) -> None:
    """matches() is re.search on every event, whatever the text and the pattern."""
    assume(_valid(pattern))
    p = at.col("title").matches(pattern)
    _agrees(tl, p)
    for e in tl:
        assert p.evaluate(e) is at.Truth.of(compile_pattern(pattern).search(e.title) is not None)


@_SLOW_FIRST
@given(st.lists(st.text(_PRINTABLE, max_size=6), min_size=1, max_size=12), _patterns())
def test_re2_path_agrees_with_re_on_printable_ascii(values: list[str], pattern: str) -> None:
    """Where the RE2 path is taken (portable pattern, printable ASCII), it answers as re."""
    assume(_valid(pattern))
    array = string_array(tuple(values))
    assert array is not None
    assert printable_ascii(array)
    expected = [compile_pattern(pattern).search(v) is not None for v in values]
    assert matches_table(tuple(values), pattern, array).tolist() == expected
    assert matches_table(tuple(values), pattern, None).tolist() == expected


def test_portable_patterns() -> None:
    """RE2 runs a pattern only where it reads it as re does."""
    assert portable("^o[13]-(mini|preview)")
    assert portable("(?i)deepseek")
    assert not portable("(a)\\1")  # a backreference: RE2 refuses it
    assert not portable("a(?=b)")  # a lookahead
    assert not portable("a{,2}")  # re: a{0,2}; RE2: the text "a{,2}"
    assert not portable("[[:alpha:]]")  # RE2: a POSIX class; re: a nested set
    assert not portable("é")  # non-ASCII


def test_a_nested_set_keeps_pythons_meaning() -> None:
    """``[[:alpha:]]`` is Python's set of ``[:alph`` then ``]``, not RE2's POSIX class."""
    tl = at.Timeline(
        [at.Event(id="a", when="2024", title="alpha"), at.Event(id="b", when="2024", title=":]")]
    )
    assert tl.where(at.col("title").matches("[[:alpha:]]")).ids == ("b",)


def test_printable_ascii() -> None:
    """Newlines, control characters and non-ASCII letters leave the RE2 path."""
    for text, printable in (("R1 ~ o1", True), ("a\nb", False), ("é", False), ("", True)):
        array = string_array((text,))
        assert array is not None
        assert printable_ascii(array) is printable


def test_unencodable_text_is_tested_in_python() -> None:
    """A lone surrogate cannot go to Arrow: the answer still comes, from Python."""
    assert string_array(("ok", "\ud800")) is None
    assert string_array((1, "a")) is None
    tl = at.Timeline([at.Event(id="a", when="2024", title="x\ud800y")])
    for p in (at.col("title").contains("\ud800"), at.col("title").matches("x.y")):
        assert tl.truth(p) == (at.Truth.TRUE,)


@_SLOW_FIRST
@given(ats.timelines())
def test_row_built_timelines_agree(tl: at.Timeline) -> None:
    """A timeline built from cells answers as the one built from events."""
    again = at.Timeline.from_columns(tl.to_columns())
    for p in (
        at.col("title").startswith("al"),
        at.col("title").endswith("a"),
        at.col("title").matches("^[ab]"),
        at.col("model").matches("m"),
        at.col("title").contains("et"),
    ):
        assert again.truth(p) == tl.truth(p) == tuple(p.evaluate(e) for e in tl)


# -- values: JSON, repr, equality, errors --------------------------------------------------


@pytest.mark.parametrize(
    ("p", "text", "data"),
    [
        (
            at.col("title").startswith("Deep"),
            "col('title').startswith('Deep')",
            {"op": "startswith", "field": "title", "value": "Deep"},
        ),
        (
            at.col("model").endswith("-preview"),
            "col('model').endswith('-preview')",
            {"op": "endswith", "field": "model", "value": "-preview"},
        ),
        (
            at.col("title").matches("(?i)^r1"),
            "col('title').matches('(?i)^r1')",
            {"op": "matches", "field": "title", "pattern": "(?i)^r1"},
        ),
    ],
)
def test_json_and_repr(p: at.Predicate, text: str, data: dict[str, str]) -> None:
    """Each text test has a readable repr and a JSON form that reads back equal."""
    assert repr(p) == text
    assert p.to_dict() == data
    assert at.Predicate.from_dict(data) == p
    assert hash(at.Predicate.from_dict(data)) == hash(p)
    assert isinstance(p, TextTest)


def test_bad_operands_are_refused() -> None:
    """A non-text field, a non-string operand and a bad regex are errors that name them."""
    with pytest.raises(QueryError, match=r"col\('parameters'\)\.startswith.*number values"):
        at.col("parameters").startswith("7")
    with pytest.raises(QueryError, match=r"expected a string, not int"):
        at.col("title").endswith(7)  # type: ignore[arg-type]  # the error under test
    with pytest.raises(QueryError, match=r"col\('title'\)\.matches\('\(unclosed'\): not a reg"):
        at.col("title").matches("(unclosed")
    with pytest.raises(UnknownFieldError):
        at.col("titel").startswith("x")
    with pytest.raises(QueryError, match=r"missing key 'pattern'"):
        at.Predicate.from_dict({"op": "matches", "field": "title"})


def test_on_the_record() -> None:
    """The bundled record: Qwen models by prefix, previews by suffix, o1/o3 by regex."""
    race = at.datasets.ai_race()
    for p in (
        at.col("model").startswith("Qwen"),
        at.col("model").endswith("preview"),
        at.col("model").matches("^o[13]"),
        at.col("title").matches("(?i)deepseek"),
    ):
        found = race.where(p)
        assert len(found) > 0
        assert found.ids == tuple(e.id for e in race if p.evaluate(e) is at.Truth.TRUE)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=_PRINTABLE, max_size=6), min_size=1, max_size=40),
    st.sampled_from(["contains", "startswith", "endswith"]),
    st.text(alphabet=_PRINTABLE, max_size=2),
    st.integers(1, 5),
)
def test_tests_on_threads_are_those_in_one_call(
    values: list[str], op: TextOp, text: str, workers: int
) -> None:
    """Split over threads (any number of slices), each table is the one-call table."""
    array = string_array(tuple(values))
    assert array is not None
    regexes = [r for r in (literal_regex(op, text), literal_regex("contains", "a")) if r]

    def tables() -> list[list[bool]]:
        return [
            text_table(tuple(values), array, op, text).tolist(),
            matches_table(tuple(values), "^a|b$", array).tolist(),
            any_literal_table(array, regexes).tolist(),
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_textcells, "PARALLEL_ROWS", 1 << 62)
        one_call = tables()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_textcells, "PARALLEL_ROWS", 0)
        patch.setattr(os, "cpu_count", lambda: workers)
        threaded = tables()
    assert threaded == one_call
    python = [v.startswith(text) if op == "startswith" else v.endswith(text) for v in values]
    if op != "contains":
        assert threaded[0] == python
