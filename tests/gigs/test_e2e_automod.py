"""The AutoMod re-check holds nothing up: rules that freeze a backtracking engine, a member's
gig written to trip them, and another member's list answered meanwhile."""

import asyncio
import random
import string
import time

from bot.config import Settings
from bot.sandbox import Sandbox
from bot.sandbox.permissions import BOT_DEFAULT, MANAGE_GUILD
from bot.sandbox.state import Guild
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import only, show
from tests.support.replies import finished

from .e2e import A_GIG, CHOICES, post_gig

# Patterns Discord accepts (its engine is linear) that take a backtracking engine minutes.
CATASTROPHIC = ["(a|a)+$", r"(\w+\s?)+$"]


def wildcard_keywords(count: int) -> list[str]:
    letters = random.Random(14)
    cores = ("".join(letters.choices(string.ascii_lowercase, k=6)) for _ in range(count))
    return [f"*{core}*" for core in cores]


def hub_with_heavy_automod(sandbox: Sandbox) -> Guild:
    hub = a_hub(sandbox)
    hub.set_bot_permissions(BOT_DEFAULT | MANAGE_GUILD)
    # Discord allows 1,000 keywords and 10 patterns in one rule.
    rule = hub.add_automod_rule("no spam", wildcard_keywords(1000))
    rule["trigger_metadata"]["regex_patterns"] = CATASTROPHIC
    return hub


async def test_a_gig_built_to_freeze_the_check_is_answered_and_others_are_served_meanwhile(
    sandbox: Sandbox, settings
):
    hub = hub_with_heavy_automod(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    # One 2,000-character word ending in "!": every wildcard scans it and both patterns fail on
    # it, the worst case for a backtracking engine.
    word = "a" * 1999 + "!"
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        opened = await sandbox.slash(alice, "gig post", **CHOICES)
        assert opened.modal is not None

        async def timed(work):
            started = time.monotonic()
            answer = await finished(await work)
            return answer, time.monotonic() - started

        (posted, posting_took), (listed, listing_took) = await asyncio.gather(
            timed(sandbox.submit_modal(alice, opened, {**A_GIG, "description": word})),
            timed(sandbox.slash(bob, "gig list")),
        )
        show("alice", posted)
        show("bob", listed)
        print(f"gig answered in {posting_took:.3f} s, /gig list in {listing_took:.3f} s")
        assert "Gig #1 is with the moderators now" in posted.text
        assert posting_took < settings.automod_budget_seconds + 1
        assert listing_took < 1
        assert "waiting for a moderator" in only(sandbox.messages(hub.channel("queue"))).text


async def test_a_check_that_cannot_finish_in_time_sends_even_a_trusted_gig_to_the_queue_marked(
    sandbox: Sandbox, database
):
    # A budget no check of 1,000 keywords can keep; on the run's engine, as every bot's.
    settings = Settings(database=database, automod_budget_seconds=0.001)
    hub = hub_with_heavy_automod(sandbox)
    trusted = hub.add_member("tina", roles=[hub.role("Trusted")])
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        posted = await post_gig(sandbox, trusted)
        show("tina", posted)
        assert "Gig #1 is with the moderators now" in posted.text
        assert sandbox.messages(hub.channel("gigs")) == [], "nothing is published unchecked"
        queued = only(sandbox.messages(hub.channel("queue")))
        show("moderators", queued)
        assert "could not finish checking this gig against the server's AutoMod rules" in (
            queued.text
        )


async def test_a_blocked_word_is_still_found_among_a_thousand_keywords(sandbox: Sandbox, settings):
    hub = hub_with_heavy_automod(sandbox)
    keyword = wildcard_keywords(1000)[-1].strip("*")
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        typed = {**A_GIG, "description": f"Kami butuh desain untuk x{keyword}y segera"}
        refused = await post_gig(sandbox, alice, typed)
        show("alice", refused)
        assert f'AutoMod rules don\'t allow "x{keyword}y"' in refused.text
        assert sandbox.messages(hub.channel("queue")) == []
