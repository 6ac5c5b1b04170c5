"""Threads, forum posts and members as Discord rules them."""

import discord

from bot.sandbox import Sandbox

from .bots import MinimalBot


def forum_bot(forum_id: int) -> MinimalBot:
    bot = MinimalBot()

    @bot.tree.command(description="Post in the forum")
    async def post(interaction: discord.Interaction, tag: str = "") -> None:
        assert interaction.guild is not None
        forum = interaction.guild.get_channel(forum_id)
        assert isinstance(forum, discord.ForumChannel)
        tags = [t for t in forum.available_tags if t.name == tag]
        try:
            created = await forum.create_thread(name="Logo gig", content="Paid", applied_tags=tags)
        except discord.HTTPException as refused:
            await interaction.response.send_message(f"refused {refused.code}")
            return
        await created.thread.edit(archived=True, locked=True)
        await interaction.response.send_message(f"posted {created.thread.id}")

    return bot


async def test_a_forum_post_carries_its_tags_and_can_be_archived_and_locked(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", forums={"gigs": ["design", "code"]})
    alice = hub.add_member("alice")
    gigs = hub.channel("gigs")

    async with sandbox.connect(forum_bot(gigs.id)):
        reply = await sandbox.slash(alice, "post", tag="design")

    [post] = sandbox.threads(gigs)
    assert reply.content == f"posted {post.id}"
    assert post.applied_tags == [gigs.tag("design").id]
    assert (post.archived, post.locked) == (True, True)
    [starter] = sandbox.messages(post)
    assert starter.id == post.id and starter.content == "Paid"


async def test_a_forum_that_requires_a_tag_refuses_an_untagged_post(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    gigs = hub.add_channel("gigs", forum=True, tags=["design"], require_tag=True)

    async with sandbox.connect(forum_bot(gigs.id)):
        reply = await sandbox.slash(alice, "post")

    assert reply.content == "refused 40067"
    assert [violation.code for violation in sandbox.take_violations()] == [40067]
    assert sandbox.threads(gigs) == []


async def test_threads_from_messages_and_private_threads_with_added_members(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", channels=["collab"])
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    collab = hub.channel("collab")
    bot = MinimalBot()

    @bot.tree.command(description="Start a collaboration")
    async def start(interaction: discord.Interaction, partner: discord.Member) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        announcement = await interaction.channel.send("A new collaboration")
        await announcement.create_thread(name="public talk")
        private = await interaction.channel.create_thread(
            name="just us", type=discord.ChannelType.private_thread, invitable=False
        )
        await private.add_user(partner)
        await interaction.response.send_message("started", ephemeral=True)

    async with sandbox.connect(bot):
        await sandbox.slash(alice.at(collab), "start", partner=bob)

    public, private = sandbox.threads(collab)
    [announcement] = sandbox.messages(collab)
    assert announcement.thread is public and public.id == announcement.id
    assert private.type.name == "PRIVATE_THREAD" and bob.id in private.thread_members


async def test_a_member_who_left_is_unknown(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    bot = MinimalBot()

    @bot.tree.command(description="Look someone up")
    async def whois(interaction: discord.Interaction, user: discord.User) -> None:
        assert interaction.guild is not None
        try:
            member = await interaction.guild.fetch_member(user.id)
        except discord.NotFound as missing:
            await interaction.response.send_message(f"gone {missing.code}")
        else:
            await interaction.response.send_message(member.name)

    async with sandbox.connect(bot):
        present = await sandbox.slash(alice, "whois", user=bob)
        hub.remove_member(bob)
        departed = await sandbox.slash(alice, "whois", user=bob.user)

    assert (present.content, departed.content) == ("bob", "gone 10007")
    assert [violation.code for violation in sandbox.take_violations()] == [10007]
