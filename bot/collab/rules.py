"""Who may do what with a request, how partners are counted, when a request starts and expires,
and whom it is suggested to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.collab.model import SUGGESTIONS_MAX, AnswerStatus, CollabAnswer, CollabRequest, Status
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.intros.model import Availability

# The states each change may come from; the store's updates are conditional on them, as gigs'
# are on ALLOWED_FROM (bot/gigs/curation.py).
REVIEWABLE = frozenset({Status.PENDING})
CLOSABLE = frozenset({Status.PENDING, Status.OPEN})
ANSWERABLE = frozenset({Status.OPEN})


def expiry_from(instant: datetime, expiry_days: int) -> datetime:
    return instant + timedelta(days=expiry_days)


@dataclass(frozen=True)
class Start:
    """How a new request begins: its status and when it expires if nobody acts."""

    status: Status
    expires_at: datetime


def start_of(hub: HubSettings, now: datetime) -> Start:
    """A new request waits for a moderator when the hub reviews requests, else it is open at
    once; its time runs from now either way."""
    status = Status.PENDING if hub.collab_via_queue else Status.OPEN
    return Start(status, expiry_from(now, hub.collab_expiry_days))


def opened_on_approval(request: CollabRequest, hub: HubSettings, now: datetime) -> CollabRequest:
    """A queued request a moderator lets through: open and published from now, its time
    counted again from now."""
    check_can_review(request)
    return replace(
        request,
        status=Status.OPEN,
        posted_at=now,
        expires_at=expiry_from(now, hub.collab_expiry_days),
    )


@dataclass(frozen=True)
class Suggested:
    """Whom a request is suggested to: the search for people that names them."""

    skills: tuple[str, ...]
    availability: Availability
    exclude: tuple[int, ...]
    limit: int


def suggested_to(request: CollabRequest) -> Suggested:
    """Members open to collaborate who offer at least one of the skills the request wants, never
    its author; the `SUGGESTIONS_MAX` best, ranked as every people search is
    (bot/intros/search.py): most of those skills first."""
    return Suggested(
        skills=request.skills,
        availability=Availability.OPEN_TO_COLLABORATE,
        exclude=(request.requester_id,),
        limit=SUGGESTIONS_MAX,
    )


def check_request_cooldown(
    last_request_at: datetime | None, cooldown_seconds: int, now: datetime
) -> None:
    """One request after another needs the hub's posting pause between them, as gigs do."""
    if last_request_at is None or not cooldown_seconds:
        return
    ready_at = last_request_at + timedelta(seconds=cooldown_seconds)
    if ready_at > now:
        raise Refusal("collab.request_cooldown", ready_at=int(ready_at.timestamp()))


def is_due_to_expire(request: CollabRequest, now: datetime) -> bool:
    """Still waiting for partners or a moderator, and past its expiry."""
    return request.status in CLOSABLE and request.expires_at <= now


def check_open(request: CollabRequest, now: datetime) -> None:
    """Refuse anything but a published request that still looks for partners."""
    if request.status is Status.MATCHED:
        raise Refusal("collab.already_matched", number=request.id)
    if request.status is Status.PENDING:
        raise Refusal("collab.not_published", number=request.id)
    if request.status not in ANSWERABLE or is_due_to_expire(request, now):
        raise Refusal("collab.no_longer_open", number=request.id)


def check_can_answer(
    request: CollabRequest, user_id: int, existing: CollabAnswer | None, now: datetime
) -> None:
    """A member says "I'm in": not to their own request, once, while it is open."""
    if user_id == request.requester_id:
        raise Refusal("collab.own_request")
    if existing is not None:
        raise Refusal("collab.already_answered", number=request.id)
    check_open(request, now)


def check_can_decide(
    request: CollabRequest,
    answer: CollabAnswer | None,
    decider_id: int,
    *,
    accept: bool,
    now: datetime,
) -> CollabAnswer:
    """Only the requester accepts or declines, each answer once; accepting needs a free place."""
    if decider_id != request.requester_id:
        raise Refusal("collab.only_requester")
    if answer is None:
        raise Refusal("collab.answer_missing")
    if answer.status is not AnswerStatus.PENDING:
        raise Refusal("core.already_handled")
    if accept:
        check_open(request, now)
    return answer


def status_after_accept(request: CollabRequest) -> Status:
    """Matched once the wanted number of partners has been accepted, else still open."""
    return Status.MATCHED if request.partners_found + 1 >= request.partners_wanted else Status.OPEN


def check_can_invite(
    request: CollabRequest,
    inviter_id: int,
    invitee_id: int,
    already_invited: bool,
    now: datetime,
    *,
    suggested: bool,
) -> None:
    """Only the requester invites, and only a member Mozaik suggested for the request (an
    invite's custom id names the member, so it is checked against the suggestions)."""
    if inviter_id != request.requester_id:
        raise Refusal("collab.only_requester")
    if invitee_id == request.requester_id:
        raise Refusal("collab.own_request")
    if not suggested:
        raise Refusal("collab.not_suggested")
    if already_invited:
        raise Refusal("collab.already_invited")
    check_open(request, now)


def check_can_close(request: CollabRequest, user_id: int, is_moderator: bool) -> None:
    if user_id != request.requester_id and not is_moderator:
        raise Refusal("collab.only_requester_closes", number=request.id)
    if request.status not in CLOSABLE:
        raise Refusal("collab.not_closable", number=request.id)


def check_can_review(request: CollabRequest) -> None:
    """A moderator approves or rejects a request once, while it waits in the queue."""
    if request.status not in REVIEWABLE:
        raise Refusal("core.already_handled")


def moved_on_refusal(
    request: CollabRequest | None, number: int, check: Callable[[CollabRequest], object]
) -> Refusal:
    """Why a change the store did not make is refused: the request, read again, moved on since
    `check` let the change through; what `check` says of it now, or else that it was handled."""
    if request is None:
        return Refusal("collab.not_found", number=number)
    try:
        check(request)
    except Refusal as refusal:
        return refusal
    return Refusal("core.already_handled")
