"""Measure how far China's models trail the US frontier on Epoch AI's Capabilities Index.

Run from the repository root::

    .venv/bin/python examples/eci_gap.py [DATA_DIR]

DATA_DIR is the folder holding Epoch AI's ``epoch_capabilities_index_*.csv`` (default:
``$AITIMELINE_DATA``, else ``../shared/data/external``). Prints the gap; writes no files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import aitimeline as at
from aitimeline import io

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Return the data folder: the first argument, $AITIMELINE_DATA, or the default."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(os.environ.get("AITIMELINE_DATA", REPO.parent / "shared" / "data" / "external"))


def main() -> None:
    """Read the ECI table and print the daily and catch-up gaps."""
    found = sorted(data_dir().glob("epoch_capabilities_index_*.csv"))
    if not found:
        sys.exit(f"no epoch_capabilities_index_*.csv in {data_dir()}; pass the data folder")
    path = found[-1]
    table = io.read_epoch_csv(path)
    print(table.summary)
    us, cn = at.col("country") == "US", at.col("country") == "CN"

    daily = at.frontier_lag(
        table.timeline,
        metric="eci",
        leader=us,
        follower=cn,
        method="daily",
        collapse_variants=True,
    )
    print(f"\n{daily}")
    print(f"window {daily.start} to {daily.end}; {daily.censored_days} censored days")
    for name, months in daily.summary().items():
        print(f"  {name:<6} {months:5.1f} months")

    catchup = at.frontier_lag(
        table.timeline,
        metric="eci",
        leader=us,
        follower=cn,
        method="catch-up",
        collapse_variants=True,
    )
    print(f"\n{catchup}")
    for pair in catchup.pairs:
        print(
            f"  {pair.leader.model} ({pair.leader.when}) -> "
            f"{pair.follower.model} ({pair.follower.when}): {pair.lag.format('months')}"
        )
    for record in catchup.censored_leaders:
        print(f"  {record.leader.model} ({record.leader.when}): not matched yet, {record.age} old")


if __name__ == "__main__":
    main()
