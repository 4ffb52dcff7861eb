"""Epoch AI's published "how far behind" figures, one call each, and how much choices move them.

Epoch AI has published three kinds of gap, each with its own definition (read from its code):

- **"How far behind are open models?"** (November 2024; epoch-research/open-model-trends,
  ``benchmark_analysis.ipynb``): on MMLU, GPQA, GSM1k and BBH, each closed record of the
  running maximum of ``-ln(1 - accuracy)`` is matched by the first open record above it minus
  0.02 (``method="catch-up"``, ``keep_negative=True``), months of 365 / 12 days; trusted-score
  filters, :data:`FINETUNED_2024` left out as leaders and followers, Flan models dropped, SEAL
  Math merged into GSM1k. The 13 lags pool to a mean of 13 months, a median of 15 and a
  5th-95th percentile range of 5 to 22. A secondary "area between curves" estimate
  (``method="area"``, months of 30 days, from the random-chance score) gave MMLU 14, GPQA 3,
  GSM1k 5 and BBH 6 months.
- **Open versus closed on ECI** (October 2025; reproduced by TheoBearman/ECI-Accessibility-Gap):
  :data:`OPEN_WEIGHTS` against :data:`NOT_OPEN_WEIGHTS` (everything else, unknown and
  unreleased included), the gap averaged over 100 ECI levels (``method="level"``) with a
  z-test at 0.05 for "level" (:class:`~aitimeline.Significance`), months of 30.5 days, the
  "90% interval" the 5th to 95th percentile over levels: 3.5 months (1.1 to 5.3).
- **China behind the US on ECI** (January 2026): about 7 months (minimum 4, maximum 14).

:func:`reproduce` recomputes each from the bundled snapshots and prints the published value
beside ours, with the reason for any difference. :func:`gap_sensitivity` evaluates a gap under
every combination of the defensible choices, as a tidy table, for ``plot.sensitivity``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io as _io
import itertools
import math
import tempfile
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs
import numpy as np

from aitimeline._events import Score
from aitimeline._gaps import GapRule, Significance, rule_name, vertical_gap_arrays
from aitimeline._metrics import FrontierLag, Method, _day, frontier_lag
from aitimeline._query import Predicate, col, tagged
from aitimeline._timeline import Timeline
from aitimeline.exceptions import MetricError
from aitimeline.io import read_epoch_csv

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHINA",
    "CLOSED_WEIGHTS",
    "DATA_FILES",
    "FIGURES",
    "FINETUNED_2024",
    "NOT_OPEN_WEIGHTS",
    "OPEN_WEIGHTS",
    "US",
    "Reproduction",
    "gap_sensitivity",
    "load",
    "not_finetuned",
    "reproduce",
]

OPEN_WEIGHTS: Final[Predicate] = tagged("open-weights")
"""Epoch's open group: ``Model accessibility`` contains "Open weights" (any licence)."""
NOT_OPEN_WEIGHTS: Final[Predicate] = ~tagged("open-weights")
"""Epoch's leader for open versus closed: everything else, unknown and unreleased included."""
CLOSED_WEIGHTS: Final[Predicate] = tagged("closed-weights")
"""Closed weights only (API, hosted, unreleased): leaves out unknown accessibility."""
US: Final[Predicate] = col("countries").contains("US")
"""Any organisation in the United States (a US-UK lab such as Google DeepMind counts)."""
CHINA: Final[Predicate] = col("countries").contains("CN")
"""Any organisation in China."""

FINETUNED_2024: Final[frozenset[str]] = frozenset(
    {
        "Layer Normalization: Handwriting sequence generation",
        "ULM-FiT",
        "ADP-FAIRSEQ + NGRAMRES",
        "Cross-lingual alignment",
        "UnifiedQA",
        "$\\infty$-former (SM)",
        "FLAN 137B",
        "AlphaFold-Multimer",
        "Masked Autoencoders",
        "Contriever",
        "BERT-RBP",
        "Minerva",
        "BlenderBot 3",
        "PaLM-SayCan",
        "NMST+GPT-2",
        "Decaying Fast Weights Transformer (WT-103)",
        "GPT-2 + Progressive LRD",
        "U-PaLM",
        "Flan-T5 11B",
        "Flan-PaLM 540B",
        "Taiyi-Stable Diffusion",
        "OPT-IML (175B)",
        "SparseOPT-175B",
        "DiT-XL/2",
        "VideoMAE V2",
        "Segment Anything Model",
        "gLM",
        "MOSS-Moon-003",
        "WizardLM-7B",
        "InstructBLIP",
        "Guanaco-65B",
        "WizardCoder-15.5B",
        "Code Llama-34B",
        "Code Llama-7B",
        "TigerBot-70B",
        "MiniGPT4 (Vicuna finetune)",
        "LLaMA-7B (protein-oriented instructions finetuned)",
        "FinGPT-13B",
        "LLaVA 1.5",
        "CogVLM",
        "Volcano 13B",
        "SPHINX (Llama 2 13B)",
        "Orca 2-13B",
        "Llama Guard",
        "FunSearch",
        "Elyza",
        "Code Llama-70B",
        "Swallow",
        "Hermes-2 Theta Llama 3 70B",
    }
)
"""The systems Epoch's 2024 notebook removed as fine-tuned (U-PaLM among them)."""

DATA_FILES: Final[Mapping[str, str]] = {
    "eci-scores-2026-02": "eci_scores_2026-02-08.csv.gz",
    "eci-versions-2026-04": "epoch_capabilities_index_2026-04.csv.gz",
    "open-models-2024": "epoch_openmodels2024_benchmarks_with_model_accessibility.csv.gz",
    "open-models-2024-gsm1k": "epoch_openmodels2024_gsm1k_with_model_accessibility.csv.gz",
}
"""The bundled Epoch AI snapshots (CC-BY 4.0), by a short key."""

_BENCHMARKS_2024: Final = ("MMLU", "GPQA", "GSM1k", "BBH")
_GPQA_RELEASE: Final = dt.date(2023, 11, 1).toordinal()  # the notebook's "Before November 2023"


def not_finetuned() -> Predicate:
    """Return the predicate "not one of Epoch's fine-tuned systems, and not a Flan model".

    >>> p = not_finetuned()
    >>> import aitimeline as at
    >>> s = at.Score(id="u", when="2022-04-04", title="U-PaLM", model="U-PaLM", metric="MMLU",
    ...              value=0.715)
    >>> p(s)
    Truth.FALSE
    """
    return ~col("model").isin(FINETUNED_2024)


def _bundled_bytes(key: str) -> bytes:
    if key not in DATA_FILES:
        msg = f"data file {key!r} is not bundled; expected one of {sorted(DATA_FILES)}"
        raise MetricError(msg)
    path = resources.files("aitimeline.datasets").joinpath("epoch", DATA_FILES[key])
    return gzip.decompress(path.read_bytes())


@functools.cache
def load(key: str) -> Timeline:
    """Return the events of a bundled Epoch snapshot (see :data:`DATA_FILES`); cached.

    Raises:
        MetricError: *key* is not a bundled file.
    """
    data = _bundled_bytes(key)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / DATA_FILES[key].removesuffix(".gz")
        path.write_bytes(data)
        return read_epoch_csv(path).timeline


def _random_chance(metric: str) -> float:
    """Return the 2024 table's "Random chance" score, untransformed, as Epoch's code used it."""
    if metric == "GSM1k":
        return 0.0  # the notebook sets it to 0
    rows = csv.DictReader(_io.StringIO(_bundled_bytes("open-models-2024").decode("utf-8")))
    for row in rows:
        if row["System"] == "Random chance":
            return float(row[metric])
    msg = f"the 2024 table has no 'Random chance' row for {metric!r}"  # pragma: no cover
    raise MetricError(msg)  # pragma: no cover


def _as_gsm1k(score: Score) -> Score:
    return attrs.evolve(score, id=f"{score.id}-as-gsm1k", metric="GSM1k")


@functools.cache
def _scores_2024(metric: str) -> Timeline:
    """Return the 2024 report's scores on *metric*, filtered as its notebook did."""
    events = [e for e in load("open-models-2024") if isinstance(e, Score)]
    if metric == "GSM1k":
        gsm = [e for e in load("open-models-2024-gsm1k") if isinstance(e, Score)]
        events = [e for e in gsm if e.metric == "GSM1k"] + [
            _as_gsm1k(e) for e in events if e.metric == "SEAL Math"
        ]
    keep = not_finetuned()
    out = []
    for e in events:
        if e.metric != metric or "flan" in e.model.lower() or not keep(e):
            continue
        untrusted = "untrusted" in e.tags
        if metric == "MMLU" and untrusted:
            continue
        if metric == "GPQA" and untrusted and _day(e) >= _GPQA_RELEASE:
            continue
        out.append(e)
    return Timeline(out)


def _report_2024(metric: str) -> FrontierLag:
    return frontier_lag(
        _scores_2024(metric),
        metric=metric,
        leader=CLOSED_WEIGHTS,
        follower=OPEN_WEIGHTS,
        transform="neg_log_error",
        tolerance=0.02,
        keep_negative=True,
        month_days=365 / 12,
    )


def _area_2024(metric: str) -> FrontierLag:
    return frontier_lag(
        _scores_2024(metric),
        metric=metric,
        leader=CLOSED_WEIGHTS,
        follower=OPEN_WEIGHTS,
        transform="neg_log_error",
        method="area",
        floor=_random_chance(metric),
        month_days=30,
    )


@attrs.frozen
class Reproduction:
    """A published figure beside ours: the values, the definition and why they differ."""

    figure: str
    """The figure's key (see :data:`FIGURES`)."""
    title: str
    """What was published, by whom and when."""
    definition: str
    """The definition used, in the library's terms."""
    published: Mapping[str, float]
    """The published values, by statistic."""
    ours: Mapping[str, float]
    """Ours, by the same statistics, computed from the bundled snapshot."""
    difference: str
    """Why ours differs, naming the data; '' when it matches to the published rounding."""

    def table(self) -> list[tuple[str, float, float]]:
        """Return ``(statistic, published, ours)`` rows."""
        return [(k, v, self.ours[k]) for k, v in self.published.items()]

    def __str__(self) -> str:
        """Return the figure as text: title, definition, a table and the difference."""
        wrap = functools.partial(textwrap.fill, width=92, subsequent_indent="    ")
        lines = [self.title, wrap(f"  definition: {self.definition}")]
        lines.append("  statistic   published   ours")
        lines += [f"  {k:<10} {p:>10.1f} {o:>6.1f}" for k, p, o in self.table()]
        lines.append(wrap(f"  difference: {self.difference or 'none at the published rounding'}"))
        return "\n".join(lines)


def _pooled_2024() -> Reproduction:
    lags = np.concatenate(
        [np.asarray(_report_2024(m).lag_days) / (365 / 12) for m in _BENCHMARKS_2024]
    )
    return Reproduction(
        figure="open-models-2024",
        title="Epoch AI (2024), How far behind are open models? Pooled benchmark lags",
        definition=(
            "catch-up on -ln(1 - accuracy), tolerance 0.02, keep_negative, months of 365/12 "
            "days; closed-weights leaders, open-weights followers; MMLU, GPQA, GSM1k, BBH"
        ),
        published={"pairs": 13, "mean": 13, "median": 15, "p5": 5, "p95": 22},
        ours={
            "pairs": float(lags.size),
            "mean": float(lags.mean()),
            "median": float(np.median(lags)),
            "p5": float(np.percentile(lags, 5)),
            "p95": float(np.percentile(lags, 95)),
        },
        difference="",
    )


_PUBLISHED_2024: Final[Mapping[str, tuple[int, float, float]]] = {
    "MMLU": (5, 18.4, 14),
    "GPQA": (2, 4.6, 3),
    "GSM1k": (3, 8.4, 5),
    "BBH": (3, 14.8, 6),
}
"""Per benchmark: pairs, mean catch-up lag (notebook) and area estimate (months)."""


def _benchmark_2024(metric: str) -> Reproduction:
    pairs, mean, area = _PUBLISHED_2024[metric]
    result = _report_2024(metric)
    area_result = _area_2024(metric)
    return Reproduction(
        figure=f"open-models-2024-{metric.lower()}",
        title=f"Epoch AI (2024), How far behind are open models? {metric}",
        definition=(
            "catch-up as the pooled figure; area: mean horizontal distance between the "
            "date-of-level curves from the random-chance score, months of 30 days"
        ),
        published={"pairs": pairs, "mean": mean, "area": area},
        ours={
            "pairs": float(len(result.pairs)),
            "mean": result.mean_months,
            "area": area_result.mean_months,
        },
        difference="",
    )


def _open_vs_closed_2025() -> Reproduction:
    scores = load("eci-scores-2026-02")
    result = frontier_lag(
        scores,
        metric="eci",
        leader=NOT_OPEN_WEIGHTS,
        follower=OPEN_WEIGHTS,
        method="level",
        tolerance=Significance(alpha=0.05, level=0.90),
        month_days=30.5,
    )
    plain = frontier_lag(
        scores,
        metric="eci",
        leader=NOT_OPEN_WEIGHTS,
        follower=OPEN_WEIGHTS,
        method="level",
        month_days=30.5,
    )
    s, p = result.summary((5, 95)), plain.summary((5, 95))
    v = _epoch_vertical(result)
    return Reproduction(
        figure="open-vs-closed-2025-10",
        title="Epoch AI (October 2025), open-weight models behind closed on ECI",
        definition=(
            "level gap over 100 ECI levels, open weights vs everything else, z-test at 0.05 "
            "on standard errors read from the 90% intervals, months of 30.5 days, p5-p95"
        ),
        published={"mean": 3.5, "p5": 1.1, "p95": 5.3, "v mean": 8.1, "v p5": -0.2, "v p95": 15.7},
        ours={
            "mean": s["mean"],
            "p5": s["p5"],
            "p95": s["p95"],
            "v mean": float(v.mean()),
            "v p5": float(np.percentile(v, 5)),
            "v p95": float(np.percentile(v, 95)),
        },
        difference=(
            "data vintage: Epoch's script read eci_scores.csv of October 2025, which carried a "
            "standard error per model (eci_std); the bundled eci_scores_2026-02-08 carries "
            "only 90% intervals, whose implied standard errors (width / 3.29, about 3 ECI "
            "points) make the z-test call gaps of up to about 8 points level. With tolerance "
            f"0 the same definition gives {p['mean']:.1f} months ({p['p5']:.1f} to "
            f"{p['p95']:.1f}). The vertical gap (v, ECI points, each day from the later first "
            "record to the earlier last record of the two groups) differs by the same vintage: "
            "the index is re-fitted as models and benchmarks are added, so the 2026-02-08 "
            "scores are not those of October 2025."
        ),
    )


def _epoch_vertical(result: FrontierLag) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """Return ``L(d) - F(d)`` from the later first record to the earlier last one (Epoch)."""
    lead, follow = result.leader_frontier.steps, result.follower_frontier.steps
    start = max(lead[0].day, follow[0].day).toordinal()
    end = min(lead[-1].day, follow[-1].day).toordinal()
    _, gap = vertical_gap_arrays(
        np.array([s.day.toordinal() for s in lead], dtype=np.int64),
        np.array([s.value for s in lead]),
        np.array([s.day.toordinal() for s in follow], dtype=np.int64),
        np.array([s.value for s in follow]),
        start,
        end,
    )
    return gap


def _china_2026() -> Reproduction:
    result = frontier_lag(
        load("eci-scores-2026-02"), metric="eci", leader=US, follower=CHINA, tolerance=1.0
    )
    s = result.summary()
    return Reproduction(
        figure="china-us-2026-01",
        title="Epoch AI (January 2026), Chinese models behind the US frontier on ECI",
        definition=(
            "catch-up on eci_scores (one row per model, DeepSeek-V2 scored), US vs China "
            "organisations, tolerance 1 ECI point, months of 365.2425/12 days"
        ),
        published={"mean": 7, "min": 4, "max": 14},
        ours={"mean": s["mean"], "min": s["min"], "max": s["max"]},
        difference=(
            "Epoch did not publish its tolerance: any of 0.22 or more lets DeepSeek-V2 "
            "(125.54, May 2024) match GPT-4 (125.76), the 14-month maximum; 1 point also lets "
            "DeepSeek-R1 (May 2025) match o1. The per-version table epoch_capabilities_index "
            "has no ECI for DeepSeek-V2, so the daily gap on it (8.2 months, maximum 18.2) "
            "answers a different question on a different input."
        ),
    )


FIGURES: Final[tuple[str, ...]] = (
    "open-models-2024",
    "open-models-2024-mmlu",
    "open-models-2024-gpqa",
    "open-models-2024-gsm1k",
    "open-models-2024-bbh",
    "open-vs-closed-2025-10",
    "china-us-2026-01",
)
"""The figures :func:`reproduce` knows."""


def reproduce(figure: str, *, echo: bool = False) -> Reproduction:
    """Recompute a published Epoch AI figure from the bundled snapshots.

    Args:
        figure: One of :data:`FIGURES`.
        echo: Print the published value beside ours, and the reason for any difference.

    Returns:
        A :class:`Reproduction`.

    Raises:
        MetricError: *figure* is unknown.

    >>> r = reproduce("open-models-2024")
    >>> [(k, p, round(o)) for k, p, o in r.table()]
    [('pairs', 13, 13), ('mean', 13, 13), ('median', 15, 15), ('p5', 5, 5), ('p95', 22, 22)]
    """
    if figure == "open-models-2024":
        out = _pooled_2024()
    elif figure.startswith("open-models-2024-") and figure in FIGURES:
        metric = {m.lower(): m for m in _BENCHMARKS_2024}[figure.rsplit("-", 1)[1]]
        out = _benchmark_2024(metric)
    elif figure == "open-vs-closed-2025-10":
        out = _open_vs_closed_2025()
    elif figure == "china-us-2026-01":
        out = _china_2026()
    else:
        msg = f"figure={figure!r} is not a published figure I know; expected one of {FIGURES}"
        raise MetricError(msg)
    if echo:
        print(out)  # noqa: T201 - printing is what echo asks for
    return out


# --------------------------------------------------------------------------------------------
# Sensitivity


_QUESTIONS: Final[Mapping[str, tuple[Predicate, Mapping[str, Predicate]]]] = {
    "open-vs-closed": (
        OPEN_WEIGHTS,
        {"everything else": NOT_OPEN_WEIGHTS, "closed weights": CLOSED_WEIGHTS},
    ),
    "china-vs-us": (CHINA, {"US": US, "everything else": ~CHINA}),
}
"""Per question: the follower group, and the defensible leader sets by name."""

_PUBLISHED: Final[Mapping[str, float]] = {"open-vs-closed": 3.5, "china-vs-us": 7.0}


def gap_sensitivity(
    question: str = "open-vs-closed",
    *,
    methods: Sequence[Method] = ("catch-up", "daily", "level"),
    tolerances: Sequence[GapRule] = (0.0, 1.0, 3.0, Significance()),
    files: Sequence[str] = ("eci-scores-2026-02", "eci-versions-2026-04"),
    leaders: Sequence[str] | None = None,
    windows: Iterable[tuple[str | None, str | None]] = ((None, None), ("2024-01-01", None)),
    month_days: float = 30.5,
) -> pd.DataFrame:
    """Evaluate the gap under every combination of the choices, as a tidy table.

    Combinations a method cannot take (a significance rule with the catch-up or daily
    method) are left out; so are those with no lag to summarise (``mean_months`` NaN).

    Args:
        question: ``"open-vs-closed"`` or ``"china-vs-us"``.
        methods: Any of ``"catch-up"``, ``"daily"``, ``"level"``, ``"area"``.
        tolerances: Numbers (ECI points) and rules.
        files: Keys of :data:`DATA_FILES` (the ECI snapshots).
        leaders: Names of leader sets for the question (default: all of them).
        windows: ``(start, end)`` date strings (None for the data's own bounds).
        month_days: Days in a month.

    Returns:
        A pandas DataFrame, one row per combination: ``question``, ``method``, ``tolerance``,
        ``file``, ``leader``, ``window``, ``mean_months``, ``median_months``, ``p5``,
        ``p95`` and ``published`` (the published value for the question).

    Raises:
        MetricError: an unknown question, leader set or file.
    """
    import pandas as pd  # noqa: PLC0415 - pandas is optional; import it only when asked for

    if question not in _QUESTIONS:
        msg = f"question={question!r} is unknown; expected one of {sorted(_QUESTIONS)}"
        raise MetricError(msg)
    follower, leader_sets = _QUESTIONS[question]
    names = list(leader_sets) if leaders is None else list(leaders)
    for name in names:
        if name not in leader_sets:
            msg = f"leader set {name!r} is unknown for {question!r}; expected {list(leader_sets)}"
            raise MetricError(msg)
    rows: list[dict[str, object]] = []
    combos = itertools.product(files, names, tuple(windows), methods, tolerances)
    for file, name, (start, end), method, tol in combos:
        if not isinstance(tol, float | int) and method != "level":
            continue
        result = frontier_lag(
            load(file),
            metric="eci",
            leader=leader_sets[name],
            follower=follower,
            method=method,
            tolerance=tol,
            start=start,
            end=end,
            month_days=month_days,
        )
        s = result.summary((5, 95))
        if math.isnan(s["mean"]):
            continue
        rows.append(
            {
                "question": question,
                "method": method,
                "tolerance": rule_name(tol),
                "file": file,
                "leader": name,
                "window": f"{start or 'start'} to {end or 'end'}",
                "mean_months": s["mean"],
                "median_months": s["median"],
                "p5": s["p5"],
                "p95": s["p95"],
                "published": _PUBLISHED[question],
            }
        )
    return pd.DataFrame(rows)
