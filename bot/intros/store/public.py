"""Members who chose `/intro public on`: only they may be named on the hub's public web pages.

The choice lives beside the introduction and goes with it when the introduction is removed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.intros.model import Profile
from bot.intros.store.profiles import get_profile
from bot.store import Connection, Store
from bot.store.stamps import stamp


async def set_public(
    store: Store, guild_id: int, user_id: int, public: bool, now: datetime
) -> bool:
    """Turn the member's public page on or off; False when turning it on without a profile."""

    async def turn(db: Connection) -> bool:
        if not public:
            await db.execute(
                "DELETE FROM public_profiles WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
            return True
        cursor = await db.execute(
            "INSERT INTO public_profiles (guild_id, user_id, since)"
            " SELECT guild_id, user_id, ? FROM profiles WHERE guild_id = ? AND user_id = ?"
            " ON CONFLICT (guild_id, user_id) DO NOTHING",
            (stamp(now), guild_id, user_id),
        )
        if cursor.rowcount:
            return True
        row = await (
            await db.execute(
                "SELECT 1 FROM public_profiles WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
        ).fetchone()
        return row is not None

    return await store.atomic(turn)


async def public_names(store: Store, guild_id: int, user_ids: Collection[int]) -> dict[int, str]:
    """The names of those of these members who opted in and are still in the hub."""
    if not user_ids:
        return {}
    marks = ", ".join("?" for _ in user_ids)
    rows = await store.fetch_all(
        "SELECT o.user_id, p.display_name FROM public_profiles o JOIN profiles p"  # noqa: S608 - placeholders only
        " ON p.guild_id = o.guild_id AND p.user_id = o.user_id"
        f" WHERE o.guild_id = ? AND o.user_id IN ({marks}) AND p.departed_at IS NULL",
        [guild_id, *user_ids],
    )
    return {int(row["user_id"]): str(row["display_name"]) for row in rows}


async def public_profile(store: Store, guild_id: int, user_id: int) -> Profile | None:
    """The member's profile if they opted in and have not left; None otherwise."""
    if user_id not in await public_names(store, guild_id, [user_id]):
        return None
    return await get_profile(store, guild_id, user_id)
