"""A row store's fields, read column by column from its cells, never event by event.

Layer: after the query layer's fields, before ``_store``. A row store (``_store.RowStore``)
holds the flat row form of ``event_to_row`` as columns of cells. :class:`CellFields` answers
two questions about them without building every event:

* **Which rows make no event** (:meth:`CellFields.bad_rows`). Each column is checked per
  distinct ``(kind, cell)`` pair; cells whose meaning depends on one another (a release's
  ``parameters`` and ``active_parameters``, a score's ``value`` and its interval, ``country``
  and ``countries``, ``sources`` and the ``date_claims`` that cite them, the inner columns of
  a nested record) are checked together, per distinct tuple (:data:`LINKED`). A pair is
  checked by building one *probe*: a known good row of the kind with those cells put in. So
  checking a column costs about a factorize of it plus one probe per distinct value.
* **What predicates see of a field** (:meth:`CellFields.values`), for any field of any
  registered kind: the rows are grouped by the distinct cells the field is read from (with the
  kind), and one event per group, the first row of it, is built and read. A text field
  (``model``, ``title``) is its cells' text.

**Lazy and eager agree.** :meth:`values` first checks every row. When a row makes no event,
the error raised is the one building that row raises, for the first such row in timeline
order: exactly what ``[field_value(e, f) for e in events]`` raises. Otherwise every value is
the built event's. User-defined kinds whose checks or derived properties this module cannot
see (their own ``__attrs_post_init__`` or properties) are read by building their events.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from aitimeline._codec import TEXT
from aitimeline._event_codec import event_from_row, row_fields
from aitimeline._fields import field_value
from aitimeline._index import MISSING, TYPE_FIELD
from aitimeline._kinds import EVENT_KINDS, Release, Score, kind_class
from aitimeline._records import REQUIRED_TEXT, TEXT_CHECK, Event
from aitimeline._textcells import (
    ARROW_ROWS,
    failed_blank,
    failed_match,
    failed_text,
    is_text_array,
    parallel_map,
    plain_texts,
    release_unused,
    text_codes_arrow,
)
from aitimeline._vocab import SLUG
from aitimeline.exceptions import InvalidEventError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["LINKED", "CellFields", "KindInfo", "cell_text", "first_rows", "opaque", "text_codes"]

Ints: TypeAlias = npt.NDArray[np.int64]
Codes: TypeAlias = npt.NDArray[np.integer[Any]]
"""A code per row into a column's distinct texts, in the smallest int type that holds them."""
Cells: TypeAlias = "npt.NDArray[np.object_] | pa.Array"
"""A column's cells: an Arrow string array when all are text (``_textcells``), else objects."""

BUILT_IN_KINDS: Final = frozenset(
    cls
    for cls in EVENT_KINDS.values()
    if cls.__module__ in ("aitimeline._kinds", "aitimeline._records")
)
"""The kinds the package defines (registered when ``_kinds`` is imported): their checks are
known to :data:`LINKED` and :data:`_DERIVED`."""

LINKED: Final[Mapping[type[Event], tuple[tuple[str, ...], ...]]] = {
    Event: (("country", "countries"), ("sources", "date_claims")),
    Release: (("parameters", "active_parameters"), ("tags", "open_weights")),
    Score: (("value", "ci_low", "ci_high"),),
}
"""Columns a kind checks together (its ``__attrs_post_init__`` compares them), per class.

A kind also has the groups of its base classes; the inner columns of a nested record field
(``training.chips``, ``training.cost``...) always form one group.
"""

_DERIVED: Final[Mapping[str, Callable[[type[Event]], tuple[str, ...]]]] = {
    "country": lambda _cls: ("country", "countries"),
    "all_tags": lambda cls: (
        ("tags", "capabilities", "open_weights") if issubclass(cls, Release) else ("tags",)
    ),
    "preview": lambda _cls: ("stage",),
}
"""The columns each derived property of the built-in kinds reads."""

_OPAQUE: Final = ("__attrs_post_init__", *_DERIVED)
_ALL_SLUGS: Final = re.compile(f"(?:{SLUG.pattern}\n)*{SLUG.pattern}")
"""Every line a slug: ``SLUG``'s class has no newline, so each line is one cell."""
_ALL_PASS: Final[Mapping[str, Callable[[list[str]], bool]]] = {
    "blank": lambda texts: not any(texts),
    "slug": lambda texts: not texts or _all_slugs("\n".join(texts), len(texts)),
}
"""Tell at C speed whether every text passes a named :meth:`CellFields._refuse` test."""


def _all_slugs(joined: str, n: int) -> bool:
    """Tell whether the *n* texts joined by newlines in *joined* are all slugs.

    Each line must be a whole text: a text holding a newline makes more lines than texts.
    """
    return joined.count("\n") == n - 1 and _ALL_SLUGS.fullmatch(joined) is not None


_SLUG_CHARS: Final = "abcdefghijklmnopqrstuvwxyz0123456789-"
"""What a slug (``SLUG``, ``[a-z0-9][a-z0-9-]*``) is made of; all but ``-`` may start it."""

_ARROW_TEST: Final[Mapping[str, Callable[[pa.Array], npt.NDArray[np.bool_] | None]]] = {
    "blank": failed_blank,
    "slug": lambda cells: failed_match(cells, SLUG.pattern, _SLUG_CHARS, _SLUG_CHARS[:-1]),
    "text": failed_text,
}
"""The same tests on a column held in Arrow: where a cell fails, None if none does."""


_FEW_KINDS: Final = 8
"""Up to this many kinds, :meth:`CellFields.by_kind` finds each one's rows by a comparison."""

_TESTS: Final[Mapping[str, Callable[[str], object]]] = {
    "blank": operator.not_,  # a cell with no field must be empty
    "slug": SLUG.fullmatch,  # an id
    "text": str.strip,  # a required text (a title)
}
"""The tests a lone column is checked by, per cell text (:meth:`CellFields._refuse`)."""


def _single_test(kind: KindInfo, column: str) -> str | None:
    """Return the test (:data:`_TESTS`) that checks *kind*'s lone *column*.

    ``""`` if any text is good; None if its cells are checked by probes.
    """
    field, codec = kind.fields[column]
    plain = codec is TEXT and field.converter is None
    if column == "id":
        return "slug"
    if plain and field.validator is REQUIRED_TEXT:
        return "text"
    if plain and field.validator is TEXT_CHECK:
        return ""
    return None


def cell_text(value: object) -> str:
    """Return a cell as the text the row form reads.

    None and NaN are empty; a whole float is the integer's text (``pandas.read_csv`` reads a
    column of whole numbers with gaps as floats: ``16000.0`` is ``16000``); a bool is
    ``true``/``false``; anything else its ``str``.

    >>> cell_text(16000.0), cell_text(0.5), cell_text(float("nan")), cell_text(True)
    ('16000', '0.5', '', 'true')
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN from pandas  # noqa: PLR0124
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def text_codes(cells: Iterable[object]) -> tuple[Ints, list[str]]:
    """Return a code per cell for its text, and the distinct texts in order of first use.

    Equal texts get equal codes (a blank, None and NaN alike).

    >>> codes, texts = text_codes(["b", None, "b", float("nan"), ""])
    >>> codes.tolist(), texts
    ([0, 1, 0, 1, 1], ['b', ''])
    """
    items = cells if isinstance(cells, list) else list(cells)
    if items.count("") == len(items):  # an empty column: one blank text
        return np.zeros(len(items), dtype=np.int64), [""] if items else []
    distinct = list(dict.fromkeys(items))  # C speed; NaN cells are each their own key
    if not all(type(c) is str for c in distinct):
        # mixed cells: 1, 1.0 and True are one dict key but three texts
        items = [cell_text(c) for c in items]
        distinct = list(dict.fromkeys(items))
    code_of = {c: k for k, c in enumerate(distinct)}
    codes = np.fromiter(map(code_of.__getitem__, items), dtype=np.int64, count=len(items))
    return codes, distinct


def _cell(cells: Cells, i: int) -> str:
    """Return cell *i* of a column as text (``cell_text``), held in Arrow or as objects."""
    return cell_text(cells[i] if isinstance(cells, np.ndarray) else cells[i].as_py())


def _combine(parts: list[tuple[Codes, int]]) -> Ints:
    """Return one code per row for the tuple of the rows' codes in *parts* (code, size)."""
    codes = np.zeros(len(parts[0][0]) if parts else 0, dtype=np.int64)
    total = 1
    for column, size in parts:
        if total * size >= 2**62:  # keep the product in int64
            codes = np.unique(codes, return_inverse=True)[1].reshape(-1).astype(np.int64)
            total = int(codes.max(initial=0)) + 1
        codes, total = codes * size + column, total * size
    return codes


def first_rows(codes: Codes) -> tuple[Ints, Ints]:
    """Return the first row of each distinct code, in order of first use, and each row's rank.

    >>> first, inverse = first_rows(np.array([3, 1, 3, 0]))
    >>> first.tolist(), inverse.tolist()
    ([0, 1, 3], [0, 1, 0, 2])
    """
    if len(codes) >= ARROW_ROWS:  # a hash table, no sort: O(n)
        return _first_rows_hashed(codes)
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return first[order].astype(np.int64), rank[inverse.reshape(-1)]


def _first_rows_hashed(codes: Codes) -> tuple[Ints, Ints]:
    """Return :func:`first_rows` by Arrow's hash table, which numbers values in first use.

    A row is the first of its code where the running maximum of those numbers goes up.
    """
    import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used
    import pyarrow.compute as pc  # noqa: PLC0415 - as above

    if not len(codes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    numbers = pc.dictionary_encode(pa.array(np.asarray(codes, dtype=np.int64))).indices
    rank = np.asarray(numbers.to_numpy(zero_copy_only=False), dtype=np.int64)
    top = np.maximum.accumulate(rank)
    new = np.empty(len(rank), dtype=bool)
    new[0] = True
    np.greater(top[1:], top[:-1], out=new[1:])
    return np.flatnonzero(new).astype(np.int64), rank


def opaque(cls: type[Event]) -> bool:
    """Tell whether a user kind defines checks or properties this module cannot see."""
    if cls in BUILT_IN_KINDS:
        return False
    for klass in cls.__mro__:
        if klass in BUILT_IN_KINDS:
            return False
        if any(name in vars(klass) for name in _OPAQUE):
            return True
    return False  # pragma: no cover - every kind derives from Event


@attrs.frozen
class KindInfo:
    """What :class:`CellFields` knows of one kind: its columns and how they group."""

    cls: type[Event]
    fields: Mapping[str, tuple[attrs.Attribute[Any], Any]]
    """Each column of the kind: its field and codec."""
    groups: tuple[tuple[str, ...], ...]
    """The columns, grouped as they are checked (see :data:`LINKED`)."""

    @classmethod
    def of(cls, kind: type[Event]) -> KindInfo:
        fields = {column: (field, codec) for column, field, _inner, codec in row_fields(kind)}
        linked = [g for klass in kind.__mro__ for g in LINKED.get(klass, ())]
        nested: dict[str, list[str]] = {}
        for column in fields:
            if "." in column:
                nested.setdefault(column.split(".")[0], []).append(column)
        linked += [tuple(columns) for columns in nested.values()]
        group_of: dict[str, int] = {}
        groups: list[list[str]] = []
        for column in fields:
            home = next((g for g in linked if column in g), (column,))
            key = group_of.get(home[0])
            if key is None:
                key = len(groups)
                groups.append([c for c in home if c in fields])
                for c in home:
                    group_of[c] = key
        return cls(kind, fields, tuple(tuple(g) for g in groups))

    def group(self, columns: Iterable[str]) -> tuple[str, ...]:
        """Return the columns of every group that holds one of *columns*, in row order."""
        wanted = set(columns)
        return tuple(c for g in self.groups if wanted & set(g) for c in g)


class CellFields:
    """Check and read the fields of rows of cells, column by column (see the module)."""

    __slots__ = ("_build", "_checked", "_codes", "_columns", "_kinds", "_rows", "_tests", "n")

    def __init__(
        self,
        columns: Mapping[str, Cells],
        rows: Ints | None,
        n: int,
        build: Callable[[int], Event],
    ) -> None:
        """Read *columns* (in timeline order); *build* makes a position's event.

        *rows* is the input row of each position (None: the same), for :meth:`check`'s file
        order.
        """
        self._columns = columns
        self._rows = rows
        self.n = n
        self._build = build
        self._codes: dict[str, tuple[Codes, list[str]]] = {}
        self._kinds: dict[str, KindInfo] = {}
        self._checked: npt.NDArray[np.bool_] | None = None
        self._tests: dict[tuple[str, str], npt.NDArray[np.bool_] | None] = {}

    # -- cells -------------------------------------------------------------------------------

    def cells(self, name: str) -> Cells | None:
        """Return a column's cells in timeline order, or None if the store has no such column."""
        return self._columns.get(name)

    def codes(self, name: str) -> tuple[Codes, list[str]]:
        """Return a text code per position for column *name*, and the texts (kept).

        The codes are kept in the smallest int type numpy gives for the number of texts.
        """
        found = self._codes.get(name)
        if found is None:
            cells = self.cells(name)
            codes: Codes
            if cells is None:  # one code for every row, held as a broadcast zero
                codes, texts = np.broadcast_to(np.zeros(1, dtype=np.int8), (self.n,)), [""]
            else:
                codes, texts = (
                    text_codes_arrow(cells) if is_text_array(cells) else text_codes(cells.tolist())
                )
                codes = codes.astype(np.min_scalar_type(-max(len(texts), 1)), copy=False)
            if name == "kind":  # an empty kind is the plain event
                texts = [t or "event" for t in texts]
            found = self._codes[name] = (codes, texts)
        return found

    def present(self) -> tuple[str, ...]:
        """Return the names of the columns the rows have."""
        return tuple(self._columns)

    def row(self, i: int) -> dict[str, str]:
        """Return the cells of position *i* as the row ``event_from_row`` reads."""
        row = {name: _cell(cells, i) for name, cells in self._columns.items()}
        row["kind"] = row.get("kind") or "event"
        return row

    def kind_of(self, name: str) -> KindInfo | None:
        """Return what is known of the kind *name* (None: no such kind)."""
        found = self._kinds.get(name)
        if found is None:
            cls = kind_class(name)
            if cls is None:
                return None
            found = self._kinds[name] = KindInfo.of(cls)
        return found

    def by_kind(self) -> list[tuple[str, Ints]]:
        """Return each kind name in the rows with its positions."""
        codes, names = self.codes("kind")
        if len(names) == 1:
            return [(names[0], np.arange(self.n, dtype=np.int64))]
        if len(names) <= _FEW_KINDS:  # a pass per kind beats a sort of every row
            return [(name, np.flatnonzero(codes == k)) for k, name in enumerate(names)]
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        return [(name, order[bounds[k] : bounds[k + 1]]) for k, name in enumerate(names)]

    def keys(self, columns: tuple[str, ...], rows: Ints) -> Ints:
        parts = []
        for name in columns:
            codes, texts = self.codes(name)
            parts.append((codes[rows], len(texts)))
        return _combine(parts)

    # -- checking ----------------------------------------------------------------------------

    def bad_rows(self) -> npt.NDArray[np.bool_]:
        """Return, per position, whether its cells make no event (computed once)."""
        if self._checked is None:
            bad = np.zeros(self.n, dtype=bool)
            kinds = self.by_kind()
            self._run_kernels([name for name, _rows in kinds])
            for name, rows in kinds:
                self._check_kind(name, rows, bad)
            self._checked = bad
            release_unused(self.n)  # the masks and dictionaries of the checks
        return self._checked

    def adopt(self, checked: CellFields) -> None:
        """Take the checks of *checked*: the same rows, with the same cells, in input order.

        What it computed of the cells (tests, text codes) is taken too when the rows are in
        input order here as well; else only which rows are bad, put in timeline order.
        """
        bad = checked.bad_rows()
        if self._rows is None:
            self._checked = bad
            self._tests.update(checked._tests)
            self._codes.update(checked._codes)
            self._kinds.update(checked._kinds)
        else:
            self._checked = bad[self._rows]

    def _check_kind(self, name: str, rows: Ints, bad: npt.NDArray[np.bool_]) -> None:
        kind = self.kind_of(name)
        if kind is None:
            bad[rows] = True
            return
        if opaque(kind.cls):
            for i in rows.tolist():
                bad[i] = not self._builds(self.row(i))
            return
        found = self._template(rows, bad)
        if found is None:
            return
        template, rows = found
        for column in self._columns:
            if column not in kind.fields and column != "kind":
                self._refuse(column, "blank", rows, bad)  # a cell with no field
        for group in self._groups(kind):
            self._check_group(kind, group, rows, template, bad)

    def _groups(self, kind: KindInfo) -> list[tuple[str, ...]]:
        """Return the groups of *kind*'s columns the rows have (dates: read by the store)."""
        found = []
        for group in kind.groups:
            present = tuple(c for c in group if c in self._columns)
            if present and present != ("when",):  # dates are read when the store is built
                found.append(present)
        return found

    def _run_kernels(self, names: list[str]) -> None:
        """Run, on threads, the Arrow kernels that checking kinds *names* will read.

        The tests of :meth:`_refuse` and the text codes of the columns checked by probes,
        each kept where :meth:`_check_kind` finds it: the checks and their order are its own.
        """
        tests: dict[tuple[str, str], None] = {}
        coded: dict[str, None] = {}
        for name in names:
            kind = self.kind_of(name)
            if kind is None or opaque(kind.cls):
                continue
            for column in self._columns:
                if column not in kind.fields and column != "kind":
                    tests[column, "blank"] = None
            for group in self._groups(kind):
                test = _single_test(kind, group[0]) if len(group) == 1 else None
                if test:
                    tests[group[0], test] = None
                elif test is None:
                    coded.update(dict.fromkeys(group))
        jobs: list[Callable[[], object]] = [
            functools.partial(self._test, column, test)
            for column, test in tests
            if (column, test) not in self._tests and is_text_array(self.cells(column))
        ]
        jobs += [
            functools.partial(self.codes, column)
            for column in coded
            if column not in self._codes and is_text_array(self.cells(column))
        ]
        parallel_map(lambda job: job(), jobs, self.n)

    def _template(
        self, rows: Ints, bad: npt.NDArray[np.bool_]
    ) -> tuple[dict[str, str], Ints] | None:
        """Return the first row of *rows* that makes an event, and the rows from it on.

        The rows before it make none, and are marked in *bad*.
        """
        for k in range(len(rows)):  # the first row mostly: no list of every row
            i = int(rows[k])
            row = self.row(i)
            if self._builds(row):
                return row, rows[k:]
            bad[i] = True
        return None

    def _check_group(
        self,
        kind: KindInfo,
        group: tuple[str, ...],
        rows: Ints,
        template: dict[str, str],
        bad: npt.NDArray[np.bool_],
    ) -> None:
        if len(group) == 1:
            test = _single_test(kind, group[0])
            if test:
                self._refuse(group[0], test, rows, bad)
                return
            if test is not None:
                return  # any text is good
        keys = self.keys(group, rows)
        first, inverse = first_rows(keys)
        good = np.ones(len(first), dtype=bool)
        for k, i in enumerate(rows[first].tolist()):
            row = self.row(i)
            good[k] = self._builds({**template, **{c: row[c] for c in group}})
        bad[rows[~good[inverse]]] = True

    def _refuse(self, column: str, name: str, rows: Ints, bad: npt.NDArray[np.bool_]) -> None:
        """Mark the *rows* whose cell in *column* fails the test *name* (:data:`_TESTS`) as bad."""
        failed = self._test(column, name)
        if failed is not None:
            bad[rows[failed[rows]]] = True

    def _test(self, column: str, name: str) -> npt.NDArray[np.bool_] | None:
        """Return where a cell of *column* fails the test *name*, None if none does.

        The test runs once per column over every cell's text, at C speed when all pass; its
        result is kept (every kind reads it).
        """
        key = (column, name)
        if key not in self._tests:
            cells = self.cells(column)
            failed = None
            if cells is not None and is_text_array(cells) and name in _ARROW_TEST:
                failed = _ARROW_TEST[name](cells)
            else:
                test = _TESTS[name]
                texts = self.texts(column)
                whole = _ALL_PASS.get(name)
                if not (whole(texts) if whole is not None else all(map(test, texts))):
                    failed = ~np.fromiter(map(bool, map(test, texts)), dtype=bool, count=self.n)
            self._tests[key] = failed
        return self._tests[key]

    def texts(self, name: str) -> list[str]:
        """Return a column's cells as text (``cell_text``) in timeline order; blank if absent."""
        cells = self.cells(name)
        if cells is None:
            return [""] * self.n
        if is_text_array(cells):
            return plain_texts(cells).to_pylist()  # type: ignore[no-any-return]
        items = cells.tolist()
        try:
            "".join(items)  # C speed: refuses a cell that is not text
        except TypeError:
            items = [cell_text(c) for c in items]
        return items  # type: ignore[no-any-return]

    @staticmethod
    def _builds(row: dict[str, str]) -> bool:
        try:
            event_from_row(row, where="")
        except InvalidEventError:
            return False
        return True

    def check(self, *, file_order: bool = False) -> None:
        """Raise the error of the first row that makes no event, if any.

        The first in timeline order, or with *file_order* in input order; the error is the
        one building that row's event raises.
        """
        bad = np.flatnonzero(self.bad_rows())
        if not len(bad):
            return
        if file_order and self._rows is not None:
            bad = bad[np.argsort(self._rows[bad], kind="stable")]
        for i in bad.tolist():
            self._build(i)  # raises: the row makes no event
        # a probe refused cells that make events (a check this module cannot see): build all
        for i in range(self.n):  # pragma: no cover - LINKED lists every cross-field check
            self._build(i)

    # -- reading -----------------------------------------------------------------------------

    def values(self, field: str) -> list[object]:
        """Return what predicates see of *field*, one value per position (see the module)."""
        self.check()
        out = np.empty(self.n, dtype=object)
        for name, rows in self.by_kind():
            kind = self.kind_of(name)
            assert kind is not None  # noqa: S101 - check() refused unknown kinds
            out[rows] = self._kind_values(kind, field, rows)
        return out.tolist()

    def _kind_values(self, kind: KindInfo, field: str, rows: Ints) -> Cells:
        cls = kind.cls
        result = np.empty(len(rows), dtype=object)
        if field == TYPE_FIELD:
            result[:] = [cls] * len(rows)
            return result
        if field == "kind":
            result[:] = [cls.KIND] * len(rows)
            return result
        columns = self._columns_of(kind, field)
        if columns is None:  # neither a field nor a member: what getattr gives
            result[:] = [MISSING] * len(rows)
            return result
        if opaque(cls) or not columns:
            result[:] = [field_value(self._build(i), field) for i in rows.tolist()]
            return result
        if len(columns) == 1 and columns[0] in self._columns:
            entry = kind.fields.get(columns[0])
            if entry is not None and entry[1] is TEXT and entry[0].converter is None:
                codes, texts = self.codes(columns[0])
                result[:] = np.array(texts, dtype=object)[codes[rows]]
                return result
        first, inverse = first_rows(self.keys(columns, rows))
        read = [field_value(self._build(i), field) for i in rows[first].tolist()]
        mapped = np.empty(len(read), dtype=object)
        mapped[:] = read
        result[:] = mapped[inverse]
        return result

    def _columns_of(self, kind: KindInfo, field: str) -> tuple[str, ...] | None:
        """Return the columns *field* is read from for *kind* (empty: unknown), None if absent."""
        cls = kind.cls
        names = [c for c, (f, _codec) in kind.fields.items() if f.name == field]
        if names:
            return kind.group(names)
        derived = _DERIVED.get(field)
        if derived is not None and hasattr(cls, field):
            return kind.group(derived(cls))
        if hasattr(cls, field):
            return ()  # a member this module does not know: build the events
        return None
