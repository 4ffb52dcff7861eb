"""Properties of the label layout engine: no overlaps, determinism, priorities, optimality."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitimeline._layout import Layout, pack
from aitimeline.exceptions import PlotError


@attrs.frozen
class Problem:
    """One input to :func:`pack`: label data and the keyword options."""

    anchors: tuple[float, ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    priorities: tuple[float, ...]
    options: dict[str, Any] = attrs.field(hash=False)

    def run(self, **overrides: Any) -> Layout:
        """Return the layout of this problem, with *overrides* applied to its options."""
        return pack(
            self.anchors,
            self.widths,
            self.heights,
            self.priorities,
            **{**self.options, **overrides},
        )


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    max_size: int = 40,
    shift: bool = True,
    stems: bool | None = None,
) -> Problem:
    """Draw label sets on an integer grid (so every comparison is exact) and options."""
    n = draw(st.integers(0, max_size))
    anchors = draw(st.lists(st.integers(0, 200), min_size=n, max_size=n))
    widths = draw(st.lists(st.integers(1, 60), min_size=n, max_size=n))
    heights = draw(st.lists(st.integers(1, 12), min_size=n, max_size=n))
    priorities = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    options: dict[str, Any] = {
        "max_levels": draw(st.integers(0, 5)),
        "gap": draw(st.sampled_from([0.5, 2.0, 5.0])),
        "align": draw(st.sampled_from(["left", "center", "right", "inward"])),
        "max_shift": draw(st.sampled_from([0.0, 7.0, math.inf])) if shift else 0.0,
        "bounds": draw(st.sampled_from([None, (0.0, 220.0), (20.0, 150.0)])),
        "stems": draw(st.booleans()) if stems is None else stems,
        "stem_gap": draw(st.sampled_from([0.0, 1.0])),
        "merge_min": draw(st.sampled_from([1, 2])),
        "merge_all": draw(st.booleans()),
    }
    return Problem(
        anchors=tuple(map(float, anchors)),
        widths=tuple(map(float, widths)),
        heights=tuple(map(float, heights)),
        priorities=tuple(map(float, priorities)),
        options=options,
    )


def _fractions(problem: Problem) -> list[float]:
    """Return, per label, the share of its box left of its anchor under the problem's align."""
    align, bounds = problem.options["align"], problem.options["bounds"]
    if not problem.anchors:
        return []
    if align != "inward":
        return [{"left": 0.0, "center": 0.5, "right": 1.0}[align]] * len(problem.anchors)
    if bounds is not None:
        middle = (bounds[0] + bounds[1]) / 2
    else:
        middle = (min(problem.anchors) + max(problem.anchors)) / 2
    return [1.0 if a > middle else 0.0 for a in problem.anchors]


def _boxes_intersect(a: np.ndarray, b: np.ndarray) -> bool:
    """Return whether two boxes ``x0, y0, x1, y1`` share interior points."""
    return bool(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def _clashes(layout: Layout) -> list[tuple[int, int]]:
    """Return the pairs of drawn boxes (labels, then +k markers) that share interior points."""
    boxes = layout.boxes()
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if _boxes_intersect(boxes[i], boxes[j])
    ]


@given(problems())
def test_no_two_boxes_intersect(problem: Problem) -> None:
    """No two drawn boxes (labels and +k markers) share any interior point."""
    layout = problem.run(merge_size=(9.0, 6.0))
    assert [] == _clashes(layout)


@given(problems())
def test_boxes_on_one_level_keep_the_gap(problem: Problem) -> None:
    """Two boxes on the same level are at least *gap* apart."""
    layout = problem.run(merge_size=(9.0, 6.0))
    spans = sorted(
        [(p.level, p.x, p.right) for p in layout.placements]
        + [(m.level, m.x, m.right) for m in layout.merged]
    )
    gap = problem.options["gap"]
    too_close = [(a, b) for a, b in itertools.pairwise(spans) if a[0] == b[0] and b[1] < a[2] + gap]
    assert [] == too_close


@given(problems(stems=True))
def test_no_stem_crosses_a_box(problem: Problem) -> None:
    """With stems, no label's leader line enters a box on a level below it."""
    layout = problem.run(merge_size=(9.0, 6.0))
    stem_gap = problem.options["stem_gap"]
    stems = [(p.anchor, p.level) for p in layout.placements] + [
        (m.anchor, m.level) for m in layout.merged if m.stem
    ]
    boxes = [(p.x, p.right, p.level) for p in layout.placements] + [
        (m.x, m.right, m.level) for m in layout.merged
    ]
    crossings = [
        (anchor, level, box)
        for anchor, level in stems
        for box in boxes
        if box[2] < level and box[0] < anchor + stem_gap and anchor - stem_gap < box[1]
    ]
    assert [] == crossings


@given(problems())
def test_every_label_is_placed_or_dropped_once(problem: Problem) -> None:
    """Placed and dropped indices partition the input; merges group only dropped labels."""
    layout = problem.run(merge_size=(9.0, 6.0))
    placed = [p.index for p in layout.placements]
    assert list(range(len(problem.anchors))) == sorted(placed + list(layout.dropped))
    members = [i for m in layout.merged for i in m.members]
    assert len(set(members)) == len(members)
    assert all(len(m.members) >= problem.options["merge_min"] for m in layout.merged)
    assert set(members) <= set(layout.dropped)


@given(problems())
def test_merge_all_counts_every_dropped_label(problem: Problem) -> None:
    """With merge_all and merge_min=1, once any marker fits, every dropped label is counted."""
    layout = problem.run(merge_size=(9.0, 6.0), merge_min=1, merge_all=True)
    members = {i for m in layout.merged for i in m.members}
    if layout.merged:
        assert set(layout.dropped) == members
    for m in layout.merged:
        assert [layout.keys[i] for i in m.members] == list(m.keys)
        assert m.text == f"+{len(m.members)}"


@given(problems(stems=True))
def test_a_stemless_marker_sits_beside_its_anchor(problem: Problem) -> None:
    """A "+k" marker without a leader line lies within one marker width and gap of its anchor."""
    layout = problem.run(merge_size=(9.0, 6.0), merge_min=1, merge_all=True)
    reach = 9.0 + problem.options["gap"]
    for m in layout.merged:
        if not m.stem:
            assert m.anchor - reach - m.width <= m.x
            assert m.x <= m.anchor + reach


@given(problems())
def test_boxes_stay_within_levels_bounds_and_over_their_anchor(problem: Problem) -> None:
    """A placed box is on an allowed level, inside the bounds, above its anchor, shifted <= max."""
    layout = problem.run()
    bounds = problem.options["bounds"]
    for p in layout.placements:
        assert 0 <= p.level < problem.options["max_levels"]
        assert p.x <= p.anchor <= p.right
        if bounds is not None:
            assert bounds[0] <= p.x
            assert p.right <= bounds[1]
        else:
            assert abs(p.shift) <= problem.options["max_shift"]


@given(problems())
def test_layout_is_deterministic(problem: Problem) -> None:
    """The same input always gives an equal layout."""
    assert problem.run(merge_size=(9.0, 6.0)) == problem.run(merge_size=(9.0, 6.0))


@given(problems())
def test_lower_priorities_never_change_higher_ones(problem: Problem) -> None:
    """The labels of priority >= t are laid out as if the others did not exist.

    (With ``align="inward"`` the middle must be fixed by bounds: without them it is the
    middle of all anchors, which the other labels move.)
    """
    if problem.options["align"] == "inward" and problem.options["bounds"] is None:
        problem = attrs.evolve(problem, options={**problem.options, "bounds": (0.0, 220.0)})
    layout = problem.run()
    for threshold in sorted(set(problem.priorities)):
        keep = [i for i, p in enumerate(problem.priorities) if p >= threshold]
        alone = pack(
            [problem.anchors[i] for i in keep],
            [problem.widths[i] for i in keep],
            [problem.heights[i] for i in keep],
            [problem.priorities[i] for i in keep],
            keys=[str(i) for i in keep],
            **problem.options,
        )
        expected = [(p.key, p.x, p.level) for p in alone.placements]
        actual = [(p.key, p.x, p.level) for p in layout.placements if p.index in keep]
        assert expected == actual


@given(problems(shift=False))
def test_a_dropped_label_is_blocked_only_by_labels_at_least_as_important(
    problem: Problem,
) -> None:
    """Each dropped label is blocked on every level it could use by labels of priority >= its own.

    Blocked means: its box (at its fixed position) enters a kept box of priority >= its own
    (widened by the gap) or the stem of one above; and it stops climbing only where its own
    stem would enter such a box.
    """
    opts = problem.options
    layout = problem.run()
    gap, stem_gap = opts["gap"], opts["stem_gap"]
    fractions = _fractions(problem)
    for i in layout.dropped:
        a, w, prio = problem.anchors[i], problem.widths[i], problem.priorities[i]
        x = a - fractions[i] * w
        if opts["bounds"] is not None:
            lo, hi = opts["bounds"]
            x = min(max(x, lo), hi - w)
            if not (lo <= x and x + w <= hi and x <= a <= x + w):
                continue  # dropped because it cannot fit the bounds at all
        stronger = [p for p in layout.placements if p.priority >= prio]
        for level in range(opts["max_levels"]):
            box_hit = any(
                p.level == level and x < p.right + gap and p.x - gap < x + w for p in stronger
            )
            stem_hit = opts["stems"] and any(
                p.level > level and x < p.anchor + stem_gap and p.anchor - stem_gap < x + w
                for p in stronger
            )
            assert box_hit or stem_hit, (i, level)
            own_stem_blocked = opts["stems"] and any(
                p.level == level and p.x < a + stem_gap and a - stem_gap < p.right for p in stronger
            )
            if own_stem_blocked:
                break


def _max_depth(starts: list[float], ends: list[float]) -> int:
    """Return the largest number of open intervals ``(start, end)`` sharing one point."""
    points = sorted(set(starts) | set(ends))
    probes = [(u + v) / 2 for u, v in itertools.pairwise(points)]
    return max(
        (sum(s < q < e for s, e in zip(starts, ends, strict=True)) for q in probes), default=0
    )


@given(problems(shift=False, stems=False))
def test_fixed_labels_of_one_priority_use_the_fewest_levels(problem: Problem) -> None:
    """Without stems or shifts, one priority class uses exactly as many levels as it needs."""
    n = len(problem.anchors)
    problem = attrs.evolve(
        problem, options={**problem.options, "max_levels": max(n, 1), "bounds": None}
    )
    layout = pack(problem.anchors, problem.widths, problem.heights, **problem.options)
    gap = problem.options["gap"]
    starts = [
        a - f * w
        for a, w, f in zip(problem.anchors, problem.widths, _fractions(problem), strict=True)
    ]
    ends = [s + w + gap for s, w in zip(starts, problem.widths, strict=True)]
    assert () == layout.dropped
    assert _max_depth(starts, ends) == layout.levels


def _sweep(problem: Problem, fractions: list[float]) -> list[float]:
    """Return the order key of labels of equal priority (as documented in ``_sweep``)."""
    o = problem.options
    a, w = problem.anchors, problem.widths
    if o["stems"] and o["align"] == "left":
        return [-x for x in a]
    if o["stems"] and o["align"] == "right":
        return list(a)
    if o["stems"] and o["align"] == "inward" and a:
        bounds = o["bounds"] or (min(a), max(a))
        return [abs(x - (bounds[0] + bounds[1]) / 2) for x in a]
    return [x - f * v for x, v, f in zip(a, w, fractions, strict=True)]


def _reference(problem: Problem) -> list[tuple[int, float, int]]:
    """Lay out *problem* by brute force: try every candidate position against every box."""
    o = problem.options
    fractions = _fractions(problem)
    sweep = _sweep(problem, fractions)
    order = sorted(range(len(problem.anchors)), key=lambda i: (-problem.priorities[i], sweep[i], i))
    placed: list[tuple[int, float, int]] = []
    for i in order:
        a, w = problem.anchors[i], problem.widths[i]
        pref = a - fractions[i] * w
        lo, hi = max(a - w, pref - o["max_shift"]), min(a, pref + o["max_shift"])
        if o["bounds"] is not None:
            pref = min(max(pref, o["bounds"][0]), o["bounds"][1] - w)
            lo = max(a - w, pref - o["max_shift"], o["bounds"][0])
            hi = min(a, pref + o["max_shift"], o["bounds"][1] - w)
        if lo > hi:
            continue
        for level in range(o["max_levels"]):
            obstacles = [
                (x - o["gap"], x + problem.widths[j] + o["gap"])
                for j, x, lv in placed
                if lv == level
            ]
            if o["stems"]:
                obstacles += [
                    (problem.anchors[j] - o["stem_gap"], problem.anchors[j] + o["stem_gap"])
                    for j, _, lv in placed
                    if lv > level
                ]
            candidates = {pref, lo, hi} | {q for _, q in obstacles} | {p - w for p, _ in obstacles}
            free = [
                x
                for x in candidates
                if lo <= x <= hi and not any(x < q and p < x + w for p, q in obstacles)
            ]
            if free:
                placed.append((i, min(free, key=lambda x: (abs(x - pref), x)), level))
                break
            stem_blocked = o["stems"] and any(
                x < a + o["stem_gap"] and a - o["stem_gap"] < x + problem.widths[j]
                for j, x, lv in placed
                if lv == level
            )
            if stem_blocked:
                break
    return sorted(placed)


@settings(max_examples=300)
@given(problems(max_size=12))
def test_packing_agrees_with_a_brute_force_reference(problem: Problem) -> None:
    """On small inputs the fast packer places exactly what the brute-force reference places."""
    layout = problem.run()
    assert _reference(problem) == [(p.index, p.x, p.level) for p in layout.placements]


@given(problems(), st.data())
def test_labels_of_two_lines_take_two_free_levels(problem: Problem, data: st.DataObject) -> None:
    """A label spanning s levels sits on s levels within max_levels, overlapping no box."""
    n = len(problem.anchors)
    spans = data.draw(st.lists(st.integers(1, 2), min_size=n, max_size=n))
    row, row_gap = 8.0, 2.0
    heights = [s * row + (s - 1) * row_gap for s in spans]
    layout = attrs.evolve(problem, heights=tuple(heights)).run(
        merge_size=(9.0, row), spans=spans, row_gap=row_gap
    )
    assert row == layout.row_height or not layout.placements
    assert all(p.span == spans[p.index] for p in layout.placements)
    assert all(p.level + p.span <= problem.options["max_levels"] for p in layout.placements)
    assert [] == _clashes(layout)


def test_spans_must_be_whole_numbers_of_levels() -> None:
    """A span below 1 or not whole is refused with the label's index and value."""
    with pytest.raises(PlotError, match=r"spans\[1\]=0\.5 is not a whole number >= 1"):
        pack([0.0, 10.0], [5.0, 5.0], [4.0, 4.0], spans=[1, 0.5])


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"gap": 0.0}, "pack(): gap=0.0 is invalid; expected a finite number > 0"),
        ({"max_levels": -1}, "pack(): max_levels=-1 is invalid; expected an int >= 0"),
        ({"align": "middle"}, "pack(): align='middle' is invalid; expected one of 'left', "),
        ({"bounds": (3.0, 1.0)}, "pack(): bounds=(3.0, 1.0) is invalid; expected two finite"),
        ({"merge_min": 0}, "pack(): merge_min=0 is invalid; expected an int >= 1"),
        ({"stem_gap": math.nan}, "pack(): stem_gap=nan is invalid; expected a finite number >= 0"),
        ({"merge_size": (9.0, -1.0)}, "pack(): merge_size=(9.0, -1.0) is invalid; expected"),
    ],
)
def test_bad_options_are_refused_naming_the_option(option: dict[str, Any], message: str) -> None:
    """An option out of range raises PlotError in the library's one form: owner, value, want."""
    with pytest.raises(PlotError, match=re.escape(message)):
        pack([0.0], [1.0], [1.0], **option)
