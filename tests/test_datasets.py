"""Tests of the bundled AI-race dataset against the verified seed data it was built from."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import aitimeline as at
from aitimeline.datasets import ai_race

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed_events.csv"

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="../shared/data is not available")

KIND_OF_CSV = {
    "release": {"release"},
    "export_control": {"export_control"},
    "ipo": {"ipo"},
    "founding": {"founding"},
    "benchmark": {"score"},
    "policy": {"policy", "milestone", "investment"},
    "other": {"statement", "publication", "milestone", "hardware", "price_change"},
}
"""The kinds each seed-CSV kind may become (the CSV's 'other' is refined)."""

REASONING = {
    "openai-o1-preview",
    "gemini-2-flash-thinking",
    "openai-o3-announced",
    "deepseek-r1-lite-preview",
    "qwq-32b-preview",
    "deepseek-r1",
    "qwen3",
    "minimax-m1",
    "glm-4-5",
    "glm-4-6",
    "minimax-m2",
    "kimi-k2-thinking",
}
"""The reasoning models of the dataset."""

OPEN_WEIGHTS = {
    "qwq-32b-preview",
    "deepseek-v3-base-weights",
    "deepseek-v3",
    "llama-3-1-405b",
    "deepseek-r1",
    "qwen-7b-open-weights",
    "qwen-vl",
    "qwen3",
    "minimax-m1",
    "kimi-k2",
    "glm-4-5",
    "glm-4-6",
    "minimax-m2",
    "kimi-k2-thinking",
}
"""The open-weight releases of the dataset."""


def seed_rows() -> list[dict[str, str]]:
    """Return the rows of the verified seed CSV."""
    with SEED.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_loads_63_events_with_unique_ids() -> None:
    """Load 63 events, each with its own id."""
    race = ai_race()
    assert 63 == len(race)
    assert 63 == len(set(race.ids))


def test_is_cached() -> None:
    """Return the same timeline on every call."""
    assert ai_race() is ai_race()


@needs_seed
def test_ids_and_dates_match_the_seed() -> None:
    """Use the seed's slugs as ids and its verified dates, at their precision, as ``when``."""
    race = ai_race()
    rows = seed_rows()
    assert {r["slug"] for r in rows} == set(race.ids)
    for row in rows:
        event = race[row["slug"]]
        assert at.When.parse(row["date"]) == event.when, row["slug"]
        assert row["title"] == event.title


@needs_seed
def test_kinds_follow_the_seed() -> None:
    """Give each event a kind consistent with the seed's, refining 'other'."""
    race = ai_race()
    for row in seed_rows():
        assert race[row["slug"]].kind in KIND_OF_CSV[row["kind"]], row["slug"]


@needs_seed
def test_every_event_cites_its_articles_and_verifying_source() -> None:
    """Cite each article the seed names for the event, and the verifying source."""
    race = ai_race()
    for row in seed_rows():
        event = race[row["slug"]]
        keys = {s.key for s in event.sources}
        assert set(re.findall(r"\bA00\d\b", row["article_wording"])) <= keys, row["slug"]
        if not row["verified_source"].startswith("NOT VERIFIED"):
            assert row["id"] in keys, row["slug"]


def test_every_event_has_a_source_and_a_claim_per_dated_source() -> None:
    """Give each event a source, and each claim a source that the event lists."""
    for event in ai_race():
        assert len(event.sources) >= 1, event.id
        assert len(event.date_claims) >= 1, event.id
        for claim in event.date_claims:
            assert claim.source in event.sources, event.id


def test_article_sources_are_the_seed_articles() -> None:
    """Describe each seed article the same way wherever it is cited."""
    articles: dict[str, set[tuple[str, str, str]]] = {}
    for event in ai_race():
        for source in event.sources:
            if source.key.startswith("A"):
                entry = (source.publisher, source.title, str(source.published))
                articles.setdefault(source.key, set()).add(entry)
    assert {"A000", "A001", "A002", "A003", "A004"} == set(articles)
    assert all(1 == len(forms) for forms in articles.values())
    assert {
        ("The Economist", "China's AI industry has almost caught up with America's", "2025-01-23")
    } == articles["A000"]


def test_verified_claim_equals_when() -> None:
    """Make the verifying source's claim the event's date exactly."""
    for event in ai_race():
        verified = [c for c in event.date_claims if c.source.key.startswith("EV")]
        if "unverified" in event.tags and not verified:
            continue
        assert [event.when] == [c.when for c in verified], event.id


def test_article_claims_keep_the_articles_precision() -> None:
    """Keep "September" as a month and "In 2022" as a year, not as a guessed day."""
    race = ai_race()
    o1 = race["openai-o1-preview"].date_claims[0]
    assert ("A000", at.When.month(2024, 9), "released in September") == (
        o1.source.key,
        o1.when,
        o1.wording,
    )
    assert at.Precision.YEAR == race["us-chip-export-ban-2022"].date_claims[0].when.precision
    assert at.When.year(2015) == race["high-flyer-founded"].when


def test_relative_claims_resolve_by_interval_arithmetic() -> None:
    """Resolve "a week before that" against the article's own claim for QwQ."""
    race = ai_race()
    qwq_claim = race["qwq-32b-preview"].date_claims[0].when
    lite_claim = race["deepseek-r1-lite-preview"].date_claims[0].when
    assert isinstance(qwq_claim, at.RelativeWhen)
    assert isinstance(lite_claim, at.RelativeWhen)
    assert qwq_claim == lite_claim.anchor
    assert "less than 3 months after 2024-09" == qwq_claim.statement()
    verified = race["deepseek-r1-lite-preview"].when
    assert lite_claim.earliest <= verified.earliest <= verified.latest <= lite_claim.latest


def test_disagreements_are_visible() -> None:
    """Keep the articles' wrong dates beside the verified ones: claim and record do not overlap."""
    race = ai_race()
    for event_id, wrong in [
        ("minimax-ipo", "2026-01-16"),  # "Last Friday" in an article of 2026-01-21
        ("glm-4-6", "2025-10"),  # "In October"
        ("us-ai-action-plan", "2025-06"),  # "in June"
        ("deepseek-incorporated", "2023-04"),  # "the same month that Qwen launched"
    ]:
        event = race[event_id]
        claims = [c for c in event.date_claims if c.source.key.startswith("A")]
        assert [at.When.parse(wrong)] == [c.when for c in claims], event_id
        assert at.Truth.FALSE == claims[0].when.overlaps(event.when), event_id


def test_two_defensible_dates_are_both_kept() -> None:
    """Keep the other date that some sources give (QwQ on Nov 27, High-Flyer in 2016)."""
    race = ai_race()
    assert at.When.day(2024, 11, 27) in [c.when for c in race["qwq-32b-preview"].date_claims]
    assert at.When.month(2016, 2) in [c.when for c in race["high-flyer-founded"].date_claims]


def test_reasoning_releases_are_tagged() -> None:
    """Tag every reasoning model 'reasoning', as a capability and a tag, and nothing else."""
    race = ai_race()
    tagged = {e.id for e in race if "reasoning" in e.tags}
    assert REASONING == tagged
    for event_id in REASONING:
        release = race[event_id]
        assert isinstance(release, at.Release)
        assert "reasoning" in release.capabilities


def test_open_weight_releases_are_marked() -> None:
    """Mark open-weight releases open_weights=True and tag them 'open-weights'."""
    race = ai_race()
    releases = [e for e in race if isinstance(e, at.Release)]
    assert OPEN_WEIGHTS == {e.id for e in releases if e.open_weights}
    assert OPEN_WEIGHTS == {e.id for e in race if "open-weights" in e.tags}
    assert all(e.open_weights is not None for e in releases)


def test_links_between_releases_exist() -> None:
    """Point based_on and distilled_from at events of the dataset."""
    race = ai_race()
    for event in race:
        if isinstance(event, at.Release):
            for other in (*event.based_on, *event.distilled_from):
                assert other in race, (event.id, other)
    assert ("kimi-k2",) == race["kimi-k2-thinking"].based_on  # type: ignore[attr-defined]


def test_deepseek_v3_facts() -> None:
    """Record V3's parameters and training run as the paper gives them."""
    race = ai_race()
    v3 = race["deepseek-v3"]
    base = race["deepseek-v3-base-weights"]
    assert isinstance(v3, at.Release)
    assert isinstance(base, at.Release)
    assert (at.Parameters("671B"), at.Parameters("37B")) == (v3.parameters, v3.active_parameters)
    assert at.Parameters("685B") == base.parameters
    assert v3.training is not None
    assert (2048, "H800") == (v3.training.chips, v3.training.chip_type)
    assert at.ChipHours(2_788_000) == v3.training.chip_hours
    assert at.Money("5576000", "USD") == v3.training.cost


def test_llama_and_qwq_facts() -> None:
    """Record Llama 3.1's size and training run, and QwQ's size."""
    race = ai_race()
    llama = race["llama-3-1-405b"]
    qwq = race["qwq-32b-preview"]
    assert isinstance(llama, at.Release)
    assert isinstance(qwq, at.Release)
    assert at.Parameters("405B") == llama.parameters
    assert llama.training is not None
    assert (16_000, "H100", at.ChipHours("30.84M")) == (
        llama.training.chips,
        llama.training.chip_type,
        llama.training.chip_hours,
    )
    assert at.Parameters("32.5B") == qwq.parameters


def test_ipo_facts() -> None:
    """Record the Hong Kong IPOs' money in exact decimals."""
    race = ai_race()
    minimax = race["minimax-ipo"]
    zhipu = race["zhipu-ipo"]
    assert isinstance(minimax, at.IPO)
    assert isinstance(zhipu, at.IPO)
    assert ("$619M", "$13.5B", Decimal(109)) == (
        str(minimax.raised),
        str(minimax.market_cap),
        minimax.first_day_change,
    )
    assert ("$558M", Decimal("13.2")) == (str(zhipu.raised), zhipu.first_day_change)
    assert "+37%" in zhipu.note


@needs_seed
def test_build_script_reproduces_the_file() -> None:
    """Regenerate the JSON from the seed with scripts/build_ai_race.py and find no change."""
    result = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, str(ROOT / "scripts" / "build_ai_race.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert 0 == result.returncode, result.stderr
