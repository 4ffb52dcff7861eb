"""Text predicates on the engines: the same answers in memory, on DuckDB and on Spark.

``startswith``, ``endswith`` and ``contains`` compile to the engines' string functions and
``matches`` to their regex search (RE2 on DuckDB, Java's on Spark), for patterns whose
meaning is the same there as in Python's ``re``; any other pattern is refused with a
``QueryError`` rather than answered differently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ibis")
pytest.importorskip("duckdb")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at
from _engines import scan_of
from aitimeline import strategies
from aitimeline.engines._compile import compile_predicate
from aitimeline.engines._scan import Scan
from aitimeline.exceptions import QueryError


def _ids(part: at.Timeline | Scan) -> list[str]:
    if isinstance(part, Scan):
        return sorted(part.to_arrow().column("id").to_pylist())
    return sorted(part.ids)


_FIELDS = st.sampled_from(("title", "model", "stage", "kind"))
_TEXTS = st.sampled_from(("a", "al", "Ga", "ta", "m", "", "release", "é"))
_PATTERNS = st.sampled_from(
    ("^a", "^(alpha|beta)", "[Gg]amma", "(?i)GAMMA", "e.a", "^m", "[0-9]", "^[^a]", "ph?a")
)


def _text_predicates() -> st.SearchStrategy[at.Predicate]:
    leaf = st.one_of(
        st.builds(lambda f, t: at.col(f).startswith(t), _FIELDS, _TEXTS),
        st.builds(lambda f, t: at.col(f).endswith(t), _FIELDS, _TEXTS),
        st.builds(lambda f, t: at.col(f).contains(t), st.sampled_from(("title", "model")), _TEXTS),
        st.builds(lambda f, p: at.col(f).matches(p), _FIELDS, _PATTERNS),
    )
    return st.one_of(
        leaf,
        st.tuples(leaf, strategies.predicates(max_leaves=2)).map(lambda t: t[0] & t[1]),
        st.tuples(leaf, leaf).map(lambda t: t[0] | ~t[1]),
    )


_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(tl=strategies.timelines(), p=_text_predicates())
def test_text_tests_agree_with_memory(
    con: Any, folder: Path, tl: at.Timeline, p: at.Predicate
) -> None:
    """Every text test splits a timeline as the in-memory evaluation does."""
    scan = scan_of(tl, con, folder)
    assert [_ids(part) for part in tl.partition(p)] == [_ids(part) for part in scan.partition(p)]
    assert _ids(tl.where(p)) == _ids(scan.where(p))


def test_text_on_the_record(con: Any, folder: Path) -> None:
    """The bundled record: prefixes, suffixes and regexes agree with memory."""
    race = at.datasets.ai_race()
    scan = scan_of(race, con, folder)
    for p in (
        at.col("model").startswith("Qwen"),
        at.col("model").endswith("preview"),
        at.col("model").matches("^o[13]"),
        at.col("title").matches("(?i)deepseek"),
    ):
        assert _ids(scan.where(p)) == _ids(race.where(p))


@pytest.mark.parametrize("pattern", ["(a)\\1", "a(?=b)", "\\d", "x$", "\\w+", "é", "a{,2}"])
def test_patterns_an_engine_would_read_otherwise_are_refused(pattern: str) -> None:
    """A regex whose meaning the engine's dialect may change is a QueryError, never an answer."""
    import ibis  # noqa: PLC0415 - the engines' dependency, skipped above when absent

    table = ibis.table({"title": "string", "kind": "string"}, name="t")
    with pytest.raises(QueryError, match=r"cannot compile col\('title'\)\.matches"):
        compile_predicate(table, at.col("title").matches(pattern))


def test_to_sql_shows_the_text_tests() -> None:
    """to_sql shows each test as the engine's function."""
    sql = {
        "startswith": """COALESCE(STARTS_WITH("title", 'R'), FALSE)""",
        "endswith": """COALESCE(SUFFIX("title", 'R'), FALSE)""",
        "matches": """COALESCE(REGEXP_MATCHES("title", '^o[13]'), FALSE)""",
    }
    assert at.col("title").startswith("R").to_sql() == sql["startswith"]
    assert at.col("title").endswith("R").to_sql() == sql["endswith"]
    assert at.col("title").matches("^o[13]").to_sql() == sql["matches"]
