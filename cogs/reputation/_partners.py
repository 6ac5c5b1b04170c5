"""A collaboration request that found partners, once it is over (closed, expired, or matched and
past its time): both sides of each pair are asked "did you work together?"; a yes from both
makes it completed work."""

from __future__ import annotations

from datetime import datetime

from bot.app import Mozaik
from bot.collab.model import AnswerStatus, CollabRequest
from bot.collab.store.answers import answers_to
from bot.collab.store.requests import get_request
from bot.reputation.model import EngagementKind
from bot.reputation.rules import asks_if_worked_together
from bot.reputation.store.engagements import ask, matched_requests_unasked
from cogs._letters import OUTBOX_FILLED


async def ask_partners(bot: Mozaik, request: CollabRequest) -> None:
    """Ask the requester and each accepted partner, each pair once however often it closes:
    the questions are letters of the outbox, owed in the transaction that records the pairs."""
    if not asks_if_worked_together(request, bot.clock.now()):
        return
    partners = {
        answer.user_id: answer.locale
        for answer in await answers_to(bot.store, request.id)
        if answer.status is AnswerStatus.ACCEPTED
    }
    asked = await ask(
        bot.store,
        request.guild_id,
        EngagementKind.COLLAB,
        request.id,
        request.requester_id,
        list(partners),
        bot.clock.now(),
        asker_says_yes=False,
        asking={request.requester_id: request.requester_locale, **partners},
    )
    if asked:
        bot.dispatch(OUTBOX_FILLED)  # the questions to both sides of each pair


async def ask_matched_pairs(bot: Mozaik, now: datetime) -> int:
    """Ask the pairs of every matched request past its time not asked yet; how many requests."""
    due = await matched_requests_unasked(bot.store, now)
    for request_id in due:
        request = await get_request(bot.store, request_id)
        if request is not None:
            await ask_partners(bot, request)
    return len(due)
