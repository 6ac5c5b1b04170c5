"""A gig's life cycle: which action moves it where, and who may take it.

    pending -> approved (published) | rejected | changes_requested
    changes_requested, approved -> pending      (the poster edits; an edit goes back to the queue)
    approved -> pending                          (held after enough reports: bot/hubs/trust.py)
    pending, changes_requested, approved -> closed   (filled, withdrawn, removed, expired)

The store applies a transition only if the gig is still in one of the states it may come from
(`ALLOWED_FROM`), so when two moderators decide at once exactly one decision wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.errors import Refusal
from bot.gigs.model import OPEN_STATUSES, ApplicantStatus, CloseReason, Gig, GigStatus


class GigAction(StrEnum):
    SUBMIT = "submitted"
    APPROVE = "approved"
    REJECT = "rejected"
    REQUEST_CHANGES = "changes_requested"
    EDIT = "edited"
    CLOSE = "closed"  # by the poster: filled or withdrawn
    REMOVE = "removed"  # by a moderator
    EXPIRE = "expired"
    RENEW = "renewed"
    FEATURE = "featured"
    UNFEATURE = "unfeatured"
    REPORT = "reported"
    HOLD = "held"  # by Mozaik, after the hub's number of reports: back to the moderators
    INTEREST = "interested"


class Role(StrEnum):
    POSTER = "poster"
    MODERATOR = "moderator"
    MEMBER = "member"  # anyone in the hub but the poster
    SYSTEM = "system"  # Mozaik's own scheduled work


@dataclass(frozen=True)
class Actor:
    user_id: int | None  # None for Mozaik itself
    is_moderator: bool = False

    @classmethod
    def system(cls) -> Actor:
        return cls(user_id=None)


_PUBLISHED = frozenset({GigStatus.APPROVED})
_PENDING = frozenset({GigStatus.PENDING})

ALLOWED_FROM: dict[GigAction, frozenset[GigStatus]] = {
    GigAction.APPROVE: _PENDING,
    GigAction.REJECT: _PENDING,
    GigAction.REQUEST_CHANGES: _PENDING,
    GigAction.EDIT: OPEN_STATUSES,
    GigAction.CLOSE: OPEN_STATUSES,
    GigAction.REMOVE: OPEN_STATUSES,
    GigAction.EXPIRE: _PUBLISHED,
    GigAction.RENEW: _PUBLISHED,
    GigAction.FEATURE: _PUBLISHED,
    GigAction.UNFEATURE: _PUBLISHED,
    GigAction.REPORT: _PUBLISHED,
    GigAction.HOLD: _PUBLISHED,
    GigAction.INTEREST: _PUBLISHED,
}

RESULTING_STATUS: dict[GigAction, GigStatus] = {
    GigAction.APPROVE: GigStatus.APPROVED,
    GigAction.REJECT: GigStatus.REJECTED,
    GigAction.REQUEST_CHANGES: GigStatus.CHANGES_REQUESTED,
    GigAction.EDIT: GigStatus.PENDING,
    GigAction.HOLD: GigStatus.PENDING,
    GigAction.CLOSE: GigStatus.CLOSED,
    GigAction.REMOVE: GigStatus.CLOSED,
    GigAction.EXPIRE: GigStatus.CLOSED,
}

# What each role may do, read the other way round as who may take each action.
_MAY_DO: dict[Role, tuple[GigAction, ...]] = {
    Role.MODERATOR: (
        GigAction.APPROVE,
        GigAction.REJECT,
        GigAction.REQUEST_CHANGES,
        GigAction.REMOVE,
        GigAction.FEATURE,
        GigAction.UNFEATURE,
    ),
    Role.POSTER: (GigAction.EDIT, GigAction.CLOSE, GigAction.RENEW),
    Role.MEMBER: (GigAction.REPORT, GigAction.INTEREST),
    Role.SYSTEM: (GigAction.EXPIRE, GigAction.HOLD),
}
WHO_MAY: dict[GigAction, frozenset[Role]] = {
    action: frozenset(role for role, may in _MAY_DO.items() if action in may)
    for actions in _MAY_DO.values()
    for action in actions
}

CLOSE_REASON = {
    GigAction.REMOVE: CloseReason.REMOVED,
    GigAction.EXPIRE: CloseReason.EXPIRED,
}

# Why an action cannot be taken in the gig's state, by the state it is in.
_STATE_REFUSALS = {
    GigStatus.PENDING: "gigs.not_published",
    GigStatus.APPROVED: "gigs.already_published",
    GigStatus.CHANGES_REQUESTED: "gigs.not_published",
    GigStatus.REJECTED: "gigs.already_rejected",
    GigStatus.CLOSED: "gigs.already_closed",
}


def roles_of(gig: Gig, actor: Actor) -> frozenset[Role]:
    if actor.user_id is None:
        return frozenset({Role.SYSTEM})
    roles = {Role.POSTER} if actor.user_id == gig.poster_id else {Role.MEMBER}
    if actor.is_moderator:
        roles.add(Role.MODERATOR)
    return frozenset(roles)


def check_action(gig: Gig, action: GigAction, actor: Actor) -> None:
    """Refuse unless `actor` may take `action` on `gig` in its present state."""
    roles = roles_of(gig, actor)
    if roles.isdisjoint(WHO_MAY[action]):
        if Role.POSTER in WHO_MAY[action]:
            raise Refusal("gigs.not_yours", number=gig.id)
        if Role.MEMBER in WHO_MAY[action]:
            raise Refusal("gigs.own_gig", number=gig.id)
        if Role.MODERATOR in WHO_MAY[action]:
            raise Refusal("gigmod.moderators_only")
        raise Refusal("core.not_allowed")
    if gig.status not in ALLOWED_FROM[action]:
        raise Refusal(state_refusal(gig.status, action), number=gig.id)


def found_in_hub(gig: Gig | None, gig_id: int, guild_id: int | None) -> Gig:
    """The gig asked for by number, refused as not found when there is none in this hub (a
    number from another server finds nothing here); `guild_id` None: asked for by Mozaik."""
    if gig is None or (guild_id is not None and gig.guild_id != guild_id):
        raise Refusal("gigs.not_found", number=gig_id)
    return gig


def moved_on_refusal(gig_id: int, action: GigAction, status: GigStatus | None) -> Refusal:
    """Why `action` changed nothing after all: the gig is gone (`status` None), someone acted
    first and left it where the action may still start (other values than it counted on), or it
    moved on to `status`."""
    if status is None:
        return Refusal("gigs.not_found", number=gig_id)
    if status in ALLOWED_FROM[action]:
        return Refusal("gigs.changed_meanwhile", number=gig_id)
    return Refusal(state_refusal(status, action), number=gig_id)


def state_refusal(status: GigStatus, action: GigAction) -> str:
    """The catalog key that tells why `action` no longer applies to a gig in `status`."""
    if action in (GigAction.APPROVE, GigAction.REJECT, GigAction.REQUEST_CHANGES):
        return "gigs.already_decided"
    return _STATE_REFUSALS[status]


def may_see_applicants(gig: Gig, actor: Actor) -> bool:
    return actor.is_moderator or actor.user_id == gig.poster_id


# A poster decides once about each member who answered: shortlist or decline, not both.
APPLICANT_DECIDED_FROM = ApplicantStatus.APPLIED


def check_may_decide_applicant(gig: Gig, user_id: int) -> None:
    """Only the gig's poster shortlists or declines the members who answered it."""
    if user_id != gig.poster_id:
        raise Refusal("gigs.applicants_poster_only", number=gig.id)
