"""Draw a gap sensitivity table: the estimate under each choice, the published value marked.

:func:`sensitivity` takes the table :func:`aitimeline.epoch.gap_sensitivity` returns and draws
one row per combination of choices: a dot at the mean gap, a line from the 5th to the 95th
percentile, coloured by method, and a dashed vertical line at the published value. It is
public as :func:`aitimeline.plot.sensitivity`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aitimeline.exceptions import PlotError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["sensitivity"]

_COLUMNS = ("method", "tolerance", "file", "leader", "window", "mean_months")
_COLOURS = {"catch-up": "#1b9e77", "daily": "#d95f02", "level": "#7570b3", "area": "#e7298a"}


def sensitivity(
    result: pd.DataFrame,
    *,
    ax: Axes | None = None,
    published: float | None = None,
    **kwargs: Any,  # noqa: ANN401 - forwarded to Axes.scatter
) -> Axes:
    """Draw each combination's gap as a dot with its 5th-95th percentiles; mark the published value.

    Args:
        result: The table of :func:`aitimeline.epoch.gap_sensitivity` (columns ``method``,
            ``tolerance``, ``file``, ``leader``, ``window``, ``mean_months``; ``p5``, ``p95``
            and ``published`` are used when present).
        ax: Axes to draw on (default: the current axes).
        published: The published value to mark (default: the table's ``published`` column).
        **kwargs: Passed to :meth:`matplotlib.axes.Axes.scatter`.

    Returns:
        The axes.

    Raises:
        PlotError: the table lacks a column, or is empty.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415 - matplotlib is imported only when drawing
    from matplotlib.lines import Line2D  # noqa: PLC0415

    missing = [c for c in _COLUMNS if c not in result.columns]
    if missing or result.empty:
        msg = (
            f"result has columns {list(result.columns)} and {len(result)} rows; expected the "
            f"non-empty table of gap_sensitivity(), with columns {list(_COLUMNS)}"
        )
        raise PlotError(msg)
    if ax is None:
        ax = plt.gca()
    table = result.sort_values("mean_months", kind="stable").reset_index(drop=True)
    y = list(range(len(table)))
    labels = [
        f"{r.method} · {r.tolerance} · {r.leader} · {r.window} · {r.file}"
        for r in table.itertuples()
    ]
    colours = [_COLOURS.get(str(m), "#666666") for m in table["method"]]
    if {"p5", "p95"} <= set(table.columns):
        ax.hlines(y, table["p5"], table["p95"], colors=colours, linewidth=1, alpha=0.4)
    kwargs.setdefault("zorder", 3)
    ax.scatter(table["mean_months"], y, c=colours, s=kwargs.pop("s", 18), **kwargs)
    value = published
    if value is None and "published" in table.columns:
        value = float(table["published"].iloc[0])
    handles = [
        Line2D([], [], marker="o", linestyle="", color=c, label=m)
        for m, c in _COLOURS.items()
        if m in set(table["method"])
    ]
    if value is not None:
        ax.axvline(value, color="black", linestyle="--", linewidth=1)
        handles.append(
            Line2D([], [], color="black", linestyle="--", label=f"published: {value:g} months")
        )
    ax.set_yticks(y, labels, fontsize=6)
    ax.set_xlabel("gap (months): mean, and 5th to 95th percentile")
    ax.legend(handles=handles, loc="lower right", fontsize=7)
    return ax
