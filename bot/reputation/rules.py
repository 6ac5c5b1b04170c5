"""Who may be named as having done a gig, who answers for an engagement, and when it counts.

An engagement is completed (confirmed) only when both of its two members said yes: for a gig
the poster's naming is their yes and the named member confirms; for a matched collaboration
both sides are asked. A no from either side ends it, and nothing is confirmed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.collab.model import CollabRequest, Status
from bot.errors import Refusal
from bot.gigs.model import CloseReason, Gig, GigStatus
from bot.reputation.model import (
    ENDORSED_MAX,
    NAMED_MAX,
    TESTIMONIAL_MAX,
    TESTIMONIAL_WINDOW,
    Answer,
    Engagement,
    Testimonial,
    TestimonialStatus,
)


def members_to_name(poster_id: int, chosen: Iterable[int], in_hub: Iterable[int]) -> list[int]:
    """The members a gig's poster names as having done it, in the order chosen: each at most
    once, never the poster, only members of the gig's hub (`in_hub`, bots left out by the
    caller); refused when that leaves nobody or more than NAMED_MAX."""
    members = set(in_hub)
    named = list(dict.fromkeys(m for m in chosen if m != poster_id and m in members))
    if not named:
        raise Refusal("reputation.name_nobody")
    if len(named) > NAMED_MAX:
        raise Refusal("reputation.name_too_many", count=NAMED_MAX)
    return named


def check_may_answer(engagement: Engagement | None, user_id: int) -> Engagement:
    """The engagement a member answers for: refused when it is not theirs (a forged or
    forwarded button), or when it ended already, or when they answered already."""
    if engagement is None or user_id not in engagement.sides:
        raise Refusal("reputation.not_yours")
    if engagement.declined_at is not None:
        raise Refusal("reputation.already_declined")
    if engagement.confirmed_at is not None or _yes_of(engagement, user_id) is not None:
        raise Refusal("reputation.already_answered")
    return engagement


def _yes_of(engagement: Engagement, user_id: int) -> datetime | None:
    return engagement.asker_yes_at if user_id == engagement.asker_id else engagement.member_yes_at


def is_confirmed_after(engagement: Engagement, user_id: int, answer: Answer) -> bool:
    """Whether this answer completes the engagement: a yes when the other side said yes."""
    other = engagement.other_side(user_id)
    return answer is Answer.YES and _yes_of(engagement, other) is not None


def check_may_name(gig: Gig, user_id: int) -> None:
    """Only the poster of a gig closed as filled names who did it."""
    if gig.poster_id != user_id:
        raise Refusal("gigs.not_yours", number=gig.id)
    if gig.status is not GigStatus.CLOSED or gig.close_reason is not CloseReason.FILLED:
        raise Refusal("reputation.not_filled", number=gig.id)


def asks_if_worked_together(request: CollabRequest, now: datetime) -> bool:
    """Whether a collaboration request asks its pairs (the requester and each accepted partner)
    "did you work together?": once it is over, if it found a partner at all. A matched request
    stays matched, so it is over when its time runs out; a closed or expired one at once."""
    if request.partners_found == 0:
        return False
    if request.status is Status.MATCHED:
        return request.expires_at <= now
    return request.status in (Status.CLOSED, Status.EXPIRED)


def check_may_write(
    engagement: Engagement | None, author_id: int, receiver_id: int, now: datetime
) -> Engagement:
    """A testimonial needs a confirmed engagement between exactly its author and receiver, and
    is written within TESTIMONIAL_WINDOW of its confirmation."""
    if (
        engagement is None
        or engagement.confirmed_at is None
        or set(engagement.sides) != {author_id, receiver_id}
        or author_id == receiver_id
    ):
        raise Refusal("reputation.no_shared_work")
    if now > engagement.confirmed_at + TESTIMONIAL_WINDOW:
        raise Refusal("reputation.too_late", count=TESTIMONIAL_WINDOW.days)
    return engagement


def testimonial_text(typed: str) -> str:
    """What the author typed, trimmed; refused when empty or longer than TESTIMONIAL_MAX."""
    text = typed.strip()
    if not text:
        raise Refusal("reputation.testimonial_empty")
    if len(text) > TESTIMONIAL_MAX:
        raise Refusal("reputation.testimonial_too_long", count=TESTIMONIAL_MAX)
    return text


# The states a testimonial's receiver may move it to, from where.
RECEIVER_MOVES: dict[TestimonialStatus, frozenset[TestimonialStatus]] = {
    TestimonialStatus.SHOWN: frozenset({TestimonialStatus.WAITING, TestimonialStatus.HIDDEN}),
    TestimonialStatus.HIDDEN: frozenset({TestimonialStatus.WAITING, TestimonialStatus.SHOWN}),
}
REMOVABLE = frozenset(
    {TestimonialStatus.WAITING, TestimonialStatus.SHOWN, TestimonialStatus.HIDDEN}
)


def check_may_decide(
    testimonial: Testimonial | None, user_id: int, to: TestimonialStatus
) -> Testimonial:
    """Only its receiver shows or hides a testimonial, and not one a moderator removed."""
    if testimonial is None or testimonial.receiver_id != user_id:
        raise Refusal("reputation.not_your_testimonial")
    if testimonial.status not in RECEIVER_MOVES[to]:
        key = "removed" if testimonial.status is TestimonialStatus.REMOVED else "unchanged"
        raise Refusal(f"reputation.testimonial_{key}")
    return testimonial


def check_may_remove(testimonial: Testimonial | None, guild_id: int, number: int) -> Testimonial:
    """A moderator removes a testimonial of their hub that is not removed yet."""
    if testimonial is None or testimonial.guild_id != guild_id:
        raise Refusal("reputation.testimonial_not_found", number=number)
    if testimonial.status not in REMOVABLE:
        raise Refusal("reputation.testimonial_removed")
    return testimonial


def check_may_endorse(engagement: Engagement | None, endorser_id: int) -> Engagement:
    """Endorsing needs a confirmed engagement the endorser is one side of."""
    if engagement is None or engagement.confirmed_at is None or endorser_id not in engagement.sides:
        raise Refusal("reputation.no_shared_work")
    return engagement


def skills_to_endorse(
    chosen: Iterable[str], their_skills: Iterable[str], already: Iterable[str]
) -> list[str]:
    """The chosen skills an endorser adds for a member: only skills on the member's profile,
    each once, at most ENDORSED_MAX from one endorser however many engagements they share."""
    theirs, before = set(their_skills), set(already)
    adding = [skill for skill in dict.fromkeys(chosen) if skill in theirs and skill not in before]
    if not adding:
        raise Refusal("reputation.endorse_nothing")
    if len(before) + len(adding) > ENDORSED_MAX:
        raise Refusal("reputation.endorse_too_many", count=ENDORSED_MAX)
    return adding
