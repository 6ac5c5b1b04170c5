"""The guide Mozaik pins in each feature channel when the hub is set up: in the hub's language,
commands a click away, posted once and updated in place."""

import discord

from bot.hubs.guides_store import claim_guide
from bot.sandbox import Channel, Message, Sandbox
from cogs.hubs._guides import guide_text
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import only, show


async def guide_in(sandbox: Sandbox, channel: Channel, starts: str) -> Message:
    """The one message in `channel` once it is the guide beginning with `starts` (Mozaik pins
    the guides just after answering /hub setup)."""

    def there() -> bool:
        messages = sandbox.messages(channel)
        return len(messages) == 1 and messages[0].content.startswith(starts)

    await sandbox.wait_until(there)
    return only(sandbox.messages(channel))


async def test_setup_pins_one_guide_per_feature_channel_and_a_second_setup_updates_it(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox, forums={"collab-forum": []})
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, "id", guides=True, collab="collab-forum")
        forum = hub.channel("collab-forum")
        await sandbox.wait_until(lambda: bool(sandbox.threads(forum)))
        gigs_guide = await guide_in(sandbox, hub.channel("gigs"), "## Cara kerja gig di sini")
        show("everyone in #gigs", gigs_guide)
        assert gigs_guide.pinned
        # Commands are clickable mentions, in the reader's own language.
        assert "</gig post:" in gigs_guide.content and "</help:" in gigs_guide.content
        assert gigs_guide.pings.nobody
        intros_guide = await guide_in(sandbox, hub.channel("intros"), "## Kenalan, yuk")
        assert intros_guide.pinned and "</intro set:" in intros_guide.content
        # A forum has no pinned messages: the guide is its one pinned post.
        [post] = sandbox.threads(forum)
        await sandbox.wait_until(lambda: bool(post.flags & 2))
        assert post.name == "Cara kerja kolaborasi di sini"
        assert "</collab request:" in only(sandbox.messages(post)).content

        # The hub changes language: the same guides are edited, none is posted twice.
        await set_up_hub(sandbox, hub, "en", guides=True, collab="collab-forum")
        await guide_in(sandbox, post, "## Find a partner")
        assert await guide_in(sandbox, hub.channel("gigs"), "## How gigs") is gigs_guide
        assert gigs_guide.pinned
        assert sandbox.threads(forum) == [post]
    assert sandbox.take_violations() == []


async def test_without_pin_messages_the_guide_is_posted_and_hub_show_says_what_is_missing(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    gigs = hub.channel("gigs")
    gigs.set_permissions(hub.me, deny=discord.Permissions(pin_messages=True).value)
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, guides=True)
        guide = await guide_in(sandbox, gigs, "## How gigs work here")
        await sandbox.wait_until(lambda: bool(sandbox.violations))
        assert not guide.pinned
        assert [v.code for v in sandbox.take_violations()] == [50013]
        shown = await sandbox.slash(hub.owner, "hub show")
        show("the admin", shown.message)
        assert f"In {gigs.mention} Mozaik is missing: Pin Messages" in shown.message.text

        gigs.set_permissions(hub.me)
        await set_up_hub(sandbox, hub, guides=True)
        await sandbox.wait_until(lambda: guide.pinned)
        assert only(sandbox.messages(gigs)) is guide


async def test_a_guide_an_admin_deleted_is_posted_again(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, guides=True)
        first = await guide_in(sandbox, intros, "## Introduce yourself")
        await sandbox.wait_until(lambda: first.pinned)
        sandbox.delete(first)
        await set_up_hub(sandbox, hub, guides=True)
        again = await guide_in(sandbox, intros, "## Introduce yourself")
        await sandbox.wait_until(lambda: again.pinned)
        assert again is not first
        # Mozaik found its guide gone when it went to update it.
        assert [v.code for v in sandbox.take_violations()] == [10008]


async def test_a_guide_a_run_that_died_had_posted_is_found_and_pinned_not_posted_twice(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    intros = hub.channel("intros")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)  # no guides yet
        # A run that died had claimed the guide and sent it, but never recorded where it went.
        await claim_guide(bot.store, hub.id, "intros", bot.clock.now(), run="a run that died")
        await bot.get_channel(intros.id).send(guide_text("en", "intros"))

        await set_up_hub(sandbox, hub, guides=True)
        await sandbox.wait_until(lambda: sandbox.messages(intros)[0].pinned)
        assert len(sandbox.messages(intros)) == 1
