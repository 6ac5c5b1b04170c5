"""Gig rows and gigs: the columns a gig's terms fill, its skills and audit events, and back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from bot.gigs.curation import GigAction
from bot.gigs.model import (
    Compensation,
    Gig,
    GigStatus,
    GigTerms,
    PayPeriod,
)
from bot.gigs.money import from_cents, to_cents
from bot.store import Store
from bot.store.rows import from_row
from bot.store.stamps import stamp

# Rows to gigs.

TERM_COLUMNS = (
    "kind",
    "title",
    "description",
    "engagement",
    "pay_currency",
    "pay_min_cents",
    "pay_max_cents",
    "pay_period",
    "location",
    "city",
    "level",
    "apply_by",
    "apply_url",
    "delivery_days",
)


def term_values(terms: GigTerms) -> tuple[object, ...]:
    pay = terms.compensation
    return (
        terms.kind.value,
        terms.title,
        terms.description,
        terms.engagement.value,
        pay.currency,
        to_cents(pay.minimum),
        None if pay.maximum is None else to_cents(pay.maximum),
        pay.period.value,
        terms.location.value,
        terms.city,
        terms.level.value,
        None if terms.apply_by is None else terms.apply_by.isoformat(),
        terms.apply_url,
        terms.delivery_days,
    )


def sql_value(value: object) -> object:
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return to_cents(value)
    if isinstance(value, Enum):
        return value.value
    return value


async def write_skills(db: Any, gig_id: int, skills: Iterable[str]) -> None:
    await db.executemany(
        "INSERT INTO gig_skills (gig_id, skill, position) VALUES (?, ?, ?)",
        [(gig_id, skill, position) for position, skill in enumerate(dict.fromkeys(skills))],
    )


async def record_event(
    db: Any,
    gig_id: int,
    now: datetime,
    actor_id: int | None,
    action: GigAction,
    from_status: GigStatus | None,
    to_status: GigStatus | None,
    detail: str | None = None,
) -> None:
    await db.execute(
        "INSERT INTO gig_events (gig_id, at, actor_id, action, from_status, to_status, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            gig_id,
            stamp(now),
            actor_id,
            action.value,
            None if from_status is None else from_status.value,
            None if to_status is None else to_status.value,
            detail,
        ),
    )


async def gigs_from_rows(store: Store, rows: Sequence[sqlite3.Row]) -> list[Gig]:
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    skill_rows = await store.fetch_all(
        f"SELECT gig_id, skill FROM gig_skills WHERE gig_id IN ({', '.join('?' for _ in ids)}) "  # noqa: S608 - placeholders only
        "ORDER BY gig_id, position",
        ids,
    )
    skills: dict[int, list[str]] = {}
    for skill_row in skill_rows:
        skills.setdefault(skill_row["gig_id"], []).append(skill_row["skill"])
    return [gig_from_row(row, tuple(skills.get(row["id"], ()))) for row in rows]


def gig_from_row(row: sqlite3.Row, skills: tuple[str, ...]) -> Gig:
    pay = Compensation(
        currency=row["pay_currency"],
        minimum=from_cents(row["pay_min_cents"]),
        maximum=None if row["pay_max_cents"] is None else from_cents(row["pay_max_cents"]),
        period=PayPeriod(row["pay_period"]),
    )
    terms = from_row(GigTerms, row, skills=skills, compensation=pay)
    return from_row(Gig, row, terms=terms)
