"""What a completed engagement is: two members of one hub who both said they worked together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
