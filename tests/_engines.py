"""What the engine test modules share: the backends to run on and a timeline's scan.

Each module asks for ``con`` (one connection per backend for the module: one SparkSession)
and ``folder`` (its Parquet files), which ``tests/conftest.py`` defines from :data:`BACKENDS`.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import aitimeline as at
from aitimeline import io

if TYPE_CHECKING:  # conftest imports this module: Ibis loads only when an engine test runs
    from aitimeline.engines._scan import Scan


def spark_ready() -> bool:
    """Return whether PySpark and a Java runtime are both present."""
    try:
        import pyspark  # noqa: F401, PLC0415 - probing only
    except ImportError:
        return False
    return shutil.which("java") is not None


BACKENDS = [
    "duckdb",
    pytest.param(
        "pyspark",
        marks=[
            pytest.mark.spark,
            pytest.mark.skipif(not spark_ready(), reason="needs Java and pyspark"),
            # py4j leaves its gateway sockets to the garbage collector, and PySpark's toPandas
            # and Ibis' Spark backend use options pandas 3 deprecates: none of these is
            # aitimeline's doing
            pytest.mark.filterwarnings("ignore::ResourceWarning"),
            pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
            pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
            pytest.mark.filterwarnings("ignore:The 'future.infer_string' option"),
        ],
    ),
]
"""DuckDB (embedded) always; Spark in local mode when Java and PySpark are present."""

_COUNT = itertools.count()


def scan_of(tl: at.Timeline, con: Any, folder: Path) -> Scan:
    """Write *tl* to a new Parquet file in *folder* and return its scan on *con*."""
    from aitimeline import engines  # noqa: PLC0415 - see the imports above

    path = folder / f"t{next(_COUNT)}.parquet"
    io.write_parquet(tl, path)
    return engines.scan(path, backend=con)
