"""The bundled claims of the five seed articles, checked against :func:`ai_race`."""

from __future__ import annotations

import functools
from importlib import resources

from aitimeline._verdicts import Claim
from aitimeline.claims import loads_claims

_ARTICLE_CLAIMS_FILE = "article_claims.json"


@functools.cache
def article_claims() -> tuple[Claim, ...]:
    """Return the datable and quantitative claims of the five seed articles (A000 to A004).

    Each claim quotes the article's words and encodes them as a check against
    :func:`aitimeline.datasets.ai_race`; the result is cached and immutable.

    >>> from aitimeline import datasets
    >>> claims = datasets.article_claims()
    >>> len(claims) >= 35, claims[0].source.key
    (True, 'A000')
    """
    data = resources.files("aitimeline.datasets").joinpath(_ARTICLE_CLAIMS_FILE).read_bytes()
    return loads_claims(data, name=f"aitimeline/datasets/{_ARTICLE_CLAIMS_FILE}")
