"""Each hub's own skills: the ones it added, other names for skills, merges of two skills.

`hub_taxonomy` is the one way every feature gets a hub's skills. It is cached per hub and
rebuilt only when the hub's vocabulary version changes; every write here bumps that version.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

import aiosqlite

from bot.skills import HubAlias, HubMerge, HubSkill, HubTaxonomies, HubVocabulary, Taxonomy
from bot.skills.keys import skill_key
from bot.store import Store
from bot.store.profiles import stamp

_taxonomies: WeakKeyDictionary[Store, HubTaxonomies] = WeakKeyDictionary()

# How long a hub's skill version, once read, is taken as current: autocomplete asks on every
# keystroke. Mozaik's own changes are seen at once; another process's within this time.
VERSION_FRESH_SECONDS = 5.0


class _KnownVersions:
    """Each hub's skill version as last read, and when; forgotten when Mozaik changes them."""

    def __init__(self) -> None:
        self._read: dict[int, tuple[int, float]] = {}
        self._changes: dict[int, int] = {}

    def fresh(self, guild_id: int, now: float) -> int | None:
        read = self._read.get(guild_id)
        return read[0] if read is not None and now - read[1] < VERSION_FRESH_SECONDS else None

    def changes(self, guild_id: int) -> int:
        return self._changes.get(guild_id, 0)

    def remember(self, guild_id: int, version: int, now: float, changes_before: int) -> None:
        # A read that a change overtook may have seen the version before it: not kept.
        if self.changes(guild_id) == changes_before:
            self._read[guild_id] = (version, now)

    def forget(self, guild_id: int) -> None:
        self._changes[guild_id] = self.changes(guild_id) + 1
        self._read.pop(guild_id, None)


_versions: WeakKeyDictionary[Store, _KnownVersions] = WeakKeyDictionary()


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
    skills = await store.fetch_all(
        "SELECT slug, name FROM hub_skills WHERE guild_id = ? ORDER BY added_at, slug",
        (guild_id,),
    )
    aliases = await store.fetch_all(
        "SELECT alias, skill FROM hub_skill_aliases WHERE guild_id = ? ORDER BY added_at, alias",
        (guild_id,),
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
    async with store.transaction() as db:
        await db.executemany(
            "INSERT OR IGNORE INTO hub_skills (guild_id, slug, name, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(guild_id, skill.slug, skill.name, added_by, stamp(now)) for skill in skills],
        )
        for skill in skills:
            for alias in skill.aliases:
                await _insert_alias(db, guild_id, HubAlias(alias, skill.slug), now)
        await _bump_version(db, guild_id)
    _changed(store, guild_id)


async def add_hub_alias(store: Store, guild_id: int, alias: HubAlias, now: datetime) -> None:
    async with store.transaction() as db:
        await _insert_alias(db, guild_id, alias, now)
        await _bump_version(db, guild_id)
    _changed(store, guild_id)


async def merge_hub_skills(
    store: Store, guild_id: int, merge: HubMerge, now: datetime
) -> MergeCounts:
    """Merge one skill into another for the hub, moving every profile, gig and request with it.

    All in one transaction: no one ever sees a half-merged hub.
    """
    params = {"guild": guild_id, "merged": merge.merged_slug, "into": merge.into_slug}
    moved: dict[str, int] = {}
    async with store.transaction() as db:
        await db.execute(
            "INSERT INTO hub_skill_merges (guild_id, merged_slug, into_slug, merged_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (guild_id, merged_slug)"
            " DO UPDATE SET into_slug = excluded.into_slug, merged_at = excluded.merged_at",
            (guild_id, merge.merged_slug, merge.into_slug, stamp(now)),
        )
        for table in await _existing_skill_tables(db):
            moved[table.name] = await _move_skill(db, table, params)
        await _bump_version(db, guild_id)
    _changed(store, guild_id)
    return MergeCounts(
        profiles=moved.get("profile_skills", 0),
        gigs=moved.get("gig_skills", 0),
        requests=moved.get("collab_skills", 0),
    )


async def _move_skill(
    db: aiosqlite.Connection, table: _SkillTable, params: dict[str, object]
) -> int:
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


async def _existing_skill_tables(db: aiosqlite.Connection) -> list[_SkillTable]:
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cursor:
        names = {row[0] for row in await cursor.fetchall()}
    return [table for table in _SKILL_TABLES if table.name in names]


async def _insert_alias(
    db: aiosqlite.Connection, guild_id: int, alias: HubAlias, now: datetime
) -> None:
    await db.execute(
        "INSERT INTO hub_skill_aliases (guild_id, alias_key, alias, skill, added_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, alias_key)"
        " DO UPDATE SET alias = excluded.alias, skill = excluded.skill",
        (guild_id, skill_key(alias.alias), alias.alias, alias.slug, stamp(now)),
    )


async def _bump_version(db: aiosqlite.Connection, guild_id: int) -> None:
    await db.execute(
        "INSERT INTO hub_skill_versions (guild_id, version) VALUES (?, 1)"
        " ON CONFLICT (guild_id) DO UPDATE SET version = version + 1",
        (guild_id,),
    )


def _changed(store: Store, guild_id: int) -> None:
    _versions.setdefault(store, _KnownVersions()).forget(guild_id)


async def _version(store: Store, guild_id: int) -> int:
    known = _versions.setdefault(store, _KnownVersions())
    fresh = known.fresh(guild_id, time.monotonic())
    if fresh is not None:
        return fresh
    changes_before = known.changes(guild_id)
    row = await store.fetch_one(
        "SELECT version FROM hub_skill_versions WHERE guild_id = ?", (guild_id,)
    )
    version = 0 if row is None else int(row["version"])
    known.remember(guild_id, version, time.monotonic(), changes_before)
    return version
