"""An introduction's post in Discord, made once and deleted for sure.

Posting is claimed (bot/store/claims.py): a saved introduction whose post does not show it
yet is owed a post, claimed as it is saved and taken over from a run that died. A removed
introduction leaves only its post's place here, a removal retried until Discord says the post
is gone, so nothing of a member who asked to be forgotten stays in the channel untracked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.instance import THIS_RUN
from bot.intros.model import Profile
from bot.store import Connection, Store
from bot.store.claims import Claim, Work, claim_work, release_work
from bot.store.stamps import stamp

POSTING = Work(
    "profiles",
    "posting_since",
    "posting_by",
    "departed_at IS NULL AND posted_revision IS DISTINCT FROM revision",
    key="guild_id = ? AND user_id = ?",
)


async def claim_posting(
    store: Store, guild_id: int, user_id: int, now: datetime, run: str = THIS_RUN
) -> Claim | None:
    """Whether the run may post (or update) the introduction: owed, and nobody else on it."""
    return await claim_work(store, POSTING, (guild_id, user_id), now, run)


async def release_posting(store: Store, guild_id: int, user_id: int) -> None:
    await release_work(store, POSTING, (guild_id, user_id))


async def unposted(store: Store) -> list[tuple[int, int]]:
    """(hub, member) of the introductions owed a post in a hub with an introductions channel:
    Mozaik died before posting, or Discord refused for now."""
    rows = await store.fetch_all(
        "SELECT p.guild_id, p.user_id FROM profiles AS p JOIN hubs AS h"
        " ON h.guild_id = p.guild_id WHERE h.intros_channel_id IS NOT NULL"
        " AND p.departed_at IS NULL AND p.posted_revision IS DISTINCT FROM p.revision"
        " ORDER BY p.updated_at",
        (),
    )
    return [(int(row[0]), int(row[1])) for row in rows]


async def forget_post(
    store: Store, profile: Profile, now: datetime, *, to_delete: bool = False
) -> None:
    """The post is gone from Discord, or `to_delete` (the hub moved its channel): the next one
    is a new post, with a new nonce."""

    async def forget(db: Connection) -> None:
        if to_delete:
            await keep_removal(db, profile, now)
        await db.execute(
            "UPDATE profiles SET post_channel_id = NULL, post_message_id = NULL,"
            " posted_revision = NULL, posts_lost = posts_lost + 1"
            " WHERE guild_id = ? AND user_id = ?",
            (profile.guild_id, profile.user_id),
        )

    await store.atomic(forget)


# --- removals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """A post Mozaik still has to delete."""

    guild_id: int
    user_id: int
    channel_id: int
    message_id: int


async def keep_removal(db: Connection, profile: Profile, now: datetime) -> None:
    """Remember to delete the profile's post, in the transaction that lets it go."""
    if profile.post_channel_id is None or profile.post_message_id is None:
        return
    removal = Removal(
        profile.guild_id, profile.user_id, profile.post_channel_id, profile.post_message_id
    )
    await _insert_removal(db, removal, now)


async def add_removal(store: Store, removal: Removal, now: datetime) -> None:
    """A post made for an introduction removed meanwhile: it goes too."""
    async with store.transaction() as db:
        await _insert_removal(db, removal, now)


async def _insert_removal(db: Connection, removal: Removal, now: datetime) -> None:
    await db.execute(
        "INSERT INTO intro_post_removals (channel_id, message_id, guild_id, user_id, since)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id, message_id) DO NOTHING",
        (removal.channel_id, removal.message_id, removal.guild_id, removal.user_id, stamp(now)),
    )


async def pending_removals(store: Store) -> list[Removal]:
    rows = await store.fetch_all(
        "SELECT guild_id, user_id, channel_id, message_id FROM intro_post_removals ORDER BY since",
        (),
    )
    return [Removal(*(int(value) for value in row)) for row in rows]


async def removal_done(store: Store, removal: Removal) -> None:
    """Discord says the post is gone."""
    await store.write(
        "DELETE FROM intro_post_removals WHERE channel_id = ? AND message_id = ?",
        (removal.channel_id, removal.message_id),
    )


async def removal_failed(store: Store, removal: Removal) -> None:
    """Discord did not delete the post this time: tried again later."""
    await store.write(
        "UPDATE intro_post_removals SET attempts = attempts + 1"
        " WHERE channel_id = ? AND message_id = ?",
        (removal.channel_id, removal.message_id),
    )
