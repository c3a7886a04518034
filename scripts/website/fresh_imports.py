"""MkDocs hook: after each build, forget the imported actlib and scripts modules.

``mkdocs serve`` rebuilds in the same Python process when a watched file changes
(mkdocs.yml's ``watch`` adds actlib/ and scripts/ to docs/). The generators and the
macros import actlib and scripts.*, and Python would hand a rebuild the modules it
imported the first time: an edited activation would not reach the page until a restart.
Dropping them from ``sys.modules`` once a build ends makes the next build import the
files as they are now. A one-off ``mkdocs build`` ends right after, so it loses nothing.
"""

from __future__ import annotations

import sys
from typing import Any

# The packages of this repository; the hooks themselves are loaded from their files by
# MkDocs on every rebuild, and third-party packages never change under a rebuild.
FRESH = ("actlib", "scripts")


def forget_project_modules() -> list[str]:
    """Remove actlib and scripts (and their submodules) from sys.modules; return them."""
    names = [n for n in sys.modules if n.split(".", 1)[0] in FRESH]
    for name in names:
        del sys.modules[name]
    return names


def on_post_build(config: Any) -> None:
    forget_project_modules()


def on_build_error(error: Exception) -> None:
    forget_project_modules()
