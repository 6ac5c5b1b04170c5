"""The order the workers take the tests in: those marked `long` first, dealt among the workers.

A run on several workers ends when its last worker does; a test of tens of seconds that starts
near the end keeps the others idle meanwhile. Work stealing (pyproject's `--dist worksteal`)
first hands each of N workers a contiguous share of this order, the i-th of the `left // (N - i)`
tests left, and a worker that runs dry later takes half of the longest queue's tail. So each
share starts with every N-th long test and is filled up with short ones: the long tests all run
early, side by side, and the short ones fill the gaps to the end. With the long tests at the head
of one share instead, that worker ran them alone for the last half minute of the run.
"""

from __future__ import annotations

import os
from itertools import islice
from typing import TypeVar

import pytest

Item = TypeVar("Item")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "long: takes ten seconds or more on one core, so the run starts it first"
    )


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    long = [item for item in items if item.get_closest_marker("long") is not None]
    short = [item for item in items if item.get_closest_marker("long") is None]
    items[:] = dealt(long, short, workers)


def dealt(long: list[Item], short: list[Item], workers: int) -> list[Item]:
    """`long` and `short` in the order whose i-th share of `workers` starts with every
    `workers`-th long item from the i-th, in the order found, each share as big as work
    stealing makes it."""
    order: list[Item] = []
    left = len(long) + len(short)
    rest = iter(short)
    for share in range(workers):
        size = left // (workers - share)
        heads = long[share::workers]
        order += heads
        order += islice(rest, max(0, size - len(heads)))
        left -= size
    order += rest
    return order
