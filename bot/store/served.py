"""The rows of the guilds a process serves: a sharded process runs the timed work of the guilds
of its own shards only (bot/shards.py decides which; this says it in SQL)."""

from __future__ import annotations

from collections.abc import Collection


def among_guilds(
    guild_ids: Collection[int] | None, column: str = "guild_id"
) -> tuple[str, tuple[int, ...]]:
    """The condition keeping the rows of `guild_ids` (every row when None), and its parameters.
    `column` is a fixed name from the caller, never input."""
    if guild_ids is None:
        return "1 = 1", ()
    ids = tuple(guild_ids)
    if not ids:
        return "0 = 1", ()
    return f"{column} IN ({', '.join('?' for _ in ids)})", ids
