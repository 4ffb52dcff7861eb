"""Sphinx configuration for the aitimeline docs (built by `make docs`)."""

from __future__ import annotations

import doctest
import os
import sys
from importlib import metadata
from pathlib import Path

# Let autodoc import the package from the work tree even when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

project = "aitimeline"
author = "aitimeline developers"
copyright = "2025, aitimeline developers"
try:
    release = metadata.version("aitimeline")
except metadata.PackageNotFoundError:
    release = "dev"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: ":::" fences for admonitions, definition lists, and anchors for "#" to "###" headings.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc and napoleon: Google-style docstrings; the signature carries the types.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# doctest: the pages' ```{doctest} blocks run here (and under pytest via --doctest-glob).
# Docstring examples run under pytest --doctest-modules, in their module's namespace, so
# the plain doctest blocks that autodoc pulls in are not run a second time here.
doctest_test_doctest_blocks = ""
doctest_global_setup = "import aitimeline as at"
# The same option flags as pytest's doctest_optionflags in pyproject.toml.
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# intersphinx needs the network, and CI has none beyond the package registries: fetch the
# inventories only when asked (AITIMELINE_DOCS_ONLINE=1 make docs). Offline, links to
# Python, matplotlib and attrs render as plain text instead of failing the build.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("AITIMELINE_DOCS_ONLINE"):
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "matplotlib": ("https://matplotlib.org/stable", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
    }
intersphinx_timeout = 10

html_theme = "furo"
html_title = f"aitimeline {release}"
