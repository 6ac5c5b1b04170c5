"""The order the workers take the tests in: those marked `long` first.

A run on several workers ends when its last worker does; a test of tens of seconds that starts
near the end keeps the others idle meanwhile. Work stealing (pyproject's `--dist worksteal`)
hands each worker a contiguous share of this order, so the long tests head the first worker's
share, and a worker that runs dry takes half of the longest queue's tail: the many short ones
fill the gaps, and on the suite as it is the workers end within about half a minute of each other.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "long: takes ten seconds or more on one core, so the run starts it first"
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: else as found
