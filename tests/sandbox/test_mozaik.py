"""The real Mozaik in the sandbox: it connects, registers its commands and survives a restart."""

import asyncio
import logging

import discord
import pytest

from bot.i18n import t, t_plain
from bot.sandbox import NoAnswer, Sandbox
from bot.sandbox.permissions import BOT_DEFAULT, MANAGE_GUILD


async def test_mozaik_answers_a_moderator_and_keeps_its_settings_across_a_restart(
    sandbox: Sandbox, settings
):
    hub = sandbox.add_guild("Hub", channels=["general", "gigs", "queue"])
    gigs = hub.channel("gigs")

    async with sandbox.run_bot(settings):
        saved = await sandbox.slash(hub.owner, "hub setup", gigs=gigs, queue=hub.channel("queue"))
    async with sandbox.run_bot(settings):
        shown = await sandbox.slash(hub.owner, "hub show")

    assert saved.ephemeral and shown.ephemeral
    assert shown.message is not None and gigs.mention in shown.message.text
    syncs = [e for e in sandbox.exchanges if e.method == "PUT" and e.path.endswith("/commands")]
    assert len(syncs) == 1, "an unchanged bot does not sync its commands again on restart"


async def test_hub_show_names_each_permission_a_channel_lacks_and_the_hubs_own_rules(
    sandbox: Sandbox, settings
):
    hub = sandbox.add_guild("Hub", channels=["general", "gigs", "collab", "digest"])
    gigs, collab, digest = hub.channel("gigs"), hub.channel("collab"), hub.channel("digest")
    gigs.set_permissions(hub.me, deny=discord.Permissions(create_public_threads=True))
    collab.set_permissions(hub.me, deny=discord.Permissions(create_private_threads=True))
    digest.set_permissions(hub.me, deny=discord.Permissions(attach_files=True))

    async with sandbox.run_bot(settings):
        await sandbox.slash(
            hub.owner,
            "hub setup",
            gigs=gigs,
            collab=collab,
            digest=digest,
            **{"collab-days": 14, "quiet-week-note": False},
        )
        shown = await sandbox.slash(hub.owner, "hub show")

    assert shown.message is not None
    text = shown.message.text
    assert f"In {gigs.mention} Mozaik is missing: Create Public Threads." in text
    assert f"In {collab.mention} Mozaik is missing: Create Private Threads." in text
    assert f"In {digest.mention} Mozaik is missing: Attach Files." in text
    assert "Weekly digest\nMonday 09:00; nothing in a quiet week" in text
    assert "Collaboration requests\nposted at once, open for 14 days" in text


def registered_id(sandbox: Sandbox, name: str) -> int:
    [command] = [c for c in sandbox.commands.registered() if c.name == name]
    return command.id


async def test_a_reply_names_a_command_as_a_clickable_mention_also_after_a_restart(
    sandbox: Sandbox, settings
):
    hub = sandbox.add_guild("Hub", channels=["general", "gigs", "queue"])
    ani, sari = hub.add_member("ani"), hub.add_member("sari", locale="id")

    async with sandbox.run_bot(settings):
        first = await sandbox.slash(ani, "gig mine")
    async with sandbox.run_bot(settings):  # commands unchanged: their ids are fetched, not synced
        again = await sandbox.slash(sari, "gig mine")

    mention = f"</gig post:{registered_id(sandbox, 'gig')}>"
    assert first.message is not None and again.message is not None
    english = f"You haven't posted any gigs here yet. Start with {mention}."
    assert first.message.text.endswith(english)
    assert again.message.text.endswith(f"Kamu belum memasang gig di sini. Mulai dengan {mention}.")


def test_a_text_composed_away_from_the_bot_names_the_command_in_its_language():
    assert t("id", "gigs.mine_none").endswith("Mulai dengan `/gig pasang`.")
    assert t_plain("en", "intros.alert_footer").endswith("Turn them off with /intro alerts.")


async def test_an_interaction_replayed_late_is_refused_logged_once_and_mozaik_keeps_serving(
    sandbox: Sandbox, settings, caplog
):
    hub = sandbox.add_guild("Hub", channels=["general", "gigs", "queue"])

    async with sandbox.run_bot(settings):
        async with sandbox.gateway_outage():
            asking = asyncio.create_task(sandbox.slash(hub.owner, "hub show"))
            await sandbox.wait_until(lambda: bool(sandbox.interactions.records))
            sandbox.elapse(4)  # it reaches Mozaik 4 s after Discord created it
        with pytest.raises(NoAnswer, match="answered after the 3 s deadline"):
            await asking
        [late] = sandbox.take_violations()
        shown = await sandbox.slash(hub.owner, "hub show")

    assert (late.status, late.code) == (404, 10062)
    assert late.path.startswith("/interactions/") and late.path.endswith("/callback")
    assert shown.ephemeral and shown.message is not None
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING and "10062" in r.message]
    assert len(logged) == 1


async def test_hub_show_says_whether_the_automod_recheck_is_on_and_what_turns_it_on(
    sandbox: Sandbox, settings
):
    hub = sandbox.add_guild("Hub", channels=["general"])
    async with sandbox.run_bot(settings):
        without = await sandbox.slash(hub.owner, "hub show")
        hub.set_bot_permissions(BOT_DEFAULT | MANAGE_GUILD)
        with_it = await sandbox.slash(hub.owner, "hub show")

    assert without.message is not None and with_it.message is not None
    assert "AutoMod re-check\noff: give Mozaik the Manage Server permission" in without.message.text
    assert "AutoMod re-check\non: gigs are checked against this server's AutoMod" in (
        with_it.message.text
    )
