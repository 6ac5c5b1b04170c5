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
class Stamped:
    made_at: datetime
    sold_at: datetime | None = None


@dataclass(frozen=True)
class Valued:
    colour: Colour
    shade: Colour | None
    kept: bool | None
    due_on: date | None
    label: str = ""


def row_of(**columns: object) -> sqlite3.Row:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    names = ", ".join(f"? AS {name}" for name in columns)
    row: sqlite3.Row = connection.execute(f"SELECT {names}", tuple(columns.values())).fetchone()
    return row


def test_stamps_are_read_as_the_instants_they_are():
    assert from_row(Stamped, row_of(made_at=stamp(NOW), sold_at=stamp(NOW))) == Stamped(NOW, NOW)


def test_enums_flags_and_days_are_read_from_their_stored_values():
    row = row_of(colour="red", shade="red", kept=0, due_on="2026-11-30", label="x")
    assert from_row(Valued, row) == Valued(Colour.RED, Colour.RED, False, date(2026, 11, 30), "x")


def test_a_null_column_is_none_whatever_the_field_holds():
    assert from_row(Stamped, row_of(made_at=stamp(NOW), sold_at=None)) == Stamped(NOW)
    row = row_of(colour="red", shade=None, kept=None, due_on=None, label="")
    assert from_row(Valued, row) == Valued(Colour.RED, None, None, None)


def test_given_fields_are_taken_as_they_are_and_their_columns_never_read():
    row = row_of(colour="red", shade=None, kept=1, due_on=None)
    assert from_row(Valued, row, label="given") == Valued(Colour.RED, None, True, None, "given")


def test_a_missing_column_is_an_error_not_a_default():
    with pytest.raises(IndexError):
        from_row(Stamped, row_of(made_at=stamp(NOW)))
