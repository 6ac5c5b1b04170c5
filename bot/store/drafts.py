"""Refused forms a member typed, kept for them to open again, also after a restart: one draft
per member of a hub, in a feature's table of (guild_id, user_id, form, saved_at)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Generic, Literal, Protocol, TypeVar

from bot.store import Store
from bot.store.stamps import stamp

DraftTable = Literal["collab_drafts", "profile_drafts"]


class Typed(Protocol):
    def to_json(self) -> str: ...


Form = TypeVar("Form", bound=Typed)


class Drafts(Generic[Form]):
    """A feature's drafts: kept in `table`, read back as a form by `read` (from its JSON)."""

    def __init__(self, table: DraftTable, read: Callable[[str], Form]) -> None:
        self.table = table
        self.read = read

    async def keep(
        self, store: Store, guild_id: int, user_id: int, form: Form, now: datetime
    ) -> None:
        """Keep `form` as the member's draft, over the one they had."""
        await store.write(
            f"INSERT INTO {self.table} (guild_id, user_id, form, saved_at) VALUES (?, ?, ?, ?)"  # noqa: S608 - a fixed table
            " ON CONFLICT (guild_id, user_id) DO UPDATE"
            " SET form = excluded.form, saved_at = excluded.saved_at",
            (guild_id, user_id, form.to_json(), stamp(now)),
        )

    async def get(self, store: Store, guild_id: int, user_id: int) -> Form | None:
        """The member's draft, None when none is kept."""
        row = await store.fetch_one(
            f"SELECT form FROM {self.table} WHERE guild_id = ? AND user_id = ?",  # noqa: S608 - a fixed table
            (guild_id, user_id),
        )
        return None if row is None else self.read(row["form"])
