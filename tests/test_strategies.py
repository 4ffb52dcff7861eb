"""The event strategies draw every registered kind from the kind registry, user kinds too."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest
from hypothesis import given, settings

from aitimeline import Event, When
from aitimeline import strategies as ats
from aitimeline.events import EVENT_KINDS, registered_kind
from aitimeline.exceptions import InvalidEventError
from aitimeline.io import event_from_dict, event_from_row, event_to_dict, event_to_row


@attrs.frozen(kw_only=True)
class Rumour(Event):
    """A user-defined kind: registered only inside the tests that use it."""

    KIND: ClassVar[str] = "rumour"

    heard_from: str
    odds: float | None = None
    denied: When | None = None
    repeated_by: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    confirmed: bool = False


@attrs.frozen(kw_only=True)
class Hearsay(Event):
    """A user-defined kind with a ``tuple[str, ...]`` field and no converter."""

    KIND: ClassVar[str] = "hearsay"

    repeated_by: tuple[str, ...] = ()


EMPTY: tuple[object, ...] = (None, "", (), frozenset(), False)
DRAWS = settings(max_examples=60, derandomize=True, database=None, deadline=None)


def own_fields(cls: type[Event]) -> set[str]:
    """Return the fields a kind adds to Event's."""
    names = {f.name for f in attrs.fields(cls) if not f.name.startswith("_")}
    return names - set(attrs.fields_dict(Event))


@pytest.mark.parametrize("kind", list(EVENT_KINDS))
def test_every_registered_kind_is_drawn_with_each_of_its_fields(kind: str) -> None:
    """Draw events of each registered kind, with every one of its own fields set in some."""
    cls = EVENT_KINDS[kind]
    filled: set[str] = set()

    @DRAWS
    @given(ats.events(kinds=[kind]))
    def draw(event: Event) -> None:
        assert type(event) is cls
        filled.update(n for n in own_fields(cls) if getattr(event, n) not in EMPTY)

    draw()
    assert own_fields(cls) == filled


def test_a_registered_user_kind_is_drawn_and_round_trips() -> None:
    """Draw a kind registered with registered_kind, by name and among all kinds."""
    with registered_kind(Rumour):

        @settings(max_examples=25, deadline=None)
        @given(ats.events(kinds=["rumour"]))
        def check(event: Event) -> None:
            assert type(event) is Rumour
            assert event.heard_from.strip()
            assert event == event_from_dict(event_to_dict(event))
            assert event == event_from_row(event_to_row(event), where="row")

        check()
        kinds: set[type[Event]] = set()

        @DRAWS
        @given(ats.events())
        def draw(event: Event) -> None:
            kinds.add(type(event))

        draw()
        assert Rumour in kinds


def test_an_unregistered_kind_is_refused() -> None:
    """Refuse a kind name once its class has left the registry."""
    with registered_kind(Rumour):
        ats.events(kinds=["rumour"])
    with pytest.raises(InvalidEventError, match="rumour"):
        ats.events(kinds=["rumour"])


def test_a_user_kind_without_converters_round_trips() -> None:
    """Read back an equal event of a user kind whose tuple field has no converter."""
    with registered_kind(Hearsay):
        event = Hearsay(id="h", when="2025-01", title="h", repeated_by=("a", "b"))
        assert event == event_from_dict(event_to_dict(event))
