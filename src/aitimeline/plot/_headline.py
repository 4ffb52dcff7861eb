"""A chart's title, subtitle and source line, laid out like a newspaper graphic."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib as mpl

from aitimeline._layout import check_options
from aitimeline.plot._options import ThemeOption
from aitimeline.plot._style import ThemeName, _theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure

    from aitimeline.plot._style import Theme


def headline(
    fig: Figure | SubFigure,
    title: str,
    *,
    subtitle: str | None = None,
    source: str | None = None,
    theme: ThemeName | Theme | None = None,
) -> Figure | SubFigure:
    """Put a title with the point, a subtitle saying what is shown, and a source line on *fig*.

    The title (bold, left-aligned) is the figure's ``suptitle``; the subtitle is the first
    axes' left title, just above the plot; the source line is the figure's ``supxlabel``,
    left-aligned at the bottom. Layout engines (``layout="constrained"``) and
    ``bbox_inches="tight"`` make room for all three.

    Args:
        fig: The figure (or subfigure) holding the chart.
        title: The point of the chart, for example "China's models trail the US by months".
        subtitle: What is drawn, and when.
        source: For example ``"Source: Epoch AI (CC-BY 4.0); aitimeline"``.
        theme: As for :func:`~aitimeline.plot.timeline` (the source line and subtitle use
            its muted colour).

    Returns:
        *fig*.
    """
    check_options(ThemeOption, "headline()", {"theme": theme})
    th = _theme(theme)
    size = float(mpl.rcParams["font.size"])
    fig.suptitle(
        title, x=0.01, ha="left", fontweight="bold", fontsize=size * 1.35, color=th.foreground
    )
    if subtitle is not None and fig.axes:
        fig.axes[0].set_title(subtitle, loc="left", fontsize=size, color=th.muted, pad=8.0)
    if source is not None:
        fig.supxlabel(source, x=0.01, ha="left", fontsize=size * 0.8, color=th.muted)
    return fig
