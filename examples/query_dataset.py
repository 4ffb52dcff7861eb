"""Ask the bundled AI-race dataset questions, each one expression.

Run from the repository root::

    .venv/bin/python examples/query_dataset.py

Prints the answers; writes no files.
"""

from __future__ import annotations

import aitimeline as at
from aitimeline import datasets


def show(title: str, timeline: at.Timeline) -> None:
    """Print a heading and one line per event: date, id and title."""
    print(f"\n{title} ({len(timeline)})")
    for event in timeline:
        print(f"  {event.when!s:<12} {event.id:<28} {event.title}")


def main() -> None:
    """Load the dataset and run the queries."""
    race = datasets.ai_race()
    print(repr(race))

    r1 = race["deepseek-r1"]
    chinese_reasoning = (at.col("country") == "CN") & at.is_a("release") & at.tagged("reasoning")
    show(
        "Chinese reasoning releases before DeepSeek-R1",
        race.where(chinese_reasoning & at.col("when").before(r1.when)),
    )
    show(
        "... of which open-weight",
        race.where(chinese_reasoning & at.tagged("open-weights") & at.col("when").before(r1.when)),
    )

    # Three-valued filtering: an event known only to a month may or may not fall in a window.
    window = at.col("when").between("2025-01-13", "2025-01-27")
    inside, outside, unknown = race.partition(window)
    show("Certainly in the fortnight around DeepSeek-R1 (13-27 January 2025)", inside)
    show("Possibly in it: dated only to the month, too coarse to say", unknown)
    print(f"\n{len(outside)} events are certainly outside it.")

    v3 = race["deepseek-v3"]
    show(
        "US export controls in force when DeepSeek-V3 shipped",
        race.where(at.is_a("export_control") & at.col("in_force").overlaps(v3.when)),
    )

    print("\nEvents per country:")
    for country, events in race.group_by("country").items():
        print(f"  {country!s:<5} {len(events)}")


if __name__ == "__main__":
    main()
