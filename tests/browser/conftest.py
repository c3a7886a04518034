"""Fixtures of the browser tests beyond those of tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.browser import page_weight


@pytest.fixture(scope="session")
def bare_page_bytes(tmp_path_factory, browser) -> int:
    """Bytes a bare Material page transfers: the page-weight budget's measure."""
    return page_weight.bare_page_bytes(tmp_path_factory.mktemp("bare"), browser)
