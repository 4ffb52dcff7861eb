"""Datasets bundled with aitimeline.

:func:`ai_race` loads the events of the AI race that five news articles (2025-2026) mention,
each dated from public records and citing the article it comes from (source keys A000 to
A004), with the article's own wording for the date kept as a claim beside the verified date.

The data ship as package data in the ``aitimeline/1`` JSON format (see :mod:`aitimeline.io`);
``scripts/build_ai_race.py`` in the repository regenerates the file from
``shared/data/seed_events.csv`` and a table of facts from the articles.

Epoch AI's tables ship too (CC-BY 4.0; see ``epoch/ATTRIBUTION.md`` beside them), each read
by one loader that returns a :class:`~aitimeline.io.ReadResult` with the snapshot's
provenance: :func:`eci` (the Capabilities Index per model version, 2026-04),
:func:`eci_scores` (ECI per model with intervals, 2026-02-08), :func:`epoch_models` (Notable
AI Models, 2026-01), :func:`open_models_2024` and :func:`gsm1k_2024` (the inputs of "How far
behind are open models?", 2024). :func:`fetch_epoch` downloads the current ECI or Notable
Models table from epoch.ai, only when called, and falls back to the snapshot when offline.
"""

from __future__ import annotations

import functools
from importlib import resources

from aitimeline._timeline import Timeline
from aitimeline.datasets._epoch_data import (
    EPOCH_SNAPSHOTS,
    EpochSnapshot,
    SnapshotWarning,
    eci,
    eci_scores,
    epoch_models,
    fetch_epoch,
    gsm1k_2024,
    open_models_2024,
)
from aitimeline.io import loads

__all__ = [
    "EPOCH_SNAPSHOTS",
    "EpochSnapshot",
    "SnapshotWarning",
    "ai_race",
    "eci",
    "eci_scores",
    "epoch_models",
    "fetch_epoch",
    "gsm1k_2024",
    "open_models_2024",
]

_AI_RACE_FILE = "ai_race.json"


@functools.cache
def ai_race() -> Timeline:
    """Return the bundled timeline of the AI race (63 events, 2015 to 2026).

    The result is cached: every call returns the same immutable timeline.

    >>> race = ai_race()
    >>> len(race), race["deepseek-r1"].when.to_edtf()
    (63, '2025-01-20')
    >>> race["openai-o1-preview"].date_claims[0].when.describe()
    'September 2024'
    """
    data = resources.files(__name__).joinpath(_AI_RACE_FILE).read_bytes()
    return loads(data, name=f"aitimeline/datasets/{_AI_RACE_FILE}").timeline
