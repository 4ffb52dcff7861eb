"""Deterministic saving, with each event tagged in SVG output."""

from __future__ import annotations

import html
import io
import re
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import matplotlib as mpl

from aitimeline.exceptions import PlotError
from aitimeline.plot._marks import _MORE_PREFIX, _URL_PREFIX, _EventMarks

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure


_SVG_LINK: Final = re.compile(
    r'<a xlink:href="' + re.escape(_URL_PREFIX) + r'([^"]*)"[^>]*>(.*?)</a>', re.DOTALL
)


_SVG_MORE: Final = re.compile(
    r'<a xlink:href="' + re.escape(_MORE_PREFIX) + r'([^"]*)"[^>]*>(.*?)</a>', re.DOTALL
)
_SALT: Final = "aitimeline"


def save(
    fig: Figure | SubFigure,
    path: str | Path,
    *,
    dpi: float | None = None,
    **kwargs: Any,  # noqa: ANN401 - forwarded to Figure.savefig
) -> Path:
    """Save *fig* so that the same input always gives the same bytes; tag events in SVG.

    The format follows the file suffix. For SVG this fixes ``svg.hashsalt`` (the seed of the
    ids matplotlib writes) and leaves out the ``Date`` metadata; it then wraps each event
    marker in ``<g id="EVENT-ID" class="aitimeline-event">`` with a ``<title>`` (a tooltip in
    browsers). For PDF it leaves out the creation date; PNG output carries no date anyway.
    Equivalent by hand::

        with matplotlib.rc_context({"svg.hashsalt": "aitimeline"}):
            fig.savefig("out.svg", metadata={"Date": None})

    Args:
        fig: The figure (the root figure of a subfigure is saved).
        path: Where to write; the suffix (``.png``, ``.svg``, ``.pdf``) picks the format.
        dpi: Resolution for raster output (default: the rcParams' ``savefig.dpi``).
        **kwargs: Passed to :meth:`matplotlib.figure.Figure.savefig`.

    Returns:
        The path written.

    Raises:
        PlotError: The suffix is not a format matplotlib can write.
    """
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    root = fig.figure
    supported = root.canvas.get_supported_filetypes()
    if fmt not in supported:
        msg = f"path={str(path)!r} has suffix {out.suffix!r}; use one of {sorted(supported)}"
        raise PlotError(msg)
    metadata: dict[str, Any] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }.get(fmt, {})
    metadata.update(kwargs.pop("metadata", {}) or {})
    options: dict[str, Any] = {"format": fmt, "metadata": metadata or None}
    if dpi is not None:
        options["dpi"] = dpi
    options.update(kwargs)
    with mpl.rc_context({"svg.hashsalt": _SALT}):
        if fmt != "svg":
            root.savefig(out, **options)
            return out
        buffer = io.BytesIO()
        root.savefig(buffer, **options)
    out.write_text(_tag_svg(buffer.getvalue().decode("utf-8"), root), encoding="utf-8")
    return out


def _tag_svg(svg: str, fig: Figure) -> str:
    """Turn the links written for events into ``<g id=...>`` groups with a title.

    A ``+k`` marker's link becomes ``<g class="aitimeline-more">`` whose title lists the
    labels it stands for.
    """
    tips: dict[str, str] = {}
    for coll in fig.findobj(_EventMarks):
        if isinstance(coll, _EventMarks):
            tips.update(zip(coll.event_ids, coll.tooltips, strict=True))
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        event_id = urllib.parse.unquote(html.unescape(match.group(1)))
        tip = html.escape(tips.get(event_id, event_id), quote=False)
        attr = html.escape(event_id)
        element_id = f' id="{attr}"' if event_id not in seen else ""
        seen.add(event_id)
        return (
            f'<g{element_id} class="aitimeline-event" data-event="{attr}">'
            f"<title>{tip}</title>{match.group(2)}</g>"
        )

    def more(match: re.Match[str]) -> str:
        hidden = urllib.parse.unquote(html.unescape(match.group(1))).split("\n")
        count = len(hidden)
        tip = html.escape(
            f"{count} more label{'s' if count != 1 else ''} hidden here: " + "; ".join(hidden),
            quote=False,
        )
        return f'<g class="aitimeline-more"><title>{tip}</title>{match.group(2)}</g>'

    return _SVG_MORE.sub(more, _SVG_LINK.sub(replace, svg))
