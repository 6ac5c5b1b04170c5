"""The outbox's drain: the direct messages Mozaik owes many members (bot/outbox), sent in the
background at a pace Discord allows.

- Pace: every request the drain makes takes a token of one bucket (bot.outbox.rules.Pace) at
  `outbox_requests_per_second`, well under Discord's 50 a second for the whole bot, and at most
  CONCURRENCY members are written to at once, each member's letters in order (the parts of a
  personal digest). discord.py keeps each route's own bucket (opening DMs,
  messages per channel) by Discord's headers. Interaction answers do not count against the
  global limit and never wait for the drain.
- Once: a letter is claimed before it is sent (a lease checked by row count), sent with a nonce
  derived from it, and when it was tried before (a run died, Discord failed) looked for in the
  member's DM channel first (cogs/_letters.carries).
- Failures: a 429 or 5xx, or a lost connection, is tried again later, waiting longer each time
  (bot.outbox.rules.retry_delay), and recorded as failed after MAX_ATTEMPTS; 50007 (the member
  does not accept DMs from Mozaik) is recorded as closed and never tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp
import discord
from discord.ext import commands

from bot.app import Mozaik
from bot.outbox.model import Kind, Letter, Outcome, Status
from bot.outbox.rules import Pace, gives_up, nonce_of, retry_delay
from bot.outbox.store import claim_letters, due_letters, letter_of, next_due, record_outcomes
from cogs._letters import Request, Writer, Written, carries
from cogs._readback import own_message_since
from cogs.collab._invites import write_invite
from cogs.digest._letters import write_personal_digest
from cogs.gigs._reminders import write_gig_reminder
from cogs.intros._alerts import write_skill_alert
from cogs.reputation._export import write_resume_export
from cogs.reputation._letters import (
    write_testimonial_request,
    write_work_confirmed,
    write_work_question,
)

log = logging.getLogger(__name__)

WRITERS: dict[Kind, Writer] = {
    Kind.SKILL_ALERT: write_skill_alert,
    Kind.PERSONAL_DIGEST: write_personal_digest,
    Kind.GIG_REMINDER: write_gig_reminder,
    Kind.COLLAB_INVITE: write_invite,
    Kind.WORK_QUESTION: write_work_question,
    Kind.WORK_CONFIRMED: write_work_confirmed,
    Kind.TESTIMONIAL_REQUEST: write_testimonial_request,
    Kind.RESUME_EXPORT: write_resume_export,
}
CONCURRENCY = 4  # members written to at once (each member's letters one after another)
CHUNK = 32  # letters claimed, and then recorded, in one transaction
BURST = 5  # requests the pace lets go at once after a quiet moment
BATCH = 200  # letters read from the store at a time
IDLE_SECONDS = 30.0  # how often an idle drain looks for letters that became due
CANNOT_MESSAGE_USER = 50007
STOP_GRACE_SECONDS = 5.0
NO_PINGS = discord.AllowedMentions.none()


class Outbox(commands.Cog):
    def __init__(self, bot: Mozaik) -> None:
        self.bot = bot
        self.pace = Pace(bot.settings.outbox_requests_per_second, BURST)
        self._filled = asyncio.Event()
        self._draining: asyncio.Task[None] | None = None
        self._stopping = False
        # DM channels are opened one at a time: their route has one small bucket for the whole
        # bot, and requests racing for its last places draw 429s.
        self._opening = asyncio.Lock()

    async def cog_load(self) -> None:
        self._draining = asyncio.create_task(self._drain(), name="outbox drain")

    async def cog_unload(self) -> None:
        # The chunk being sent is finished and recorded first, if that is quick; otherwise the
        # next run finds its letters claimed by a run that died, and reads them back.
        self._stopping = True
        self._filled.set()
        if self._draining is not None:
            if self.bot.is_ready():
                await asyncio.wait({self._draining}, timeout=STOP_GRACE_SECONDS)
            self._draining.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._draining

    @commands.Cog.listener()
    async def on_outbox_filled(self) -> None:  # OUTBOX_FILLED
        self._filled.set()

    async def _drain(self) -> None:
        await self.bot.wait_until_ready()
        while not self._stopping:
            self._filled.clear()
            try:
                sent = await self.drain_due()
            except Exception:  # the next round tries again
                log.exception("the outbox drain failed")
                sent = 0
            if not sent and not self._stopping:
                await self._idle()

    async def _idle(self) -> None:
        """Until letters are added, the next one is due, or IDLE_SECONDS pass."""
        timeout = IDLE_SECONDS
        due = await next_due(self.bot.store, await self.bot.served_hub_ids())
        if due is not None:
            timeout = min(timeout, max(0.1, (due - self.bot.clock.now()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._filled.wait(), timeout)

    async def drain_due(self) -> int:
        """Send the letters due now, a chunk at a time (claimed in one transaction, sent
        CONCURRENCY at once, recorded in one transaction); how many this run could claim."""
        # A sharded process sends the letters of its own shards' hubs only.
        served = await self.bot.served_hub_ids()
        ids = await due_letters(self.bot.store, self.bot.clock.now(), BATCH, served)
        claimed = 0
        slots = asyncio.Semaphore(CONCURRENCY)

        async def deliver(letters: list[Letter]) -> list[Outcome]:
            # One member's letters one after the other, so the parts of a message keep order;
            # once they turn out not to accept DMs, the rest are not tried.
            outcomes: list[Outcome] = []
            async with slots:
                for letter in letters:
                    if outcomes and outcomes[-1].status is Status.CLOSED:
                        outcomes.append(Outcome(letter.id, Status.CLOSED, error=outcomes[-1].error))
                    else:
                        outcomes.append(await self._deliver(letter))
            return outcomes

        for start in range(0, len(ids), CHUNK):
            if self._stopping:
                break
            chunk = ids[start : start + CHUNK]
            letters = await claim_letters(self.bot.store, chunk, self.bot.clock.now())
            claimed += len(letters)
            by_member: dict[int, list[Letter]] = {}
            for letter in letters:
                by_member.setdefault(letter.user_id, []).append(letter)
            done = await asyncio.gather(*(deliver(own) for own in by_member.values()))
            outcomes = [outcome for own in done for outcome in own]
            await record_outcomes(self.bot.store, outcomes, self.bot.clock.now())
        return claimed

    async def send_now(
        self, kind: Kind, guild_id: int, item_id: int, user_id: int
    ) -> Status | None:
        """Send one letter at once, outside the pace, for a member waiting for the answer; what
        became of it, or None when the drain is sending it right now (or it is not owed)."""
        letter_id = await letter_of(self.bot.store, kind, guild_id, item_id, user_id)
        if letter_id is None:
            return None
        claimed = await claim_letters(self.bot.store, [letter_id], self.bot.clock.now())
        if not claimed:
            return None
        outcome = await self._deliver(claimed[0], paced=False)
        await record_outcomes(self.bot.store, [outcome], self.bot.clock.now())
        return outcome.status

    async def _request(self) -> None:
        """Wait for the pace's next token: before every request the drain makes."""
        delay = self.pace.wait(asyncio.get_running_loop().time())
        if delay > 0:
            await asyncio.sleep(delay)

    async def _deliver(self, letter: Letter, *, paced: bool = True) -> Outcome:
        """Send one claimed letter; what became of it."""
        try:
            return await self._send(letter, self._request if paced else _unpaced)
        except discord.Forbidden as refusal:
            if refusal.code == CANNOT_MESSAGE_USER:
                log.info("member %d does not accept DMs: %s skipped", letter.user_id, letter.kind)
                return Outcome(letter.id, Status.CLOSED, error=_said(refusal))
            return self._failed(letter, _said(refusal))
        except discord.HTTPException as failure:
            if failure.status == 429 or failure.status >= 500:
                return self._retry(letter, _said(failure))
            return self._failed(letter, _said(failure))
        except (aiohttp.ClientError, OSError, TimeoutError) as failure:
            return self._retry(letter, f"{type(failure).__name__}: {failure}")
        except Exception as error:  # a letter Mozaik cannot write must not hold up the rest
            log.exception("could not write letter %d (%s)", letter.id, letter.kind)
            return Outcome(letter.id, Status.FAILED, error=f"{type(error).__name__}: {error}")

    def _failed(self, letter: Letter, error: str) -> Outcome:
        log.warning("letter %d to %d failed: %s", letter.id, letter.user_id, error)
        return Outcome(letter.id, Status.FAILED, error=error)

    def _retry(self, letter: Letter, error: str) -> Outcome:
        attempts = letter.attempts + 1
        if gives_up(attempts):
            log.warning("letter %d gave up after %d attempts: %s", letter.id, attempts, error)
            return Outcome(letter.id, Status.FAILED, error=error)
        retry_at = self.bot.clock.now() + retry_delay(attempts)
        return Outcome(letter.id, Status.WAITING, error=error, retry_at=retry_at)

    async def _send(self, letter: Letter, request: Request) -> Outcome:
        written = await WRITERS[letter.kind](self.bot, letter, request)
        if written is None:
            return Outcome(letter.id, Status.DROPPED)
        async with self._opening:
            await request()
            channel = await self.bot.create_dm(discord.Object(letter.user_id))
        if letter.tried_before:
            await request()
            found = await self._sent_before(channel, letter, written)
            if found is not None:
                log.info("letter %d was sent before it could be recorded", letter.id)
                return Outcome(letter.id, Status.SENT, found)
        await request()
        message = await channel.send(
            written.content,
            embeds=written.embeds,
            files=list(written.files) or discord.utils.MISSING,
            view=written.view or discord.utils.MISSING,
            nonce=nonce_of(letter),
            allowed_mentions=NO_PINGS,
        )
        return Outcome(letter.id, Status.SENT, message.id)

    async def _sent_before(
        self, channel: discord.DMChannel, letter: Letter, written: Written
    ) -> int | None:
        found = await own_message_since(
            self.bot, channel, letter.created_at, lambda message: carries(message, written)
        )
        return None if found is None else found.id


async def _unpaced() -> None:
    """For a letter a member is waiting for: sent at once."""


def _said(error: discord.HTTPException) -> str:
    return f"{error.status} {error.code} {error.text}"[:200]


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(Outbox(bot))
