"""Typed, sourced event records: the facade over the rooms of the record layer.

Layer: the top of the record layer. The names other modules and users import from
``aitimeline._events`` live in rooms of their own, and this module gathers them:

- ``_vocab``: country and region codes, export actions, release stages;
- ``_validation``: the combinators every field's validator is built from;
- ``_quantities``: :class:`Money`, :class:`Parameters`, :class:`ChipHours`;
- ``_codec``: the JSON and CSV forms of every value (dates, numbers, money...);
- ``_records``: :class:`Source`, :class:`DateClaim`, :class:`Event`, :class:`Training`;
- ``_kinds``: the other kinds and the one kind registry, :data:`EVENT_KINDS`;
- ``_event_codec``: :func:`event_to_dict`, :func:`event_from_dict`, :func:`event_to_row`,
  :func:`event_from_row` and the row columns.

>>> r1 = Release(
...     id="deepseek-r1", when="2025-01-20", title="DeepSeek-R1 released", model="DeepSeek-R1",
...     country="CN", capabilities={"reasoning"}, open_weights=True,
...     parameters=Parameters("671B"), active_parameters=Parameters("37B"),
... )
>>> r1.kind, sorted(r1.all_tags)
('release', ['open-weights', 'reasoning'])
>>> event_from_dict(event_to_dict(r1)) == r1
True
"""

from __future__ import annotations

from aitimeline._event_codec import (
    ROW_COLUMNS,
    event_from_dict,
    event_from_row,
    event_to_dict,
    event_to_row,
    row_columns,
)
from aitimeline._kinds import (
    EVENT_KINDS,
    IPO,
    ExportControl,
    Founding,
    Hardware,
    Investment,
    Milestone,
    Policy,
    PriceChange,
    Publication,
    Release,
    Score,
    Statement,
    register_kind,
    registered_kind,
    unregister_kind,
)
from aitimeline._quantities import ChipHours, Money, Parameters
from aitimeline._records import DateClaim, Event, Source, Training
from aitimeline._types import JSONValue
from aitimeline._vocab import (
    COUNTRY_CODES,
    EXPORT_ACTIONS,
    REGIONS,
    RELEASE_STAGES,
    ExportAction,
)

__all__ = [
    "COUNTRY_CODES",
    "EVENT_KINDS",
    "EXPORT_ACTIONS",
    "IPO",
    "REGIONS",
    "RELEASE_STAGES",
    "ROW_COLUMNS",
    "ChipHours",
    "DateClaim",
    "Event",
    "ExportAction",
    "ExportControl",
    "Founding",
    "Hardware",
    "Investment",
    "JSONValue",
    "Milestone",
    "Money",
    "Parameters",
    "Policy",
    "PriceChange",
    "Publication",
    "Release",
    "Score",
    "Source",
    "Statement",
    "Training",
    "event_from_dict",
    "event_from_row",
    "event_to_dict",
    "event_to_row",
    "register_kind",
    "registered_kind",
    "row_columns",
    "unregister_kind",
]
