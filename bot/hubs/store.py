"""Hub settings in the store, read through a few seconds' cache as every interaction asks first."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime

from bot.config import HubDefaults
from bot.hubs.model import HubSettings, default_hub
from bot.store import Connection, Store
from bot.store.recent import RecentReads
from bot.store.stamps import stamp

_ROLE_FIELDS = {"moderator_role_ids": "moderator", "trusted_role_ids": "trusted"}
_COLUMNS = tuple(
    field.name
    for field in fields(HubSettings)
    if field.name not in _ROLE_FIELDS and field.name not in ("configured", "blocked_domains")
)


# Every interaction asks for its hub's settings first.
_saved: RecentReads[int, HubSettings | None] = RecentReads()


async def get_hub(store: Store, guild_id: int, defaults: HubDefaults) -> HubSettings:
    saved = await _saved.get(store, guild_id, lambda: _saved_hub(store, guild_id))
    return default_hub(guild_id, defaults) if saved is None else saved


async def _saved_hub(store: Store, guild_id: int) -> HubSettings | None:
    row = await store.fetch_one("SELECT * FROM hubs WHERE guild_id = ?", (guild_id,))
    if row is None:
        return None
    roles = await store.fetch_all(
        "SELECT role_id, purpose FROM hub_roles WHERE guild_id = ?", (guild_id,)
    )
    domains = await store.fetch_all(
        "SELECT domain FROM hub_blocked_domains WHERE guild_id = ?", (guild_id,)
    )
    values = {column: row[column] for column in _COLUMNS}
    for flag in ("allow_new_skills", "collab_via_queue", "digest_quiet_note", "guides"):
        values[flag] = bool(values[flag])
    return HubSettings(
        **values,
        moderator_role_ids=frozenset(r["role_id"] for r in roles if r["purpose"] == "moderator"),
        trusted_role_ids=frozenset(r["role_id"] for r in roles if r["purpose"] == "trusted"),
        blocked_domains=frozenset(row["domain"] for row in domains),
        configured=True,
    )


async def list_configured_hubs(store: Store, defaults: HubDefaults) -> list[HubSettings]:
    rows = await store.fetch_all("SELECT guild_id FROM hubs ORDER BY guild_id")
    return [await get_hub(store, row["guild_id"], defaults) for row in rows]


async def save_hub(store: Store, hub: HubSettings, now: datetime) -> HubSettings:
    """Write every setting of the hub, replacing what was there, in one transaction (run again
    on PostgreSQL if another save of the hub at the same moment won: the last one holds)."""
    placeholders = ", ".join("?" for _ in _COLUMNS)
    updates = ", ".join(
        f"{column} = excluded.{column}" for column in _COLUMNS if column != "guild_id"
    )
    values = [getattr(hub, column) for column in _COLUMNS]

    async def save(db: Connection) -> None:
        await db.execute(
            f"INSERT INTO hubs ({', '.join(_COLUMNS)}, updated_at) VALUES ({placeholders}, ?) "  # noqa: S608 - column names are fixed
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
            (*values, stamp(now)),
        )
        await db.execute("DELETE FROM hub_roles WHERE guild_id = ?", (hub.guild_id,))
        await db.executemany(
            "INSERT INTO hub_roles (guild_id, role_id, purpose) VALUES (?, ?, ?)",
            [
                (hub.guild_id, role_id, purpose)
                for field_name, purpose in _ROLE_FIELDS.items()
                for role_id in getattr(hub, field_name)
            ],
        )
        await db.execute("DELETE FROM hub_blocked_domains WHERE guild_id = ?", (hub.guild_id,))
        await db.executemany(
            "INSERT INTO hub_blocked_domains (guild_id, domain) VALUES (?, ?)",
            [(hub.guild_id, domain) for domain in sorted(hub.blocked_domains)],
        )

    await store.atomic(save)
    _saved.forget(store, hub.guild_id)
    return replace(hub, configured=True)
