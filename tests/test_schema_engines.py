"""The two engines' migrations build the same schema: a fresh SQLite database and a fresh
PostgreSQL one, each migrated, are read back from their catalogs and compared table by table
(columns by name, kind of type, NOT NULL and default; primary, foreign and unique keys), with
every named index, trigger and view, except the differences listed and explained below.

Each schema is read as facts: a key naming the thing ("column", table, name) and what it is
("integer NOT NULL DEFAULT 0"), so a failure names exactly what one engine has and the other
has not, or has otherwise."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.store import Store, _migrations, schema
from bot.store.schema import postgresql_own

Facts = dict[tuple[str, ...], str]

# The FTS5 table gigs_fts and the shadow tables FTS5 keeps its index in, and the triggers that
# copy a published gig's text into it (006): on PostgreSQL the same search is the GIN index
# gigs_fts over an expression of gigs' own columns, which needs neither a table nor a trigger.
SQLITE_ONLY_TABLES = frozenset(
    {"gigs_fts", "gigs_fts_config", "gigs_fts_data", "gigs_fts_docsize", "gigs_fts_idx"}
)
SQLITE_ONLY: Facts = {
    ("trigger", "gigs", "gigs_fts_after_insert"): "",
    ("trigger", "gigs", "gigs_fts_after_delete"): "",
    ("trigger", "gigs", "gigs_fts_after_update"): "",
}
POSTGRES_ONLY: Facts = {
    # The keyword index, for gigs_fts above.
    ("index", "gigs_fts"): (
        "ON gigs (mozaik_gig_search(title, description)) WHERE status='approved'"
    ),
    # SQLite's implicit rowid, which these tables' readers ORDER BY, as a column of its own.
    ("column", "collab_skills", "rowid"): "integer NOT NULL",
    ("column", "gig_interests", "rowid"): "integer NOT NULL",
    ("column", "hub_skill_merges", "rowid"): "integer NOT NULL",
    # A PostgreSQL primary key takes no sort order, so SQLite's key order with updated_at DESC
    # (the order members are ranked in) is an index beside the key (keys compare without DESC).
    ("index", "people_ranked_in_order"): (
        "ON people_ranked (guild_id, skill, unendorsed, availability_rank, updated_at DESC,"
        " user_id)"
    ),
}

_CAST = re.compile(r"::[a-z ]+")
_CHECK = re.compile(r"\bCHECK\s*\(")
# PostgreSQL's on-delete actions, as pg_constraint.confdeltype spells them.
_ON_DELETE = {
    "a": "NO ACTION",
    "r": "RESTRICT",
    "c": "CASCADE",
    "n": "SET NULL",
    "d": "SET DEFAULT",
}


def _predicate(where: str | None) -> str:
    """A WHERE clause as both engines can be compared on: PostgreSQL prints it with casts and
    parentheses, SQLite as written; neither changes what it selects in these indexes."""
    if where is None:
        return ""
    return " WHERE " + re.sub(r"[()\s]", "", _CAST.sub("", where))


def _sqlite_kind(declared: str) -> str:
    """SQLite's type affinity of a declared type."""
    declared = declared.upper()
    if "INT" in declared:
        return "integer"
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "blob"


# PostgreSQL's types by kind; a 32-bit integer is its own kind, as a Discord id overflows it.
_POSTGRES_KIND = {
    "bigint": "integer",
    "integer": "32-bit integer",
    "smallint": "16-bit integer",
    "text": "text",
    "double precision": "real",
    "bytea": "blob",
}


def _column(kind: str, not_null: bool, default: str | None) -> str:
    return kind + (" NOT NULL" if not_null else "") + (f" DEFAULT {default}" if default else "")


async def sqlite_facts(store: Store) -> Facts:
    facts: Facts = {}
    objects = await store.fetch_all(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    )
    tables = {row["name"] for row in objects if row["type"] == "table"}
    assert tables >= SQLITE_ONLY_TABLES, "the allow-list names a table SQLite does not have"
    index_sql = {row["name"]: row["sql"] for row in objects if row["type"] == "index"}
    table_sql = {row["name"]: row["sql"] for row in objects if row["type"] == "table"}
    for table in sorted(tables - SQLITE_ONLY_TABLES):
        facts["table", table] = ""
        # SQLite keeps no catalog of CHECK constraints, only the table's text (with the columns
        # ALTER TABLE added): they are compared by count, their wording differing by engine.
        facts["checks", table] = str(len(_CHECK.findall(table_sql[table])))
        columns = await store.fetch_all(f"PRAGMA table_info({table})")
        key = [row["name"] for row in sorted(columns, key=lambda row: row["pk"]) if row["pk"]]
        for row in columns:
            # PostgreSQL makes every key column NOT NULL; SQLite would let a NULL into the TEXT
            # key of a rowid table, which Mozaik never writes.
            not_null = bool(row["notnull"]) or row["name"] in key
            facts["column", table, row["name"]] = _column(
                _sqlite_kind(row["type"]), not_null, row["dflt_value"]
            )
        facts["primary key", table] = ", ".join(key)
        references: dict[int, list[sqlite3.Row]] = {}
        for row in await store.fetch_all(f"PRAGMA foreign_key_list({table})"):
            references.setdefault(row["id"], []).append(row)
        for rows in references.values():
            target = rows[0]["table"]
            sources = ", ".join(row["from"] for row in rows)
            targets = ", ".join(row["to"] for row in rows)
            facts["foreign key", table, sources] = (
                f"{target} ({targets}) ON DELETE {rows[0]['on_delete']}"
            )
        for index in await store.fetch_all(f"PRAGMA index_list({table})"):
            parts = await store.fetch_all(f"PRAGMA index_xinfo({index['name']})")
            names = [row["name"] + (" DESC" if row["desc"] else "") for row in parts if row["key"]]
            if index["origin"] == "u":
                facts["unique", table, ", ".join(names)] = ""
            elif index["origin"] == "c":
                sql = index_sql[index["name"]]
                where = re.split(r"\bWHERE\b", sql, flags=re.IGNORECASE)[1:]
                unique = "UNIQUE " if index["unique"] else ""
                facts["index", index["name"]] = (
                    f"{unique}ON {table} ({', '.join(names)})"
                    f"{_predicate(where[0] if where else None)}"
                )
    for row in objects:
        if row["type"] == "trigger":
            facts["trigger", row["tbl_name"], row["name"]] = ""
        elif row["type"] == "view":
            columns = await store.fetch_all(f"PRAGMA table_info({row['name']})")
            facts["view", row["name"]] = ", ".join(sorted(column["name"] for column in columns))
    return facts


_POSTGRES_KEYS = """
SELECT c.contype::text, t.relname AS tbl, f.relname AS target, c.confdeltype::text,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k (n, i)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
             ORDER BY k.i) AS columns,
       ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k (n, i)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
             ORDER BY k.i) AS targets
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
LEFT JOIN pg_class f ON f.oid = c.confrelid
WHERE t.relnamespace = 'public'::regnamespace AND c.contype IN ('p', 'f', 'u')
"""

# Indexes of their own, not those PostgreSQL builds for a primary key or unique constraint.
_POSTGRES_INDEXES = """
SELECT i.relname AS name, t.relname AS tbl, x.indisunique AS is_unique,
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k.i::int, true)
                    || CASE WHEN pg_index_column_has_property(x.indexrelid, k.i::int, 'desc')
                            THEN ' DESC' ELSE '' END
             FROM generate_series(1, x.indnkeyatts) AS k (i) ORDER BY k.i) AS columns,
       pg_get_expr(x.indpred, x.indrelid) AS predicate
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
"""


# The store's own record of the schema's version: SQLite keeps it in PRAGMA user_version.
STORE_BOOKKEEPING = "schema_version"


async def postgres_facts(db: asyncpg.Connection) -> Facts:
    facts: Facts = {}
    tables = {
        row["relname"]
        for row in await db.fetch(
            "SELECT relname FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
        )
    }
    views: dict[str, list[str]] = {}
    for row in await db.fetch(
        "SELECT table_name, column_name, data_type, is_nullable, column_default"
        " FROM information_schema.columns WHERE table_schema = 'public'"
    ):
        if row["table_name"] not in tables:
            views.setdefault(row["table_name"], []).append(row["column_name"])
            continue
        default = row["column_default"] and _CAST.sub("", row["column_default"])
        facts["column", row["table_name"], row["column_name"]] = _column(
            _POSTGRES_KIND.get(row["data_type"], row["data_type"]),
            row["is_nullable"] == "NO",
            default,
        )
    for table in tables:
        facts["table", table] = ""
        facts["primary key", table] = ""
        facts["checks", table] = "0"
    for row in await db.fetch(
        "SELECT t.relname, count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " WHERE t.relnamespace = 'public'::regnamespace AND c.contype = 'c' GROUP BY t.relname"
    ):
        facts["checks", row["relname"]] = str(row["count"])
    for row in await db.fetch(_POSTGRES_KEYS):
        columns = ", ".join(row["columns"])
        if row["contype"] == "p":
            facts["primary key", row["tbl"]] = columns
        elif row["contype"] == "u":
            facts["unique", row["tbl"], columns] = ""
        else:
            facts["foreign key", row["tbl"], columns] = (
                f"{row['target']} ({', '.join(row['targets'])})"
                f" ON DELETE {_ON_DELETE[row['confdeltype']]}"
            )
    for row in await db.fetch(_POSTGRES_INDEXES):
        unique = "UNIQUE " if row["is_unique"] else ""
        columns = ", ".join(row["columns"]).replace('"', "")  # a keyword, like position, is quoted
        facts["index", row["name"]] = (
            f"{unique}ON {row['tbl']} ({columns}){_predicate(row['predicate'])}"
        )
    for row in await db.fetch(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal"
    ):
        facts["trigger", row["relname"], row["tgname"]] = ""
    for view, columns in views.items():
        facts["view", view] = ", ".join(sorted(columns))
    return {key: fact for key, fact in facts.items() if key[1] != STORE_BOOKKEEPING}


def differences(sqlite: Facts, postgres: Facts) -> list[str]:
    """What one engine has and the other has not, or has otherwise, once the allowed
    differences are set aside (each of which must still be there, or the list is stale)."""
    for allowed, facts, engine in (
        (SQLITE_ONLY, sqlite, "SQLite"),
        (POSTGRES_ONLY, postgres, "PostgreSQL"),
    ):
        for key, fact in allowed.items():
            assert facts.pop(key, None) == fact, f"{engine} no longer has {key}: {fact}"
    found = []
    for key in sorted(sqlite.keys() | postgres.keys()):
        if key not in postgres:
            found.append(f"only SQLite has {key}: {sqlite[key]}")
        elif key not in sqlite:
            found.append(f"only PostgreSQL has {key}: {postgres[key]}")
        elif sqlite[key] != postgres[key]:
            found.append(f"{key}: SQLite {sqlite[key]!r}, PostgreSQL {postgres[key]!r}")
    return found


async def migrate_postgres(url: str) -> None:
    """Every PostgreSQL migration, applied by the store as `mozaik run` applies them."""
    async with Store.open(url):
        pass


async def sqlite_schema(path: Path, change: str | None = None) -> Facts:
    """A fresh SQLite database's schema, migrated, then changed by `change` if given."""
    async with Store.open(path) as store:
        if change:
            async with store.transaction() as db:
                await db.execute(change)
        return await sqlite_facts(store)


async def postgres_schema(url: str, change: str | None = None) -> Facts:
    """An empty PostgreSQL database's schema, migrated, then changed by `change` if given."""
    await migrate_postgres(url)
    db = await asyncpg.connect(url)
    try:
        if change:
            await db.execute(change)
        return await postgres_facts(db)
    finally:
        await db.close()


def test_postgresqls_own_statements_each_belong_to_a_migration(tmp_path, monkeypatch):
    known = _migrations()
    assert postgresql_own(known).keys() <= {(number, name) for number, name, _ in known}
    (tmp_path / "002_gig.sql").write_text("SELECT 1;")  # a name 002 does not have
    monkeypatch.setattr(schema, "POSTGRESQL_OWN", tmp_path)
    with pytest.raises(RuntimeError, match=r"for no migration: \[\(2, 'gig'\)\]"):
        postgresql_own(known)


async def test_both_engines_migrate_to_the_same_schema(tmp_path, postgres_url):
    sqlite = await sqlite_schema(tmp_path / "mozaik.db")
    postgres = await postgres_schema(postgres_url)
    assert sqlite["checks", "gigs"] == "10", "the schema was not read"
    assert differences(sqlite, postgres) == []


async def test_a_column_on_one_engine_only_is_told(tmp_path, postgres_url):
    sqlite = await sqlite_schema(
        tmp_path / "mozaik.db", "ALTER TABLE hubs ADD COLUMN only_here INTEGER"
    )
    postgres = await postgres_schema(
        postgres_url, "ALTER TABLE gigs ADD COLUMN only_there TEXT NOT NULL DEFAULT ''"
    )
    assert differences(sqlite, postgres) == [
        "only PostgreSQL has ('column', 'gigs', 'only_there'): text NOT NULL DEFAULT ''",
        "only SQLite has ('column', 'hubs', 'only_here'): integer",
    ]
