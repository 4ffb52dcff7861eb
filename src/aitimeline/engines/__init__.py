"""Run the query algebra in a database engine through Ibis: DuckDB by default, Spark at scale.

Nothing here imports Ibis, DuckDB or Spark until it is used, so ``import aitimeline`` stays
light; install the extra ``aitimeline[engines]``. :func:`scan` opens a Parquet file (or an
Ibis table) as a lazy timeline whose filters, counts and frontier records run in the engine;
:func:`to_sql` shows the SQL a predicate compiles to, UNKNOWN being SQL's NULL.

>>> import aitimeline as at
>>> print(at.engines.to_sql(at.col("model") == "R1"))
COALESCE("model" = 'R1', FALSE)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aitimeline._query import Predicate

if TYPE_CHECKING:
    import os

    import ibis.expr.types as ir
    import pyarrow as pa
    import sqlglot
    from ibis.backends import BaseBackend

    from aitimeline._timeline import Timeline
    from aitimeline.engines._scan import Scan

__all__ = ["compile_predicate", "connect", "scan", "to_sql"]


def scan(
    source: str | os.PathLike[str] | ir.Table | Timeline | pa.Table,
    *,
    backend: str | BaseBackend | None = None,
) -> Scan:
    """Return a lazy, engine-backed timeline over *source* (see :class:`Scan`).

    Args:
        source: A Parquet file (or glob) in the columnar layout
            (:func:`aitimeline.io.write_parquet`), an Ibis table with those columns, a
            :class:`~aitimeline.Timeline` or an Arrow table.
        backend: ``"duckdb"`` (the default: embedded, out of core on Parquet),
            ``"pyspark"`` (Spark in local mode, ``local[2]``), or an Ibis connection.

    Raises:
        QueryError: an unknown backend name.
    """
    from aitimeline.engines._scan import scan as _scan  # noqa: PLC0415 - Ibis loads when used

    return _scan(source, backend=backend)


def connect(backend: str | BaseBackend = "duckdb") -> BaseBackend:
    """Return an Ibis connection for *backend* (``"duckdb"``, ``"pyspark"``) to reuse in scans."""
    from aitimeline.engines._scan import connect as _connect  # noqa: PLC0415 - as above

    return _connect(backend)


def compile_predicate(table: ir.Table, p: Predicate) -> ir.BooleanValue:
    """Return *p* as an Ibis boolean expression over *table* (NULL where UNKNOWN)."""
    from aitimeline.engines._compile import compile_predicate as _compile  # noqa: PLC0415

    return _compile(table, p)


def to_sql(p: Predicate, *, dialect: str = "duckdb") -> str:
    """Return the SQL condition *p* compiles to, in *dialect* (an Ibis backend name).

    TRUE rows are ``WHERE condition``; ``possibly(p)`` is ``WHERE condition IS NOT FALSE``.
    """
    import ibis  # noqa: PLC0415 - as above
    import sqlglot  # noqa: PLC0415 - Ibis' SQL layer

    from aitimeline._arrow import schema  # noqa: PLC0415 - as above

    getattr(ibis, dialect)  # load the backend: its compiler reads the backend's options
    table = ibis.table(ibis.Schema.from_pyarrow(schema()), name="events")
    condition = compile_predicate(table, p)
    sql = ibis.to_sql(table.filter(condition), dialect=dialect)
    tree = sqlglot.parse_one(str(sql), read=_sqlglot_dialect(dialect))
    where = tree.args["where"].this.transform(_unqualified)
    return str(where.sql(dialect=_sqlglot_dialect(dialect), pretty=True))


def _unqualified(node: sqlglot.exp.Expression) -> sqlglot.exp.Expression:
    """Drop the table alias from a column, so that the condition reads on any table."""
    import sqlglot  # noqa: PLC0415 - as above

    if isinstance(node, sqlglot.exp.Column) and node.table:
        return sqlglot.exp.column(node.name, quoted=True)
    return node


def _sqlglot_dialect(dialect: str) -> str:
    return {"pyspark": "spark", "mssql": "tsql"}.get(dialect, dialect)
