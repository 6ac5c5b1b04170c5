"""What the store read a moment ago, kept for a few seconds: what every interaction asks first
(a hub's settings, its skill version) is then not read again on every click and keystroke.

Mozaik's own changes are seen at once, as each write forgets what it changed; another process's
changes within `FRESH_SECONDS`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from bot.store import Store

FRESH_SECONDS = 5.0

Key = TypeVar("Key")
Value = TypeVar("Value")


class RecentReads(Generic[Key, Value]):
    """Per store and key, the value last read and when."""

    def __init__(self) -> None:
        self._stores: WeakKeyDictionary[Store, _Reads[Key, Value]] = WeakKeyDictionary()

    async def get(self, store: Store, key: Key, read: Callable[[], Awaitable[Value]]) -> Value:
        """The value read less than `FRESH_SECONDS` ago, else `read()`'s."""
        return await self._stores.setdefault(store, _Reads()).get(key, read)

    def forget(self, store: Store, key: Key) -> None:
        """After a change to `key` is committed: the next `get` reads it again."""
        self._stores.setdefault(store, _Reads()).forget(key)


class _Reads(Generic[Key, Value]):
    def __init__(self) -> None:
        self._read: dict[Key, tuple[Value, float]] = {}
        self._changes: dict[Key, int] = {}

    async def get(self, key: Key, read: Callable[[], Awaitable[Value]]) -> Value:
        kept = self._read.get(key)
        if kept is not None and time.monotonic() - kept[1] < FRESH_SECONDS:
            return kept[0]
        changes_before = self._changes.get(key, 0)
        value = await read()
        # A read that a change overtook may have seen what was there before it: not kept.
        if self._changes.get(key, 0) == changes_before:
            self._read[key] = (value, time.monotonic())
        return value

    def forget(self, key: Key) -> None:
        self._changes[key] = self._changes.get(key, 0) + 1
        self._read.pop(key, None)
