"""Check what the articles say against the record, under each reading of vague words.

Run from the repository root::

    .venv/bin/python examples/check_claims.py

Prints the verdict counts under each shipped reading, the claims whose verdict depends on the
reading, the claims the record contradicts, and one claim written by hand; writes no files.
"""

from __future__ import annotations

import aitimeline as at
from aitimeline import claims, datasets


def main() -> None:
    """Print the checks of the bundled article claims and of one claim written here."""
    race = datasets.ai_race()
    article_claims = datasets.article_claims()
    for reading in claims.READINGS:
        result = claims.check(article_claims, race, reading)
        print(repr(result))

    result = claims.check(article_claims, race, claims.DEFAULT)
    print("\nDepends on the reading:")
    for verdict in result.sensitive():
        by = ", ".join(f"{name} {truth.name}" for name, truth in verdict.by_reading)
        print(f"  {verdict.claim.id}: {by}")

    print("\nContradicted by the record (default reading):")
    for verdict in result.contradicted():
        print(f"  [{verdict.claim.source.key}] {verdict.claim.id}: {verdict.explain()}")

    # A claim of your own: "DeepSeek released R1 a few days after Trump's inauguration."
    source = at.Source(publisher="A reader", key="R1", published="2025-02-01")
    mine = claims.Claim(
        "r1-after-inauguration",
        "DeepSeek released R1 a few days after Trump's inauguration",
        source,
        claims.lag_is("trump-inauguration-2025", "deepseek-r1", "equals", "a few days"),
    )
    print(f"\nMy claim: {mine.evaluate(race).explain()}")


if __name__ == "__main__":
    main()
