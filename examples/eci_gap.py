"""Measure how far China's models trail the US frontier on Epoch AI's Capabilities Index.

Run from anywhere::

    .venv/bin/python examples/eci_gap.py [DATA_DIR]

Reads the ECI snapshot bundled with the package (Epoch AI, CC-BY 4.0), or the newest
``epoch_capabilities_index_*.csv`` (or ``.csv.gz``) in DATA_DIR when one is given. Prints the
gap; writes no files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import aitimeline as at
from aitimeline import datasets, io


def read_eci() -> io.ReadResult:
    """Return the ECI table: the newest in the folder given as argument, else the bundled one."""
    if len(sys.argv) < 2:
        return datasets.eci()
    folder = Path(sys.argv[1])
    found = sorted(folder.glob("epoch_capabilities_index_*.csv*"))
    if not found:
        sys.exit(f"no epoch_capabilities_index_*.csv in {folder}; pass the data folder")
    return io.read_epoch_csv(found[-1])


def main() -> None:
    """Read the ECI table and print the daily and catch-up gaps."""
    table = read_eci()
    print(table.summary)
    print(f"source: {table.metadata.get('title', table.summary.path)}")
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
