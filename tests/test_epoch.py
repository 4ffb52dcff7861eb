"""Reading Epoch AI tables (the snapshots bundled in the package, other vintages) and bad files.

The core assertions run on the tables bundled with the package (:mod:`aitimeline.datasets`).
Vintages not bundled (Notable AI Models 2025-02-24, Large-Scale AI Models, Chatbot Arena,
llm-stats) form an optional tier that runs when ``../shared/data/external`` sits beside the
repository, and is skipped otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import aitimeline as at
from aitimeline import Release, Score, datasets
from aitimeline.exceptions import DataFileError

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
"""Optional tier: the vintages not bundled, in ../shared/data/external beside the repository."""

needs_data = pytest.mark.skipif(
    not EXTERNAL.is_dir(), reason=f"optional tier: {EXTERNAL} (vintages not bundled) is absent"
)

BUNDLED = {
    "epoch_notable_ai_models_2026-01.csv": datasets.epoch_models,
    "epoch_capabilities_index_2026-04.csv": datasets.eci,
    "eci_scores_2026-02-08.csv": datasets.eci_scores,
    "epoch_openmodels2024_benchmarks_with_model_accessibility.csv": datasets.open_models_2024,
    "epoch_openmodels2024_gsm1k_with_model_accessibility.csv": datasets.gsm1k_2024,
}
"""The tables shipped in the package, by the name of the file they were taken from."""


def load(name: str) -> at.io.ReadResult:
    """Read a table: the bundled snapshot if there is one, else the optional tier's file."""
    loader = BUNDLED.get(name)
    return loader() if loader is not None else at.io.read_epoch_csv(EXTERNAL / name)


MODELS_HEADER = (
    "Model,Publication date,Organization,Country (of organization),Model accessibility,"
    "Parameters,Domain,Unused column\n"
)


def write(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    """Write *text* to a CSV file in *tmp_path* and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- every real table loads -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "table", "rows", "events"),
    [
        pytest.param(
            "epoch_notable_ai_models_2025-02-24.csv", "models", 895, 895, marks=needs_data
        ),
        ("epoch_notable_ai_models_2026-01.csv", "models", 976, 976),
        pytest.param(
            "epoch_large_scale_ai_models_2026-01.csv", "models", 484, 484, marks=needs_data
        ),
        ("epoch_capabilities_index_2026-04.csv", "eci", 585, 297),
        ("eci_scores_2026-02-08.csv", "eci-scores", 140, 139),
        ("epoch_openmodels2024_benchmarks_with_model_accessibility.csv", "benchmarks", 132, 306),
        ("epoch_openmodels2024_gsm1k_with_model_accessibility.csv", "benchmarks", 71, 130),
    ],
)
def test_every_epoch_table_loads(name: str, table: str, rows: int, events: int) -> None:
    """Recognise each table and account for every row: an event or a named omission."""
    loaded = load(name)
    summary = loaded.summary
    assert (table, rows, events) == (summary.table, summary.rows, summary.events)
    assert events == len(loaded.timeline) == len(loaded)
    # Benchmark tables make one event per score cell; the others one per row.
    used = len({e.model for e in loaded.timeline if isinstance(e, Score)})
    used = used if table == "benchmarks" else events
    assert rows == used + len(summary.undated) + len(summary.unscored)


@needs_data
def test_both_country_column_vintages_give_the_same_countries() -> None:
    """Read `Country (from Organization)` (2025) and `Country (of organization)` (2026) alike."""
    old = at.io.read_epoch_csv(EXTERNAL / "epoch_notable_ai_models_2025-02-24.csv").timeline
    new = datasets.epoch_models().timeline
    for event_id, country in [("deepseek-r1", "CN"), ("grok-3", "US"), ("llama-3-1-405b", "US")]:
        assert country == old[event_id].country == new[event_id].country
    r1 = new["deepseek-r1"]
    assert isinstance(r1, Release)
    assert r1.open_weights is True
    assert ("DeepSeek",) == r1.actors
    assert "671B" == str(r1.parameters)


def test_model_names_are_stripped() -> None:
    """Strip the stray newlines some 2026 model names carry."""
    new = datasets.epoch_models().timeline
    solar = new["solar-open-100b"]
    assert isinstance(solar, Release)
    assert "Solar Open 100B" == solar.model


def test_names_that_slug_alike_get_dated_ids() -> None:
    """Give models with one name distinct, dated ids, the same on every read."""
    ids = datasets.epoch_models().ids
    assert {"pointnet-2016-12-02", "pointnet-2017-06-07"} <= set(ids)
    assert len(ids) == len(set(ids))
    assert ids == datasets.epoch_models().ids


def test_eci_versions_table() -> None:
    """Make one ECI score per scored version, grouped by model name, and list the rest."""
    loaded = datasets.eci()
    assert ("claude-instant-1.1", "gemma-2-9b", "gpt-5-chat") == loaded.summary.undated
    assert 285 == len(loaded.summary.unscored)
    r1 = loaded.timeline["deepseek-r1-eci"]
    assert isinstance(r1, Score)
    assert ("eci", "DeepSeek-R1", "CN") == (r1.metric, r1.model, r1.country)
    assert ({"open-weights"}, ("CN",)) == (set(r1.tags), r1.countries)
    assert "\n" in str(loaded.summary)


def test_eci_scores_table_keeps_the_interval() -> None:
    """Keep the 90% interval of the 2026-02 ECI table and name the undated row."""
    loaded = datasets.eci_scores()
    assert ("Claude Instant",) == loaded.summary.undated
    gemini = loaded.timeline["gemini-3-pro-eci"]
    assert isinstance(gemini, Score)
    assert gemini.ci_low is not None
    assert gemini.ci_high is not None
    assert gemini.ci_low < gemini.value < gemini.ci_high
    assert ({"closed-weights"}, ("US", "GB")) == (set(gemini.tags), gemini.countries)


def test_open_models_benchmarks_table() -> None:
    """Make one score per benchmark cell, tag access and trust, and name the undated row."""
    loaded = datasets.open_models_2024()
    assert ("Random chance",) == loaded.summary.undated
    tl = loaded.timeline
    gpt4 = tl["gpt-4-original-mmlu"]
    assert isinstance(gpt4, Score)
    assert ("MMLU", 0.864) == (gpt4.metric, gpt4.value)
    assert {"closed-weights", "trusted"} == set(gpt4.tags)
    assert "untrusted" in tl["yi-34b-mmlu"].tags
    elo = tl["gpt-4-turbo-2024-04-09-lmsys-elo"]
    assert isinstance(elo, Score)
    assert (1255.0, 1257.0, 1260.0) == (elo.ci_low, elo.value, elo.ci_high)


@needs_data
def test_lmarena_history() -> None:
    """Read the Chatbot Arena long table, one score per model and snapshot."""
    loaded = at.io.read_lmarena_csv(EXTERNAL / "lmarena_history_overall_elo_long.csv")
    assert 11827 == len(loaded.timeline)
    first = loaded.timeline["alpaca-13b-lmarena-elo-2023-05-08"]
    assert isinstance(first, Score)
    assert ("lmarena-elo", 904.22) == (first.metric, first.value)


@needs_data
def test_a_file_that_is_not_an_epoch_table() -> None:
    """Raise DataFileError naming the file and listing the columns found."""
    with pytest.raises(DataFileError, match=r"not an Epoch AI table.*model_id, name"):
        at.io.read_epoch_csv(EXTERNAL / "llmstats_models_2025-10.csv")


# -- small files ------------------------------------------------------------------------------


def test_countries_and_organisations_are_split_and_deduplicated(tmp_path: Path) -> None:
    """Split comma-joined cells, drop repeats, map names to ISO codes and tag every country."""
    path = write(
        tmp_path,
        MODELS_HEADER
        + 'A,2024-01-02,"OpenAI,OpenAI","United States of America,United States of America",'
        "API access,1e9,Language,x\n"
        + 'B,2024-01-03,"Google DeepMind,DeepMind","United States of America,United Kingdom of '
        'Great Britain and Northern Ireland",Open weights (restricted use),,"Language,Vision",y\n'
        + "C,2024-01-04,Consortium,Multinational,Open weights (non-commercial),,,\n"
        + "D,2024-01-05,Lab,Atlantis,,,,\n",
    )
    loaded = at.io.read_epoch_csv(path)
    a, b, c, d = (loaded.timeline[i] for i in ("a", "b", "c", "d"))
    assert isinstance(a, Release)
    assert ("OpenAI",) == a.actors
    assert "US" == a.country
    assert ({"language"}, ("US",)) == (set(a.tags), a.countries)
    assert a.open_weights is False
    assert "1B" == str(a.parameters)
    assert isinstance(b, Release)
    assert ("Google DeepMind", "DeepMind") == b.actors
    assert "US" == b.country
    assert ({"language", "vision"}, ("US", "GB")) == (set(b.tags), b.countries)
    assert {"language", "vision", "open-weights"} == b.all_tags
    assert at.col("countries").contains("GB")(b) is at.Truth.TRUE
    assert b.open_weights is True
    assert isinstance(c, Release)
    assert ("INTL", True) == (c.country, c.open_weights)
    assert isinstance(d, Release)
    assert (None, None) == (d.country, d.open_weights)
    assert ("Atlantis",) == loaded.summary.unknown_countries
    assert ("Unused column",) == loaded.summary.ignored_columns


def test_reordered_columns_and_the_old_country_column(tmp_path: Path) -> None:
    """Read columns in any order, with the 2025 name of the country column."""
    path = write(
        tmp_path,
        "Model accessibility,Country (from Organization),Model,Organization,Publication date\n"
        "Unreleased,China,Z-1,Zhipu AI,2023-05\n",
    )
    z = at.io.read_epoch_csv(path).timeline["z-1"]
    assert isinstance(z, Release)
    assert ("CN", False, "May 2023") == (z.country, z.open_weights, z.when.describe())


def test_rows_without_a_date_are_named_not_dropped(tmp_path: Path) -> None:
    """List undated rows by name in the summary."""
    path = write(tmp_path, MODELS_HEADER + "A,2024-01-02,X,China,,,,\nB,,Y,China,,,,\n")
    loaded = at.io.read_epoch_csv(path)
    assert ["a"] == list(loaded.timeline.ids)
    assert ("B",) == loaded.summary.undated
    assert "1 rows without a date (not loaded): B" in str(loaded.summary)


def test_duplicate_names_get_distinct_ids(tmp_path: Path) -> None:
    """Append the date, then a counter, to names that slug alike."""
    path = write(
        tmp_path,
        MODELS_HEADER
        + "GPT 4,2023-03-14,OpenAI,United States of America,,,,\n"
        + "GPT-4,2023-03-15,OpenAI,United States of America,,,,\n"
        + "gpt-4,2023-03-15,OpenAI,United States of America,,,,\n",
    )
    ids = at.io.read_epoch_csv(path).timeline.ids
    assert ("gpt-4-2023-03-14", "gpt-4-2023-03-15", "gpt-4-2023-03-15-2") == ids


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Model,Publication date,Country (of organization),Model accessibility\nA,2024,US,\n",
            "looks like an Epoch models table but has no column 'Organization'",
        ),
        (
            "Model version,ECI Score,Release date,Organization,Country,Model name\n",
            "looks like an Epoch eci table but has no column 'Model accessibility'",
        ),
        (
            "Model,Publication date,Organization,Model accessibility\nA,2024,X,\n",
            r"models table but has no column 'Country \(of organization\)'",
        ),
        ("name,score\nx,1\n", "not an Epoch AI table"),
        ("", "the file is empty"),
        (
            MODELS_HEADER + "A,next tuesday,X,China,,,,\n",
            r"row 2, column 'Publication date': value 'next tuesday' is invalid",
        ),
        (
            (
                "Model,eci,date,Organization,Country (of organization),Model accessibility\n"
                "A,high,2024-01-01,X,China,\n"
            ),
            r"row 2, column 'eci': value 'high' is invalid; expected a number",
        ),
        (
            "System,Date,Open/Closed,Notes\nA,2024-01-01,Open,x\n",
            "has no score column",
        ),
    ],
)
def test_bad_files_raise_data_file_errors(tmp_path: Path, text: str, message: str) -> None:
    """Raise DataFileError naming the file and what is wrong."""
    path = write(tmp_path, text)
    with pytest.raises(DataFileError, match=message) as info:
        at.io.read_epoch_csv(path)
    assert str(path) in str(info.value)


def test_a_missing_file(tmp_path: Path) -> None:
    """Raise DataFileError for a path that is not a file."""
    with pytest.raises(DataFileError, match="no such file"):
        at.io.read_epoch_csv(tmp_path / "nothing.csv")


def test_read_long_scores(tmp_path: Path) -> None:
    """Turn any long (date, model, value) table into scores, naming rows it cannot use."""
    path = write(
        tmp_path,
        "day,who,points,extra\n2024-01-01,Model A,1.5,x\n2024-01-02,Model A,2.5,y\n,Model B,3,z\n"
        "2024-01-03,Model C,,w\n",
    )
    loaded = at.io.read_long_scores(path, date="day", model="who", value="points", metric="pts")
    assert ("model-a-pts-2024-01-01", "model-a-pts-2024-01-02") == loaded.timeline.ids
    assert ("Model B",) == loaded.summary.undated
    assert ("Model C",) == loaded.summary.unscored
    assert ("extra",) == loaded.summary.ignored_columns
    with pytest.raises(DataFileError, match=r"has no column 'date'.*pass date=, model="):
        at.io.read_long_scores(path, metric="pts")
