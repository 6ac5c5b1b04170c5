"""Messages as Discord keeps them: who they ping, who may send them where, what the bot sees."""

import io

import aiohttp
import discord

from bot.sandbox import Sandbox
from bot.sandbox.mentions import compute_pings

from .bots import MinimalBot

ALICE, BOB, ROLE = 11, 12, 21


def test_without_allowed_mentions_everything_in_the_content_pings():
    pings = compute_pings(
        f"<@{ALICE}> <@!{BOB}> <@&{ROLE}> @everyone",
        None,
        mentionable_role_ids=[ROLE],
        can_mention_everyone=True,
    )
    assert (pings.users, pings.roles, pings.everyone) == ({ALICE, BOB}, {ROLE}, True)


def test_allowed_mentions_limit_the_pings_to_what_they_list():
    content = f"<@{ALICE}> <@{BOB}> <@&{ROLE}> @here"
    nobody = compute_pings(
        content, {"parse": []}, mentionable_role_ids=[ROLE], can_mention_everyone=True
    )
    only_bob = compute_pings(
        content,
        {"parse": [], "users": [str(BOB)]},
        mentionable_role_ids=[ROLE],
        can_mention_everyone=True,
    )
    assert nobody.nobody
    assert (only_bob.users, only_bob.roles, only_bob.everyone) == ({BOB}, set(), False)


def test_roles_and_everyone_need_the_role_mentionable_or_the_authors_permission():
    pings = compute_pings(
        f"<@&{ROLE}> @everyone", None, mentionable_role_ids=[], can_mention_everyone=False
    )
    assert pings.nobody


def test_a_reply_pings_its_author_only_when_replied_user_allows_it():
    default = compute_pings(
        "thanks", None, mentionable_role_ids=[], can_mention_everyone=False, replied_user_id=ALICE
    )
    quiet = compute_pings(
        "thanks",
        {"parse": ["users"]},
        mentionable_role_ids=[],
        can_mention_everyone=False,
        replied_user_id=ALICE,
    )
    assert default.users == {ALICE} and quiet.nobody


def mention_bot(allowed: discord.AllowedMentions) -> MinimalBot:
    bot = MinimalBot(allowed_mentions=allowed)

    @bot.tree.command(description="Thank someone")
    async def thank(interaction: discord.Interaction, who: discord.Member) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        embed = discord.Embed(description=f"Thanks {who.mention}")
        await interaction.channel.send(f"Thanks {who.mention}!", embed=embed)
        await interaction.response.send_message(f"You thanked {who.mention}")

    return bot


async def test_a_bot_built_with_no_allowed_mentions_pings_nobody(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice, bob = hub.add_member("alice"), hub.add_member("bob")

    async with sandbox.connect(mention_bot(discord.AllowedMentions.none())):
        reply = await sandbox.slash(alice, "thank", who=bob)

    sent, answer = sandbox.messages(hub.channel("general"))
    assert answer is reply.message
    assert bob.mention in sent.content and sent.pings.nobody and answer.pings.nobody


async def test_content_pings_and_embeds_never_do(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice, bob = hub.add_member("alice"), hub.add_member("bob")

    async with sandbox.connect(mention_bot(discord.AllowedMentions.all())):
        await sandbox.slash(alice, "thank", who=bob)

    sent, _ = sandbox.messages(hub.channel("general"))
    assert sent.pings.users == {bob.id}
    assert sent.payload()["mentions"][0]["id"] == str(bob.id)


async def test_a_channel_the_bot_may_not_write_in_refuses_and_the_bot_can_tell(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", channels=["general", "gigs"])
    alice = hub.add_member("alice")
    gigs = hub.channel("gigs")
    bot = MinimalBot()

    @bot.tree.command(description="Announce in #gigs")
    async def announce(interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        channel = interaction.guild.get_channel(gigs.id)
        assert isinstance(channel, discord.TextChannel)
        allowed = channel.permissions_for(interaction.guild.me).send_messages
        try:
            await channel.send("New gig!")
        except discord.Forbidden as refused:
            await interaction.response.send_message(f"{allowed} {refused.code}")

    async with sandbox.connect(bot):
        gigs.set_permissions(hub.me, deny=discord.Permissions(send_messages=True))
        reply = await sandbox.slash(alice, "announce")

    assert reply.content == "False 50013"
    [violation] = sandbox.take_violations()
    assert (violation.status, violation.code) == (403, 50013)
    assert sandbox.messages(gigs) == []


async def test_without_the_message_content_intent_the_bot_sees_no_members_words(
    sandbox: Sandbox,
):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    seen: dict[int, str] = {}

    class Reader(MinimalBot):
        async def on_message(self, message: discord.Message) -> None:
            seen[message.id] = message.content

    async with sandbox.connect(Reader()):
        plain = await sandbox.post(alice, "a secret")
        mention = await sandbox.post(alice, f"{sandbox.bot_user.mention} hello")
        await sandbox.wait_until(lambda: len(seen) == 2)

    assert seen == {plain.id: "", mention.id: mention.content}


async def test_files_are_stored_and_served_back(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    chart = b"\x89PNG\r\n\x1a\n" + bytes(range(64))

    @bot.tree.command(name="chart", description="Chart")
    async def send_chart(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "this week", file=discord.File(io.BytesIO(chart), "chart.png")
        )

    async with sandbox.connect(bot):
        reply = await sandbox.slash(alice, "chart")
    assert reply.message is not None
    [attachment] = reply.message.attachments

    async with aiohttp.ClientSession() as http, http.get(attachment.url) as served:
        assert await served.read() == chart
    assert (attachment.filename, attachment.data) == ("chart.png", chart)


async def test_dms_reach_members_unless_they_closed_them(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    closed = hub.add_member("carol", accepts_dms=False)
    bot = MinimalBot()

    @bot.tree.command(description="Nudge")
    async def nudge(interaction: discord.Interaction, who: discord.Member) -> None:
        try:
            await who.send("A gig matches your skills")
        except discord.Forbidden as refused:
            await interaction.response.send_message(f"could not: {refused.code}")
        else:
            await interaction.response.send_message("sent")

    async with sandbox.connect(bot):
        sent = await sandbox.slash(alice, "nudge", who=alice)
        refused = await sandbox.slash(alice, "nudge", who=closed)

    assert (sent.content, refused.content) == ("sent", "could not: 50007")
    assert [message.content for message in sandbox.dms(alice)] == ["A gig matches your skills"]
    assert sandbox.dms(closed) == []
    assert [violation.code for violation in sandbox.take_violations()] == [50007]
