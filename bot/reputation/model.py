"""What a completed engagement is: two members of one hub who both said they worked together."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

NAMED_MAX = 5  # members a poster may name as having done one gig


class EngagementKind(StrEnum):
    GIG = "gig"  # the gig's poster named the member who did it
    COLLAB = "collab"  # a matched collaboration request: its author and one partner


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Engagement:
    """One pair's record: the asker (a gig's poster, a request's author) and the member they
    worked with, each side's yes when given, and how it ended."""

    id: int
    guild_id: int
    kind: EngagementKind
    source_id: int
    asker_id: int
    member_id: int
    asked_at: datetime
    asker_yes_at: datetime | None = None
    member_yes_at: datetime | None = None
    confirmed_at: datetime | None = None
    declined_at: datetime | None = None

    @property
    def sides(self) -> tuple[int, int]:
        return (self.asker_id, self.member_id)

    def other_side(self, user_id: int) -> int:
        return self.member_id if user_id == self.asker_id else self.asker_id


TESTIMONIAL_MAX = 500
TESTIMONIAL_WINDOW = timedelta(days=60)  # after the engagement was confirmed
ENDORSED_MAX = 3  # skills one side endorses in the other


class TestimonialStatus(StrEnum):
    WAITING = "waiting"  # for its receiver's approval
    SHOWN = "shown"
    HIDDEN = "hidden"  # by its receiver, who may show it again
    REMOVED = "removed"  # by a moderator, for good


@dataclass(frozen=True)
class Testimonial:
    id: int
    guild_id: int
    engagement_id: int
    author_id: int
    receiver_id: int
    body: str
    written_at: datetime
    status: TestimonialStatus
    decided_at: datetime | None = None


@dataclass(frozen=True)
class CardReputation:
    """What a member's card shows of their reputation in one hub."""

    completed: int = 0  # confirmed engagements, on either side
    latest: Testimonial | None = None  # the latest testimonial they approved
    shown: int = 0  # how many testimonials they show
    endorsed: dict[str, int] = field(default_factory=dict)  # skill -> confirmed counterparts


@dataclass(frozen=True)
class PortfolioReputation:
    """What a member's public portfolio page shows of their reputation in one hub."""

    testimonials: list[Testimonial]  # the latest they approved, one page
    shown: int  # how many testimonials they show in all
    endorsed: dict[str, int]  # skill -> confirmed counterparts
