"""A subscriber's weekly message as the outbox keeps it: one letter per part of the week's
message (which listings it holds is read by `bot/digest/store/personal.py`)."""

from __future__ import annotations


def letter_item(iso_week: str, part: int) -> int:
    """What one part of a week's personal message is about, as the outbox keys its letters:
    "2026-W46", part 1 -> 20264601."""
    year, week = (int(number) for number in iso_week.split("-W"))
    return (year * 100 + week) * 100 + part
