"""What the sandbox answers and dispatches fits Discord's documented response schemas.

A bot tours most of the REST API through discord.py (which must also accept every answer), then
every successful answer is checked against the response schema of its route, and the objects the
gateway dispatches against their named schemas.
"""

import io

import discord
import pytest

from bot.sandbox import Sandbox
from bot.sandbox.spec import ApiSpec

from .bots import MinimalBot

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(scope="module")
def spec() -> ApiSpec:
    loaded = ApiSpec.load()
    assert loaded is not None, "Discord's OpenAPI description is needed for this test"
    return loaded


class Approve(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Approve", custom_id="tour:approve")
    async def approve(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="approved", view=None)

    @discord.ui.select(
        custom_id="tour:pick", options=[discord.SelectOption(label="One", value="1")]
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.defer()


def touring_bot(forum_id: int, member_id: int) -> MinimalBot:
    bot = MinimalBot()

    @bot.tree.command(description="Tour the API")
    async def tour(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        assert isinstance(interaction.channel, discord.TextChannel)
        assert interaction.guild is not None
        channel, guild = interaction.channel, interaction.guild
        chart = discord.File(io.BytesIO(PNG), "chart.png")
        sent = await channel.send("first", file=chart)
        await sent.edit(content="edited", view=Approve())
        await channel.fetch_message(sent.id)
        [message async for message in channel.history(limit=5)]
        thread = await sent.create_thread(name="discussion")
        await thread.send("in the thread")
        private = await channel.create_thread(
            name="private", type=discord.ChannelType.private_thread
        )
        await private.add_user(discord.Object(member_id))
        await private.remove_user(discord.Object(member_id))
        forum = guild.get_channel(forum_id)
        assert isinstance(forum, discord.ForumChannel)
        post = await forum.create_thread(
            name="A post", content="hello", applied_tags=[forum.available_tags[0]]
        )
        await post.thread.edit(archived=True, locked=True)
        await guild.fetch_channel(channel.id)
        [archived async for archived in forum.archived_threads()]
        await thread.delete()
        async with channel.typing():
            await bot.fetch_user(member_id)
        member = await guild.fetch_member(member_id)
        await guild.fetch_channels()
        await guild.fetch_automod_rules()
        dm = await member.create_dm()
        await dm.send("hi")
        await bot.tree.fetch_commands()
        await interaction.followup.send("on my way")
        await interaction.edit_original_response(content="tour done")
        await interaction.original_response()
        extra = await interaction.followup.send("one more", wait=True)
        await extra.delete()

    class Form(discord.ui.Modal, title="About you"):
        name = discord.ui.TextInput(label="Name", custom_id="name")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"Hi {self.name.value}", view=Approve())

    @bot.tree.command(description="Fill in a form")
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Form())

    @bot.tree.command(description="Greet")
    async def hello(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("hello", view=Approve())

    return bot


async def test_every_answer_fits_the_response_schema_of_its_route(sandbox: Sandbox, spec: ApiSpec):
    hub = sandbox.add_guild(
        "Hub",
        forums={"gigs": ["design", "code"]},
        bot_permissions=discord.Permissions.all() & ~discord.Permissions(administrator=True),
    )
    hub.add_automod_rule("no spam", ["spam"])
    alice = hub.add_member("alice")
    bot = touring_bot(hub.channel("gigs").id, alice.id)

    async with sandbox.connect(bot):
        tour = await sandbox.slash(alice, "tour")
        await tour.wait_followup()
        await sandbox.wait_until(lambda: tour.content == "tour done")
        greeting = await sandbox.slash(alice, "hello")
        assert greeting.message is not None
        await sandbox.click(alice, greeting.message, "Approve")
        opened = await sandbox.slash(alice, "form")
        await sandbox.submit_modal(alice, opened, {"Name": "Alice"})

    routes_seen = {(exchange.method, exchange.path.split("/")[1]) for exchange in sandbox.exchanges}
    assert len(routes_seen) >= 8
    problems = [
        f"{exchange.method} {exchange.path} {exchange.status}: {problem}"
        for exchange in sandbox.exchanges
        if 200 <= exchange.status < 300
        for problem in spec.check_response(
            exchange.method, exchange.path, exchange.status, exchange.answer
        )
    ]
    assert problems == []


async def test_the_objects_the_gateway_dispatches_fit_their_schemas(
    sandbox: Sandbox, spec: ApiSpec
):
    hub = sandbox.add_guild("Hub", channels=["general"], forums={"gigs": ["design"]})
    moderators = hub.add_role("Moderators", mentionable=True)
    alice = hub.add_member("alice", roles=[moderators])
    message = await sandbox.post(alice, f"hello {moderators.mention}")
    forum = hub.channel("gigs")

    checked = {
        "GuildResponse": hub.payload(),
        "GuildRoleResponse": moderators.payload(),
        "GuildMemberResponse": alice.payload(),
        "UserResponse": alice.user.payload(),
        "GuildChannelResponse": forum.payload(),
        "MessageResponse": message.payload(),
    }
    problems = {name: spec.check_schema(name, obj) for name, obj in checked.items()}
    assert all(not found for found in problems.values()), problems
