import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

import pytest

from bot.store.rows import from_row
from bot.store.stamps import stamp

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Thing:
    id: int
    colour: Colour
    made_at: datetime
    shade: Colour | None = None
    sold_at: datetime | None = None
    kept: bool | None = None
    due_on: date | None = None
    label: str = ""


def row_of(**columns: object) -> sqlite3.Row:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    names = ", ".join(f"? AS {name}" for name in columns)
    row: sqlite3.Row = connection.execute(f"SELECT {names}", tuple(columns.values())).fetchone()
    return row


def thing_columns(**changes: object) -> dict[str, object]:
    return {
        "id": 7,
        "colour": "red",
        "made_at": stamp(NOW),
        "shade": None,
        "sold_at": None,
        "kept": None,
        "due_on": None,
        "label": "x",
    } | changes


def test_each_field_is_read_from_its_column_as_the_table_keeps_it():
    row = row_of(**thing_columns(shade="red", sold_at=stamp(NOW), kept=0, due_on="2026-11-30"))
    assert from_row(Thing, row) == Thing(
        7, Colour.RED, NOW, Colour.RED, NOW, kept=False, due_on=date(2026, 11, 30), label="x"
    )


def test_a_null_column_is_none_whatever_the_field_holds():
    assert from_row(Thing, row_of(**thing_columns())) == Thing(7, Colour.RED, NOW, label="x")


def test_given_fields_are_taken_as_they_are_and_their_columns_never_read():
    row = row_of(**{name: value for name, value in thing_columns().items() if name != "label"})
    assert from_row(Thing, row, label="given").label == "given"


def test_a_missing_column_is_an_error_not_a_default():
    row = row_of(**{name: value for name, value in thing_columns().items() if name != "label"})
    with pytest.raises(IndexError):
        from_row(Thing, row)
