"""Compact HTML for notebooks: a card of labelled values, and a small table.

Result types build their ``_repr_html_`` from these two helpers, so a result shows as a few
lines in a notebook rather than a dump of every field. Every value is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

__all__ = ["card", "table"]

SHOWN: Final = 10
"""How many rows :func:`table` shows at each end of a long table."""


def card(title: str, rows: Sequence[tuple[str, object]]) -> str:
    """Return a titled two-column HTML card of ``(label, value)`` rows.

    >>> card("<Lag>", [("days", 77)])[29:]
    '<strong>&lt;Lag&gt;</strong><table><tr><th>days</th><td>77</td></tr></table></div>'
    """
    body = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>"
        for label, value in rows
    )
    return (
        f'<div class="aitimeline-card"><strong>{html.escape(title)}</strong>'
        f"<table>{body}</table></div>"
    )


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return a titled HTML table, showing the first and last :data:`SHOWN` rows of a long one.

    >>> table("t", ["a"], [[i] for i in range(30)]).count("<tr>")
    22
    """
    n = len(rows)
    shown = list(range(n)) if n <= 2 * SHOWN else [*range(SHOWN), *range(n - SHOWN, n)]
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for k, r in enumerate(shown):
        if n > 2 * SHOWN and k == SHOWN:
            body.append(
                f'<tr><td colspan="{len(header)}">\N{HORIZONTAL ELLIPSIS} '
                f"{n - 2 * SHOWN} more rows</td></tr>"
            )
        body.append("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in rows[r]) + "</tr>")
    return (
        f'<div class="aitimeline-card"><strong>{html.escape(title)}</strong>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
