"""Link a stylesheet that one page uses from that page only, not from all of them.

mkdocstrings adds its stylesheet to ``extra_css``, so every page would load it, while
only the API reference shows its output. This hook takes it out of ``extra_css`` once
the plugins have set it up; docs/overrides/main.html links it from pages that need it,
as it does the explorer's stylesheet and scripts.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

PAGE_SPECIFIC_CSS = {"assets/_mkdocstrings.css"}


@event_priority(-100)  # after mkdocstrings' on_config, which adds it
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra_css = [css for css in config.extra_css if str(css) not in PAGE_SPECIFIC_CSS]
    return config
