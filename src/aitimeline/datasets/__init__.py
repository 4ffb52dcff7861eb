"""Datasets bundled with aitimeline.

:func:`ai_race` loads the events of the AI race that five news articles (2025-2026) mention,
each dated from public records and citing the article it comes from (source keys A000 to
A004), with the article's own wording for the date kept as a claim beside the verified date.

The data ship as package data in the ``aitimeline/1`` JSON format (see :mod:`aitimeline.io`);
``scripts/build_ai_race.py`` in the repository regenerates the file from
``shared/data/seed_events.csv`` and a table of facts from the articles.
"""

from __future__ import annotations

import functools
from importlib import resources

from aitimeline._timeline import Timeline
from aitimeline.datasets._claims_data import article_claims
from aitimeline.io import loads

__all__ = ["ai_race", "article_claims"]

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
    return loads(data, name=f"aitimeline/datasets/{_AI_RACE_FILE}")
