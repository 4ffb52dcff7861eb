"""Unit tests for the event records of ``aitimeline._events``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitimeline import (
    IPO,
    ChipHours,
    DateClaim,
    Event,
    ExportControl,
    Milestone,
    Money,
    Parameters,
    PriceChange,
    Release,
    Score,
    Source,
    Span,
    Timeline,
    Training,
    Truth,
    When,
    col,
    strategies,
    tagged,
)
from aitimeline._events import (
    ROW_COLUMNS,
    event_from_dict,
    event_from_row,
    event_to_dict,
    event_to_row,
    row_columns,
)
from aitimeline.events import COUNTRY_CODES, EVENT_KINDS, REGIONS
from aitimeline.exceptions import InvalidEventError, TimelineError

ECONOMIST = Source(
    publisher="The Economist",
    title="China's AI industry has almost caught up with America's",
    published="2025-01-23",
    key="A000",
    quote="released in September by OpenAI",
)

BASE: dict[str, Any] = {"id": "openai-o1-preview", "when": "2024-09-12", "title": "o1 released"}
RELEASE: dict[str, Any] = {**BASE, "model": "o1-preview"}


def o1(**changes: Any) -> Release:
    """Return the o1-preview release, with *changes*."""
    return Release(**{**RELEASE, **changes})


# -- validation --------------------------------------------------------------------------------

BAD_FIELDS: list[tuple[type[Event], str, object, str]] = [
    (Event, "id", "Bad Id", "slug"),
    (Event, "id", "-leading-hyphen", "slug"),
    (Event, "id", "trailing-newline\n", "slug"),
    (Event, "id", 7, "slug"),
    (Event, "when", "2024-13", "not a date"),
    (Event, "when", 20240912, "not a date"),
    (Event, "title", "", "non-empty string"),
    (Event, "title", "   ", "non-empty string"),
    (Event, "actors", 5, "tuple of strings"),
    (Event, "actors", ("OpenAI", ""), "non-empty strings"),
    (Event, "country", "China", "ISO 3166-1 alpha-2"),
    (Event, "country", "XX", "ISO 3166-1 alpha-2"),
    (Event, "tags", {"Open Weights"}, "slugs"),
    (Event, "tags", 3, "set of strings"),
    (Event, "sources", ["The Economist"], "Source objects"),
    (Event, "date_claims", ["2024-09"], "DateClaim objects"),
    (Event, "note", None, "a string"),
    (Release, "model", "", "non-empty string"),
    (Release, "capabilities", {"Reasoning"}, "slugs"),
    (Release, "open_weights", "yes", "True, False or None"),
    (Release, "parameters", 671_000_000_000, "Parameters('671B')"),
    (Release, "preview", 1, "True or False"),
    (Release, "based_on", ("DeepSeek V3",), "slugs"),
    (Release, "training", {"chips": 2048}, "Training(chips=2048)"),
    (ExportControl, "action", "embargo", "'ban', 'tighten', 'lift', 'licence'"),
    (ExportControl, "target", "cn", "did you mean 'CN'?"),
    (ExportControl, "in_force", "2022-10-07", "a Span"),
    (IPO, "raised", "$619M", "Money('619000000', 'USD')"),
    (IPO, "first_day_change", "a lot", "finite decimal"),
    (IPO, "first_day_change", "NaN", "finite decimal"),
    (Score, "value", float("nan"), "finite number"),
    (Score, "value", float("inf"), "finite number"),
    (Score, "value", True, "finite number"),
    (Score, "ci_low", "low", "finite number"),
    (Milestone, "value", "many", "finite decimal"),
    (PriceChange, "input_price", 0.27, "Money('0.27', 'USD')"),
]

REQUIRED: dict[type[Event], dict[str, Any]] = {
    Event: {},
    Release: {"model": "o1-preview"},
    ExportControl: {"issuer": "US Commerce BIS", "action": "ban"},
    IPO: {"company": "MiniMax"},
    Score: {"model": "DeepSeek-V3", "metric": "pass_rate", "value": 48.4},
    Milestone: {},
    PriceChange: {"model": "DeepSeek-V3"},
}


@pytest.mark.parametrize(
    ("cls", "field", "value", "expected"),
    BAD_FIELDS,
    ids=[f"{c.KIND}.{f}={v!r}" for c, f, v, _ in BAD_FIELDS],
)
def test_rejects_bad_field(cls: type[Event], field: str, value: object, expected: str) -> None:
    """Reject each bad field value with a message naming the field, the value and what to pass."""
    kwargs = {**BASE, **REQUIRED[cls], field: value}
    with pytest.raises(InvalidEventError) as info:
        cls(**kwargs)
    message = str(info.value)
    assert f"{field}=" in message
    shown = value[0] if isinstance(value, list) else value
    assert repr(shown)[:30] in message
    assert expected in message


def test_error_names_the_event() -> None:
    """Start a field error with the record and its id, so a bad row in a list is found."""
    with pytest.raises(InvalidEventError, match=r"^Release\(id='openai-o1-preview'\): country="):
        o1(country="UK")


def test_country_hint_for_common_mistakes() -> None:
    """Suggest GB for UK: the ISO code differs from the usual abbreviation."""
    with pytest.raises(InvalidEventError, match="did you mean 'GB'"):
        o1(country="UK")


def test_every_country_code_and_region_accepted() -> None:
    """Accept all 249 ISO 3166-1 alpha-2 codes and the documented regions."""
    assert 249 == len(COUNTRY_CODES)
    assert {"EU", "INTL"} == set(REGIONS)
    for code in sorted(COUNTRY_CODES | set(REGIONS)):
        assert code == Event(**BASE, country=code).country


def test_errors_are_timeline_errors_and_value_errors() -> None:
    """Derive InvalidEventError from TimelineError and ValueError."""
    with pytest.raises(TimelineError):
        Event(**{**BASE, "id": "Bad"})
    with pytest.raises(ValueError, match="slug"):
        Event(**{**BASE, "id": "Bad"})


def test_active_parameters_cannot_exceed_total() -> None:
    """Reject more active parameters than parameters in all."""
    with pytest.raises(InvalidEventError, match="active_parameters=Parameters\\('37B'\\) exceeds"):
        o1(parameters=Parameters("32B"), active_parameters=Parameters("37B"))


def test_open_weights_tag_needs_open_weights() -> None:
    """Reject the tag 'open-weights' on a release whose weights are not open."""
    with pytest.raises(InvalidEventError, match="open_weights=False"):
        o1(tags={"open-weights"}, open_weights=False)


def test_confidence_interval_must_hold_the_value() -> None:
    """Reject ci_low > value or value > ci_high."""
    score = {**BASE, "model": "m", "metric": "eci", "value": 140.0}
    with pytest.raises(InvalidEventError, match="ci_low <= value <= ci_high"):
        Score(**score, ci_low=141.0)
    assert 139.0 == Score(**score, ci_low=139.0, ci_high=141.0).ci_low


def test_training_needs_a_fact() -> None:
    """Reject an empty Training record: None says 'unknown' instead."""
    with pytest.raises(InvalidEventError, match="holds no facts"):
        Training()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: Source(publisher=""), "publisher=''"),
        (lambda: Source(publisher="X", url="www.example.org"), "absolute URL"),
        (lambda: Source(publisher="X", key="A 0"), "short key"),
        (lambda: Source(publisher="X", published="2025-02-30"), "published='2025-02-30'"),
        (lambda: DateClaim("September", ECONOMIST), "when='September' is not a date"),
        (lambda: DateClaim("2024-09", "The Economist"), "must be <class"),  # type: ignore[arg-type]
    ],
    ids=["publisher", "url", "key", "published", "claim-when", "claim-source"],
)
def test_rejects_bad_source_or_claim(make: Any, fragment: str) -> None:
    """Reject bad Source and DateClaim fields with a message naming them."""
    with pytest.raises((InvalidEventError, TypeError)) as info:
        make()
    assert fragment in str(info.value)


# -- quantities --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money("619000000", "USD"), "$619M"),
        (Money("13500000000", "USD"), "$13.5B"),
        (Money("5576000", "USD"), "$5.576M"),
        (Money("4.35e9", "HKD"), "HK$4.35B"),
        (Money(534_700, "USD"), "$534,700"),
        (Money("0.27", "USD"), "$0.27"),
        (Money("-590e9", "USD"), "-$590B"),
        (Money("1.2e6", "CHF"), "1.2M CHF"),
        (Money("116.20", "HKD"), "HK$116.2"),
        (Money("2e12", "CNY"), "CN¥2T"),
    ],
)
def test_money_str_round_trips(money: Money, text: str) -> None:
    """Show money in short form, and read that form back to an equal value."""
    assert text == str(money)
    assert money == Money.parse(text)


@pytest.mark.parametrize("text", ["619M", "$", "USD", "$1.2X", "$5 USD", "12 usd", ""])
def test_money_parse_rejects(text: str) -> None:
    """Reject money text without exactly one currency marker or without an amount."""
    with pytest.raises(InvalidEventError, match="cannot read"):
        Money.parse(text)


def test_money_is_exact() -> None:
    """Keep amounts as exact decimals; a float becomes the decimal it prints as."""
    assert Decimal("0.1") == Money("0.1", "USD").amount
    assert Decimal("0.1") == Money(0.1, "USD").amount  # type: ignore[arg-type]
    assert Decimal("0.3") == Money("0.1", "USD").amount * 3
    assert Money("619000000", "USD") == Money("6.19E+8", "USD")


@pytest.mark.parametrize(
    ("amount", "currency", "fragment"),
    [("abc", "USD", "amount='abc'"), (True, "USD", "amount=True"), ("1", "usd", "currency='usd'")],
)
def test_money_rejects(amount: object, currency: str, fragment: str) -> None:
    """Reject amounts that are not decimals and currencies that are not ISO 4217 codes."""
    with pytest.raises(InvalidEventError, match=fragment):
        Money(amount, currency)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "count", "short"),
    [
        ("671B", 671_000_000_000, "671B"),
        ("32.5B", 32_500_000_000, "32.5B"),
        ("45.9b", 45_900_000_000, "45.9B"),
        ("1T", 10**12, "1T"),
        ("7,000", 7000, "7,000"),
        (1_500_000, 1_500_000, "1.5M"),
    ],
)
def test_parameters(text: str | int, count: int, short: str) -> None:
    """Read parameter counts from ints or suffixed text, and print them short."""
    assert count == Parameters(text).count
    assert short == str(Parameters(text))
    assert Parameters(text) == Parameters(short)


@pytest.mark.parametrize("value", [0, -5, "1.5", "abc", True, 2.5])
def test_parameters_reject(value: object) -> None:
    """Reject counts that are not positive whole numbers."""
    with pytest.raises(InvalidEventError, match="count="):
        Parameters(value)  # type: ignore[arg-type]


def test_chip_hours() -> None:
    """Read chip-hours like parameters and print them with their unit."""
    assert 2_788_000 == ChipHours("2.788M").hours
    assert "30.84M chip-hours" == str(ChipHours(30_840_000))
    with pytest.raises(InvalidEventError, match="hours="):
        ChipHours("lots")


def test_quantities_order() -> None:
    """Order parameter counts and chip-hours by size."""
    assert Parameters("1T") > Parameters("671B")
    assert ChipHours("2.788M") < ChipHours("30.84M")


# -- immutability, evolve, equality, repr ------------------------------------------------------


def test_records_are_frozen() -> None:
    """Refuse attribute assignment on every record."""
    release = o1()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        release.title = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ECONOMIST.publisher = "FT"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Money("1", "USD").amount = Decimal(2)  # type: ignore[misc]


def test_collections_are_immutable() -> None:
    """Convert lists and sets to tuples and frozensets."""
    release = o1(actors=["OpenAI"], tags=["a", "b"], sources=[ECONOMIST])
    assert ("OpenAI",) == release.actors
    assert frozenset({"a", "b"}) == release.tags
    assert (ECONOMIST,) == release.sources


def test_a_single_string_is_one_item() -> None:
    """Treat a bare string as a one-item collection, not a sequence of characters."""
    assert ("OpenAI",) == Event(**BASE, actors="OpenAI").actors
    assert frozenset({"reasoning"}) == Event(**BASE, tags="reasoning").tags


def test_evolve_validates_and_leaves_the_original() -> None:
    """Make changes with attrs.evolve, which validates again and returns a new record."""
    release = o1()
    later = attrs.evolve(release, when="2024-12-05", title="o1 released")
    assert When.day(2024, 9, 12) == release.when
    assert When.day(2024, 12, 5) == later.when
    with pytest.raises(InvalidEventError, match="country="):
        attrs.evolve(release, country="us")


def test_equality_and_hash_are_structural() -> None:
    """Compare and hash records by value: equal records are one set member."""
    a = o1(tags=["b", "a"], sources=[ECONOMIST])
    b = o1(tags={"a", "b"}, sources=(ECONOMIST,))
    assert a == b
    assert hash(a) == hash(b)
    assert 1 == len({a, b})
    assert a != o1(tags={"a"})
    assert o1() != Event(**BASE)


def test_when_strings_parse() -> None:
    """Parse string dates with their precision; a Span stays a Span."""
    assert When.month(2024, 9) == Event(**{**BASE, "when": "2024-09"}).when
    ban = Span("2022-10-07")
    assert ban == Event(**{**BASE, "when": ban}).when


def test_event_repr() -> None:
    """Show the set fields, and count sources and claims instead of printing them."""
    claim = DateClaim("2024-09", ECONOMIST, "in September")
    release = o1(
        country="US",
        capabilities={"reasoning"},
        sources=[ECONOMIST],
        date_claims=[claim],
        parameters=Parameters("200B"),
    )
    assert (
        "Release(id='openai-o1-preview', when=When.parse('2024-09-12'), title='o1 released', "
        "country='US', model='o1-preview', capabilities={'reasoning'}, "
        "parameters=Parameters('200B'), sources=<1>, date_claims=<1>)"
    ) == repr(release)


def test_record_reprs() -> None:
    """Give every value type a short repr that rebuilds it."""
    assert "Money('619000000', 'USD')" == repr(Money.parse("$619M"))
    assert "Parameters('671B')" == repr(Parameters(671_000_000_000))
    assert "ChipHours('2.788M')" == repr(ChipHours(2_788_000))
    assert "Training(chips=2048, chip_type='H800')" == repr(Training(chips=2048, chip_type="H800"))
    assert (
        "DateClaim(when=When.parse('2024-09'), source=Source(publisher='X'), wording='September')"
    ) == repr(DateClaim("2024-09", Source(publisher="X"), "September"))
    assert eval(repr(Money("0.27", "USD"))) == Money("0.27", "USD")  # noqa: S307 - trusted literal


# -- kinds and tags ----------------------------------------------------------------------------


def test_kind_registry() -> None:
    """Map every kind name to its class, and give each class that name as ``kind``."""
    assert "release" == o1().kind
    assert "export_control" == ExportControl.KIND
    for name, cls in EVENT_KINDS.items():
        assert name == cls.KIND
        assert issubclass(cls, Event)
    assert 13 == len(EVENT_KINDS)


def test_capabilities_and_open_weights_are_derived_tags() -> None:
    """Keep tags as given; all_tags (what tag queries read) adds capabilities and open weights."""
    release = o1(capabilities={"reasoning", "coding"}, open_weights=True, tags={"preview"})
    assert frozenset({"preview"}) == release.tags
    assert frozenset({"reasoning", "coding", "open-weights", "preview"}) == release.all_tags
    assert frozenset({"reasoning"}) == o1(capabilities={"reasoning"}, open_weights=False).all_tags
    assert Truth.TRUE == tagged("open-weights")(release)


def test_evolve_recomputes_derived_tags() -> None:
    """Change open_weights or capabilities with evolve: nothing stale, nothing refused."""
    release = o1(capabilities={"reasoning"}, open_weights=True)
    closed = attrs.evolve(release, open_weights=False)
    assert frozenset({"reasoning"}) == closed.all_tags
    plain = attrs.evolve(release, capabilities=frozenset())
    assert frozenset({"open-weights"}) == plain.all_tags
    assert Truth.FALSE == tagged("reasoning")(plain)
    assert release == attrs.evolve(plain, capabilities={"reasoning"})


def test_countries_and_the_main_country() -> None:
    """Derive country as the first of countries; accept country= as the one-country form."""
    both = o1(countries=("US", "CN"))
    assert ("US", ("US", "CN")) == (both.country, both.countries)
    assert o1(country="US") == o1(countries=["US"])
    assert o1().country is None
    assert ("CN",) == attrs.evolve(both, countries=("CN",)).countries
    with pytest.raises(InvalidEventError, match=r"country='CN' is invalid; expected the first"):
        o1(country="CN", countries=("US", "CN"))
    with pytest.raises(InvalidEventError, match=r"countries=\('US', 'US'\)"):
        o1(countries=("US", "US"))
    assert Truth.TRUE == col("countries").contains("CN")(both)
    assert Truth.FALSE == (col("country") == "CN")(both)


def test_release_stage() -> None:
    """Read preview=True as stage='preview'; preview is True for announcements too."""
    assert "preview" == o1(preview=True).stage
    assert o1(stage="announced").preview
    assert not o1().preview
    with pytest.raises(InvalidEventError, match="stage='shipped'"):
        o1(stage="shipped")
    with pytest.raises(InvalidEventError, match="preview=False"):
        o1(preview=False, stage="announced")


# -- plain forms -------------------------------------------------------------------------------


def test_event_to_dict_shape() -> None:
    """Write the kind first, omit defaults, and refer to a claim's source by index."""
    claim = DateClaim("2024-09", ECONOMIST, "in September")
    other = DateClaim("2024-09-12", Source(publisher="OpenAI"))
    release = o1(
        sources=[ECONOMIST],
        date_claims=[claim, other],
        training=Training(chips=2048, cost=Money("5576000", "USD")),
        parameters=Parameters("671B"),
    )
    assert {
        "kind": "release",
        "id": "openai-o1-preview",
        "when": "2024-09-12",
        "title": "o1 released",
        "sources": [
            {
                "publisher": "The Economist",
                "title": "China's AI industry has almost caught up with America's",
                "published": "2025-01-23",
                "quote": "released in September by OpenAI",
                "key": "A000",
            }
        ],
        "date_claims": [
            {"when": "2024-09", "source": 0, "wording": "in September"},
            {"when": "2024-09-12", "source": {"publisher": "OpenAI"}},
        ],
        "model": "o1-preview",
        "parameters": 671_000_000_000,
        "training": {"chips": 2048, "cost": {"amount": "5576000", "currency": "USD"}},
    } == event_to_dict(release)
    assert release == event_from_dict(json.loads(json.dumps(event_to_dict(release))))


def test_date_forms_in_json() -> None:
    """Write EDTF where exact, an object for odd ranges, the statement for relative dates."""
    odd = When(When.day(2024, 9, 3).earliest, When.day(2024, 10, 5).latest, "month")
    relative = When.relative("2024-11-28", "a week", before=True)
    period = Span("2022-10-07")
    event = Event(
        **{**BASE, "when": period},
        date_claims=[DateClaim(odd, ECONOMIST), DateClaim(relative, ECONOMIST)],
    )
    data = event_to_dict(event)
    assert {"start": "2022-10-07", "end": None} == data["when"]
    assert [
        {
            "when": {
                "earliest": "2024-09-03",
                "latest": "2024-10-05",
                "precision": "month",
                "approximate": False,
                "uncertain": False,
            },
            "source": {
                "publisher": "The Economist",
                "title": "China's AI industry has almost caught up with America's",
                "published": "2025-01-23",
                "quote": "released in September by OpenAI",
                "key": "A000",
            },
        },
        {
            "when": {
                "anchor": "2024-11-28",
                "offset": "1 week",
                "direction": "before",
                "qualifier": "exactly",
                "resolved": "2024-11-21",
            },
            "source": data["date_claims"][0]["source"],  # type: ignore[call-overload,index]
        },
    ] == data["date_claims"]
    assert event == event_from_dict(data)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"kind": "relase"}, "field 'kind'='relase': expected a known kind, one of"),
        ({"kind": None}, "field 'kind'=None"),
        ({"modle": "o1"}, "field 'modle'='o1': expected one of the fields of kind 'release'"),
        ({"title": 5}, "field 'title'=5: expected a string"),
        ({"when": "2024-13"}, "field 'when'='2024-13': expected a date (cannot parse"),
        ({"when": 2024}, "field 'when'=2024: expected a date such as"),
        ({"tags": "reasoning"}, "field 'tags'='reasoning': expected a list of strings"),
        ({"tags": ["ok", 3]}, "field 'tags[1]'=3: expected a string"),
        ({"parameters": "lots"}, "field 'parameters'='lots': expected a positive whole number"),
        ({"preview": "no"}, "field 'preview'='no': expected true or false"),
        ({"id": "Bad Id"}, "Release(id='Bad Id'): id='Bad Id' is invalid"),
        ({"sources": [{"title": "x"}]}, "field 'sources[0].publisher' is missing"),
        ({"date_claims": [{"when": "2024", "source": 3}]}, "'date_claims[0].source'=3"),
        (
            {
                "date_claims": [
                    {
                        "when": {
                            "anchor": "2024-11-28",
                            "offset": "a week",
                            "resolved": "2024-11-20",
                        },
                        "source": {"publisher": "X"},
                    }
                ]
            },
            "'date_claims[0].when.resolved'='2024-11-20': expected '2024-12-05'",
        ),
        ({"training": {"chips": "many"}}, "field 'training.chips'='many': expected a whole number"),
    ],
)
def test_event_from_dict_errors(change: dict[str, object], fragment: str) -> None:
    """Name the place, the event, the field path, the value and what was expected."""
    data = {**event_to_dict(o1()), **change}
    with pytest.raises(InvalidEventError) as info:
        event_from_dict(data, where="f.json, line 3")
    message = str(info.value)
    assert message.startswith("f.json, line 3: event ")
    assert fragment in message


def test_event_from_dict_missing_field() -> None:
    """Report a missing required field by name."""
    data = event_to_dict(o1())
    del data["model"]
    with pytest.raises(InvalidEventError, match="field 'model' is missing; expected a value"):
        event_from_dict(data)


def test_row_shape() -> None:
    """Key a row by every column, with plain cells and empty strings for other kinds' fields."""
    release = o1(
        actors=["OpenAI", "Microsoft; partner"],
        country="US",
        capabilities={"reasoning"},
        open_weights=False,
        training=Training(chips=16_000, chip_hours=ChipHours("30.84M")),
    )
    row = event_to_row(release)
    assert ROW_COLUMNS == tuple(row)
    assert {
        "kind": "release",
        "id": "openai-o1-preview",
        "when": "2024-09-12",
        "title": "o1 released",
        "actors": '["OpenAI","Microsoft; partner"]',
        "country": "US",
        "model": "o1-preview",
        "capabilities": "reasoning",
        "open_weights": "false",
        "stage": "released",
        "training.chips": "16000",
        "training.chip_hours": "30.84M",
    } == {k: v for k, v in row.items() if v}
    assert release == event_from_row(row, where="r")


def test_row_empty_text_cell_is_empty_string() -> None:
    """Read an empty text cell as '' even where the default is not empty."""
    price = PriceChange(**BASE, model="DeepSeek-V3", per="")
    assert price == event_from_row(event_to_row(price), where="r")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"colour": "red"}, "column 'colour'='red': expected a known column"),
        ({"company": "MiniMax"}, "expected an empty cell: kind 'release' has no field 'company'"),
        ({"model": ""}, "column 'model' is missing"),
        ({"when": "soon"}, "column 'when'='soon': expected a date"),
        ({"open_weights": "maybe"}, "column 'open_weights'='maybe': expected 'true' or 'false'"),
        ({"training.chips": "2k"}, "column 'training.chips'='2k': expected a whole number"),
        ({"sources": "[{"}, "column 'sources'='[{': expected valid JSON"),
        ({"kind": ""}, "column 'kind' is missing"),
    ],
)
def test_event_from_row_errors(change: dict[str, str], fragment: str) -> None:
    """Name the place, the event, the column, the value and what was expected."""
    row = {**event_to_row(o1()), **change}
    with pytest.raises(InvalidEventError) as info:
        event_from_row(row, where="f.csv, row 4")
    assert str(info.value).startswith("f.csv, row 4: ")
    assert fragment in str(info.value)


def test_row_reads_none_and_missing_columns_as_empty() -> None:
    """Treat None and NaN cells and absent columns as empty (pandas gives all three)."""
    row: dict[str, str | None] = {"kind": "event", "id": "x", "when": "2024", "title": "X"}
    row["note"] = None
    row["country"] = float("nan")  # type: ignore[assignment]
    assert Event(id="x", when="2024", title="X") == event_from_row(row, where="r")


def test_row_columns_per_kind() -> None:
    """List the columns a set of kinds uses, kind first, in ROW_COLUMNS order."""
    assert ROW_COLUMNS == row_columns()
    columns = row_columns(["ipo"])
    assert ("kind", "id", "when", "title") == columns[:4]
    assert "raised" in columns
    assert "model" not in columns
    with pytest.raises(InvalidEventError, match="kinds contains 'nope'"):
        row_columns(["nope"])


def test_unregistered_subclass_cannot_be_stored() -> None:
    """Refuse to serialise an event class that EVENT_KINDS cannot read back."""

    @attrs.frozen(kw_only=True)
    class Custom(Event):
        KIND = "custom"

    with pytest.raises(InvalidEventError, match="not in EVENT_KINDS"):
        event_to_dict(Custom(**BASE))


def test_row_rejects_non_string_cells() -> None:
    """Reject a cell that is neither a string nor missing, naming its column."""
    row: dict[str, object] = {"kind": "event", "id": "x", "when": "2024", "title": 5}
    with pytest.raises(InvalidEventError, match="column 'title'=5: expected a string cell"):
        event_from_row(row, where="r")  # type: ignore[arg-type]


DAY_OBJECT = {"earliest": "2024-09-03", "latest": "2024-10-05", "precision": "month"}


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        ({**DAY_OBJECT, "colour": "red"}, "'when.colour'"),
        ({**DAY_OBJECT, "approximate": "yes"}, "'when.approximate'='yes': expected true or false"),
        ({**DAY_OBJECT, "earliest": "3 Sept"}, "'when.earliest'='3 Sept': expected a day in"),
        ({**DAY_OBJECT, "earliest": "2024-11-01"}, "expected a valid date range"),
        ({**DAY_OBJECT, "precision": "fortnight"}, "expected a valid date range"),
        ({"anchor": "2024-11-28", "offset": 7, "colour": 1}, "'when.colour'"),
        ({"anchor": "2024-11-28", "offset": 7}, "'when.offset'=7: expected an offset"),
        ({"anchor": "2024-11-28", "offset": "a week", "direction": "up"}, "'when.direction'='up'"),
        ({"anchor": "2024-11-28", "offset": "a week", "qualifier": 1}, "'when.qualifier'=1"),
        ({"anchor": "2024-11-28", "offset": "a week", "slack": "2"}, "'when.slack'='2'"),
        ({"anchor": "2024-11-28", "offset": "a fortnight"}, "expected a valid relative date"),
        ({"anchor": "2024-11-28", "offset": "a week", "qualifier": "roughly"}, "valid relative"),
        ({"start": "2024", "finish": "2025"}, "expected a period object"),
        ({"start": "2025", "end": "2024"}, "expected a valid period"),
        ({"start": "2024-13"}, "'when.start'='2024-13'"),
        ([2024, 9], "expected a date such as"),
    ],
)
def test_date_objects_in_json_errors(when: object, fragment: str) -> None:
    """Report a malformed date, relative date or period object by its path inside the field."""
    data = {"kind": "event", "id": "x", "when": when, "title": "X"}
    with pytest.raises(InvalidEventError) as info:
        event_from_dict(data, where="w")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"sources": {"publisher": "X"}}, "field 'sources'={'publisher': 'X'}: expected a list"),
        ({"sources": ["X"]}, "field 'sources[0]'='X': expected a Source object"),
        ({"sources": [{"publisher": ""}]}, "expected a valid Source"),
        ({"date_claims": {"when": "2024"}}, "expected a list of date-claim objects"),
        ({"date_claims": ["2024"]}, "field 'date_claims[0]'='2024': expected a date-claim"),
        ({"date_claims": [{"when": "2024"}]}, "field 'date_claims[0].source' is missing"),
        ({"date_claims": [{"when": "2024", "source": {"publisher": "X"}, "wording": 3}]}, "=3"),
        ({"raised": {"amount": 1.5, "currency": "USD"}}, "field 'raised'="),
        ({"raised": {"amount": "1", "currency": "usd"}}, "field 'raised'="),
        ({"raised": "619M"}, "field 'raised'='619M': expected a money object"),
        ({"first_day_change": [1]}, "field 'first_day_change'=[1]: expected a decimal"),
        ({"first_day_change": "lots"}, "field 'first_day_change'='lots': expected a decimal"),
        ({"exchange": None}, "field 'exchange'=None: expected a string"),
        ({"training": {"chips": 1}}, "one of the fields of kind 'ipo'"),
    ],
)
def test_nested_values_in_json_errors(change: dict[str, object], fragment: str) -> None:
    """Report malformed sources, claims, money and decimals with their paths."""
    data = {"kind": "ipo", "id": "x", "when": "2026", "title": "X", "company": "C", **change}
    with pytest.raises(InvalidEventError) as info:
        event_from_dict(data, where="w")
    assert fragment in str(info.value)


def test_score_and_count_cells() -> None:
    """Read numbers from cells, and report cells that are not numbers."""
    score = Score(**BASE, model="m", metric="eci", value=-0.0, ci_high=1e-300)
    assert score == event_from_row(event_to_row(score), where="r")
    row = {**event_to_row(score), "value": "high"}
    with pytest.raises(InvalidEventError, match="column 'value'='high': expected a number"):
        event_from_row(row, where="r")


@given(
    tl=strategies.timelines(max_size=10),
    code=st.sampled_from(("US", "CN", "FR", "GB")),
    tag=st.sampled_from(("reasoning", "open-weights", "chips")),
)
def test_countries_and_derived_tags_vectorised_agree_with_per_event(
    tl: Timeline, code: str, tag: str
) -> None:
    """Evaluate countries.contains and tagged over the columns as per event, also from rows."""
    lazy = Timeline.from_columns(tl.to_columns())
    for p in (col("countries").contains(code), tagged(tag), col("tags").contains(tag)):
        expected = tuple(p(e) for e in tl)
        assert expected == tl.truth(p), p
        assert expected == lazy.truth(p), p


# -- the kind registry -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Rumour(Event):
    """A user-defined kind with a field name that no built-in kind gives a number."""

    KIND = "rumour"
    model: str = ""
    strength: int | None = None


def test_user_kind_works_everywhere_when_registered() -> None:
    """A registered kind is queried, written and read as JSON and CSV rows like a built-in."""
    from aitimeline import col, is_a  # noqa: PLC0415 - the query layer, above this one
    from aitimeline._events import registered_kind  # noqa: PLC0415
    from aitimeline._query import known_fields  # noqa: PLC0415

    rumour = Rumour(**BASE, model="o1", strength=3)
    with registered_kind(Rumour):
        assert EVENT_KINDS["rumour"] is Rumour
        assert event_from_dict(event_to_dict(rumour)) == rumour
        assert event_from_row(event_to_row(rumour), where="r") == rumour
        assert "strength" in row_columns(["rumour"])
        assert is_a("rumour")(rumour).name == "TRUE"
        assert (col("strength") > 2)(rumour).name == "TRUE"
        assert known_fields()["model"] == "text"
    # the registration is undone: nothing leaks into later tests
    assert "rumour" not in EVENT_KINDS
    assert "strength" not in row_columns()


def test_user_kind_is_refused_everywhere_when_not_registered() -> None:
    """An unregistered kind is refused by storage and queries alike, naming the registry."""
    from aitimeline import col, is_a  # noqa: PLC0415
    from aitimeline.exceptions import QueryError, UnknownFieldError  # noqa: PLC0415

    rumour = Rumour(**BASE)
    with pytest.raises(InvalidEventError, match="not in EVENT_KINDS"):
        event_to_dict(rumour)
    with pytest.raises(InvalidEventError, match="not in EVENT_KINDS"):
        event_to_row(rumour)
    with pytest.raises(InvalidEventError, match="a known kind"):
        event_from_dict({"kind": "rumour", **BASE})
    with pytest.raises(QueryError, match="not an event kind"):
        is_a("rumour")
    with pytest.raises(UnknownFieldError):
        col("strength")


def test_register_kind_refuses_a_field_without_a_codec() -> None:
    """A field type with no JSON/CSV form makes registration fail, naming the field."""
    from aitimeline._events import register_kind  # noqa: PLC0415

    @attrs.frozen(kw_only=True)
    class Odd(Event):
        KIND = "odd"
        payload: complex = 0j

    with pytest.raises(InvalidEventError, match=r"Odd\.payload"):
        register_kind(Odd)
    assert "odd" not in EVENT_KINDS


def test_known_fields_hands_out_a_fresh_dict() -> None:
    """Corrupting the returned dict does not change what queries see."""
    from aitimeline._query import known_fields  # noqa: PLC0415

    known_fields()["model"] = "number"
    assert known_fields()["model"] == "text"


# -- step 9: exact and strict codecs -------------------------------------------------------------


def test_money_round_trips_beyond_28_digits_in_rows() -> None:
    """The CSV/pandas cell of money and quantities is exact, not rounded to 28 digits."""
    amount = Money(Decimal(0.1), "USD")  # noqa: RUF032 - the binary expansion of 0.1 on purpose
    event = IPO(**BASE, company="X", raised=amount)
    assert event_from_row(event_to_row(event), where="r") == event
    big = Release(**RELEASE, parameters=Parameters(10**40 + 1))
    assert event_from_row(event_to_row(big), where="r") == big


def test_huge_money_writes_without_decimal_overflow() -> None:
    """``Money('1e1000000', 'USD')`` loads, so its row form must write (and read back)."""
    event = IPO(**BASE, company="X", raised=Money("1e1000", "USD"))
    assert event_from_row(event_to_row(event), where="r") == event
    assert str(Money("1e1000000", "USD")).startswith("$1")


@pytest.mark.parametrize("text", ["٣٣B", "$٣M", "١٢"])
def test_number_texts_accept_ascii_digits_only(text: str) -> None:
    """Non-ASCII digits are not numbers in quantities or money."""
    with pytest.raises(InvalidEventError):
        Money.parse(text) if text.startswith("$") else Parameters(text)


def test_date_object_precision_must_be_a_name() -> None:
    """``"precision": true`` is refused, not read as WEEK."""
    when = {"earliest": "2024-09-02", "latest": "2024-09-08", "precision": True}
    with pytest.raises(InvalidEventError, match="precision"):
        event_from_dict({"kind": "event", **BASE, "when": when})


def test_row_json_cells_reject_duplicate_keys_and_deep_nesting() -> None:
    """CSV JSON cells are read as strictly as read_json: duplicates and depth are errors."""
    row = event_to_row(Event(**BASE))
    dup = {**row, "sources": '[{"publisher": "A", "publisher": "B"}]'}
    with pytest.raises(InvalidEventError, match="duplicate key 'publisher'"):
        event_from_row(dup, where="r")
    deep = {**row, "sources": "[" * 1000 + "]" * 1000}
    with pytest.raises(InvalidEventError, match="nested"):
        event_from_row(deep, where="r")
