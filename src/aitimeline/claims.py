"""Check what an article says against the record, with verdicts a reader can trust.

A claim is an article's statement encoded as a :class:`Check`: dates ("released in
November"), order and lags ("a week before that"), firsts ("not the first to emulate
OpenAI"), dates relative to the article ("last Friday") and typed facts ("just 2,000
chips"). Vague words are read by an explicit :class:`Reading` (:data:`STRICT`,
:data:`DEFAULT`, :data:`LENIENT`); each :class:`Verdict` says which reading produced it and
whether another would give a different definite answer.

>>> import aitimeline as at
>>> from aitimeline import claims
>>> race = at.datasets.ai_race()
>>> result = claims.check(at.datasets.article_claims(), race, reading="default")
>>> v = result["a004-glm-4-6-october"]
>>> v.truth, v.sensitive
(Truth.FALSE, False)

Claims files are JSON (``aitimeline-claims/1``, see :func:`read_claims`) or TOML with the
same structure.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from pathlib import Path

from aitimeline._checks import ARTICLE, AllOf, AnyOf, Check, Evidence, Not, Outcome
from aitimeline._claims import (
    PHRASES,
    FactIs,
    FirstAmong,
    InForce,
    LagIs,
    LargestAmong,
    OnDate,
    Order,
    RatioIs,
    SamePeriod,
    fact,
    first_among,
    in_force,
    lag_is,
    largest_among,
    on_date,
    order,
    ratio,
    resolve_phrase,
    same_period,
)
from aitimeline._readings import (
    COMPARISONS,
    DEFAULT,
    LENIENT,
    READINGS,
    STRICT,
    VAGUE_DURATIONS,
    Reading,
    reading_named,
)
from aitimeline._verdicts import (
    CLAIMS_FORMAT,
    CheckedClaims,
    Claim,
    Verdict,
    check,
    claims_from_dict,
    claims_to_dict,
)
from aitimeline.exceptions import ClaimError

__all__ = [
    "ARTICLE",
    "CLAIMS_FORMAT",
    "COMPARISONS",
    "DEFAULT",
    "LENIENT",
    "PHRASES",
    "READINGS",
    "STRICT",
    "VAGUE_DURATIONS",
    "AllOf",
    "AnyOf",
    "Check",
    "CheckedClaims",
    "Claim",
    "Evidence",
    "FactIs",
    "FirstAmong",
    "InForce",
    "LagIs",
    "LargestAmong",
    "Not",
    "OnDate",
    "Order",
    "Outcome",
    "RatioIs",
    "Reading",
    "SamePeriod",
    "Verdict",
    "check",
    "claims_from_dict",
    "claims_to_dict",
    "dumps_claims",
    "fact",
    "first_among",
    "in_force",
    "lag_is",
    "largest_among",
    "loads_claims",
    "on_date",
    "order",
    "ratio",
    "read_claims",
    "reading_named",
    "resolve_phrase",
    "same_period",
    "write_claims",
]


def loads_claims(
    text: str | bytes, *, name: str = "<claims>", toml: bool = False
) -> tuple[Claim, ...]:
    """Return the claims in a JSON (or, with *toml*, TOML) text; *name* labels errors.

    Raises:
        ClaimError: the text is not a valid claims file (the message names *name*, the claim
            id, the field and the value).
    """
    try:
        if toml:
            data: object = tomllib.loads(text.decode() if isinstance(text, bytes) else text)
        else:
            data = json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = f"{name}: not valid {'TOML' if toml else 'JSON'}: {exc}"
        raise ClaimError(msg) from None
    return claims_from_dict(data, name=name)


def read_claims(path: str | Path) -> tuple[Claim, ...]:
    """Return the claims in a ``.json`` or ``.toml`` file.

    Raises:
        ClaimError: the file cannot be read or is not a valid claims file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        msg = f"{p}: cannot read the claims file: {exc.strerror or exc}"
        raise ClaimError(msg) from None
    return loads_claims(data, name=str(p), toml=p.suffix.lower() == ".toml")


def dumps_claims(claims: Iterable[Claim]) -> str:
    """Return *claims* as JSON text (``aitimeline-claims/1``), one claim per block."""
    return json.dumps(claims_to_dict(claims), indent=1, ensure_ascii=False) + "\n"


def write_claims(claims: Iterable[Claim], path: str | Path) -> None:
    """Write *claims* to *path* as JSON."""
    Path(path).write_text(dumps_claims(claims), encoding="utf-8")
