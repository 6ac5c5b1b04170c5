"""The store's tables as its catalog describes them, on either engine: their columns, primary
keys, the tables their foreign keys point at, and which tables the triggers keep (a copy of the
database, bot/store/moving.py, writes the others and lets the triggers rebuild those)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.store import Dialect, Store

# SQLite's implicit row number: a column of its own on PostgreSQL in the tables whose readers
# order by it (marked `-- rowid:` in migrations/002, 003, 004), so a copy carries it.
ROWID = "rowid"
# The store's own record of the schema's version on PostgreSQL (SQLite keeps PRAGMA
# user_version): each side migrates itself, so it is never copied.
BOOKKEEPING = frozenset({"schema_version"})

# The tables a trigger statement writes: INSERT INTO t, UPDATE t SET, DELETE FROM t.
_WRITTEN = re.compile(
    r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?(?=[\s(])", re.IGNORECASE
)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]  # declared, then the implicit rowid on SQLite where there is one
    key: tuple[str, ...]  # the primary key, or else the shortest unique one, in its order
    text_columns: frozenset[str]  # its text columns (the key's are ordered by code point on both)
    references: frozenset[str]  # the other tables its foreign keys point at


async def read_tables(store: Store) -> dict[str, Table]:
    """Every table of the store's schema, by name, but for its engine's own bookkeeping and
    SQLite's full-text index (a virtual table and its shadows, rebuilt by triggers)."""
    if store.dialect == "postgresql":
        return await _postgres_tables(store)
    return await _sqlite_tables(store)


async def derived_tables(store: Store, names: frozenset[str]) -> frozenset[str]:
    """Which of `names` some trigger writes: they follow from the other tables' rows."""
    if store.dialect == "postgresql":
        sql = (
            "SELECT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal"
        )
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
    written = {
        match.lower() for (body,) in await store.fetch_all(sql) for match in _WRITTEN.findall(body)
    }
    return frozenset(name for name in names if name.lower() in written)


def in_key_order(tables: dict[str, Table]) -> list[Table]:
    """The tables with every table after those its foreign keys point at (by name among
    equals), so each row's parents are copied before it."""
    placed: list[Table] = []
    done: set[str] = set()
    waiting = dict(sorted(tables.items()))
    while waiting:
        ready = [
            name
            for name, table in waiting.items()
            if all(parent in done or parent == name for parent in table.references & tables.keys())
        ]
        if not ready:
            raise ValueError(f"foreign keys in a cycle among {', '.join(waiting)}")
        for name in ready:
            placed.append(waiting.pop(name))
            done.add(name)
    return placed


async def _sqlite_tables(store: Store) -> dict[str, Table]:
    tables = {}
    listed = await store.fetch_all(
        "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
        "AND name NOT LIKE 'sqlite_%'"
    )
    for name, without_rowid in listed:
        declared = await store.fetch_all(
            "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", (name,)
        )
        key = [row[0] for row in sorted(declared, key=lambda row: row[2]) if row[2]]
        types = {row[0]: str(row[1]).upper() for row in declared}
        uniques = await store.fetch_all(
            "SELECT i.name, c.name FROM pragma_index_list(?) AS i, pragma_index_info(i.name) AS c "
            "WHERE i.origin = 'u' ORDER BY i.name, c.seqno",
            (name,),
        )
        unique: dict[str, list[str]] = {}
        for index, column in uniques:
            unique.setdefault(index, []).append(column)
        # A single INTEGER key is the rowid itself; any other rowid table has one besides.
        aliased = len(key) == 1 and types[key[0]] == "INTEGER"
        implicit = () if without_rowid or aliased else (ROWID,)
        parents = await store.fetch_all('SELECT "table" FROM pragma_foreign_key_list(?)', (name,))
        tables[name] = Table(
            name=name,
            columns=(*(row[0] for row in declared), *implicit),
            key=tuple(key) or _shortest(unique.values()),
            text_columns=frozenset(column for column, kind in types.items() if _is_text(kind)),
            references=frozenset(row[0] for row in parents),
        )
    return tables


def _is_text(declared: str) -> bool:
    """Whether SQLite gives a column of this declared type text affinity."""
    return "INT" not in declared and any(word in declared for word in ("CHAR", "CLOB", "TEXT"))


_POSTGRES_COLUMNS = """
SELECT c.relname, a.attname, t.typcategory = 'S' AS is_text
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
ORDER BY c.relname, a.attnum
"""

# Primary ('p'), unique ('u') and foreign ('f') keys: their kind, table, columns in order and
# (a foreign key's) the table it points at.
_POSTGRES_KEYS = """
SELECT k.contype::text, c.relname,
       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS n (number, place)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n.number
             ORDER BY n.place) AS columns,
       f.relname AS parent
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
LEFT JOIN pg_class f ON f.oid = k.confrelid
WHERE c.relnamespace = 'public'::regnamespace AND k.contype IN ('p', 'u', 'f')
"""


async def _postgres_tables(store: Store) -> dict[str, Table]:
    columns: dict[str, list[str]] = {}
    text: dict[str, set[str]] = {}
    for table, column, is_text in await store.fetch_all(_POSTGRES_COLUMNS):
        if table not in BOOKKEEPING:
            columns.setdefault(table, []).append(column)
            if is_text:
                text.setdefault(table, set()).add(column)
    primary: dict[str, tuple[str, ...]] = {}
    unique: dict[str, list[list[str]]] = {}
    references: dict[str, set[str]] = {}
    for kind, table, named, parent in await store.fetch_all(_POSTGRES_KEYS):
        if kind == "p":
            primary[table] = tuple(named)
        elif kind == "u":
            unique.setdefault(table, []).append(list(named))
        else:
            references.setdefault(table, set()).add(parent)
    return {
        name: Table(
            name=name,
            columns=tuple(names),
            key=primary.get(name) or _shortest(unique.get(name, [])),
            text_columns=frozenset(text.get(name, set())),
            references=frozenset(references.get(name, set())),
        )
        for name, names in columns.items()
    }


def _shortest(keys: Iterable[list[str]]) -> tuple[str, ...]:
    """The unique key a table without a primary key is ordered by: the shortest, then the first
    by its columns' names, so both engines choose the same one."""
    return min((tuple(key) for key in keys), key=lambda key: (len(key), key), default=())


def order_by(table: Table, dialect: Dialect) -> list[str]:
    """The key's columns as ORDER BY terms giving one order on both engines: text by code point
    (SQLite's own order; PostgreSQL's by the "C" collation, whatever the database's)."""
    return [
        f'"{column}" COLLATE "C"'
        if dialect == "postgresql" and column in table.text_columns
        # SQLite's text order is already by code point (BINARY).
        else f'"{column}"'
        for column in table.key
    ]
