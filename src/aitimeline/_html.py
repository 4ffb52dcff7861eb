"""The building blocks of the report's static pages: a style sheet, tables and charts.

Everything here returns text; nothing reads or writes files. The pages have no script and no
external resource, and read on a phone's width: tables scroll sideways inside their own box,
charts scale with the page down to a width at which their labels stay readable (about 9 points
a point: 3.75rem per inch of figure), and below it scroll sideways in their own box.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

__all__ = ["PAGE_CSS", "chart_html", "html_table", "md_table"]

PAGE_CSS: Final = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 0 auto; padding: 1rem;
       color: #222; line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: clamp(1.4rem, 4vw, 2rem); line-height: 1.2; }
nav { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; margin: 0.5rem 0 1.5rem; }
figure { margin: 1rem 0; }
figure object, figure img { display: block; width: 100%; height: auto; border: 1px solid #ddd; }
figure .scroll object { min-width: var(--readable); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td:not(:first-child) { white-space: nowrap; }
th { background: #f3f3f3; }
figcaption, .note { color: #555; font-size: 0.9rem; }
@media (max-width: 40rem) {
  body { padding: 0.5rem; }
  table { font-size: 0.85rem; }
  th, td { padding: 0.2rem 0.35rem; }
}
"""
"""The report's style sheet: one readable column, tables that scroll, charts that scale."""


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    r"""Return the lines of a Markdown table (``|`` in a cell is escaped).

    >>> md_table(("a", "b"), [("1", "x|y")])
    ['| a | b |', '|---|---|', '| 1 | x\\|y |']
    """

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "|".join("---" for _ in header) + "|", *map(line, rows)]


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return an HTML table of escaped text, in a box that scrolls sideways on a narrow screen.

    >>> print(html_table(("a",), [("<1>",)]))
    <div class="scroll"><table>
    <thead><tr><th>a</th></tr></thead>
    <tbody><tr><td>&lt;1&gt;</td></tr></tbody>
    </table></div>
    """
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>" for cells in rows
    )
    return (
        f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>{body}</tbody>\n</table></div>"
    )


_REM_PER_INCH: Final = 3.75
"""The narrowest a chart is shown, per inch of its figure: at 60 CSS px an inch, a figure's
10-point labels are drawn about 8 px high, as small as text on a page can be and be read."""


def chart_html(stem: str, alt: str, caption: str, size: tuple[float, float]) -> str:
    """Return a figure showing the chart ``{stem}.svg``, with links to it and to its PNG.

    An ``<object>`` shows the SVG as a document, so its ``<title>`` tooltips work (an ``<img>``
    would not show them); *size* (the figure's width and height in inches) reserves the aspect
    ratio, so the chart scales with the page's width, down to 3.75rem per inch of figure (its
    labels about as large as the page's small print); on a narrower screen it scrolls
    sideways in its own box. *alt* is escaped; *caption* is HTML.

    >>> "aspect-ratio: 16 / 5.6" in chart_html("t", "A timeline", "Events.", (16, 5.6))
    True
    """
    width, height = size
    esc = html.escape
    readable = f"{width * _REM_PER_INCH:g}rem"
    return f"""<figure>
<div class="scroll"><object data="{stem}.svg" type="image/svg+xml" role="img"
 aria-label="{esc(alt)}"
 style="aspect-ratio: {width:g} / {height:g}; --readable: {readable}">{esc(alt)}</object></div>
<figcaption>{caption} Full size: <a href="{stem}.svg">SVG</a>,
<a href="{stem}.png">PNG</a>.</figcaption>
</figure>"""
