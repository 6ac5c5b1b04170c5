"""Who may post gigs: posting bans, and the history the posting rules look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.gigs.model import OPEN_STATUSES
from bot.gigs.rules import LIMIT_WINDOW, PostingBan, PostingHistory
from bot.store import Store
from bot.store.rows import fetched
from bot.store.stamps import instant, stamp


async def ban_poster(
    store: Store,
    *,
    guild_id: int,
    user_id: int,
    reason: str,
    banned_by: int,
    now: datetime,
    until: datetime | None,
) -> PostingBan:
    await store.write(
        "INSERT INTO posting_bans (guild_id, user_id, reason, banned_by, banned_at, until) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
        "reason = excluded.reason, banned_by = excluded.banned_by, "
        "banned_at = excluded.banned_at, until = excluded.until",
        (guild_id, user_id, reason, banned_by, stamp(now), until and stamp(until)),
    )
    return PostingBan(guild_id, user_id, reason, banned_by, now, until)


async def lift_ban(store: Store, guild_id: int, user_id: int) -> bool:
    """Whether there was a ban to lift."""
    changed = await store.write(
        "DELETE FROM posting_bans WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
    )
    return changed == 1


async def posting_ban(store: Store, guild_id: int, user_id: int) -> PostingBan | None:
    sql = "SELECT * FROM posting_bans WHERE guild_id = ? AND user_id = ?"
    return await fetched(store, PostingBan, sql, (guild_id, user_id))


@dataclass(frozen=True)
class SubmittedText:
    """A gig's text as a member submits it, for the duplicate rule: its fingerprint, the hub's
    window (in days) within which their own gigs may not repeat it, and the gig it is the new
    text of when editing (counted out of the history)."""

    fingerprint: str
    window_days: int
    editing: int | None = None


async def posting_history(
    store: Store, *, guild_id: int, user_id: int, now: datetime, text: SubmittedText | None = None
) -> PostingHistory:
    """The member's ban, last post, open gigs this week and, given the text they submit, the
    number of their gig with the same text inside the window and of another member's open gig
    with it (the gig being edited excepted)."""
    editing = None if text is None else text.editing
    last = await store.fetch_one(
        "SELECT MAX(created_at) FROM gigs WHERE guild_id = ? AND poster_id = ?",
        (guild_id, user_id),
    )
    statuses = sorted(status.value for status in OPEN_STATUSES)
    recent = await store.fetch_all(
        "SELECT created_at FROM gigs WHERE guild_id = ? AND poster_id = ? AND created_at > ? "  # noqa: S608 - placeholders only
        f"AND status IN ({', '.join('?' for _ in statuses)}) AND id IS DISTINCT FROM ?",
        (guild_id, user_id, stamp(now - LIMIT_WINDOW), *statuses, editing),
    )
    duplicate = None
    if text is not None and text.window_days > 0:
        duplicate = await store.fetch_one(
            "SELECT id FROM gigs WHERE guild_id = ? AND poster_id = ? AND fingerprint = ? "
            "AND created_at > ? AND id IS DISTINCT FROM ? ORDER BY id DESC LIMIT 1",
            (
                guild_id,
                user_id,
                text.fingerprint,
                stamp(now - timedelta(days=text.window_days)),
                editing,
            ),
        )
    copy = None
    if text is not None:
        copy = await store.fetch_one(
            "SELECT id FROM gigs WHERE guild_id = ? AND fingerprint = ? "  # noqa: S608 - placeholders only
            f"AND status IN ({', '.join('?' for _ in statuses)}) AND poster_id != ? LIMIT 1",
            (guild_id, text.fingerprint, *statuses, user_id),
        )
    assert last is not None
    return PostingHistory(
        ban=await posting_ban(store, guild_id, user_id),
        last_posted_at=instant(last[0]),
        open_this_week=tuple(instant(row["created_at"]) for row in recent),
        duplicate_of=None if duplicate is None else int(duplicate["id"]),
        copy_of=None if copy is None else int(copy["id"]),
    )
