"""Members answering a published gig: "I'm interested" (the poster is told), and reports
(the moderators are told, in the queue channel)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.gigs.curation import Actor, GigAction, check_action
from bot.gigs.model import NOTE_MAX, Gig, ReportReason
from bot.gigs.store.records import GigMovedOn, act
from bot.gigs.store.responses import (
    Application,
    PosterTold,
    claim_telling,
    interest_of,
    poster_was_told,
    record_interest,
    record_report,
    record_telling,
    reports_since_approval,
)
from bot.hubs.model import HubSettings
from bot.hubs.trust import should_hold
from bot.i18n import t
from bot.instance import THIS_RUN
from cogs._markup import quoted
from cogs.gigs._applicants import applicant_message
from cogs.gigs._decisions import TITLE_IN_NOTES, record_in_audit_log, tell_poster_of
from cogs.gigs._lookup import require_gig
from cogs.gigs._posts import (
    message_nonce,
    post_link,
    poster_locale,
    queue_entry,
    refresh_post,
    send_report_note,
    send_to_queue,
)
from cogs.gigs._telling import say_in_thread, tell_poster

if TYPE_CHECKING:
    from bot.app import Mozaik


async def express_interest(
    bot: Mozaik, gig_id: int, guild_id: int, application: Application, locale: str
) -> str:
    """Record the member's interest (with their note, and their language for the decision they
    hear later) once and tell the poster once: by DM, or in the gig's thread when their DMs are
    closed (pinging the poster only). A member pressing again finds the poster told, or tells
    them now if that did not happen (Mozaik died meanwhile)."""
    gig = await require_gig(bot, gig_id, guild_id)
    member_id = application.user_id
    check_action(gig, GigAction.INTEREST, Actor(member_id))
    now = bot.clock.now()
    recorded = await record_interest(bot.store, gig.id, application, now)
    if not recorded and not await claim_telling(
        bot.store, gig.id, member_id, now, again_if_unreached=True
    ):
        if await poster_was_told(bot.store, gig.id, member_id):
            return t(locale, "gigs.interest_already", number=gig.id)
        return t(locale, "gigs.interest_recorded", number=gig.id)  # being told right now
    told = await tell_of_interest(bot, gig, member_id)
    if told is PosterTold.DM:
        return t(locale, "gigs.interest_sent", number=gig.id)
    if told is PosterTold.THREAD:
        return t(locale, "gigs.interest_sent_in_thread", number=gig.id)
    return t(locale, "gigs.interest_recorded", number=gig.id)


async def tell_of_interest(bot: Mozaik, gig: Gig, member_id: int) -> PosterTold | None:
    """Tell the poster of the member's interest, under the caller's claim, and record how.

    Each message carries a nonce, so a retry soon after a run that died sending it does not
    send it twice. None: telling failed midway; the next catch-up tries again."""
    hub = await bot.hub(gig.guild_id)
    interest = await interest_of(bot.store, gig.id, member_id)
    note = None if interest is None else interest.note
    told: PosterTold | None = None
    try:
        card = await applicant_message(bot, gig, member_id, poster_locale(gig, hub))
        dm = t(
            poster_locale(gig, hub),
            "gigs.dm_interest",
            member=f"<@{member_id}>",
            number=gig.id,
            title=quoted(gig.title, TITLE_IN_NOTES),
            link=post_link(gig) or "",
        ) + _with_note(note, poster_locale(gig, hub))
        nonce = message_nonce("interest", gig.id, member_id)
        if await tell_poster(bot, gig, dm, replace(card, nonce=nonce)):
            told = PosterTold.DM
        else:
            in_thread = t(
                hub.locale,
                "gigs.thread_interest",
                poster=f"<@{gig.poster_id}>",
                member=f"<@{member_id}>",
                number=gig.id,
            ) + _with_note(note, hub.locale)
            in_hub = await applicant_message(bot, gig, member_id, hub.locale)
            nonce = message_nonce("interest-thread", gig.id, member_id)
            reached = await say_in_thread(
                bot, gig, in_thread, gig.poster_id, replace(in_hub, nonce=nonce)
            )
            told = PosterTold.THREAD if reached else PosterTold.NOWHERE
    finally:
        await record_telling(bot.store, gig.id, member_id, told, bot.clock.now())
    return told


def _with_note(note: str | None, locale: str) -> str:
    """The member's note under the news of their interest: read as typed, pinging nobody."""
    if note is None:
        return ""
    return "\n\n" + t(locale, "gigs.interest_note", note=quoted(note, NOTE_MAX))


async def report(
    bot: Mozaik, gig_id: int, guild_id: int, member_id: int, reason: ReportReason, locale: str
) -> str:
    """Record a member's report once and put it in front of the moderators."""
    gig = await require_gig(bot, gig_id, guild_id)
    check_action(gig, GigAction.REPORT, Actor(member_id))
    if not await record_report(bot.store, gig.id, member_id, reason, bot.clock.now()):
        return t(locale, "gigs.report_already", number=gig.id)
    hub = await bot.hub(guild_id)
    reason_text = t(hub.locale, f"gigs.report_{reason.value}")
    note = t(
        hub.locale,
        "gigmod.report_note",
        number=gig.id,
        member=f"<@{member_id}>",
        reason=reason_text,
        link=post_link(gig) or "",
    )
    await send_report_note(bot, gig, hub, note, message_nonce("report", gig.id, member_id))
    await record_in_audit_log(bot, hub, gig, GigAction.REPORT, member_id, reason_text)
    await _hold_if_reported_enough(bot, gig, hub)
    return t(locale, "gigs.report_thanks", number=gig.id)


async def _hold_if_reported_enough(bot: Mozaik, gig: Gig, hub: HubSettings) -> None:
    """Once the hub's number of members reported the published gig, it leaves the board for the
    queue (its post hides its text, "under review") and its poster is told. Approve there puts
    it back; Reject takes it down. Two reports at once hold it once: the transition is
    conditional, and the one that lost finds it pending."""
    reports = await reports_since_approval(bot.store, gig.id)
    if not should_hold(reports, hub):
        return
    now = bot.clock.now()
    check_action(gig, GigAction.HOLD, Actor.system())
    try:
        held = await act(
            bot.store,
            gig.id,
            GigAction.HOLD,
            None,
            now,
            detail=str(reports),
            columns={
                "submitted_at": now,
                "decided_by": None,
                "decision_reason": None,
                "approved_revision": None,  # its post shows none of its text until approved
                "queue_channel_id": None,
                "queue_message_id": None,
                "queueing_since": now,  # claimed as an edit's return to the queue is
                "queueing_by": THIS_RUN,
            },
        )
    except GigMovedOn:
        return  # held by the report beside this one, or closed meanwhile
    note = t(
        hub.locale,
        "gigmod.queue_held",
        number=held.id,
        poster=f"<@{held.poster_id}>",
        count=reports,
    )
    await send_to_queue(bot, held, hub, note)
    if held.message_id is not None:
        await refresh_post(bot, held, hub)
    reason = t(hub.locale, "gigmod.held_reason", count=reports)
    await record_in_audit_log(bot, hub, held, GigAction.HOLD, None, reason)
    await tell_poster_of(
        bot, held, hub, "gigs.dm_held", nonce=message_nonce("held", held.id, queue_entry(held))
    )
