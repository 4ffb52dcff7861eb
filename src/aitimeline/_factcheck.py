"""The report's fact-check page: the seed articles' claims checked against the record.

:func:`write_factcheck` writes ``factcheck.html``, a static page (no script, no network, no
data beyond the package) with the verdict on every bundled article claim under the default
reading, the counts under each shipped reading, and the claims whose verdict depends on it.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from aitimeline._readings import DEFAULT, READINGS, Reading
from aitimeline._timeline import Timeline
from aitimeline._verdicts import Claim, check

__all__ = ["FACTCHECK_FILE", "factcheck_html", "write_factcheck"]

FACTCHECK_FILE: Final = "factcheck.html"
"""The name of the page in the report folder."""

_CSS: Final = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #1f2328; line-height: 1.4; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.35rem 0.6rem; text-align: left;
         vertical-align: top; }
q { font-style: italic; }
.note { color: #57606a; font-size: 0.9rem; }
"""


def factcheck_html(
    timeline: Timeline | None = None,
    claims: Sequence[Claim] | None = None,
    reading: Reading = DEFAULT,
) -> str:
    """Return the fact-check page (default: the bundled claims against the bundled record).

    >>> page = factcheck_html()
    >>> page.startswith("<!DOCTYPE html>"), "a004-glm-4-6-october" in page
    (True, True)
    """
    from aitimeline.datasets import ai_race, article_claims  # noqa: PLC0415 - on demand

    race = ai_race() if timeline is None else timeline
    items = article_claims() if claims is None else tuple(claims)
    results = {r.name: check(items, race, r) for r in READINGS}
    main = results.get(reading.name) or check(items, race, reading)
    counts_rows = "".join(
        f"<tr><td>{html.escape(name)}</td>"
        + "".join(f"<td>{n}</td>" for n in result.counts().values())
        + "</tr>"
        for name, result in results.items()
    )
    sensitive_rows = "".join(
        f"<tr><td><code>{html.escape(v.claim.id)}</code></td>"
        + "".join(f"<td>{t.name}</td>" for _, t in v.by_reading)
        + f"<td><q>{html.escape(v.claim.words)}</q></td></tr>"
        for v in main.sensitive()
    )
    names = "".join(f"<th>{html.escape(r.name)}</th>" for r in READINGS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fact check: what the articles say against the record</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Fact check: what the articles say against the record</h1>
<p class="note">{len(items)} datable or quantitative claims from the five seed articles, each
quoted and encoded as a check against the bundled record of {len(race)} events. Vague words are
read by an explicit reading; the table shows the {html.escape(main.reading)} reading, and a
&#9888; marks a verdict another shipped reading would answer differently.
<a href="index.html">Back to the report</a>.</p>

<h2>Verdicts by reading</h2>
<table><thead><tr><th>reading</th><th>TRUE</th><th>FALSE</th><th>UNKNOWN</th></tr></thead>
<tbody>{counts_rows}</tbody></table>

<h2>Every claim</h2>
{main.to_html()}

<h2>Claims whose verdict depends on the reading</h2>
<table><thead><tr><th>claim</th>{names}<th>quote</th></tr></thead>
<tbody>{sensitive_rows}</tbody></table>
</body>
</html>
"""


def write_factcheck(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``factcheck.html`` into *out_dir* (which must exist) and return its path.

    Raises:
        OSError: the folder cannot be written to.
    """
    path = Path(out_dir) / FACTCHECK_FILE
    path.write_text(factcheck_html(), encoding="utf-8")
    return path
