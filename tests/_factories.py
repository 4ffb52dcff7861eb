"""Events of the AI race that several test modules share, dated as the bundled record dates them.

One definition per event, so test modules cannot disagree about a fact (o1-preview came out on
2024-09-12, not "some day in September 2024"). A module that needs a fuzzier or different event
builds its own, under its own id, beside these.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from hypothesis import strategies as st

import aitimeline.strategies as ats
from aitimeline import IPO, Event, Parameters, Release
from aitimeline._events import event_to_row, row_columns
from aitimeline._frame import CORE_COLUMNS

__all__ = ["IPO_2026", "O1", "QWQ", "R1", "R1_LITE"]

O1 = Release(
    id="openai-o1-preview",
    when="2024-09-12",
    title="OpenAI o1-preview",
    model="o1-preview",
    country="US",
    actors=("OpenAI",),
    capabilities={"reasoning"},
)
QWQ = Release(
    id="qwq-32b-preview",
    when="2024-11-28",
    title="QwQ-32B-Preview",
    model="QwQ",
    country="CN",
    actors=("Alibaba", "Qwen"),
    capabilities={"reasoning"},
    open_weights=True,
    parameters=Parameters("32.5B"),
)
R1_LITE = Release(
    id="deepseek-r1-lite-preview",
    when="2024-11-20",
    title="DeepSeek-R1-Lite-Preview",
    model="R1-Lite",
    country="CN",
    actors=("DeepSeek",),
    capabilities={"reasoning"},
)
R1 = Release(
    id="deepseek-r1",
    when="2025-01-20",
    title="DeepSeek-R1",
    model="DeepSeek-R1",
    country="CN",
    actors=("DeepSeek",),
    capabilities={"reasoning"},
    open_weights=True,
    parameters=Parameters("671B"),
)
IPO_2026 = IPO(id="minimax-ipo", when="2026", title="MiniMax IPO", company="MiniMax", country="CN")


def csv_by_rows(tl: Iterable[Event]) -> str:
    """Return the CSV text of *tl* as the ``csv`` module writes it, an ``event_to_row`` per event.

    The law of ``write_csv``: the columns of the events' kinds (``row_columns``) in order, of
    which the core ones always (those of ``to_pandas``) and the others when some cell in them is
    not empty; ``QUOTE_MINIMAL`` and CRLF line ends.
    """
    events = list(tl)
    rows = [event_to_row(e) for e in events]
    columns = [
        c
        for c in row_columns({e.kind for e in events})
        if c in CORE_COLUMNS or any(r[c] for r in rows)
    ]
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([r[c] for c in columns] for r in rows)
    return stream.getvalue()


def odd_columns(odd: Sequence[object]) -> st.SearchStrategy[dict[str, list[Any]]]:
    """Return the row-form columns of small drawn timelines, up to three cells made *odd*.

    Each odd cell is one of *odd* or another cell of its column (never the id or the date),
    so that some rows make no event and some make another one.
    """

    @st.composite
    def columns_of(draw: st.DrawFn) -> dict[str, list[Any]]:
        tl = draw(ats.timelines(min_size=1, max_size=6, events=ats.events()))
        columns: dict[str, list[Any]] = {k: list(v) for k, v in tl.to_columns().items()}
        names = sorted(c for c in columns if c not in ("id", "when"))
        for _ in range(draw(st.integers(0, 3))):
            name = draw(st.sampled_from(names))
            row = draw(st.integers(0, len(tl) - 1))
            columns[name][row] = draw(st.sampled_from(odd) | st.sampled_from(columns[name]))
        return columns

    return columns_of()
