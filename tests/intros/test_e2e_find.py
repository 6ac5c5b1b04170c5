"""/intro find ranks people by how many asked skills they have and pages through them; people
who left the server disappear from it, and their profiles are removed 30 days later."""

import asyncio
from datetime import UTC, datetime, timedelta

import discord

from bot.clock import ManualClock
from bot.intros.model import Availability, ProfileContent
from bot.intros.store.profiles import get_profile, save_profile
from bot.sandbox import Sandbox
from cogs.intros._members import PRESENT_FOR
from tests.support.hub import a_hub, set_up_hub

from .e2e import A_FORM, introduce

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def test_both_skills_rank_above_one_then_open_to_work_first(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    one = hub.add_member("one", nick="Only Python")
    both = hub.add_member("both", nick="Python and SEO")
    busy = hub.add_member("busy", nick="Busy with both")
    seo = hub.add_member("seo", nick="Only SEO")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, one, form={**A_FORM, "skills": "Python"})
        await introduce(
            sandbox, busy, form={**A_FORM, "skills": "SEO, Python"}, availability="not_available"
        )
        await introduce(sandbox, both, form={**A_FORM, "skills": "Python, SEO"})
        await introduce(
            sandbox, seo, form={**A_FORM, "skills": "SEO"}, availability="open_to_collaborate"
        )
        found = await sandbox.slash(one, "intro find", skill="python", skill2="seo")
        description = (await found.wait_followup()).embed["description"]
        order = [
            description.index(name)
            for name in ("Python and SEO", "Busy with both", "Only Python", "Only SEO")
        ]
        assert order == sorted(order)
        only_collaborators = await sandbox.slash(
            one, "intro find", skill="python", skill2="seo", availability="open_to_collaborate"
        )
        text = (await only_collaborators.wait_followup()).embed["description"]
        assert "Only SEO" in text and "Only Python" not in text


async def test_three_hundred_profiles_are_paged_through_with_buttons(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    members = [hub.add_member(f"member{n:03d}") for n in range(300)]
    searcher = hub.add_member("searcher")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        for n, member in enumerate(members):
            content = ProfileContent(
                headline=f"Maker {n:03d}",
                about="",
                skills=("python", "seo") if n % 2 else ("python",),
                links=(),
                availability=Availability.OPEN_TO_WORK,
            )
            await save_profile(
                bot.store,
                hub.id,
                member.id,
                content,
                display_name=member.name,
                locale="en",
                now=START,
            )
        found = await sandbox.slash(searcher, "intro find", skill="python", skill2="seo")
        page = await found.wait_followup()
        seen: list[str] = []
        for number in range(1, 31):
            assert page.embed["footer"]["text"] == f"Page {number} of 30 · 300 found"
            seen += [line for line in page.embed["description"].split("\n") if "Maker" in line]
            if number < 30:
                turned = await sandbox.click(searcher, page, "Next")
                page = await turned.wait_followup()
        assert page.component("Next")["disabled"] is True
        headlines = [line.split("— ")[1] for line in seen]
        assert len(headlines) == len(set(headlines)) == 300
        with_both = {f"Maker {n:03d}" for n in range(300) if n % 2}
        assert set(headlines[:150]) == with_both
        back = await sandbox.click(searcher, page, "Previous")
        assert "Page 29 of 30" in (await back.wait_followup()).embed["footer"]["text"]


async def test_a_member_who_left_is_hidden_then_removed_after_thirty_days(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    stays, leaves = hub.add_member("stays"), hub.add_member("leaves")
    intros = hub.channel("intros")
    clock = ManualClock(START)
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, stays)
        await introduce(sandbox, leaves, form={**A_FORM, "headline": "Soon gone"})
        hub.remove_member(leaves)
        found = await sandbox.slash(stays, "intro find", skill="python")
        results = await found.wait_followup()
        assert "1 found" in results.embed["footer"]["text"]
        assert "Soon gone" not in results.embed["description"]
        # Without the members intent, Discord's "Unknown Member" is how a departure is noticed.
        [noticed] = sandbox.take_violations()
        assert (noticed.status, noticed.code) == (404, 10007)
        assert noticed.path.endswith(f"/members/{leaves.id}")
        assert len(sandbox.messages(intros)) == 2

        intros_cog = bot.get_cog("IntroCog")
        clock.advance(timedelta(days=29))
        await intros_cog.purge_departed_profiles()
        assert await get_profile(bot.store, hub.id, leaves.id) is not None
        clock.advance(timedelta(days=1, minutes=1))
        await intros_cog.purge_departed_profiles()
        assert await get_profile(bot.store, hub.id, leaves.id) is None
        assert [m.embed["title"] for m in sandbox.messages(intros)] == [A_FORM["headline"]]


async def test_searches_ask_discord_about_each_person_once_until_someone_leaves(
    sandbox: Sandbox, settings
):
    # Discord allows a bot 50 requests a second: fifty members searching at once must not each
    # ask about the same ten people.
    hub = a_hub(sandbox)
    stays, leaves = hub.add_member("stays"), hub.add_member("leaves")
    clock = ManualClock(START)
    async with sandbox.run_bot(settings, clock=clock):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, stays)
        await introduce(sandbox, leaves, form={**A_FORM, "headline": "Soon gone"})

        def look_ups() -> list[str]:
            return [e.path for e in sandbox.exchanges if e.path.endswith(f"/members/{leaves.id}")]

        searches = [sandbox.slash(stays, "intro find", skill="python") for _ in range(5)]
        for found in await asyncio.gather(*searches):
            assert "Soon gone" in (await found.wait_followup()).embed["description"]
        assert len(look_ups()) == 1

        hub.remove_member(leaves)
        clock.advance(PRESENT_FOR)
        found = await sandbox.slash(stays, "intro find", skill="python")
        results = await found.wait_followup()
        assert "1 found" in results.embed["footer"]["text"]
        assert "Soon gone" not in results.embed["description"]
        assert len(look_ups()) == 2
        sandbox.take_violations()  # the "Unknown Member" that told Mozaik


async def test_the_daily_clean_up_is_scheduled_while_the_cog_is_loaded(sandbox: Sandbox, settings):
    sandbox.add_guild("Hub")
    async with sandbox.run_bot(settings) as bot:
        assert bot.scheduler.get_job("intros:purge-departed") is not None
        await bot.unload_extension("cogs.intros")
        assert bot.scheduler.get_job("intros:purge-departed") is None


async def test_with_the_members_intent_discords_departure_event_hides_the_profile_at_once(
    sandbox: Sandbox, settings
):
    # The sandbox, like Discord for a bot not granted it, refuses the privileged intent; the
    # event is handed to the listener as discord.py would hand it over.
    hub = a_hub(sandbox)
    stays, leaves = hub.add_member("stays"), hub.add_member("leaves")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, stays)
        await introduce(sandbox, leaves, form={**A_FORM, "headline": "Soon gone"})
        user = await bot.fetch_user(leaves.id)
        event = discord.RawMemberRemoveEvent({"guild_id": str(hub.id), "user": {}}, user)
        await bot.get_cog("IntroCog").on_raw_member_remove(event)
        found = await sandbox.slash(stays, "intro find", skill="python")
        assert "Soon gone" not in (await found.wait_followup()).embed["description"]
        looked_up = [e.path for e in sandbox.exchanges if e.path.endswith(f"/members/{leaves.id}")]
        assert looked_up == []
