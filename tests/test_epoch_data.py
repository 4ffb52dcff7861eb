"""The Epoch AI snapshots shipped in the package: attribution, provenance on every event."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources

import attrs
import pytest

from aitimeline import datasets, io
from aitimeline.datasets import EPOCH_SNAPSHOTS

SNAPS = list(EPOCH_SNAPSHOTS.values())
FOLDER = resources.files("aitimeline.datasets").joinpath("epoch")

LOADERS: dict[str, Callable[[], io.ReadResult]] = {
    "eci": datasets.eci,
    "eci-scores": datasets.eci_scores,
    "notable": datasets.epoch_models,
    "open-models-2024": datasets.open_models_2024,
    "gsm1k-2024": datasets.gsm1k_2024,
}


def test_every_bundled_file_is_described_and_attributed() -> None:
    """Describe every .csv.gz of the folder by a snapshot, and name it in ATTRIBUTION.md."""
    files = sorted(p.name for p in FOLDER.iterdir() if p.name.endswith(".csv.gz"))
    assert files == sorted(s.file for s in EPOCH_SNAPSHOTS.values())
    attribution = FOLDER.joinpath("ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "CC-BY 4.0" in attribution
    assert "Epoch AI" in attribution
    assert [] == [f for f in files if f"`{f}`" not in attribution]
    assert sorted(LOADERS) == sorted(EPOCH_SNAPSHOTS)


@pytest.mark.parametrize("key", sorted(LOADERS))
def test_every_event_carries_the_provenance(key: str) -> None:
    """Cite Epoch AI, the snapshot date and the licence on every event and in the metadata."""
    snap = EPOCH_SNAPSHOTS[key]
    result = LOADERS[key]()
    assert len(result) > 0
    assert {(snap.source(),)} == {e.sources for e in result}
    source = snap.source()
    assert ("Epoch AI", snap.snapshot) == (source.publisher, str(source.published))
    assert snap.licence in source.title
    expected = {
        "publisher": "Epoch AI",
        "licence": snap.licence,
        "snapshot": snap.snapshot,
        "dataset": key,
        "url": snap.page,
    }
    assert expected.items() <= dict(result.metadata).items()
    assert result.metadata["file"] == f"aitimeline/datasets/epoch/{snap.file}"


@pytest.mark.parametrize("key", sorted(LOADERS))
def test_loaders_return_one_shared_result(key: str) -> None:
    """Read each file once: the result is immutable, so later calls share it."""
    assert LOADERS[key]() is LOADERS[key]()


def test_the_snapshot_date_is_that_of_the_file_name() -> None:
    """Keep the snapshot date equal to the date in the file name, where the name has one."""
    dated = {s.file: re.search(r"_(\d{4}-\d{2}(?:-\d{2})?)\.csv", s.file) for s in SNAPS}
    assert 3 == sum(m is not None for m in dated.values())
    for snap in SNAPS:
        if (match := dated[snap.file]) is not None:
            assert match.group(1) == snap.snapshot


def test_the_snapshot_table_is_read_whole_from_its_toml_file() -> None:
    """Build every snapshot from epoch/snapshots.toml: text fields, live tables with a URL."""
    text = FOLDER.joinpath("snapshots.toml").read_text(encoding="utf-8")
    assert sorted(EPOCH_SNAPSHOTS) == sorted(re.findall(r"^\[([\w-]+)\]$", text, re.MULTILINE))
    for key, snap in EPOCH_SNAPSHOTS.items():
        assert key == snap.key
        assert all(isinstance(v, str) for v in attrs.astuple(snap))
    assert ["eci", "notable"] == sorted(k for k, s in EPOCH_SNAPSHOTS.items() if s.download)
    assert ["eci"] == [k for k, s in EPOCH_SNAPSHOTS.items() if s.member]
