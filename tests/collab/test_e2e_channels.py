"""Forum or text channel, with or without the permission for private threads."""

import discord

from bot.sandbox import Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import labels, only, show
from tests.support.replies import click, followup

from .e2e import request


async def test_in_a_forum_requests_are_posts_and_partners_meet_in_a_post_of_their_own(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox, forums={"collab-forum": []})
    alice = hub.add_member("alice", accepts_dms=False)
    bob = hub.add_member("bob")
    forum = hub.channel("collab-forum")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, collab="collab-forum")
        await request(sandbox, alice)
        [request_post] = sandbox.threads(forum)
        assert request_post.name == "#1 · Developer for a bakery's new website"
        [starter] = sandbox.messages(request_post)
        assert labels(starter) == ["I'm in"]

        await click(sandbox, bob, starter, "I'm in")
        [closed_dms] = sandbox.take_violations()
        assert closed_dms.code == 50007
        starter_again, notice = sandbox.messages(request_post)
        assert starter_again is starter
        assert notice.pings.users == {alice.id}

        await followup(sandbox, await sandbox.click(alice, notice, "Accept"))
        _, pair = sandbox.threads(forum)
        [opening] = sandbox.messages(pair)
        show("alice and bob in their forum post", opening)
        assert opening.pings.users == {alice.id, bob.id}
        assert {alice.id, bob.id} <= set(pair.thread_members)
        assert labels(starter) == []


async def test_a_forum_hub_with_a_pairs_channel_opens_a_private_thread_for_the_pair(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox, forums={"collab-forum": []})
    alice, bob, carol = hub.add_member("alice"), hub.add_member("bob"), hub.add_member("carol")
    forum, pairs = hub.channel("collab-forum"), hub.channel("general")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, collab="collab-forum")
        shown = await sandbox.slash(hub.owner, "hub show")
        show("the admin, before naming a pairs channel", shown.message)
        assert "is a forum, and a forum has no private threads" in shown.message.text

        await set_up_hub(sandbox, hub, collab="collab-forum", pairs="general")
        shown = await sandbox.slash(hub.owner, "hub show")
        assert "a forum has no private threads" not in shown.message.text
        await request(sandbox, alice)
        [request_post] = sandbox.threads(forum)
        [starter] = sandbox.messages(request_post)
        await click(sandbox, bob, starter, "I'm in")
        [notice] = sandbox.dms(alice)
        accepted = await followup(sandbox, await sandbox.click(alice, notice, "Accept"))

        [pair] = sandbox.threads(pairs)
        assert sandbox.threads(forum) == [request_post]  # no second, public, post
        assert pair.type == 12 and not pair.invitable  # private, and only Mozaik adds to it
        assert pair.name == "Alice & Bob · #1 Developer for a bakery's new website"
        assert set(pair.thread_members) == {alice.id, bob.id, hub.me.id}
        assert carol.id not in pair.thread_members
        [opening] = sandbox.messages(pair)
        show("alice and bob in their private thread", opening)
        assert opening.pings.users == {alice.id, bob.id}
        assert pair.mention in accepted.text
        assert pair.mention in only(sandbox.dms(bob)).text


async def test_a_pairs_channel_without_private_threads_is_named_in_hub_show(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox, forums={"collab-forum": []})
    pairs = hub.channel("general")
    pairs.set_permissions(hub.me, deny=discord.Permissions(create_private_threads=True).value)
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub, collab="collab-forum", pairs="general")
        shown = await sandbox.slash(hub.owner, "hub show")
        show("the admin", shown.message)
        assert f"In {pairs.mention} Mozaik is missing: Create Private Threads" in shown.message.text


async def test_without_private_threads_the_pair_meets_in_a_public_thread(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    collab = hub.channel("collab")
    collab.set_permissions(hub.me, deny=discord.Permissions(create_private_threads=True).value)
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(collab)
        await click(sandbox, bob, post, "I'm in")
        [notice] = sandbox.dms(alice)
        accepted = await followup(sandbox, await sandbox.click(alice, notice, "Accept"))
        [thread] = sandbox.threads(collab)
        assert thread.type == 11  # public
        assert thread.mention in accepted.text
        assert {alice.id, bob.id} <= set(thread.thread_members)


async def test_when_no_thread_can_be_opened_both_are_told_to_reach_out_directly(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(collab)
        await click(sandbox, bob, post, "I'm in")
        [notice] = sandbox.dms(alice)
        no_threads = discord.Permissions(create_private_threads=True, create_public_threads=True)
        collab.set_permissions(hub.me, deny=no_threads.value)
        accepted = await followup(sandbox, await sandbox.click(alice, notice, "Accept"))
        assert sandbox.take_violations()  # Discord refused the threads; Mozaik carried on
        assert accepted.text.startswith("You accepted Bob, but Mozaik could not open a thread")
        [good_news] = sandbox.dms(bob)
        assert good_news.content.endswith("They will reach out to you directly.")
        assert sandbox.threads(collab) == []


async def test_an_answer_that_cannot_reach_the_requester_is_not_kept(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", accepts_dms=False)
    bob = hub.add_member("bob")
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)
        [post] = sandbox.messages(collab)
        collab.set_permissions(hub.me, deny=discord.Permissions(create_public_threads=True).value)
        unreachable = await click(sandbox, bob, post, "I'm in")
        assert unreachable.text.startswith("Sorry, Mozaik could not reach the member who posted")
        assert {v.code for v in sandbox.take_violations()} == {50007, 50013}

        collab.set_permissions(hub.me)
        again = await click(sandbox, bob, post, "I'm in")
        assert "Alice has been told in the request's thread" in again.text
        sandbox.take_violations()  # the closed DMs, once more


async def test_a_request_thread_that_went_quiet_is_reopened_for_the_next_answer(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", accepts_dms=False)
    bob, carol = hub.add_member("bob"), hub.add_member("carol")
    collab = hub.channel("collab")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice, partners=2)
        [post] = sandbox.messages(collab)
        await click(sandbox, bob, post, "I'm in")
        [request_thread] = sandbox.threads(collab)
        request_thread.archived = True

        await click(sandbox, carol, post, "I'm in")
        assert not request_thread.archived
        assert len(sandbox.messages(request_thread)) == 2
        assert {v.code for v in sandbox.take_violations()} == {50007}
