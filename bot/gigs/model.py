"""What a gig is: its kinds, states, terms and the record the store keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

TITLE_MAX = 100
DESCRIPTION_MAX = 2000
CITY_MAX = 60
NOTE_MAX = 300  # a member's note to the poster with their interest
SKILLS_MIN = 1
SKILLS_MAX = 8


class GigKind(StrEnum):
    HIRING = "hiring"  # a member offers work
    OFFERING = "offering"  # a member offers a service, with its price and delivery time


class GigStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # published
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    CLOSED = "closed"


OPEN_STATUSES = frozenset({GigStatus.PENDING, GigStatus.APPROVED, GigStatus.CHANGES_REQUESTED})


class Engagement(StrEnum):
    PROJECT = "project"
    HOURLY = "hourly"
    PART_TIME = "part_time"
    FULL_TIME = "full_time"  # a full-time contract
    RETAINER = "retainer"


class PayPeriod(StrEnum):
    PROJECT = "project"
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"


# The period a member most likely means when they do not say.
USUAL_PERIOD = {
    Engagement.PROJECT: PayPeriod.PROJECT,
    Engagement.HOURLY: PayPeriod.HOUR,
    Engagement.PART_TIME: PayPeriod.MONTH,
    Engagement.FULL_TIME: PayPeriod.MONTH,
    Engagement.RETAINER: PayPeriod.MONTH,
}


class LocationType(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"


class Level(StrEnum):
    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"


class CloseReason(StrEnum):
    FILLED = "filled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    REMOVED = "removed"  # by a moderator


class ApplicantStatus(StrEnum):
    """What the poster made of a member's interest: nothing yet, or shortlisted or declined."""

    APPLIED = "applied"
    SHORTLISTED = "shortlisted"
    DECLINED = "declined"


class ReportReason(StrEnum):
    SCAM = "scam"
    DEAD = "dead"  # the gig is gone or nobody answers
    OFF_TOPIC = "off_topic"


@dataclass(frozen=True)
class Compensation:
    """An amount or a range, in one ISO 4217 currency, per period."""

    currency: str
    minimum: Decimal
    maximum: Decimal | None  # None for a single amount
    period: PayPeriod

    @property
    def top(self) -> Decimal:
        return self.minimum if self.maximum is None else self.maximum


@dataclass(frozen=True)
class GigTerms:
    """Everything a member chooses or types for a gig: what /gig post and /gig edit produce."""

    kind: GigKind
    title: str
    description: str
    skills: tuple[str, ...]  # canonical skill slugs, in the member's order
    engagement: Engagement
    compensation: Compensation
    location: LocationType
    city: str | None
    level: Level
    apply_by: date | None
    apply_url: str | None  # None: members answer with the "I'm interested" button
    delivery_days: int | None  # offerings only: how long the service takes


@dataclass(frozen=True)
class Gig:
    id: int
    guild_id: int
    poster_id: int
    terms: GigTerms
    status: GigStatus
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime
    published_at: datetime | None = None
    expires_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: CloseReason | None = None
    filled_via_hub: bool | None = None
    decided_by: int | None = None  # the moderator who last decided; None: Mozaik or nobody yet
    decision_reason: str | None = None  # the moderator's words on rejecting or asking for changes
    featured_until: datetime | None = None
    renewals: int = 0
    revision: int = 1
    approved_revision: int | None = None
    reminded_at: datetime | None = None
    poster_locale: str | None = None  # the language the poster used; None: the hub's
    channel_id: int | None = None  # the gigs channel it is published in (text or forum)
    message_channel_id: int | None = None  # the channel holding its post (a forum: the thread)
    message_id: int | None = None  # its published message (in a forum: the post's first message)
    thread_id: int | None = None  # its discussion thread (a forum post, or a thread on the message)
    posts_lost: int = 0  # posts deleted in Discord and made again
    queue_channel_id: int | None = None
    queue_message_id: int | None = None

    @property
    def kind(self) -> GigKind:
        return self.terms.kind

    @property
    def title(self) -> str:
        return self.terms.title

    @property
    def is_published(self) -> bool:
        return self.status is GigStatus.APPROVED

    @property
    def text_reviewed(self) -> bool:
        """Whether a moderator (or the trusted-poster rule) approved the gig as it reads now;
        an edit is not shown publicly until it is approved."""
        return self.approved_revision == self.revision

    def is_featured(self, now: datetime) -> bool:
        return self.featured_until is not None and self.featured_until > now
