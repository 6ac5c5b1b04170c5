"""Which process serves which guild: Discord's shard rule, and the shards a process owns.

Discord sends a guild's events to shard `(guild_id >> 22) % shard_count`; a process serving
some shards must also run the timed work of exactly those guilds, so that each guild is served
by one process and its caches stay true. Direct messages carry no guild and reach shard 0 only,
so the process holding shard 0 also does what DMs and the commands' registration need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DM_SHARD = 0
_RANGE = re.compile(r"(\d+)(?:-(\d+))?")


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends `guild_id`'s events to."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class Shards:
    """The shards this process serves, out of `count`; unsharded is every shard of one."""

    ids: tuple[int, ...] = (0,)
    count: int = 1

    @property
    def sharded(self) -> bool:
        return self.count > 1 or self.ids != (0,)

    @property
    def holds_dm_shard(self) -> bool:
        """Whether this process receives DMs and so registers commands and does DM work."""
        return DM_SHARD in self.ids

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def owned(self, guild_ids: Iterable[int]) -> list[int]:
        return [guild_id for guild_id in guild_ids if self.owns(guild_id)]


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """Shard ids from "0-3", "5" or "0-1,4" (ascending, each once); ValueError if malformed."""
    ids: set[int] = set()
    for part in text.replace(" ", "").split(","):
        matched = _RANGE.fullmatch(part)
        if matched is None:
            raise ValueError(f"{text!r} is not a list of shard ids such as 0-3 or 0,2")
        first = int(matched[1])
        last = int(matched[2]) if matched[2] is not None else first
        if last < first:
            raise ValueError(f"{part!r}: the range runs backwards")
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def check_shards(ids: tuple[int, ...], count: int) -> None:
    """ValueError naming what is wrong with serving `ids` out of `count` shards."""
    if count < 1:
        raise ValueError(f"the shard count must be at least 1 (got {count})")
    if not ids:
        raise ValueError("no shard ids given")
    outside = [shard for shard in ids if shard >= count]
    if outside:
        raise ValueError(f"shard {outside[0]} is not below the shard count {count}")
