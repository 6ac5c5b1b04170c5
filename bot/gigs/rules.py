"""The posting rules a hub sets: bans, a cooldown, a weekly limit and no duplicates.

Every member is held to them, trusted posters and moderators too; the store gathers a member's
`PostingHistory` and these functions say whether they may post, or what to wait for or change.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import Refusal
from bot.hubs.model import HubSettings

LIMIT_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class PostingBan:
    guild_id: int
    user_id: int
    reason: str
    banned_by: int
    banned_at: datetime
    until: datetime | None  # None: until a moderator lifts it

    def is_active(self, now: datetime) -> bool:
        return self.until is None or self.until > now


@dataclass(frozen=True)
class PostingHistory:
    """What the rules need to know about a member's posting in one hub."""

    ban: PostingBan | None
    last_posted_at: datetime | None
    # Gigs still open (pending, published or awaiting changes) posted in the last seven days.
    open_this_week: tuple[datetime, ...]
    duplicate_of: int | None = None  # the member's gig with the same text, within the window
    # Another member's open gig with the same text, whenever it was posted.
    copy_of: int | None = None


class Banned(Refusal):
    """A refusal of the member rather than of what they typed: no form is worth keeping."""


def check_not_banned(history: PostingHistory, now: datetime) -> None:
    """A banned member may neither post nor edit a gig back into the queue."""
    ban = history.ban
    if ban is not None and ban.is_active(now):
        if ban.until is None:
            raise Banned("gigs.banned_forever", reason=ban.reason)
        raise Banned("gigs.banned", reason=ban.reason, until=_unix(ban.until))


def check_may_post(history: PostingHistory, hub: HubSettings, now: datetime) -> None:
    """Ban, cooldown and weekly limit: checked before the form opens and again on submitting."""
    check_not_banned(history, now)
    if history.last_posted_at is not None and hub.post_cooldown_seconds:
        ready_at = history.last_posted_at + timedelta(seconds=hub.post_cooldown_seconds)
        if ready_at > now:
            raise Refusal("gigs.post_cooldown", ready_at=_unix(ready_at))
    check_weekly_limit(history.open_this_week, hub.max_open_gigs_per_week, now)


def check_weekly_limit(open_posted_at: Iterable[datetime], limit: int, now: datetime) -> None:
    """At most `limit` gigs still open among those posted in the last seven days; refused, the
    member learns when the oldest of them stops counting."""
    recent = sorted(at for at in open_posted_at if at > now - LIMIT_WINDOW)
    if len(recent) >= limit:
        frees_at = recent[len(recent) - limit] + LIMIT_WINDOW
        raise Refusal("gigs.weekly_limit", count=limit, ready_at=_unix(frees_at))


def check_not_duplicate(history: PostingHistory) -> None:
    """The member's own repeat names their gig; another member's open gig with the same text
    is not named, as it may still be waiting in the queue."""
    if history.duplicate_of is not None:
        raise Refusal("gigs.duplicate", number=history.duplicate_of)
    if history.copy_of is not None:
        raise Refusal("gigs.duplicate_of_other")


def fingerprint(title: str, description: str) -> str:
    """Equal for texts that differ only in case, accents, punctuation, spacing or invisible
    characters (a zero-width space inside a word hides nothing)."""
    return hashlib.sha256(f"{_normalised(title)}\n{_normalised(description)}".encode()).hexdigest()


def _normalised(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        char if char.isalnum() else " "
        for char in folded
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    return " ".join(kept.split())


def _unix(instant: datetime) -> int:
    return int(instant.timestamp())
