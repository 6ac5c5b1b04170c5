"""Each hub's own skills: the ones it added, other names for skills, merges of two skills.

`hub_taxonomy` is the one way every feature gets a hub's skills. It is cached per hub and
rebuilt only when the hub's vocabulary version changes; every write here bumps that version,
so on PostgreSQL two writes at once conflict on it, and the loser is run again (`Store.atomic`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

from bot.skills import HubAlias, HubMerge, HubSkill, HubTaxonomies, HubVocabulary, Taxonomy
from bot.skills.keys import skill_key
from bot.store import Connection, Dialect, Store, dialect_of
from bot.store.recent import RecentReads
from bot.store.stamps import stamp

_taxonomies: WeakKeyDictionary[Store, HubTaxonomies] = WeakKeyDictionary()

_versions: RecentReads[int, int] = RecentReads()  # autocomplete asks on every keystroke


@dataclass(frozen=True)
class _SkillTable:
    """A table that holds skills by slug for its owners (members, gigs, requests)."""

    name: str
    owner: tuple[str, ...]  # the columns that name one owner
    in_hub: str  # SQL: this row belongs to the hub :guild


# The features' tables; those not created yet (a feature not installed) are skipped.
_SKILL_TABLES = (
    _SkillTable("profile_skills", ("guild_id", "user_id"), "guild_id = :guild"),
    _SkillTable(
        "gig_skills", ("gig_id",), "gig_id IN (SELECT id FROM gigs WHERE guild_id = :guild)"
    ),
    _SkillTable(
        "collab_skills",
        ("request_id",),
        "request_id IN (SELECT id FROM collab_requests WHERE guild_id = :guild)",
    ),
)


@dataclass(frozen=True)
class MergeCounts:
    """How many profiles, gigs and collaboration requests now have the merged-into skill."""

    profiles: int = 0
    gigs: int = 0
    requests: int = 0


async def hub_taxonomy(store: Store, guild_id: int) -> Taxonomy:
    """The shipped skills plus the hub's own, aliases and merges: what the hub's members see."""
    views = _taxonomies.setdefault(store, HubTaxonomies())
    cached = views.cached(guild_id, await _version(store, guild_id))
    if cached is not None:
        return cached
    return views.for_hub(guild_id, await hub_vocabulary(store, guild_id))


async def hub_vocabulary(store: Store, guild_id: int) -> HubVocabulary:
    version = await _version(store, guild_id)
    # Ordered here, by code point as SQLite's binary collation orders them: a PostgreSQL
    # database's collation may be a language's, which orders "c#" and "C++" its own way.
    skills = sorted(
        await store.fetch_all(
            "SELECT slug, name, added_at FROM hub_skills WHERE guild_id = ?", (guild_id,)
        ),
        key=lambda row: (row["added_at"], row["slug"]),
    )
    aliases = sorted(
        await store.fetch_all(
            "SELECT alias, skill, added_at FROM hub_skill_aliases WHERE guild_id = ?", (guild_id,)
        ),
        key=lambda row: (row["added_at"], row["alias"]),
    )
    merges = await store.fetch_all(
        "SELECT merged_slug, into_slug FROM hub_skill_merges WHERE guild_id = ? ORDER BY rowid",
        (guild_id,),
    )
    return HubVocabulary(
        version=version,
        skills=tuple(HubSkill(row["slug"], row["name"]) for row in skills),
        aliases=tuple(HubAlias(row["alias"], row["skill"]) for row in aliases),
        merges=tuple(HubMerge(row["merged_slug"], row["into_slug"]) for row in merges),
    )


async def add_hub_skills(
    store: Store, guild_id: int, skills: Sequence[HubSkill], added_by: int, now: datetime
) -> None:
    """Add skills (with their aliases) to the hub; one already there is left as it is."""
    if not skills:
        return

    async def add(db: Connection) -> None:
        await db.executemany(
            "INSERT INTO hub_skills (guild_id, slug, name, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, slug) DO NOTHING",
            [(guild_id, skill.slug, skill.name, added_by, stamp(now)) for skill in skills],
        )
        for skill in skills:
            for alias in skill.aliases:
                await _insert_alias(db, guild_id, HubAlias(alias, skill.slug), now)
        await _bump_version(db, guild_id)

    await store.atomic(add)
    _changed(store, guild_id)


async def add_hub_alias(store: Store, guild_id: int, alias: HubAlias, now: datetime) -> None:
    async def add(db: Connection) -> None:
        await _insert_alias(db, guild_id, alias, now)
        await _bump_version(db, guild_id)

    await store.atomic(add)
    _changed(store, guild_id)


async def merge_hub_skills(
    store: Store, guild_id: int, merge: HubMerge, now: datetime
) -> MergeCounts:
    """Merge one skill into another for the hub, moving every profile, gig and request with it.

    All in one transaction: no one ever sees a half-merged hub.
    """
    params = {"guild": guild_id, "merged": merge.merged_slug, "into": merge.into_slug}

    async def move(db: Connection) -> dict[str, int]:
        await db.execute(
            "INSERT INTO hub_skill_merges (guild_id, merged_slug, into_slug, merged_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (guild_id, merged_slug)"
            " DO UPDATE SET into_slug = excluded.into_slug, merged_at = excluded.merged_at",
            (guild_id, merge.merged_slug, merge.into_slug, stamp(now)),
        )
        moved = {
            table.name: await _move_skill(db, table, params)
            for table in await _existing_skill_tables(db)
        }
        await _bump_version(db, guild_id)
        return moved

    moved = await store.atomic(move)
    _changed(store, guild_id)
    return MergeCounts(
        profiles=moved.get("profile_skills", 0),
        gigs=moved.get("gig_skills", 0),
        requests=moved.get("collab_skills", 0),
    )


async def _move_skill(db: Connection, table: _SkillTable, params: dict[str, object]) -> int:
    """Give every owner of the merged skill the other one instead; an owner with both keeps one."""
    same_owner = " AND ".join(f"other.{column} = {table.name}.{column}" for column in table.owner)
    # Table and column names come from _SKILL_TABLES, never from input.
    duplicates = await db.execute(
        f"DELETE FROM {table.name} WHERE skill = :merged AND {table.in_hub}"  # noqa: S608
        f" AND EXISTS (SELECT 1 FROM {table.name} AS other"
        f" WHERE other.skill = :into AND {same_owner})",
        params,
    )
    renamed = await db.execute(
        f"UPDATE {table.name} SET skill = :into WHERE skill = :merged AND {table.in_hub}",  # noqa: S608
        params,
    )
    return int(duplicates.rowcount) + int(renamed.rowcount)


# The names of the database's tables, in each engine's catalog.
_TABLE_NAMES: dict[Dialect, str] = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


async def _existing_skill_tables(db: Connection) -> list[_SkillTable]:
    async with db.execute(_TABLE_NAMES[dialect_of(db)]) as cursor:
        names = {row[0] for row in await cursor.fetchall()}
    return [table for table in _SKILL_TABLES if table.name in names]


async def _insert_alias(db: Connection, guild_id: int, alias: HubAlias, now: datetime) -> None:
    await db.execute(
        "INSERT INTO hub_skill_aliases (guild_id, alias_key, alias, skill, added_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, alias_key)"
        " DO UPDATE SET alias = excluded.alias, skill = excluded.skill",
        (guild_id, skill_key(alias.alias), alias.alias, alias.slug, stamp(now)),
    )


async def _bump_version(db: Connection, guild_id: int) -> None:
    await db.execute(
        "INSERT INTO hub_skill_versions (guild_id, version) VALUES (?, 1)"
        " ON CONFLICT (guild_id)"
        " DO UPDATE SET version = hub_skill_versions.version + 1",
        (guild_id,),
    )


def _changed(store: Store, guild_id: int) -> None:
    _versions.forget(store, guild_id)


async def _version(store: Store, guild_id: int) -> int:
    async def read() -> int:
        row = await store.fetch_one(
            "SELECT version FROM hub_skill_versions WHERE guild_id = ?", (guild_id,)
        )
        return 0 if row is None else int(row["version"])

    return await _versions.get(store, guild_id, read)
