"""Whether a hub's board is on the public web (`/hub setup web:on`), and the name it shows there.

Read on every web request, never cached: an admin turning the board off takes it off at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store import Connection, Store
from bot.store.stamps import instant, stamp


@dataclass(frozen=True)
class HubWeb:
    guild_id: int
    public: bool
    name: str  # the server's name when the admin last ran /hub setup
    updated_at: datetime


async def hub_web(store: Store, guild_id: int) -> HubWeb | None:
    """The hub's web settings; None for a hub whose admin never chose (off, as by default)."""
    row = await store.fetch_one(
        "SELECT guild_id, public, name, updated_at FROM hub_web WHERE guild_id = ?", (guild_id,)
    )
    if row is None:
        return None
    return HubWeb(row["guild_id"], bool(row["public"]), row["name"], instant(row["updated_at"]))


async def save_hub_web(
    store: Store, guild_id: int, *, public: bool | None, name: str, now: datetime
) -> HubWeb:
    """Keep the server's name and, when the admin chose, whether the board is public (off
    until they turn it on). The hub's settings must be saved first."""

    async def save(db: Connection) -> None:
        await db.execute(
            "INSERT INTO hub_web (guild_id, public, name, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET name = excluded.name,"
            " public = COALESCE(?, hub_web.public), updated_at = excluded.updated_at",
            (
                guild_id,
                int(bool(public)),
                name,
                stamp(now),
                None if public is None else int(public),
            ),
        )

    # Atomic: on PostgreSQL a save that lost to another at the same moment is run again.
    await store.atomic(save)
    saved = await hub_web(store, guild_id)
    assert saved is not None  # just written
    return saved
