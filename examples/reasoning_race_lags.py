"""Measure the reasoning-model race: how many weeks after OpenAI's o1 did China answer?

Run from the repository root::

    .venv/bin/python examples/reasoning_race_lags.py

Prints each lag as a range of days and in weeks; writes no files. A lag between two exact
days is one number; with a date known only to the month it is a range, never a guess.
"""

from __future__ import annotations

import aitimeline as at
from aitimeline import datasets

PAIRS = (
    ("openai-o1-preview", "qwq-32b-preview"),
    ("openai-o1-preview", "deepseek-r1-lite-preview"),
    ("openai-o1-preview", "deepseek-r1"),
)
"""A US reasoning model and a Chinese one that answered it, by event id."""


def main() -> None:
    """Print the lags, the first-mover gap, and a check of what an article claimed."""
    race = datasets.ai_race()
    for leader, follower in PAIRS:
        gap = at.lag(race[leader], race[follower])
        print(f"{leader} -> {follower}: {gap.format('days')} = {gap} ({gap.format('months')})")

    first = at.catch_up(
        race,
        capability="reasoning",
        leader=at.col("country") == "US",
        follower=at.col("country") == "CN",
    )
    print(f"\nFirst US vs first Chinese reasoning model: {first}")

    # The Economist (A000) dated QwQ only to "November" and said it came "less than three
    # months after o1". With the month alone, the lag is a range; the claim holds for all of it.
    o1 = race["openai-o1-preview"].when
    qwq_as_reported = at.When.parse("2024-11")
    claimed = at.lag(o1, qwq_as_reported)
    print(f"\nQwQ 'in November': {claimed} after o1-preview")
    print(f"'less than three months' holds: {claimed < at.months(3)}")

    # Every Chinese reasoning release paired with the latest US one before it.
    pairs = at.catch_up_pairs(
        race,
        capability="reasoning",
        leader=at.col("country") == "US",
        follower=at.col("country") == "CN",
    )
    print("\nEach US reasoning release and the first Chinese one on or after it:")
    for pair in pairs.pairs:
        print(f"  {pair.leader.id} -> {pair.follower.id}: {pair.lag}")


if __name__ == "__main__":
    main()
