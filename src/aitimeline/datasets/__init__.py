"""Datasets bundled with aitimeline.

:func:`ai_race` loads the curated record of the US-China AI race: the events five news
articles (2025-2026) mention, each dated from public records and citing its article (source
keys A000 to A004, tag ``article``); 45 export-control acts and related policies, 2018-2026,
with the periods they were in force (tag ``export-control-record``); and every US and Chinese
model that set a new Epoch Capabilities Index record within its country (tag
``epoch-frontier``).

The data ship as package data in the ``aitimeline/1`` JSON format (see :mod:`aitimeline.io`);
``scripts/build_ai_race.py`` in the repository builds the file from the reviewable files in
``data/`` (see ``data/README.md``).

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
from aitimeline.datasets._claims_data import article_claims
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
    "article_claims",
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
    """Return the bundled timeline of the AI race (129 events, 2015 to 2026).

    The result is cached: every call returns the same immutable timeline. Tags tell its parts
    apart: ``article`` (the articles' events), ``export-control-record`` (the export-control
    acts, some of them article events too) and ``epoch-frontier`` (new national ECI records).

    >>> import aitimeline as at
    >>> race = ai_race()
    >>> len(race), race["deepseek-r1"].when.to_edtf()
    (129, '2025-01-20')
    >>> [len(race.where(at.tagged(t))) for t in ("article", "export-control-record",
    ...                                          "epoch-frontier")]
    [64, 45, 32]
    >>> str(race["ai-diffusion-rule"].in_force)
    '2025-01-13 → 2025-05-13'
    >>> race["openai-o1-preview"].date_claims[0].when.describe()
    'September 2024'
    """
    data = resources.files(__name__).joinpath(_AI_RACE_FILE).read_bytes()
    return loads(data, name=f"aitimeline/datasets/{_AI_RACE_FILE}").timeline
