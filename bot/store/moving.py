"""A hub's data moved from one store to another (`mozaik migrate-store FROM TO`): SQLite to
PostgreSQL, back, or SQLite to SQLite.

Both stores are opened migrated, so they share one schema; the target must hold no rows. Every
table is read a page at a time and poured into the target by the fastest way it has (one
binary COPY per table on PostgreSQL, a transaction per page on SQLite: `Store.copy_into`),
parents before children (foreign-key order), but for those the triggers keep (they rebuild
them from the rows copied); on PostgreSQL the identity sequences are then moved past the
copied ids, so the next row does not collide. Then every table, those the triggers rebuilt
included, is read back on both sides at once, a page at a time, in the same order (the primary
key's, text by code point) and hashed in the same canonical form: a move is verified when each
table has the same row count and checksum on both.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace

import asyncpg

from bot.store import Store
from bot.store.tables import ROWID, Table, derived_tables, in_key_order, order_by, read_tables

# Rows per page read, and per batch written: enough that a page's trip to the database costs
# little beside its rows, few enough to hold one page of the widest table in memory.
BATCH = 10_000
DRIVER_ERRORS = (sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError)


class MoveRefused(Exception):
    """The move cannot be made or failed; the message is one line."""


@dataclass(frozen=True)
class TableCheck:
    """One table read back on both sides: its row count and checksum in each."""

    name: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def same(self) -> bool:
        return (self.source_rows, self.source_sum) == (self.target_rows, self.target_sum)


async def move_store(source: Store, target: Store) -> list[TableCheck]:
    """Copy every row of `source` into the empty `target` (MoveRefused if it has rows or the
    schemas differ), then each table's check, by name."""
    tables = _shared(await read_tables(source), await read_tables(target))
    await _refuse_rows(target, tables)
    derived = await derived_tables(target, frozenset(tables))
    written = {name: table for name, table in tables.items() if name not in derived}
    try:
        ordered = in_key_order(written)
    except ValueError as cycle:
        raise MoveRefused(str(cycle)) from None
    for table in ordered:
        try:
            await target.copy_into(table.name, table.columns, table_pages(source, table))
        except DRIVER_ERRORS as error:
            raise MoveRefused(f"copying {table.name} failed: {_first_line(error)}") from None
    if target.dialect == "postgresql":
        await _move_sequences_past_copied_ids(target)
    return [await _check(source, target, tables[name]) for name in sorted(tables)]


def _shared(source: dict[str, Table], target: dict[str, Table]) -> dict[str, Table]:
    """The tables as both sides have them (MoveRefused if they differ): the declared columns of
    each, and SQLite's implicit rowid where the other side has it too, in one order."""
    if source.keys() != target.keys():
        only = sorted(source.keys() ^ target.keys())
        raise MoveRefused(f"the two schemas differ: {', '.join(only)} on one side only")
    shared = {}
    for name, table in source.items():
        other = target[name]
        declared = {column for column in table.columns if column != ROWID}
        if declared ^ {column for column in other.columns if column != ROWID}:
            raise MoveRefused(f"the two schemas differ in the columns of {name}")
        if not table.key:
            raise MoveRefused(f"{name} has no primary key to copy it in order")
        # By name: each engine lists them in the order its migrations added them.
        columns = tuple(sorted(set(table.columns) & set(other.columns)))
        shared[name] = replace(
            table, columns=columns, text_columns=table.text_columns | other.text_columns
        )
    return shared


async def _refuse_rows(target: Store, tables: dict[str, Table]) -> None:
    for name in sorted(tables):
        # Names from the catalog, quoted; no value from outside reaches the SQL text.
        if await target.fetch_one(f'SELECT 1 FROM "{name}" LIMIT 1'):  # noqa: S608
            raise MoveRefused(
                f"the target already has rows (in {name}): move into a new, empty database"
            )


async def table_rows(store: Store, table: Table) -> AsyncIterator[Sequence[object]]:
    """The table's rows in key order (text by code point)."""
    async for page in table_pages(store, table):
        for row in page:
            yield row


async def table_pages(store: Store, table: Table) -> AsyncIterator[list[Sequence[object]]]:
    """The table's rows in key order (text by code point), a page of BATCH at a time, each
    page starting after the last key of the one before."""
    columns = ", ".join(f'"{column}"' for column in table.columns)
    key = order_by(table, store.dialect)
    at = [table.columns.index(column) for column in table.key]
    start = f'SELECT {columns} FROM "{table.name}"'  # noqa: S608 - names from the catalog
    after = f" WHERE ({', '.join(key)}) > ({', '.join('?' * len(key))})"
    ordered = f" ORDER BY {', '.join(key)} LIMIT ?"
    rows = await store.fetch_all(start + ordered, (BATCH,))
    while rows:
        page: list[Sequence[object]] = [tuple(row) for row in rows]
        yield page
        if len(page) < BATCH:
            return
        last = page[-1]
        rows = await store.fetch_all(start + after + ordered, (*(last[i] for i in at), BATCH))


_IDENTITY_COLUMNS = """
SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = 'public'::regnamespace AND a.attidentity <> '' ORDER BY 1, 2
"""


async def _move_sequences_past_copied_ids(target: Store) -> None:
    """Each identity column's sequence set to the largest id copied (an empty table's left
    alone), as the next INSERT would otherwise hand out an id already taken."""
    for table, column in await target.fetch_all(_IDENTITY_COLUMNS):
        largest = f'(SELECT max("{column}") FROM "{table}")'  # noqa: S608 - catalog names
        await target.write(
            f"SELECT setval(pg_get_serial_sequence(?, ?), {largest})", (table, column)
        )


async def _check(source: Store, target: Store, table: Table) -> TableCheck:
    # Both sides at once: each engine reads in a thread or a server of its own meanwhile.
    (source_rows, source_sum), (target_rows, target_sum) = await asyncio.gather(
        table_checksum(source, table), table_checksum(target, table)
    )
    return TableCheck(table.name, source_rows, target_rows, source_sum, target_sum)


async def table_checksum(store: Store, table: Table) -> tuple[int, str]:
    """The table's row count and the SHA-256 of its rows in key order, each in a canonical form
    both engines give alike (JSON of the values; a blob as hex)."""
    digest = hashlib.sha256()
    count = 0
    async for row in table_rows(store, table):
        digest.update(canonical(row))
        count += 1
    return count, digest.hexdigest()


def canonical(row: Sequence[object]) -> bytes:
    """One row as bytes, the same whichever engine read it."""
    return json.dumps([_value(value) for value in row], ensure_ascii=False).encode() + b"\n"


def _value(value: object) -> object:
    if isinstance(value, bytes):
        return {"blob": value.hex()}
    if isinstance(value, bool):  # PostgreSQL's boolean, SQLite's 0 or 1
        return int(value)
    if value is None or isinstance(value, int | float | str):
        return value
    raise TypeError(f"a stored value of an unexpected type: {type(value).__name__}")


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
