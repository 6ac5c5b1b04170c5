"""A letter of the outbox: one direct message owed to one member about one item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    """What a letter is; each kind has its renderer on the Discord side (cogs/outbox.py)."""

    SKILL_ALERT = "skill_alert"  # a published gig asks for skills the member offers
    PERSONAL_DIGEST = "personal_digest"  # one part of a subscriber's own weekly message
    GIG_REMINDER = "gig_reminder"  # the poster's gig expires soon: renew or close it
    COLLAB_INVITE = "collab_invite"  # a request's author invites a member Mozaik suggested
    WORK_QUESTION = "work_question"  # one side of an engagement: did you work together?
    WORK_CONFIRMED = "work_confirmed"  # the side that said yes first: the other side confirmed
    TESTIMONIAL_REQUEST = "testimonial_request"  # a testimonial's receiver: approve or hide it
    RESUME_EXPORT = "resume_export"  # the member's JSON Resume document, asked for by /intro export


class Status(StrEnum):
    WAITING = "waiting"
    SENT = "sent"
    CLOSED = "closed"  # the member does not accept direct messages from Mozaik
    FAILED = "failed"  # Discord refused it for good, or it was tried too often
    DROPPED = "dropped"  # no longer worth sending: the gig closed, the member left


@dataclass(frozen=True)
class Letter:
    id: int
    kind: Kind
    guild_id: int
    item_id: int
    user_id: int
    locale: str
    detail: str
    attempts: int  # before this one
    created_at: datetime

    @property
    def tried_before(self) -> bool:
        """An earlier attempt may have reached Discord: look for it before sending again."""
        return self.attempts > 0


@dataclass(frozen=True)
class Outcome:
    """What became of one attempt at a letter: done with (`status` not WAITING), or to be tried
    again from `retry_at`."""

    letter_id: int
    status: Status
    message_id: int | None = None
    error: str | None = None
    retry_at: datetime | None = None
