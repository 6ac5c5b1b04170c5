"""Who wants to hear of every sandbox that starts: a test run's traffic report, for one.

Tests start sandboxes in fixtures the report cannot see into; the report registers here for the
length of a test instead, and reads each sandbox's record once the test is over.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.sandbox.server import Sandbox

Observer = Callable[["Sandbox"], None]

_observers: list[Observer] = []


@contextlib.contextmanager
def observing(observer: Observer) -> Iterator[None]:
    """Call `observer` with every sandbox started inside the block."""
    _observers.append(observer)
    try:
        yield
    finally:
        _observers.remove(observer)


def started(sandbox: Sandbox) -> None:
    for observer in list(_observers):
        observer(sandbox)
