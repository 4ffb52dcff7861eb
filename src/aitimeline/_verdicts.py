"""Claims, verdicts and checking many claims at once.

A :class:`Claim` is an article's statement: its id, its words (a verbatim quote of at most
about 25 words), its :class:`~aitimeline.Source` and the :class:`~aitimeline.claims.Check`
that encodes it. :meth:`Claim.evaluate` gives a :class:`Verdict`; :func:`check` evaluates many
and returns :class:`CheckedClaims`, which renders as a table in a notebook, as Markdown, as
plain text and as a pandas DataFrame.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final, overload

import attrs

from aitimeline import _claims  # noqa: F401 - registers the leaves' JSON ops
from aitimeline._checks import Check, Evidence, _evidence_tuple, _is_check
from aitimeline._dates import Truth, When
from aitimeline._events import Source
from aitimeline._readings import DEFAULT, READINGS, Reading, reading_named
from aitimeline._timeline import Timeline
from aitimeline._types import JSON
from aitimeline.exceptions import ClaimError, DateParseError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLAIMS_FORMAT",
    "CheckedClaims",
    "Claim",
    "Verdict",
    "check",
    "claims_from_dict",
    "claims_to_dict",
]

CLAIMS_FORMAT: Final = "aitimeline-claims/1"
"""The ``format`` tag of a claims file."""
MAX_WORDS: Final = 30
"""The most words a claim's quote may have (quotes source a claim; they do not reprint it)."""
_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9-]*")
_VERB: Final = {
    Truth.TRUE: "holds",
    Truth.FALSE: "does not hold",
    Truth.UNKNOWN: "cannot be settled",
}


def _check_id(_instance: Claim, _attribute: attrs.Attribute[str], value: object) -> None:
    if not (isinstance(value, str) and _SLUG.fullmatch(value)):
        msg = f"Claim.id={value!r} is not a slug; expected lowercase words joined by '-'"
        raise ClaimError(msg)


def _check_words(instance: Claim, _attribute: attrs.Attribute[str], value: object) -> None:
    if not (isinstance(value, str) and value.strip()):
        msg = f"Claim {instance.id!r}: words={value!r}; expected the article's words, quoted"
        raise ClaimError(msg)
    n = len(value.split())
    if n > MAX_WORDS:
        msg = (
            f"Claim {instance.id!r}: words has {n} words; quote at most {MAX_WORDS} "
            "(the claim's own words, not the article)"
        )
        raise ClaimError(msg)


@attrs.frozen
class Claim:
    """An article's statement, sourced and encoded as a check; immutable, hashable, JSON-able.

    >>> import aitimeline as at
    >>> from aitimeline import claims
    >>> src = at.Source(publisher="The Economist", key="A000", published="2025-01-23")
    >>> c = claims.Claim("glm", "In October, Z.ai released ... GLM-4.6", src,
    ...                  claims.on_date("glm-4-6", "in", "2025-10"))
    >>> c.evaluate(at.datasets.ai_race()).truth
    Truth.FALSE
    """

    id: str = attrs.field(validator=_check_id)
    """A slug naming the claim."""
    words: str = attrs.field(validator=_check_words)
    """The article's words, verbatim (at most about 25 words)."""
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    """The article: its key, publisher and publication date."""
    check: Check = attrs.field(validator=_is_check)
    """What the words say, as a check against the record."""
    note: str = attrs.field(default="", kw_only=True)
    """Why the claim is encoded as it is, when that is not obvious."""

    def evaluate(self, timeline: Timeline, reading: Reading | str = DEFAULT) -> Verdict:
        """Return the verdict on this claim against *timeline* under *reading*.

        Raises:
            UnknownIdError: the check names an event the timeline lacks (with near ids).
        """
        used = reading_named(reading)
        outcome = self.check.evaluate(timeline, used, published=self.source.published)
        shipped = {
            r.name: (
                outcome.truth
                if r == used
                else self.check.evaluate(timeline, r, published=self.source.published).truth
            )
            for r in READINGS
        }
        return Verdict(
            claim=self,
            reading=used.name,
            truth=outcome.truth,
            detail=outcome.detail,
            evidence=outcome.evidence,
            by_reading=tuple(shipped.items()),
        )


def _pairs(value: Iterable[tuple[str, Truth]]) -> tuple[tuple[str, Truth], ...]:
    return tuple(value)


@attrs.frozen
class Verdict:
    """What the record says of a claim under one reading, with the numbers and the evidence."""

    claim: Claim
    """The claim judged."""
    reading: str
    """The name of the reading that produced this verdict."""
    truth: Truth
    """TRUE, FALSE or UNKNOWN (Kleene)."""
    detail: str
    """What was computed and what the words admit."""
    evidence: tuple[Evidence, ...] = attrs.field(converter=_evidence_tuple)
    """The events and facts used, with their dates and precision."""
    by_reading: tuple[tuple[str, Truth], ...] = attrs.field(converter=_pairs)
    """The truth under each shipped reading, narrowest first."""

    @property
    def sensitive(self) -> bool:
        """Whether some shipped reading gives a different definite answer than this one."""
        return any(t is not Truth.UNKNOWN and t is not self.truth for _, t in self.by_reading)

    def explain(self) -> str:
        """Return one plain sentence: what was computed, what the words admit, the verdict.

        >>> import aitimeline as at
        >>> claim = {c.id: c for c in at.datasets.article_claims()}["a000-r1-lite-week-before-qwq"]
        >>> text = claim.evaluate(at.datasets.ai_race()).explain()
        >>> text.startswith("8 days from deepseek-r1-lite-preview")
        True
        >>> text.endswith("holds (strict: FALSE).")
        True
        """
        text = f"{self.detail}: {_VERB[self.truth]}"
        others = [f"{n}: {t.name}" for n, t in self.by_reading if t is not self.truth]
        if self.sensitive:
            text += f" ({', '.join(others)})"
        return text + "."

    def to_dict(self) -> dict[str, JSON]:
        """Return a flat JSON object: claim id, source, quote, truth, reading, explanation."""
        return {
            "id": self.claim.id,
            "source": self.claim.source.key,
            "words": self.claim.words,
            "truth": self.truth.name,
            "reading": self.reading,
            "sensitive": self.sensitive,
            "by_reading": {n: t.name for n, t in self.by_reading},
            "explain": self.explain(),
            "evidence": [
                {"event": e.event, "fact": e.fact, "value": e.value} for e in self.evidence
            ],
        }


def check(
    claims: Iterable[Claim], timeline: Timeline, reading: Reading | str = DEFAULT
) -> CheckedClaims:
    """Evaluate every claim against *timeline* under *reading* (a value, never a global).

    >>> import aitimeline as at
    >>> result = at.claims.check(at.datasets.article_claims(), at.datasets.ai_race())
    >>> sum(result.counts().values()) == len(at.datasets.article_claims())
    True

    Raises:
        UnknownIdError: a claim names an event the timeline lacks (with near ids).
        ClaimError: *reading* is not a shipped reading's name.
    """
    used = reading_named(reading)
    return CheckedClaims(tuple(c.evaluate(timeline, used) for c in claims), used.name)


def _verdict_tuple(value: Iterable[Verdict]) -> tuple[Verdict, ...]:
    return tuple(value)


_BADGE: Final = {Truth.TRUE: "#1a7f37", Truth.FALSE: "#cf222e", Truth.UNKNOWN: "#6e7781"}


@attrs.frozen
class CheckedClaims(Sequence[Verdict]):
    """The verdicts on many claims under one reading: a table in notebooks, Markdown, pandas."""

    verdicts: tuple[Verdict, ...] = attrs.field(converter=_verdict_tuple)
    """One verdict per claim, in the order given."""
    reading: str
    """The reading that produced them."""

    def __len__(self) -> int:
        """Return the number of verdicts."""
        return len(self.verdicts)

    def __iter__(self) -> Iterator[Verdict]:
        """Iterate over the verdicts in order."""
        return iter(self.verdicts)

    @overload
    def __getitem__(self, key: int | str) -> Verdict: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[Verdict]: ...
    def __getitem__(self, key: int | str | slice) -> Verdict | Sequence[Verdict]:
        """Return the verdict at a position, or on the claim with id *key*."""
        if isinstance(key, str):
            for v in self.verdicts:
                if v.claim.id == key:
                    return v
            msg = f"no claim with id {key!r} among {len(self)} verdicts"
            raise KeyError(msg)
        return self.verdicts[key]

    def counts(self) -> dict[str, int]:
        """Return how many verdicts are TRUE, FALSE and UNKNOWN."""
        return {
            t.name: sum(v.truth is t for v in self.verdicts)
            for t in (Truth.TRUE, Truth.FALSE, Truth.UNKNOWN)
        }

    def contradicted(self) -> tuple[Verdict, ...]:
        """Return the verdicts the record contradicts (FALSE)."""
        return tuple(v for v in self.verdicts if v.truth is Truth.FALSE)

    def sensitive(self) -> tuple[Verdict, ...]:
        """Return the verdicts that depend on the reading."""
        return tuple(v for v in self.verdicts if v.sensitive)

    def _summary(self) -> str:
        c = self.counts()
        return (
            f"{len(self)} claims under the {self.reading} reading: {c['TRUE']} TRUE, "
            f"{c['FALSE']} FALSE, {c['UNKNOWN']} UNKNOWN; {len(self.sensitive())} depend on "
            "the reading"
        )

    def __repr__(self) -> str:
        """Return a one-line summary."""
        return f"<CheckedClaims {self._summary()}>"

    def to_markdown(self) -> str:
        """Return a Markdown table: verdict, claim, source, quote, explanation."""
        lines = [
            self._summary() + ".",
            "",
            "| verdict | claim | source | quote | why |",
            "|---|---|---|---|---|",
        ]
        for v in self.verdicts:
            mark = f"**{v.truth.name}**" + (" (reading-sensitive)" if v.sensitive else "")
            cells = [
                mark,
                v.claim.id,
                _source_text(v.claim.source),
                f"\u201c{v.claim.words}\u201d",
                v.explain(),
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def format_table(self) -> str:
        """Return a plain-text table for a terminal."""
        lines = [self._summary()]
        for v in self.verdicts:
            flag = "~" if v.sensitive else " "
            lines.append(f"{v.truth.name:<7}{flag} {v.claim.id}  [{v.claim.source.key}]")
            lines.append(f"          \u201c{v.claim.words}\u201d")
            lines.append(f"          {v.explain()}")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, JSON]:
        """Return the JSON form: the reading, the counts and one object per verdict."""
        counts: dict[str, JSON] = dict(self.counts())
        return {
            "reading": self.reading,
            "counts": counts,
            "verdicts": [v.to_dict() for v in self.verdicts],
        }

    def to_html(self) -> str:
        """Return an HTML table: coloured verdict badges, the quote, the sentence, the source."""
        rows = []
        for v in self.verdicts:
            colour = _BADGE[v.truth]
            badge = (
                f'<span style="background:{colour};color:#fff;border-radius:4px;'
                f'padding:1px 6px;font-weight:600">{v.truth.name}</span>'
            )
            if v.sensitive:
                badge += (
                    ' <span title="depends on the reading" style="color:#9a6700">&#9888;</span>'
                )
            rows.append(
                "<tr>"
                f"<td>{badge}</td>"
                f"<td><code>{html.escape(v.claim.id)}</code></td>"
                f"<td><q>{html.escape(v.claim.words)}</q></td>"
                f"<td>{html.escape(v.explain())}</td>"
                f"<td>{html.escape(_source_text(v.claim.source))}</td>"
                "</tr>"
            )
        head = "".join(f"<th>{h}</th>" for h in ("verdict", "claim", "quote", "why", "source"))
        return (
            f"<p>{html.escape(self._summary())}.</p>"
            f'<table class="aitimeline-claims"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        """Return the HTML table (Jupyter)."""
        return self.to_html()

    def to_pandas(self) -> pd.DataFrame:
        """Return one row per verdict (pandas is imported only here)."""
        import pandas as pd  # noqa: PLC0415 - pandas is optional

        rows = [
            {
                "id": v.claim.id,
                "source": v.claim.source.key,
                "words": v.claim.words,
                "truth": v.truth.name,
                "reading": v.reading,
                "sensitive": v.sensitive,
                **{f"truth_{n}": t.name for n, t in v.by_reading},
                "explain": v.explain(),
            }
            for v in self.verdicts
        ]
        return pd.DataFrame(rows)


def _source_text(source: Source) -> str:
    date = source.published.describe() if source.published is not None else "undated"
    key = f"{source.key}: " if source.key else ""
    return f"{key}{source.publisher}, {date}"


# --------------------------------------------------------------------------------------------
# JSON form of a claims file


def _source_to_dict(source: Source) -> dict[str, JSON]:
    out: dict[str, JSON] = {"key": source.key, "publisher": source.publisher}
    if source.title:
        out["title"] = source.title
    if source.published is not None:
        out["published"] = source.published.to_edtf()
    if source.url:
        out["url"] = source.url
    return out


def claims_to_dict(claims: Iterable[Claim]) -> dict[str, JSON]:
    """Return the JSON form of *claims*: a format tag, the sources once each, the claims."""
    sources: dict[str, Source] = {}
    rows: list[JSON] = []
    for c in claims:
        key = c.source.key
        if not key:
            msg = f"claim {c.id!r}: its source has no key; give Source(key=...) to write it"
            raise ClaimError(msg)
        if sources.setdefault(key, c.source) != c.source:
            msg = f"claim {c.id!r}: two different sources share key {key!r}"
            raise ClaimError(msg)
        row: dict[str, JSON] = {
            "id": c.id,
            "source": key,
            "words": c.words,
            "check": c.check.to_dict(),
        }
        if c.note:
            row["note"] = c.note
        rows.append(row)
    return {
        "format": CLAIMS_FORMAT,
        "sources": [_source_to_dict(s) for s in sources.values()],
        "claims": rows,
    }


def _fail(name: str, where: str, message: str) -> ClaimError:
    return ClaimError(f"{name}: {where}: {message}")


def _text(
    data: Mapping[str, object], key: str, name: str, where: str, *, required: bool = True
) -> str:
    value = data.get(key, None if required else "")
    if not isinstance(value, str):
        raise _fail(name, f"{where}.{key}", f"{value!r} is not text; expected a string")
    return value


def _source_from_dict(data: object, name: str, where: str) -> Source:
    if not isinstance(data, Mapping):
        raise _fail(name, where, f"{data!r} is not a source object")
    allowed = {"key", "publisher", "title", "published", "url"}
    for k in data:
        if k not in allowed:
            raise _fail(name, f"{where}.{k}", f"not a source field; expected {sorted(allowed)}")
    published = data.get("published")
    try:
        when = None if published is None else When.parse(published)
    except DateParseError as exc:
        raise _fail(name, f"{where}.published", str(exc)) from None
    return Source(
        key=_text(data, "key", name, where),
        publisher=_text(data, "publisher", name, where),
        title=_text(data, "title", name, where, required=False),
        published=when,
        url=_text(data, "url", name, where, required=False),
    )


def claims_from_dict(data: object, *, name: str = "<claims>") -> tuple[Claim, ...]:
    """Return the claims in the JSON form *data* (as :func:`claims_to_dict` writes it).

    Raises:
        ClaimError: the data is not a claims file; the message names the file, the claim id,
            the field and the value.
    """
    if not isinstance(data, Mapping):
        raise _fail(name, "top level", f"expected an object with format {CLAIMS_FORMAT!r}")
    if data.get("format") != CLAIMS_FORMAT:
        raise _fail(name, "format", f"{data.get('format')!r}; expected {CLAIMS_FORMAT!r}")
    raw_sources = data.get("sources")
    raw_claims = data.get("claims")
    if not isinstance(raw_sources, list) or not isinstance(raw_claims, list):
        raise _fail(name, "top level", "expected lists 'sources' and 'claims'")
    sources = {}
    for i, s in enumerate(raw_sources):
        source = _source_from_dict(s, name, f"sources[{i}]")
        sources[source.key] = source
    out: list[Claim] = []
    for i, row in enumerate(raw_claims):
        claim = _claim_from_row(row, sources, name, i)
        if any(c.id == claim.id for c in out):
            raise _fail(name, f"claim {claim.id!r} (claims[{i}]).id", "the id is used twice")
        out.append(claim)
    return tuple(out)


def _claim_from_row(row: object, sources: Mapping[str, Source], name: str, i: int) -> Claim:
    if not isinstance(row, Mapping):
        raise _fail(name, f"claims[{i}]", f"{row!r} is not a claim object")
    cid = row.get("id")
    where = f"claim {cid!r} (claims[{i}])"
    for k in row:
        if k not in {"id", "source", "words", "check", "note"}:
            raise _fail(
                name, f"{where}.{k}", "not a claim field; expected id, source, words, check, note"
            )
    key = row.get("source")
    if key not in sources:
        raise _fail(name, f"{where}.source", f"{key!r} is not a key in 'sources' {sorted(sources)}")
    try:
        return Claim(
            cid,  # type: ignore[arg-type]
            _text(row, "words", name, where),
            sources[key],  # type: ignore[index]
            Check.from_dict(row.get("check"), where="check"),
            note=_text(row, "note", name, where, required=False),
        )
    except ClaimError as exc:
        raise _fail(name, where, str(exc)) from None
