"""Gigs, collaboration requests and introductions read as the digest lists them, a page at a time.

A section of a busy week holds thousands of gigs and shows twenty: each section is read as its
first page in the order it is shown, with its total counted in the same statement (one snapshot,
so the count never disagrees with the page), and only the page's rows get their skills.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from bot.digest.week import Listing, Shown
from bot.links import posted_link
from bot.store import Store
from bot.store.stamps import instant


@dataclass(frozen=True)
class Source:
    """Where one kind of listing lives: its table, its columns as a listing's (owner, author,
    title, posted, closes, channel_id, message_id), and its skills in order by owner."""

    table: str
    hub: str
    owner: str
    columns: str
    skills: str  # placeholders: the hub, then the owners ({})


GIGS = Source(
    "gigs AS g",
    "g.guild_id",
    "g.id",
    "g.id AS owner, g.poster_id AS author, g.title, g.published_at AS posted,"
    " g.expires_at AS closes, g.message_channel_id AS channel_id, g.message_id",
    "SELECT s.gig_id, s.skill FROM gigs AS g JOIN gig_skills AS s ON s.gig_id = g.id"
    " WHERE g.guild_id = ? AND g.id IN ({}) ORDER BY s.gig_id, s.position",
)
REQUESTS = Source(
    "collab_requests AS r",
    "r.guild_id",
    "r.id",
    "r.id AS owner, r.requester_id AS author, r.title, r.posted_at AS posted,"
    " NULL AS closes, r.channel_id, r.message_id",
    "SELECT s.request_id, s.skill FROM collab_requests AS r"
    " JOIN collab_skills AS s ON s.request_id = r.id"
    " WHERE r.guild_id = ? AND r.id IN ({}) ORDER BY s.request_id, s.rowid",
)
INTROS = Source(
    "profiles AS p",
    "p.guild_id",
    "p.user_id",
    "p.user_id AS owner, p.user_id AS author, p.headline AS title,"
    " p.created_at AS posted, NULL AS closes, p.post_channel_id AS channel_id,"
    " p.post_message_id AS message_id",
    "SELECT user_id, skill FROM profile_skills WHERE guild_id = ? AND user_id IN ({})"
    " ORDER BY user_id, position",
)


async def read_section(
    store: Store,
    guild_id: int,
    source: Source,
    where: str,
    order: str,
    params: Sequence[object],
    limit: int,
) -> Shown:
    """The first `limit` rows `where` selects in `order`, and how many it selects in all."""
    rows = await store.fetch_all(
        f"SELECT {source.columns}, (SELECT COUNT(*) FROM {source.table} WHERE {where}) AS total"  # noqa: S608 - fixed conditions
        f" FROM {source.table} WHERE {where} ORDER BY {order} LIMIT ?",
        (*params, *params, limit),
    )
    total = int(rows[0]["total"]) if rows else 0
    return Shown(await _with_skills(store, guild_id, source, rows), total)


async def read_listed(
    store: Store, guild_id: int, source: Source, owners: Sequence[int], total: int
) -> Shown:
    """The hub's listings of these owners, in the order given (one gone meanwhile is left out)."""
    if not owners:
        return Shown((), total)
    marks = ", ".join("?" * len(owners))
    rows = await store.fetch_all(
        f"SELECT {source.columns} FROM {source.table}"  # noqa: S608 - fixed columns, placeholders
        f" WHERE {source.hub} = ? AND {source.owner} IN ({marks})",
        (guild_id, *owners),
    )
    by_owner = {row["owner"]: row for row in rows}
    ordered = [by_owner[owner] for owner in owners if owner in by_owner]
    return Shown(await _with_skills(store, guild_id, source, ordered), total)


async def _with_skills(
    store: Store, guild_id: int, source: Source, rows: Sequence[sqlite3.Row]
) -> list[Listing]:
    """The rows as listings, each with its skills in order (read after the rows: a page's worth)."""
    if not rows:
        return []
    owners = [row["owner"] for row in rows]
    skill_rows = await store.fetch_all(
        source.skills.format(", ".join("?" * len(owners))), (guild_id, *owners)
    )
    skills: dict[int, list[str]] = {}
    for owner, skill in skill_rows:
        skills.setdefault(owner, []).append(skill)
    return [
        Listing(
            title=row["title"],
            url=posted_link(guild_id, row["channel_id"], row["message_id"]),
            skills=tuple(skills.get(row["owner"], ())),
            author_id=row["author"],
            posted_at=instant(row["posted"]),
            closes_at=instant(row["closes"]),
        )
        for row in rows
    ]
