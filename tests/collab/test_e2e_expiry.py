"""Requests expire after the hub's collab expiry, and their posts say so."""

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.sandbox import Sandbox
from cogs.collab import expire_requests
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show

from .e2e import request

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def test_an_old_request_is_closed_and_its_post_updated(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    collab = hub.channel("collab")
    clock = ManualClock(START)
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice, form={**_form("Old request")})
        clock.advance(timedelta(days=20))
        await request(sandbox, alice, form={**_form("Newer request")})
        old_post, new_post = sandbox.messages(collab)

        assert await expire_requests(bot, START + timedelta(days=29)) == []
        expired = await expire_requests(bot, START + timedelta(days=30))
        assert [r.title for r in expired] == ["Old request"]

        show("everyone in #collab, 30 days later", old_post)
        assert fields(old_post)["Status"] == "Expired"
        assert labels(old_post) == []
        assert fields(new_post)["Status"].startswith("Open until")
        assert labels(new_post) == ["I'm in"]
        [letter] = sandbox.dms(alice)
        assert letter.content.startswith('Your collaboration request #1 "Old request" has expired.')

        listed = await sandbox.slash(alice, "collab list")
        assert "Newer request" in listed.message.text
        assert "Old request" not in listed.message.text


async def test_the_expiry_job_is_scheduled_while_the_cog_is_loaded(sandbox, settings):
    sandbox.add_guild("Hub")
    async with sandbox.run_bot(settings) as bot:
        assert bot.scheduler.get_job("collab-expiry") is not None
        await bot.unload_extension("cogs.collab")
        assert bot.scheduler.get_job("collab-expiry") is None


def _form(title: str) -> dict[str, str]:
    from .e2e import A_REQUEST

    return {**A_REQUEST, "title": title}


async def test_an_expired_forum_post_is_updated_even_after_it_went_quiet(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox, forums={"collab-forum": []})
    alice = hub.add_member("alice")
    forum = hub.channel("collab-forum")
    clock = ManualClock(START)
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub, collab="collab-forum")
        await request(sandbox, alice)
        [post] = sandbox.threads(forum)
        [starter] = sandbox.messages(post)
        post.archived = True  # three quiet days later

        await expire_requests(bot, START + timedelta(days=30))
        assert fields(starter)["Status"] == "Expired"
        assert labels(starter) == []
