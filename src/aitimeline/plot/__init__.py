"""Draw timelines, lags and frontiers with matplotlib; save them deterministically.

This is the only package of aitimeline that imports matplotlib; import it on its own::

    from aitimeline import plot

    ax = plot.timeline(race, lanes="country")   # draws on plt.gca(), or on ax=...
    plot.layout(ax).dropped                      # ids whose label did not fit
    plot.save(ax.figure, "race.svg")             # byte-identical for the same input

What is drawn, and why:

* Each lane (by country, by default) is a horizontal baseline. An event dated to the day is a
  filled marker; one known only to a month, quarter or year is a bar over ``[earliest,
  latest]`` with a hollow marker in its middle, so the drawing never claims more precision than
  the record has. Colours and marker shapes both encode the kind of event (Okabe-Ito colours,
  which stay distinct under the common colour-vision deficiencies; the shapes make the legend
  readable in greyscale too).
* A period in force (an event whose date is a :class:`~aitimeline.Span`, or an export control's
  ``in_force``) is a named bar in its own row above the lanes, from its start to its end. An
  uncertain end fades over its possible days; an open end (still in force) fades out towards
  the right edge. Shading the lanes behind is optional (*shade*).
* By default the view is where the events are dense (*window*), the legend names only the
  kinds drawn and sits outside the data, and export controls are marked by their action.
* Labels are laid out when the figure is drawn, with the text measured for the renderer in use
  (sizes are cached), by :func:`aitimeline._layout.pack`: no two labels overlap, no leader line
  crosses a label, and when a lane is full the least important labels are dropped or merged into
  ``+k`` markers. :func:`layout` returns the result as data. Each label is a real
  :class:`~matplotlib.text.Text`, made once and moved, which ``fig.findobj(Text)`` finds and
  ``set()`` restyles; zooming or panning lays the labels out again for the new view.
* Marks are drawn as a few collections, not one artist per event, so 10,000 events draw in a
  fraction of a second. In SVG output each event's marker carries the event id, and
  :func:`save` turns it into ``<g id="...">`` with a ``<title>`` tooltip.
* A lane with more events than can be marked one by one (more than 10,000 by default, see
  *density*) is drawn as a density strip: one histogram per lane, its colour the number of
  events per day, week, month or year, with a fuzzy date's event split evenly over the bins
  its range covers. Only its most important events keep a marker and are offered a label.

Library code here never calls ``plt.show()``, ``plt.figure()``, ``savefig`` (except in
:func:`save`, whose job it is) or ``plt.style.use``; without *ax* it draws on ``plt.gca()``.
"""

from __future__ import annotations

from aitimeline.plot._export import save
from aitimeline.plot._frontier import frontier
from aitimeline.plot._headline import headline
from aitimeline.plot._keys import default_label, default_priority
from aitimeline.plot._lag import lag
from aitimeline.plot._result import MergedLabel, PlacedLabel, TimelineLayout
from aitimeline.plot._sensitivity import sensitivity
from aitimeline.plot._style import KIND_STYLES, OKABE_ITO, THEMES, KindStyle, Theme
from aitimeline.plot._timeline import layout, timeline

__all__ = [
    "KIND_STYLES",
    "OKABE_ITO",
    "THEMES",
    "KindStyle",
    "MergedLabel",
    "PlacedLabel",
    "Theme",
    "TimelineLayout",
    "default_label",
    "default_priority",
    "frontier",
    "headline",
    "lag",
    "layout",
    "save",
    "sensitivity",
    "timeline",
]
