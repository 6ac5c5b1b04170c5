"""A feature's record read from its row: each field from the column of its name, as every table
keeps it (stamps by `bot/store/stamps.py`, enums by their value, flags as 0 or 1, days as ISO
text), so a store names only the fields its row does not hold as they are."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from functools import cache
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from bot.store import Store
from bot.store.stamps import instant

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Read = Callable[[Any], object]

RecordT = TypeVar("RecordT", bound="DataclassInstance")


def from_row(model: type[RecordT], row: sqlite3.Row, **given: object) -> RecordT:
    """The `model` of `row`: the fields `given`, and every other one read from its column."""
    read = {name: parse(row[name]) for name, parse in _columns(model) if name not in given}
    return model(**read, **given)


async def fetched(
    store: Store, model: type[RecordT], sql: str, params: Sequence[object]
) -> RecordT | None:
    """The `model` of the first row the query reads; None when it reads none."""
    row = await store.fetch_one(sql, params)
    return None if row is None else from_row(model, row)


async def returned(
    db: Any, model: type[RecordT], sql: str, params: Sequence[object]
) -> RecordT | None:
    """The `model` of the row a statement `... RETURNING` wrote, in the caller's transaction;
    None when it wrote none (a conflict, or a condition no longer met)."""
    cursor = await db.execute(sql, params)
    row = await cursor.fetchone()
    return None if row is None else from_row(model, row)


@cache
def _columns(model: type[DataclassInstance]) -> tuple[tuple[str, Read], ...]:
    """Each field of `model` and how its column's value becomes it (a null stays None)."""
    hints = get_type_hints(model)
    return tuple((field.name, _parser(hints[field.name])) for field in fields(model))


def _parser(hint: Any) -> Read:
    if get_origin(hint) in (Union, UnionType):
        # `X | None`: a null column is None, any other value is read as an X.
        (hint,) = (arg for arg in get_args(hint) if arg is not NoneType)
    if hint is datetime:
        return instant
    if hint is date:
        return _unless_null(date.fromisoformat)
    if isinstance(hint, type) and issubclass(hint, Enum | bool):
        return _unless_null(hint)
    return _as_is


def _unless_null(parse: Read) -> Read:
    return lambda value: None if value is None else parse(value)


def _as_is(value: object) -> object:
    return value
