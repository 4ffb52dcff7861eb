"""Draw the reasoning-model race as a timeline and save it as PNG and SVG.

Run from the repository root::

    .venv/bin/python examples/plot_timeline.py [OUT_DIR]

Writes ``reasoning_race.png`` and ``reasoning_race.svg`` into OUT_DIR (default: a new
temporary folder) and prints their paths and which labels did not fit.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

import aitimeline as at
from aitimeline import datasets, plot


def main() -> None:
    """Draw the chart, save it, and report the layout."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="aitimeline-"))
    out.mkdir(parents=True, exist_ok=True)
    race = datasets.ai_race()

    # US and Chinese releases and export controls from mid-2024 to the DeepSeek shock.
    shown = race.where(
        at.col("country").isin(["US", "CN"])
        & at.col("kind").isin(["release", "export_control"])
        & at.col("when").between("2024-07-01", "2025-02-28")
    )
    fig, ax = plt.subplots(figsize=(12, 4.5), layout="constrained")
    plot.timeline(shown, lanes="country", ax=ax, reference=["deepseek-r1"])
    qwq = at.lag(race["openai-o1-preview"], race["qwq-32b-preview"])
    plot.lag(qwq, ax=ax, text=f"o1-preview to QwQ-32B-Preview: {qwq}")
    ax.set_title("The reasoning-model race, July 2024 to February 2025")

    for suffix in (".png", ".svg"):
        print(plot.save(fig, out / f"reasoning_race{suffix}", dpi=150))

    layout = plot.layout(ax)  # where the labels went when the figure was last drawn
    print(f"{len(layout.labels)} labels drawn; did not fit: {', '.join(layout.dropped) or 'none'}")
    plt.close(fig)


if __name__ == "__main__":
    main()
