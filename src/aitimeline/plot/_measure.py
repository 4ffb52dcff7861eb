"""Text extents measured once per string, font and dpi; the sizes a timeline uses."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import matplotlib as mpl
import numpy as np
import numpy.typing as npt
from matplotlib.font_manager import FontProperties, findfont, get_font

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase


@functools.lru_cache(maxsize=32)
def _glyphs(fname: str, size: float, dpi: float) -> dict[str, tuple[Any, float]]:
    """Return the (empty, filled lazily) table char -> (glyph index, advance in px)."""
    del fname, size, dpi
    return {}


def _hinting_flag() -> Any:  # noqa: ANN401 - an ft2font.LoadFlags, untyped across versions
    """Return the glyph-loading flags Agg uses (so advances match what is drawn)."""
    from matplotlib.backends.backend_agg import get_hinting_flag  # noqa: PLC0415 - lazy backend

    return get_hinting_flag()  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _text_widths(texts: Sequence[str], prop: FontProperties, dpi: float) -> npt.NDArray[np.float64]:
    """Return the width in pixels of each text in *prop* at *dpi*, an upper bound on its ink.

    Sums the glyph advances (hinted and unhinted, whichever is larger) and the kerning, from a
    per-character cache: ~1,000 times faster than laying the string out with FreeType each
    time, and never narrower than what Agg, SVG or PDF draw (plus a 1 px and 2 % margin).
    """
    fname = findfont(prop)
    size = float(prop.get_size_in_points())
    font = get_font(fname)
    table = _glyphs(fname, size, dpi)
    flags = _hinting_flag()
    ready = False
    kerning = _kerning_mode()
    em = size * dpi / 72.0
    out = np.empty(len(texts), dtype=np.float64)
    for k, text in enumerate(texts):
        total = 0.0
        prev: Any = 0
        for char in text:
            glyph: tuple[Any, float] | None = table.get(char)
            if glyph is None:
                if not ready:
                    font.set_size(size, dpi)
                    ready = True
                index: Any = font.get_char_index(ord(char))
                if index == 0 and char not in "\t\n":
                    glyph = (index, em)
                else:
                    g = font.load_char(ord(char), flags=flags)
                    glyph = (index, max(g.horiAdvance / 64.0, g.linearHoriAdvance / 65536.0))
                table[char] = glyph
            if prev and glyph[0]:
                if not ready:
                    font.set_size(size, dpi)
                    ready = True
                total += font.get_kerning(prev, glyph[0], kerning) / 64.0
            total += glyph[1]
            prev = glyph[0]
        out[k] = total
    return out * 1.02 + 1.0


def _block_widths(
    texts: Sequence[str], prop: FontProperties, dpi: float
) -> npt.NDArray[np.float64]:
    """Return the width in pixels of each text, a text of several lines as its widest line."""
    if not any("\n" in text for text in texts):
        return _text_widths(texts, prop, dpi)
    lines = [text.split("\n") for text in texts]
    flat = _text_widths([line for group in lines for line in group], prop, dpi)
    out = np.empty(len(texts), dtype=np.float64)
    at = 0
    for k, group in enumerate(lines):
        out[k] = flat[at : at + len(group)].max()
        at += len(group)
    return out


def _kerning_mode() -> Any:  # noqa: ANN401 - an ft2font.Kerning, untyped across versions
    """Return FreeType's default kerning mode, across matplotlib versions."""
    from matplotlib import ft2font  # noqa: PLC0415 - only needed to measure

    kerning = getattr(ft2font, "Kerning", None)
    if kerning is not None:
        return kerning.DEFAULT
    return getattr(ft2font, "KERNING_DEFAULT", 0)  # matplotlib < 3.10


@functools.lru_cache(maxsize=32)
def _line_height(fname: str, size: float, dpi: float) -> float:
    """Return the height in pixels of one line of text (ascender to descender)."""
    font = get_font(fname)
    font.set_size(size, dpi)
    font.set_text("lpÉgjy|", 0.0)
    height = font.get_width_height()[1] / 64.0
    descent = font.get_descent() / 64.0
    return max(height + descent, size * dpi / 72.0 * 1.2)


@attrs.frozen
class _Sizes:
    """Sizes in points."""

    label: float
    """Label font size."""
    marker: float
    """Marker diameter."""
    offset: float
    """From a baseline to the near edge of its first label row."""
    row_gap: float
    """Between two label rows."""
    gap: float
    """Between two labels on a row."""
    pad: float
    """Around a label's text, inside its box."""
    lane_sep: float
    """Least distance between the first two baselines (their labels face away)."""
    lane_gap: float
    """Least space between a lane's lowest labels and the next baseline."""
    margin: float
    """Least space between blocks (periods strip, lanes, lag strip) and the axes' edges."""
    stem_gap: float = 2.0
    """Least space between a leader line and a label it passes."""


def _sizes() -> _Sizes:
    """Return the sizes a timeline uses, from the rcParams."""
    label = float(FontProperties(size="small").get_size_in_points())
    marker = max(5.0, 0.85 * float(mpl.rcParams["lines.markersize"]))
    return _Sizes(
        label=label,
        marker=marker,
        offset=marker / 2 + 4.0,
        row_gap=1.5,
        gap=5.0,
        pad=1.0,
        lane_sep=2.6 * label * 1.2 + marker,
        lane_gap=1.4 * label * 1.2 + marker,
        margin=marker / 2 + 3.0,
    )


def _px(renderer: RendererBase) -> float:
    """Return how many display pixels one point is for *renderer*."""
    return float(np.asarray(renderer.points_to_pixels(1.0)))
