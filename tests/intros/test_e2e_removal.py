"""/intro remove says what happened to the post: gone, or to be deleted shortly; a post Discord
would not delete is tried again until it is gone."""

import pytest

from bot.sandbox import Sandbox, faults
from cogs.intros._delivery import catch_up
from tests.support.hub import a_hub, set_up_hub
from tests.support.replies import finished

from .e2e import introduce

TOLD = {
    "en": "Discord did not let Mozaik delete the post in {channel} just now; Mozaik tries again",
    "id": "Discord belum mengizinkan Mozaik menghapus postingan itu di {channel} barusan",
}


@pytest.mark.parametrize("locale", ["en", "id"])
async def test_a_post_discord_keeps_is_said_so_and_deleted_by_the_next_try(
    sandbox: Sandbox, settings, locale: str
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", locale=locale)
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice)
        [post] = sandbox.messages(intros)
        sandbox.inject(f"DELETE /channels/{intros.id}/messages/{post.id}", faults.server_error(503))
        removed = await finished(await sandbox.slash(alice, "intro remove"))
        assert TOLD[locale].format(channel=intros.mention) in removed.text
        assert sandbox.messages(intros) == [post], "still there, as the member was told"
        assert await bot.store.fetch_all("SELECT * FROM profiles") == []

        await catch_up(bot)  # what the catch-up does every few minutes
        assert sandbox.messages(intros) == []
        assert await bot.store.fetch_all("SELECT * FROM intro_post_removals") == []


async def test_a_post_deleted_at_once_is_said_to_be_gone(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, alice)
        removed = await finished(await sandbox.slash(alice, "intro remove"))
        assert "Your introduction and its post are deleted" in removed.text
        assert sandbox.messages(intros) == []
        assert await bot.store.fetch_all("SELECT * FROM intro_post_removals") == []
