"""What a collaboration request is, what an answer to it is, and the limits both live within."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.i18n import Locale

TITLE_MAX = 100
DESCRIPTION_MAX = 1500
SKILLS_MIN = 1
SKILLS_MAX = 8
COMMITMENT_MAX = 100
HOURS_MAX = 168  # a week has no more hours than this
PARTNERS_MAX = 10
SUGGESTIONS_MAX = 5


class Kind(StrEnum):
    PROJECT_PARTNER = "project_partner"
    CO_FOUNDER = "co_founder"
    MENTOR = "mentor"
    MENTEE = "mentee"
    BUDDY = "buddy"  # study or accountability buddy
    REFERRAL = "referral"
    OTHER = "other"


class Compensation(StrEnum):
    PAID = "paid"
    UNPAID = "unpaid"
    EQUITY = "equity"
    REVENUE_SHARE = "revenue_share"
    TO_DISCUSS = "to_discuss"


class Status(StrEnum):
    PENDING = "pending"  # waiting in the moderation queue
    OPEN = "open"
    MATCHED = "matched"
    CLOSED = "closed"
    EXPIRED = "expired"
    REJECTED = "rejected"


class AnswerStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class CollabDraft:
    """A request as its author wrote it, checked and tidied; stored, a `CollabRequest`."""

    title: str
    description: str
    skills: tuple[str, ...]
    kind: Kind
    commitment: str
    compensation: Compensation
    partners_wanted: int


@dataclass(frozen=True)
class CollabRequest(CollabDraft):
    """The draft as stored: whose it is, in which hub, and what became of it."""

    id: int
    guild_id: int
    requester_id: int
    requester_locale: Locale  # the language the requester wrote in, for the messages they get
    partners_found: int
    status: Status
    created_at: datetime
    expires_at: datetime
    posted_at: datetime | None = None
    matched_at: datetime | None = None
    closed_at: datetime | None = None
    channel_id: int | None = None
    message_id: int | None = None
    thread_id: int | None = None  # the forum post, or the thread opened on the request's message
    queue_channel_id: int | None = None
    queue_message_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def partners_missing(self) -> int:
        return max(self.partners_wanted - self.partners_found, 0)


@dataclass(frozen=True)
class CollabAnswer:
    """A member's "I'm in" and what the requester made of it."""

    request_id: int
    user_id: int
    locale: Locale  # the member's language when they answered, for the messages they get
    status: AnswerStatus
    created_at: datetime
    decided_at: datetime | None = None
    thread_id: int | None = None  # the thread opened for the two of them on acceptance
