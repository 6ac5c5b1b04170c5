"""Moving a gig through its life: moderators' decisions, the poster's closing and renewing,
removal and expiry; each step stored first, then shown everywhere it appears.

The store decides who wins when two people act at once; what follows (the queue message, the
post, a note to the poster, the audit log) reflects the stored outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from bot.errors import Refusal
from bot.gigs.curation import CLOSE_REASON, Actor, GigAction, check_action
from bot.gigs.expiry import approval_changes, renewed_expiry
from bot.gigs.model import CloseReason, Gig, GigStatus
from bot.gigs.store.claims import claim_refusal_report
from bot.gigs.store.records import act
from bot.hubs.model import HubSettings
from bot.i18n import t
from cogs._channels import audit
from cogs._markup import quoted
from cogs.gigs._embeds import timestamp
from cogs.gigs._lookup import refused_if_moved_on, require_gig
from cogs.gigs._posts import (
    ChannelRefusal,
    Publishing,
    message_nonce,
    post_link,
    poster_locale,
    publish,
    queue_entry,
    refresh_post,
    refresh_queue_message,
    send_to_queue,
)
from cogs.gigs._telling import Extras, tell_poster

if TYPE_CHECKING:
    from bot.app import Mozaik

GIG_PUBLISHED = "gig_published"  # bot.dispatch(GIG_PUBLISHED, guild_id, gig_id): first publication
TITLE_IN_NOTES = 100


def who(actor_id: int | None, locale: str) -> str:
    return t(locale, "gigs.by_mozaik") if actor_id is None else f"<@{actor_id}>"


async def record_in_audit_log(
    bot: Mozaik,
    hub: HubSettings,
    gig: Gig,
    action: GigAction,
    actor_id: int | None,
    reason: str | None = None,
) -> None:
    text = t(
        hub.locale,
        f"gigmod.audit_{action.value}",
        number=gig.id,
        title=quoted(gig.title, TITLE_IN_NOTES),
        actor=who(actor_id, hub.locale),
        poster=f"<@{gig.poster_id}>",
    )
    if reason:
        text += "\n" + t(hub.locale, "gigmod.audit_reason", reason=reason)
    await audit(bot, hub, text)


async def show_outcome(
    bot: Mozaik, gig: Gig, hub: HubSettings, actor_id: int | None, *, was_pending: bool = True
) -> None:
    """The post, and the queue message while it still waited there, after a decision, closing
    or removal (a decided queue message keeps saying who decided)."""
    if gig.message_id is not None:
        await refresh_post(bot, gig, hub)
    if was_pending:
        await refresh_queue_message(bot, gig, hub, queue_note(bot, gig, hub, actor_id))


def queue_note(bot: Mozaik, gig: Gig, hub: HubSettings, actor_id: int | None) -> str:
    """What the gig's queue message says once it was decided, closed or removed."""
    return t(
        hub.locale,
        f"gigmod.queue_{_queue_state(gig)}",
        moderator=who(actor_id, hub.locale),
        when=timestamp(bot.clock.now()),
        reason=gig.decision_reason or "",
    )


def _queue_state(gig: Gig) -> str:
    if gig.status is GigStatus.CLOSED and gig.close_reason is not None:
        return f"closed_{gig.close_reason.value}"
    return gig.status.value


async def approve(bot: Mozaik, gig_id: int, guild_id: int, actor: Actor, locale: str) -> str:
    """Approve and publish; the answer for the moderator says where it was published."""
    gig = await require_gig(bot, gig_id, guild_id)
    check_action(gig, GigAction.APPROVE, actor)
    hub = await bot.hub(guild_id)
    first_time = gig.published_at is None
    gig = await record_approval(
        bot,
        gig,
        hub,
        actor.user_id,
        columns={"decided_by": actor.user_id, "decision_reason": None},
        expected={"revision": gig.revision},  # the text the moderator saw, not a later edit
    )
    return await after_approval(bot, gig, hub, actor.user_id, locale, first_time=first_time)


async def record_approval(
    bot: Mozaik,
    gig: Gig,
    hub: HubSettings,
    actor_id: int | None,
    *,
    detail: str | None = None,
    columns: dict[str, object] | None = None,
    expected: dict[str, object] | None = None,
) -> Gig:
    """The gig approved in the store, with what approving sets (bot/gigs/expiry.py)."""
    now = bot.clock.now()
    with refused_if_moved_on(GigAction.APPROVE):
        return await act(
            bot.store,
            gig.id,
            GigAction.APPROVE,
            actor_id,
            now,
            detail=detail,
            columns={**approval_changes(gig, hub, now), **(columns or {})},
            expected=expected,
        )


async def after_approval(
    bot: Mozaik,
    gig: Gig,
    hub: HubSettings,
    actor_id: int | None,
    locale: str,
    *,
    first_time: bool,
    from_queue: bool = True,
) -> str:
    """Publish an approved gig and tell everyone; the answer for whoever approved it."""
    publishing = await announce_publication(bot, gig, hub, first_time=first_time)
    gig = await require_gig(bot, gig.id)
    refused = publishing.refused
    if refused is None or not await report_refusal(bot, gig, hub, refused, actor_id):
        await show_outcome(bot, gig, hub, actor_id, was_pending=from_queue)
    await record_in_audit_log(bot, hub, gig, GigAction.APPROVE, actor_id)
    link = post_link(gig)
    if not publishing.shown or link is None:
        return t(
            locale,
            "gigmod.approved_not_published",
            number=gig.id,
            channel=f"<#{hub.gigs_channel_id}>",
        )
    return t(locale, "gigmod.approved", number=gig.id, link=link)


async def tell_poster_of(
    bot: Mozaik, gig: Gig, hub: HubSettings, key: str, *, nonce: str | None = None, **params: str
) -> bool:
    """Tell the poster what became of their gig, in their language, naming it by number and
    title; False when they could not be told."""
    text = t(
        poster_locale(gig, hub),
        key,
        number=gig.id,
        title=quoted(gig.title, TITLE_IN_NOTES),
        **params,
    )
    return await tell_poster(bot, gig, text, Extras(nonce=nonce))


async def announce_publication(
    bot: Mozaik, gig: Gig, hub: HubSettings, *, first_time: bool
) -> Publishing:
    """Create or update the gig's post; once it exists, tell the poster and, the first time,
    the rest of Mozaik (skill alerts listen for GIG_PUBLISHED)."""
    publishing = await publish(bot, gig, hub)
    if not publishing.shown:
        return publishing
    gig = await require_gig(bot, gig.id)
    await tell_poster_of(
        bot,
        gig,
        hub,
        "gigs.dm_approved",
        link=post_link(gig) or "",
        nonce=message_nonce("approved", gig.id, gig.revision, gig.posts_lost, queue_entry(gig)),
    )
    if first_time:
        bot.dispatch(GIG_PUBLISHED, gig.guild_id, gig.id)
    return publishing


async def report_refusal(
    bot: Mozaik, gig: Gig, hub: HubSettings, refused: ChannelRefusal, actor_id: int | None
) -> bool:
    """Tell the moderators, once until the gig is published, that the gigs channel refused it
    and why: in the audit log, and on the gig's queue message (a new one for a gig that skipped
    the queue). False when they were told already."""
    if not await claim_refusal_report(bot.store, gig.id, bot.clock.now()):
        return False
    text = refusal_text(hub.locale, gig, refused)
    await audit(bot, hub, text)
    if gig.queue_message_id is None:
        await send_to_queue(bot, gig, hub, text)
    else:
        note = f"{queue_note(bot, gig, hub, actor_id)}\n{text}"
        await refresh_queue_message(bot, gig, hub, note)
    return True


def refusal_text(locale: str, gig: Gig, refused: ChannelRefusal) -> str:
    """Why the gig is not published, in words the hub's moderators can act on."""
    channel = f"<#{refused.channel_id}>" if refused.channel_id else "—"
    title = quoted(gig.title, TITLE_IN_NOTES)
    if not refused.missing:
        return t(
            locale, "gigmod.unpublished_no_channel", number=gig.id, title=title, channel=channel
        )
    permissions = ", ".join(t(locale, f"gigmod.permission_{name}") for name in refused.missing)
    return t(
        locale,
        "gigmod.unpublished_missing",
        number=gig.id,
        title=title,
        channel=channel,
        permissions=permissions,
    )


async def _act_as(
    bot: Mozaik,
    gig: Gig,
    action: GigAction,
    actor: Actor,
    now: datetime,
    detail: str | None,
    columns: Mapping[str, object],
) -> Gig:
    """The actor's `action` on the gig as they saw it; refused as curation says if it moved on."""
    with refused_if_moved_on(action):
        return await act(
            bot.store, gig.id, action, actor.user_id, now, detail=detail, columns=columns
        )


async def decline(
    bot: Mozaik,
    gig_id: int,
    guild_id: int,
    actor: Actor,
    action: GigAction,
    reason: str,
    locale: str,
) -> str:
    """Reject, or ask for changes; the poster is told why."""
    gig = await require_gig(bot, gig_id, guild_id)
    check_action(gig, action, actor)
    hub = await bot.hub(guild_id)
    columns = {"decided_by": actor.user_id, "decision_reason": reason}
    gig = await _act_as(bot, gig, action, actor, bot.clock.now(), reason, columns)
    await show_outcome(bot, gig, hub, actor.user_id)
    told = await tell_poster_of(bot, gig, hub, f"gigs.dm_{gig.status.value}", reason=reason)
    await record_in_audit_log(bot, hub, gig, action, actor.user_id, reason)
    key = f"gigmod.{gig.status.value}" if told else f"gigmod.{gig.status.value}_not_told"
    return t(locale, key, number=gig.id)


async def close(
    bot: Mozaik,
    gig_id: int,
    actor: Actor,
    reason: CloseReason,
    *,
    guild_id: int | None = None,
    note: str | None = None,
) -> Gig:
    """Close a gig: by its poster (filled, withdrawn), a moderator (removed) or Mozaik (expired)."""
    action = next((a for a, r in CLOSE_REASON.items() if r is reason), GigAction.CLOSE)
    gig = await require_gig(bot, gig_id, guild_id)
    check_action(gig, action, actor)
    was_pending = gig.status is GigStatus.PENDING
    hub = await bot.hub(gig.guild_id)
    now = bot.clock.now()
    columns = {"closed_at": now, "close_reason": reason}
    gig = await _act_as(bot, gig, action, actor, now, note or reason.value, columns)
    await show_outcome(bot, gig, hub, actor.user_id, was_pending=was_pending)
    if action is not GigAction.CLOSE:
        await tell_poster_of(bot, gig, hub, f"gigs.dm_{reason.value}", reason=note or "")
    await record_in_audit_log(bot, hub, gig, action, actor.user_id, note)
    return gig


async def renew(bot: Mozaik, gig_id: int, actor: Actor, locale: str) -> str:
    gig = await require_gig(bot, gig_id)
    check_action(gig, GigAction.RENEW, actor)
    hub = await bot.hub(gig.guild_id)
    now = bot.clock.now()
    expires_at = renewed_expiry(gig, hub, now)
    with refused_if_moved_on(GigAction.RENEW):
        gig = await act(
            bot.store,
            gig.id,
            GigAction.RENEW,
            actor.user_id,
            now,
            columns={"expires_at": expires_at, "renewals": gig.renewals + 1, "reminded_at": None},
            expected={"renewals": gig.renewals},
        )
    await refresh_post(bot, gig, hub)
    await record_in_audit_log(bot, hub, gig, GigAction.RENEW, actor.user_id)
    return t(
        locale,
        "gigs.renewed",
        number=gig.id,
        until=timestamp(expires_at, "D"),
        left=hub.max_renewals - gig.renewals,
    )


async def feature(
    bot: Mozaik,
    gig_id: int,
    guild_id: int,
    actor: Actor,
    until: datetime | None,
    locale: str,
    *,
    stop: bool = False,
) -> str:
    """Feature a published gig until `until` (its expiry when None), or stop featuring it."""
    gig = await require_gig(bot, gig_id, guild_id)
    now = bot.clock.now()
    action = GigAction.UNFEATURE if stop else GigAction.FEATURE
    check_action(gig, action, actor)
    if until is not None and until <= now and not stop:
        raise Refusal("gigmod.feature_until_past")
    hub = await bot.hub(guild_id)
    featured_until = None if stop else until or gig.expires_at
    gig = await _act_as(bot, gig, action, actor, now, None, {"featured_until": featured_until})
    await refresh_post(bot, gig, hub)
    await record_in_audit_log(bot, hub, gig, action, actor.user_id)
    if featured_until is None:
        return t(locale, "gigmod.unfeatured", number=gig.id)
    return t(locale, "gigmod.featured", number=gig.id, until=timestamp(featured_until, "D"))
