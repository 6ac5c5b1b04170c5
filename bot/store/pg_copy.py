"""Rows poured into a PostgreSQL table with binary COPY (asyncpg's copy_records_to_table), the
fastest way in, for a move of a whole database (bot/store/moving.py).

Binary COPY takes each value in the Python form of its column's type, as a prepared INSERT
does: an int for an integer, a str for text, bytes for bytea. SQLite has no boolean, so a row
read from it holds 0 or 1 where PostgreSQL's column is a boolean: such values are converted,
by the column types read from the catalog once per table.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import asyncpg

from bot.store.connection import Batches

_COLUMN_TYPES = """
SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
"""


def _boolean(value: object) -> object:
    # SQLite's 0 and 1; anything else is left for the driver to refuse.
    return bool(value) if value in (0, 1) and not isinstance(value, bool) else value


# By the type's name in pg_type; a column of another type takes its value as SQLite gave it.
_CONVERSIONS: dict[str, Callable[[object], object]] = {"bool": _boolean}


async def copy_batches(
    connection: Any, table: str, columns: Sequence[str], batches: Batches
) -> None:
    """Every row of `batches` into `table`'s `columns` with one COPY (the rows are streamed to
    the server as they come, never all held)."""
    types = dict(await connection.fetch(_COLUMN_TYPES, f'"{table}"'))
    converting = [
        (place, _CONVERSIONS[types[column]])
        for place, column in enumerate(columns)
        if types[column] in _CONVERSIONS
    ]

    async def records() -> AsyncIterator[Sequence[object]]:
        async for batch in batches:
            for row in batch:
                if converting:
                    values = list(row)
                    for place, convert in converting:
                        values[place] = convert(values[place])
                    row = values
                yield row

    try:
        await connection.copy_records_to_table(table, columns=list(columns), records=records())
    except (TypeError, ValueError, OverflowError) as error:
        # A value its column cannot take, which the driver tells of as a plain TypeError in a
        # COPY (a prepared statement's DataError names the argument): told as the same error.
        raise asyncpg.DataError(f"invalid input for a column of {table}: {error}") from None
