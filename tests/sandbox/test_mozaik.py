"""The real Mozaik in the sandbox: it connects, registers its commands and survives a restart."""

from bot.config import Settings
from bot.sandbox import Sandbox


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
