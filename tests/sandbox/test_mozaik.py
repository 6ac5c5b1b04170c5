"""The real Mozaik in the sandbox: it connects, registers its commands and survives a restart."""

import discord

from bot.config import Settings
from bot.sandbox import Sandbox
from bot.sandbox.permissions import BOT_DEFAULT, MANAGE_GUILD


async def test_mozaik_answers_a_moderator_and_keeps_its_settings_across_a_restart(
    sandbox: Sandbox, tmp_path
):
    settings = Settings(database=tmp_path / "mozaik.db")
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
    sandbox: Sandbox, tmp_path
):
    settings = Settings(database=tmp_path / "mozaik.db")
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


async def test_hub_show_says_whether_the_automod_recheck_is_on_and_what_turns_it_on(
    sandbox: Sandbox, tmp_path
):
    settings = Settings(database=tmp_path / "mozaik.db")
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
