"""Tests of the bundled AI-race record and of the build script that makes it from ``data/``."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import aitimeline as at
from aitimeline.datasets import ai_race

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BUILD = ROOT / "scripts" / "build_ai_race.py"

ORIGINAL_IDS = 63
"""How many article events the record had before export controls and Epoch releases."""

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


def articles() -> at.Timeline:
    """Return the record's article events (the curated files of data/events)."""
    return ai_race().where(at.tagged("article"))


def test_article_events_are_the_curated_files() -> None:
    """Hold one article event per data/events file, under the file's name, ids unique."""
    race = ai_race()
    stems = {p.stem for p in (DATA / "events").glob("*.toml")}
    assert ORIGINAL_IDS + 1 == len(stems)  # the 63 ids of the five articles, and openai-o1
    assert stems == set(articles().ids)
    assert len(race) == len(set(race.ids))


def test_is_cached() -> None:
    """Return the same timeline on every call."""
    assert ai_race() is ai_race()


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
    for event in articles():
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
    tagged = {e.id for e in articles() if "reasoning" in e.all_tags}
    assert REASONING | {"openai-o1"} == tagged
    for event_id in REASONING | {"openai-o1"}:
        release = race[event_id]
        assert isinstance(release, at.Release)
        assert "reasoning" in release.capabilities


def test_open_weight_releases_are_marked() -> None:
    """Mark open-weight releases open_weights=True and tag them 'open-weights'."""
    race = articles()
    releases = [e for e in race if isinstance(e, at.Release)]
    assert OPEN_WEIGHTS == {e.id for e in releases if e.open_weights}
    assert OPEN_WEIGHTS == {e.id for e in race if "open-weights" in e.all_tags}
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


# -- the record tells the story of both countries ------------------------------------------------


def test_record_parts_are_tagged() -> None:
    """Tell article events, export-control acts and Epoch frontier releases apart by tag."""
    race = ai_race()
    controls = race.where(at.tagged("export-control-record"))
    frontier = race.where(at.tagged("epoch-frontier"))
    assert 45 == len(controls)
    assert 8 == len(controls & articles())  # the rows with same_as, merged under their ids
    with (DATA / "epoch_frontier.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["id"] for r in rows} == set(frontier.ids)
    assert len(race) == len(articles() | controls | frontier)


def test_export_control_spans() -> None:
    """Give each act its period in force, ended by whatever lifts or supersedes it."""
    race = ai_race()
    diffusion = race["ai-diffusion-rule"]
    assert isinstance(diffusion, at.ExportControl)
    assert at.Span("2025-01-13", "2025-05-13") == diffusion.in_force
    rescission = race["us-ai-diffusion-rescission-2025"]
    assert isinstance(rescission, at.ExportControl)
    assert ("lift", ("ai-diffusion-rule",)) == (rescission.action, rescission.lifts)
    assert race["us-eo-14110-revocation-2025"].supersedes == ("us-eo-14110-ai-2023",)  # type: ignore[attr-defined]
    ended = 0
    for event in race.where(at.tagged("export-control-record")):
        assert isinstance(event, at.ExportControl | at.Policy), event.id
        for other_id in (*event.lifts, *event.supersedes):
            other = race[other_id]
            assert isinstance(other, at.ExportControl | at.Policy)
            assert other.in_force is not None
            start = event.when if event.in_force is None else event.in_force.start
            assert start == other.in_force.end, (event.id, other_id)
            ended += 1
        for other_id in event.amends:
            assert other_id in race
    assert 6 == ended
    assert race["us-ecra-2018"].in_force == at.Span("2018-08-13")  # type: ignore[attr-defined]
    assert race["us-h20-licences-revenue-share-2025"].in_force is None  # type: ignore[attr-defined]


def test_both_countries_frontier_lanes_run_through_2026() -> None:
    """Show each country's frontier releases, records rising in date order, into 2026."""
    race = ai_race()
    for country in ("US", "CN"):
        lane = race.where(at.tagged("epoch-frontier") & at.col("countries").contains(country))
        assert len(lane) >= 10, country
        last = lane.events[-1].when
        assert isinstance(last, at.When)
        assert 2026 == last.earliest.year, country
    for event_id in ("gpt-4", "openai-o1", "gpt-5", "claude-3-opus", "gemini-3-pro"):
        assert "US" == race[event_id].country, event_id
    for event_id in ("deepseek-r1", "qwen2-5-72b", "kimi-k2-5"):
        assert "CN" == race[event_id].country, event_id
    assert at.When.day(2024, 12, 5) == race["openai-o1"].when


def test_announcements_are_not_releases() -> None:
    """Mark the o3 announcement as such, so catch-up never starts from it."""
    race = ai_race()
    o3 = race["openai-o3-announced"]
    assert isinstance(o3, at.Release)
    assert "announced" == o3.stage
    pairs = at.catch_up_pairs(
        race,
        capability="reasoning",
        leader=at.col("country") == "US",
        follower=at.col("country") == "CN",
    )
    used = {p.leader.id for p in pairs.pairs} | {c.leader.id for c in pairs.censored_leaders}
    assert "openai-o3-announced" not in used
    assert "openai-o1" in used


# -- the build script ------------------------------------------------------------------------------


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ai_race", BUILD)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_check_passes() -> None:
    """Rebuild the record from data/ with the script's --check and find it current."""
    result = subprocess.run(  # noqa: S603 - runs this repository's own script
        [sys.executable, str(BUILD), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode, result.stderr


def test_build_script_check_fails_when_stale(tmp_path: Path) -> None:
    """Exit 1 from --check when the JSON file differs from what data/ builds."""
    stale = tmp_path / "ai_race.json"
    stale.write_text("{}\n", encoding="utf-8")
    build = _build_module()
    assert 1 == build.main(["--check", "--out", str(stale)])


def _edit_csv(path: Path, row_id: str, field: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    header = list(rows[0])
    for row in rows:
        if row[header[0]] == row_id:
            row[field] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_DATA = [
    (
        lambda d: _edit_csv(d / "export_controls.csv", "us_ecra_2018", "announced", "2018-13-08"),
        "export_controls.csv, row 2, field 'announced'='2018-13-08': expected a real day",
    ),
    (
        lambda d: _edit_csv(
            d / "export_controls.csv", "us_huawei_entity_list_2019", "action", "embargo"
        ),
        "export_controls.csv, row 4, field 'action'='embargo': expected one of",
    ),
    (
        lambda d: _edit_csv(
            d / "export_controls.csv", "us_ai_action_plan_2025", "same_as", "no-such-event"
        ),
        "field 'same_as'='no-such-event': expected the id of a curated event",
    ),
    (
        lambda d: _edit_csv(
            d / "export_controls.csv", "us_ai_diffusion_framework_2025", "in_force_end", "open"
        ),
        "field 'supersedes'='us_ai_diffusion_framework_2025': expected an event whose in_force",
    ),
    (
        lambda d: _edit_csv(
            d / "export_controls.csv", "cn_graphite_controls_2023", "country", "XX"
        ),
        "export_controls.csv, row 19: ExportControl(id='cn-graphite-controls-2023'): country='XX'",
    ),
    (
        lambda d: _edit_text(d / "events" / "deepseek-r1.toml", '"2025-01-20"', '"2025-01-32"'),
        "deepseek-r1.toml: event 'deepseek-r1': field 'when'='2025-01-32'",
    ),
    (
        lambda d: _edit_text(d / "events" / "qwen3.toml", 'kind = "release"', "kind = release"),
        "qwen3.toml: not valid TOML (Invalid value (at line 1, column 8))",
    ),
    (
        lambda d: _edit_text(d / "events" / "kimi-k2.toml", 'id = "kimi-k2"', 'id = "kimi-k3"'),
        "kimi-k2.toml, key id, field 'id'='kimi-k3': expected the file's name, 'kimi-k2'",
    ),
    (
        lambda d: _edit_text(d / "epoch_ids.csv", "gpt-4-0314,gpt-4", "gpt-4-0314,GPT 4"),
        "epoch_ids.csv, row 2, field 'id'='GPT 4': expected a slug",
    ),
    (
        lambda d: _edit_text(d / "export_controls.csv", "id,same_as", "slug,same_as"),
        "export_controls.csv, row 1, field 'header'=",
    ),
]


@pytest.mark.parametrize(("edit", "message"), BAD_DATA, ids=[m[:40] for _, m in BAD_DATA])
def test_bad_data_fails_check_naming_file_row_field_value(
    tmp_path: Path,
    edit: Callable[[Path], None],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Fail --check on a malformed data file, naming the file, row, field and value."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    edit(data)
    build = _build_module()
    assert 1 == build.main(["--check", "--data", str(data)])
    assert message in capsys.readouterr().err
