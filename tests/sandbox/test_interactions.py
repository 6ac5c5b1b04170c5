"""Members driving a bot: typed options, modals, buttons, selects, autocomplete and deferrals."""

import asyncio
import re

import discord
import pytest
from discord import app_commands

from bot.sandbox import NoAnswer, Sandbox, SandboxError

from .bots import MinimalBot


async def test_subcommands_get_typed_options_with_members_channels_and_roles(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", channels=["general", "gigs"])
    designers = hub.add_role("Designers")
    alice = hub.add_member("alice", locale="id")
    bob = hub.add_member("bob")
    bot = MinimalBot()
    received: dict[str, object] = {}
    gig = app_commands.Group(name="gig", description="Gigs")
    manage = app_commands.Group(name="manage", description="Manage gigs", parent=gig)

    @manage.command(name="post", description="Post a gig")
    async def post(
        interaction: discord.Interaction,
        title: str,
        budget: int,
        rate: float,
        remote: bool,
        client: discord.Member,
        where: discord.TextChannel,
        team: discord.Role,
    ) -> None:
        received.update(
            title=title,
            budget=budget,
            rate=rate,
            remote=remote,
            client=client.name,
            where=where.name,
            team=team.name,
            locale=str(interaction.locale),
            guild_locale=str(interaction.guild_locale),
            can_manage=interaction.permissions.manage_guild,
        )
        await interaction.response.send_message("posted", ephemeral=True)

    bot.tree.add_command(gig)
    async with sandbox.connect(bot):
        reply = await sandbox.slash(
            alice.at(hub.channel("gigs")),
            "gig manage post",
            title="Logo",
            budget=500,
            rate=1.5,
            remote=True,
            client=bob,
            where=hub.channel("gigs"),
            team=designers,
        )

    assert reply.ephemeral and reply.content == "posted"
    assert received == {
        "title": "Logo",
        "budget": 500,
        "rate": 1.5,
        "remote": True,
        "client": "bob",
        "where": "gigs",
        "team": "Designers",
        "locale": "id",
        "guild_locale": "en-US",
        "can_manage": False,
    }
    assert sandbox.messages(hub.channel("gigs")) == []


async def test_what_a_member_cannot_do_in_the_client_is_refused_before_reaching_the_bot(
    sandbox: Sandbox,
):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    admin = hub.add_member("ana", permissions=discord.Permissions(manage_guild=True))
    bot = MinimalBot()

    @bot.tree.command(description="Set up")
    @app_commands.default_permissions(manage_guild=True)
    async def setup(interaction: discord.Interaction, days: app_commands.Range[int, 1, 30]) -> None:
        await interaction.response.send_message(f"{days} days")

    async with sandbox.connect(bot):
        with pytest.raises(SandboxError, match="does not see /setup"):
            await sandbox.slash(alice, "setup", days=3)
        with pytest.raises(SandboxError, match="above 30"):
            await sandbox.slash(admin, "setup", days=31)
        with pytest.raises(SandboxError, match="no option"):
            await sandbox.slash(admin, "setup", days=3, weeks=1)
        reply = await sandbox.slash(admin, "setup", days=30)

    assert reply.content == "30 days"


class GigForm(discord.ui.Modal, title="Post a gig"):
    gig_title = discord.ui.TextInput(label="Title", custom_id="title", max_length=80)
    details = discord.ui.TextInput(
        label="Details", custom_id="details", style=discord.TextStyle.long, required=False
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"{self.gig_title.value}|{self.details.value}")


async def test_a_modal_opened_by_a_command_is_filled_in_and_submitted(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()

    @bot.tree.command(description="Post")
    async def post(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(GigForm())

    async with sandbox.connect(bot):
        opened = await sandbox.slash(alice, "post")
        with pytest.raises(SandboxError, match="at most 80"):
            await sandbox.submit_modal(alice, opened, {"title": "x" * 81})
        with pytest.raises(SandboxError, match="no field"):
            await sandbox.submit_modal(alice, opened, {"budget": "5"})
        submitted = await sandbox.submit_modal(alice, opened, {"Title": "Logo design"})

    assert opened.type == 9
    assert opened.modal is not None and opened.modal.title == "Post a gig"
    assert [field["label"] for field in opened.modal.fields] == ["Title", "Details"]
    assert submitted.content == "Logo design|"


class Counter(discord.ui.DynamicItem[discord.ui.Button], template=r"count:(?P<value>\d+)"):
    def __init__(self, value: int) -> None:
        super().__init__(discord.ui.Button(label=f"Count {value}", custom_id=f"count:{value}"))
        self.value = value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> "Counter":
        return cls(int(match["value"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(Counter(self.value + 1))
        await interaction.response.edit_message(content=str(self.value + 1), view=view)


def counter_bot() -> MinimalBot:
    bot = MinimalBot()
    bot.add_dynamic_items(Counter)

    @bot.tree.command(description="Start counting")
    async def count(interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(Counter(0))
        await interaction.response.send_message("0", view=view)

    return bot


async def test_a_persistent_button_keeps_working_after_a_restart(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")

    async with sandbox.connect(counter_bot()):
        started = await sandbox.slash(alice, "count")
        assert started.message is not None
        first = await sandbox.click(alice, started.message, "Count 0")
    async with sandbox.connect(counter_bot()):
        [message] = sandbox.messages(hub.channel("general"))
        second = await sandbox.click(alice, message, "Count 1")

    assert (first.type, second.type) == (7, 7)
    assert message.content == "2"
    assert message.component("count:2")["label"] == "Count 2"


async def test_a_button_nobody_listens_to_any_more_gets_no_answer(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    async with sandbox.connect(counter_bot()):
        started = await sandbox.slash(alice, "count")
    assert started.message is not None

    forgetful = MinimalBot()  # a restarted bot that does not register its dynamic items again
    async with sandbox.connect(forgetful):
        clicking = asyncio.create_task(sandbox.click(alice, started.message, "Count 0"))
        await sandbox.wait_delivered()
        sandbox.elapse(4)
        with pytest.raises(NoAnswer, match="not answered"):
            await clicking


async def test_a_select_menu_choice_updates_the_message(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()

    class Pick(discord.ui.View):
        @discord.ui.select(
            custom_id="pick",
            placeholder="Pick a skill",
            options=[
                discord.SelectOption(label="Python", value="py"),
                discord.SelectOption(label="Design", value="design"),
            ],
        )
        async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
            await interaction.response.edit_message(content=f"picked {select.values}", view=None)

    @bot.tree.command(description="Skills")
    async def skills(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("choose", view=Pick(), ephemeral=True)

    async with sandbox.connect(bot):
        asked = await sandbox.slash(alice, "skills")
        assert asked.message is not None
        with pytest.raises(SandboxError, match="offers"):
            await sandbox.select(alice, asked.message, "Pick a skill", ["rust"])
        picked = await sandbox.select(alice, asked, "pick", ["Python"])

    assert picked.type == 7
    assert picked.message is asked.message
    assert asked.content == "picked ['py']" and asked.components == []


async def test_ephemeral_messages_can_only_be_used_by_whom_they_were_shown_to(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    bot = counter_bot()

    @bot.tree.command(description="Private counter")
    async def mine(interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(Counter(5))
        await interaction.response.send_message("5", view=view, ephemeral=True)

    async with sandbox.connect(bot):
        shown = await sandbox.slash(alice, "mine")
        assert shown.message is not None
        with pytest.raises(SandboxError, match="ephemeral"):
            await sandbox.click(bob, shown.message, "Count 5")
        clicked = await sandbox.click(alice, shown.message, "Count 5")

    assert clicked.ephemeral and shown.content == "6"


async def test_autocomplete_returns_the_bots_suggestions(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    skills = ["Python", "PyTorch", "Photoshop", "Rust"]

    @bot.tree.command(description="Find people")
    async def find(interaction: discord.Interaction, skill: str) -> None:
        await interaction.response.send_message(skill)

    @find.autocomplete("skill")
    async def suggest(
        interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=s, value=s.lower())
            for s in skills
            if s.lower().startswith(typed)
        ]

    async with sandbox.connect(bot):
        choices = await sandbox.autocomplete(alice, "find", "skill", "py")

    assert [(choice.name, choice.value) for choice in choices] == [
        ("Python", "python"),
        ("PyTorch", "pytorch"),
    ]


async def test_a_deferred_answer_is_completed_by_the_first_follow_up(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    proceed = asyncio.Event()

    @bot.tree.command(description="Slow but polite")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await proceed.wait()
        await interaction.followup.send("here is your report")
        await interaction.followup.send("and one more thing")

    async with sandbox.connect(bot):
        deferred = await sandbox.slash(alice, "report")
        assert deferred.type == 5 and deferred.message is not None and deferred.message.loading
        proceed.set()
        first = await deferred.wait_followup()
        await sandbox.wait_until(lambda: len(deferred.followups) == 2)

    assert first is deferred.message
    assert first.content == "here is your report" and first.ephemeral and not first.loading
    assert deferred.followups[1].content == "and one more thing"
    assert not deferred.followups[1].ephemeral


async def test_follow_ups_go_through_under_the_token_given_and_only_for_fifteen_minutes(
    sandbox: Sandbox,
):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    later = asyncio.Event()
    outcome: list[int] = []

    @bot.tree.command(description="Remind me")
    async def remind(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("I will remind you")
        last = "B" if interaction.token.endswith("A") else "A"
        forged = discord.Webhook.partial(
            interaction.followup.id, interaction.token[:-1] + last, client=interaction.client
        )
        await send(forged)  # a token one character off
        await send(interaction.followup)
        await later.wait()
        await send(interaction.followup)

    async def send(webhook: discord.Webhook) -> None:
        try:
            await webhook.send("reminder!")
        except discord.HTTPException as refused:
            outcome.append(refused.code)

    async with sandbox.connect(bot):
        reply = await sandbox.slash(alice, "remind")
        await sandbox.wait_until(lambda: len(reply.followups) == 1)
        sandbox.elapse(15 * 60 + 1)
        later.set()
        await sandbox.wait_until(lambda: len(outcome) == 2)

    assert outcome == [10015, 50027]  # Unknown Webhook; Invalid Webhook Token
    assert [message.content for message in reply.followups] == ["reminder!"]
    assert [violation.code for violation in sandbox.take_violations()] == [10015, 50027]


async def test_a_button_in_a_dm_is_clicked_by_its_recipient_only(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    bot = counter_bot()

    @bot.tree.command(description="Invite someone")
    async def invite(interaction: discord.Interaction, who: discord.Member) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(Counter(0))
        await who.send("Join my project?", view=view)
        await interaction.response.send_message("invited", ephemeral=True)

    async with sandbox.connect(bot):
        await sandbox.slash(alice, "invite", who=bob)
        [invitation] = sandbox.dms(bob)
        with pytest.raises(SandboxError, match="recipient"):
            await sandbox.click(alice, invitation, "Count 0")
        accepted = await sandbox.click(bob, invitation, "Count 0")

    assert accepted.type == 7 and invitation.content == "1"
    assert accepted.record.payload["user"]["id"] == str(bob.id)
    assert "member" not in accepted.record.payload
