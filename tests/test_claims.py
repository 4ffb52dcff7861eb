"""Claims: the bundled article claims, the known discrepancies, errors, files and renderings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import aitimeline as at
from aitimeline import claims as C  # noqa: N812 - short, as in "st"
from aitimeline.exceptions import ClaimError, UnknownIdError

_REPO = Path(__file__).resolve().parents[1]
SEEDS = next(
    (
        p / "shared" / "seeds"
        for p in (_REPO.parent, _REPO.parent.parent)
        if (p / "shared").is_dir()
    ),
    _REPO / "no-seeds",
)
"""The seed articles beside the repository (or its worktree folder); absent on a bare clone."""

RACE = at.datasets.ai_race()
CLAIMS = at.datasets.article_claims()
BY_ID = {c.id: c for c in CLAIMS}

DISCREPANCIES: dict[str, tuple[str, str]] = {
    # note in seed_events_notes.md -> (claim id, the record's value that explain() must show)
    "EV052 AI Action Plan 'in June'": ("a004-action-plan-june", "23 July 2025"),
    "EV053 GLM-4.6 'In October'": ("a004-glm-4-6-october", "30 September 2025"),
    "EV058 MiniMax IPO 'Last Friday'": ("a003-minimax-last-friday", "9 January 2026"),
    "EV057 Zhipu '+37%'": ("a003-zhipu-up-37pct", "13.2"),
    "EV003 o3 'a few days later'": ("a000-o3-few-days-later", "1 day"),
    "EV004 R1-Lite 'a week before'": ("a000-r1-lite-week-before-qwq", "8 days"),
    "EV016 V3 API 'in February'": ("a000-v3-api-from-february", "26 December 2024"),
    "EV019 diffusion rule 'draft'": ("a002-diffusion-rule-draft", "13 January 2025"),
    "EV035 spin-off 'same month'": ("a000-spin-off-same-month-as-qwen", "17 July 2023"),
    "EV033 first Qwen (open weights)": ("a000-deepseek-after-first-open-qwen", "3 August 2023"),
    "EV005 QwQ '20-gigabyte file'": ("a000-qwq-20-gigabytes", "65 GB"),
}
"""Every discrepancy the record can settle, and where its value shows in the explanation."""

NOT_CONTRADICTED: dict[str, tuple[str, at.Truth, str]] = {
    # note -> (claim id, the verdict under every reading, why the record cannot contradict it)
    "EV014 Meta 'server farm'": (
        "a000-meta-350k-chips",
        at.Truth.UNKNOWN,
        "the record has no value",
    ),
    "EV015 R1 'even as' the oath": ("a002-r1-during-inauguration", at.Truth.TRUE, "same day"),
    "EV049 MiniMax 'pivoted in June'": ("a004-minimax-m1-june", at.Truth.TRUE, "June 2025"),
    "EV036 High-Flyer 'set up in 2015'": ("a000-high-flyer-2015", at.Truth.TRUE, "2015"),
}
"""Notes the record, as structured, cannot contradict: hours of day, scope, a missing model,
and a founding date the record keeps as 2015. Each is pinned so a change shows up here."""


def test_enough_sourced_claims() -> None:
    """At least 35 claims, from all five articles, each quoting at most 30 words."""
    assert len(CLAIMS) >= 35
    assert {"A000", "A001", "A002", "A003", "A004"} == {c.source.key for c in CLAIMS}
    assert all(len(c.words.split()) <= 30 for c in CLAIMS)
    assert len(BY_ID) == len(CLAIMS)


@pytest.mark.parametrize("reading", C.READINGS, ids=lambda r: r.name)
def test_every_claim_evaluates(reading: C.Reading) -> None:
    """Every bundled claim evaluates against the bundled record under every shipped reading."""
    result = C.check(CLAIMS, RACE, reading)
    assert len(CLAIMS) == sum(result.counts().values())
    assert all(v.reading == reading.name for v in result)
    assert all(v.explain().endswith(".") for v in result)


@pytest.mark.parametrize("note", sorted(DISCREPANCIES))
def test_known_discrepancies_are_caught(note: str) -> None:
    """Each discrepancy in the notes is FALSE (or reading-sensitive), with the record's value."""
    claim_id, value = DISCREPANCIES[note]
    verdict = BY_ID[claim_id].evaluate(RACE)
    assert verdict.truth is at.Truth.FALSE or verdict.sensitive
    assert value in verdict.explain()


@pytest.mark.parametrize("note", sorted(NOT_CONTRADICTED))
def test_notes_the_record_cannot_contradict(note: str) -> None:
    """Pin the verdict of each note the record cannot settle, and say why in explain()."""
    claim_id, truth, words = NOT_CONTRADICTED[note]
    verdict = BY_ID[claim_id].evaluate(RACE)
    assert (truth, False) == (verdict.truth, verdict.sensitive)
    assert words in verdict.explain()


def test_unsettleable_claims_say_what_is_missing() -> None:
    """UNKNOWN verdicts name what the record (or the source) lacks."""
    result = C.check(CLAIMS, RACE)
    unknown = [v for v in result if v.truth is at.Truth.UNKNOWN]
    assert unknown
    for v in unknown:
        assert re.search(r"lacks|has no|between|January 2026|\N{EN DASH}", v.explain()), v.explain()


def test_reading_sensitive_claims() -> None:
    """The vague-word claims depend on the reading; the verdict says which reading disagrees."""
    result = C.check(CLAIMS, RACE, "default")
    sensitive = {v.claim.id for v in result.sensitive()}
    assert {
        "a000-o3-few-days-later",
        "a000-r1-lite-week-before-qwq",
        "a000-v3-just-2000-chips",
        "a000-lead-matter-of-weeks",
    } <= sensitive
    week = result["a000-r1-lite-week-before-qwq"]
    assert "'a week' reads as 5\N{EN DASH}9 days under the default reading" in week.explain()
    assert week.explain().endswith("holds (strict: FALSE).")


def test_in_period_is_distinct_from_same_day() -> None:
    """A day lies within its month, while 'the same unknown day' stays UNKNOWN (issue 11)."""
    qwq = at.When.parse("2024-11-28")
    assert at.Truth.UNKNOWN == qwq.same_day("2024-11")
    assert at.Truth.TRUE == qwq.in_period("2024-11")
    assert at.Truth.TRUE == at.When.parse("2024-11").in_period("2024-Q4")
    assert at.Truth.FALSE == qwq.in_period("2024-12")
    assert at.Truth.UNKNOWN == at.When.parse("2024-Q4").in_period("2024-11")


def test_article_relative_phrases() -> None:
    """'Last Friday' from a Wednesday is the Friday of the week before; 'last month' its month."""
    wednesday = at.When.parse("2026-01-21")
    assert "2026-01-16" == C.resolve_phrase("last Friday", wednesday).to_edtf()
    assert "2026-W03" == C.resolve_phrase("last week", wednesday).format()
    assert "2025-12" == C.resolve_phrase("last month", wednesday).to_edtf()
    assert "2026-01-01/2026-01-21" == C.resolve_phrase("earlier this month", wednesday).to_edtf()
    friday = at.When.parse("2026-01-16")
    assert "2026-01-09" == C.resolve_phrase("last friday", friday).to_edtf()


def test_undated_source_leaves_relative_claims_unknown() -> None:
    """A claim relative to an undated article cannot be settled, and says so."""
    source = at.Source(publisher="Somebody", key="X1")
    claim = C.Claim("x", "last month", source, C.on_date("kimi-k2-thinking", "in", "last month"))
    verdict = claim.evaluate(RACE)
    assert at.Truth.UNKNOWN == verdict.truth
    assert "no publication date" in verdict.explain()


def test_unknown_event_id_is_an_error_with_near_ids() -> None:
    """A claim naming an id the timeline lacks raises, naming the id and the nearest ids."""
    check = C.on_date("deepseek-r2", "in", "2025-01")
    with pytest.raises(UnknownIdError, match=r"deepseek-r2.*deepseek-r1"):
        check.evaluate(RACE)


def test_money_in_another_currency_is_unknown() -> None:
    """Money stated in one currency is not compared with a record in another."""
    verdict = C.fact("minimax-ipo", "raised", "equals", "619e6", "HKD").evaluate(RACE)
    assert at.Truth.UNKNOWN == verdict.truth
    assert "USD" in verdict.detail


def test_checks_are_values() -> None:
    """Checks are equal, hashable and refuse bool(); double negation returns the check."""
    a = C.lag_is("deepseek-r1-lite-preview", "qwq-32b-preview", "equals", "a week")
    b = C.lag_is("deepseek-r1-lite-preview", "qwq-32b-preview", "equals", "a week")
    assert a == b
    assert hash(a) == hash(b)
    assert a == ~~a
    with pytest.raises(TypeError, match="no truth value"):
        bool(a)


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ({"op": "dates", "event": "x"}, "check.op='dates' is not a check"),
        ({"op": "date", "event": "x", "relation": "in"}, "check.period is missing"),
        ({"op": "date", "event": "x", "relation": "on", "period": "2024"}, "relation='on'"),
        ({"op": "date", "event": "x", "relation": "in", "period": "Novembre"}, "'Novembre'"),
        ({"op": "lag", "start": "a", "end": "b", "comparison": "about", "amount": "ages"}, "ages"),
        ({"op": "fact", "event": "x", "field": "f", "comparison": "eq", "value": 1}, "'eq'"),
        ({"op": "fact", "event": "x", "field": "f", "comparison": "equals", "value": "x"}, "'x'"),
        ({"op": "order", "first": "a", "then": "b", "extra": 1}, "check.extra"),
    ],
)
def test_bad_claims_file_names_file_claim_field_value(check: object, message: str) -> None:
    """Loader errors name the file, the claim id, the field and the value."""
    data = {
        "format": C.CLAIMS_FORMAT,
        "sources": [{"key": "S", "publisher": "P", "published": "2025-01-23"}],
        "claims": [{"id": "my-claim", "source": "S", "words": "some words", "check": check}],
    }
    with pytest.raises(ClaimError) as info:
        C.loads_claims(json.dumps(data), name="mine.json")
    text = str(info.value)
    assert text.startswith("mine.json: claim 'my-claim' (claims[0])")
    assert message in text


def test_bad_claim_fields() -> None:
    """A missing source key, an overlong quote and a duplicate id are refused by name."""
    base = {"format": C.CLAIMS_FORMAT, "sources": [{"key": "S", "publisher": "P"}]}
    check = {"op": "order", "first": "a", "then": "b"}
    row = {"id": "c", "source": "T", "words": "w", "check": check}
    with pytest.raises(ClaimError, match=r"claims\[0\]\)\.source: 'T' is not a key"):
        C.claims_from_dict({**base, "claims": [row]}, name="f.json")
    long_row = {**row, "source": "S", "words": " ".join(["word"] * 40)}
    with pytest.raises(ClaimError, match="words has 40 words"):
        C.claims_from_dict({**base, "claims": [long_row]}, name="f.json")
    ok = {**row, "source": "S"}
    with pytest.raises(ClaimError, match="used twice"):
        C.claims_from_dict({**base, "claims": [ok, ok]}, name="f.json")
    with pytest.raises(ClaimError, match="format"):
        C.claims_from_dict({"claims": []}, name="f.json")


def test_files_round_trip_json_and_toml(tmp_path: Path) -> None:
    """Claims written as JSON read back equal; the same structure reads from TOML."""
    path = tmp_path / "claims.json"
    C.write_claims(CLAIMS[:5], path)
    assert CLAIMS[:5] == C.read_claims(path)
    toml = tmp_path / "claims.toml"
    toml.write_text(
        'format = "aitimeline-claims/1"\n'
        '[[sources]]\nkey = "A004"\npublisher = "SCMP"\npublished = "2025-12-01/2025-12-17"\n'
        '[[claims]]\nid = "glm"\nsource = "A004"\n'
        'words = "In October, Z.ai released a new flagship model, the GLM-4.6"\n'
        'check = { op = "date", event = "glm-4-6", relation = "in", period = "2025-10" }\n',
        encoding="utf-8",
    )
    (claim,) = C.read_claims(toml)
    assert at.Truth.FALSE == claim.evaluate(RACE).truth
    with pytest.raises(ClaimError, match="cannot read"):
        C.read_claims(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ClaimError, match=r"bad\.json: not valid JSON"):
        C.read_claims(bad)


def test_renderings() -> None:
    """The result renders as HTML with badges, Markdown, plain text, JSON and pandas."""
    result = C.check(CLAIMS, RACE, "strict")
    html = result._repr_html_()
    assert html.count("<tr>") == len(CLAIMS) + 1
    assert "#cf222e" in html  # a red FALSE badge
    assert "&#9888;" in html  # a reading-sensitive marker
    markdown = result.to_markdown()
    assert markdown.count("\n| **") == len(CLAIMS)
    assert "strict reading" in result.format_table()
    data = json.loads(json.dumps(result.to_dict()))
    assert data["counts"] == result.counts()
    frame = result.to_pandas()
    assert len(CLAIMS) == len(frame)
    assert {"truth_strict", "truth_default", "truth_lenient"} <= set(frame.columns)
    assert result.counts()["FALSE"] == len(result.contradicted())


def test_unknown_reading_name() -> None:
    """A reading is named or passed as a value; an unknown name is refused."""
    with pytest.raises(ClaimError, match="strict, default, lenient"):
        C.check(CLAIMS, RACE, "generous")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the repository")
def test_quotes_are_verbatim() -> None:
    """Every quote's fragments (split at '...') occur in its article, up to spacing and case."""

    def norm(text: str) -> str:
        text = text.replace("**", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")
        text = re.sub(r"\b0([13])\b", r"o\1", text.lower())  # the scan reads o1, o3 as 01, 03
        return re.sub(r"[^a-z0-9]+", " ", text).strip()

    articles = {f"A00{i}": norm(next(SEEDS.glob(f"00{i}_*.txt")).read_text()) for i in range(5)}
    missing = [
        (c.id, part)
        for c in CLAIMS
        for part in c.words.split("...")
        if norm(part) and norm(part) not in articles[c.source.key]
    ]
    assert [] == missing
