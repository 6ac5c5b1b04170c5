"""/help tells each reader what they can do here, by what they are, with clickable commands."""

from bot.sandbox import Sandbox
from bot.sandbox.permissions import MANAGE_GUILD, MANAGE_MESSAGES
from tests.support.hub import a_hub, set_up_hub


def sections(reply) -> list[str]:
    text = reply.message.embed["description"]
    return [line.strip("*") for line in text.splitlines() if line.startswith("**")]


async def test_help_lists_what_a_member_a_moderator_and_an_admin_can_do(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    member = hub.add_member("ani")
    moderator = hub.add_member("maya", roles=["Moderators"])
    admin = hub.add_member("ada", permissions=MANAGE_GUILD | MANAGE_MESSAGES)
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        as_member = await sandbox.slash(member, "help")
        as_moderator = await sandbox.slash(moderator, "help")
        as_admin = await sandbox.slash(admin, "help")

    assert as_member.ephemeral
    assert as_member.message.embed["title"] == "What you can do in Hub"
    assert sections(as_member) == ["As a member", "When you post gigs"]
    assert sections(as_moderator) == ["As a member", "When you post gigs", "As a moderator"]
    assert sections(as_admin)[-1] == "As an admin"
    description = as_member.message.embed["description"]
    assert f"{sandbox.mention('gig post')} · Post a gig: work you offer" in description
    assert "gigmod" not in description
    moderators_see = as_moderator.message.embed["description"]
    assert f"{sandbox.mention('gigmod queue')} · Gigs waiting" in moderators_see
    assert sandbox.mention("hub setup") in as_admin.message.embed["description"]


async def test_help_speaks_the_members_language(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    sari = hub.add_member("sari", locale="id")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        shown = await sandbox.slash(sari, "help")

    assert shown.message.embed["title"] == "Yang bisa kamu lakukan di Hub"
    assert sections(shown) == ["Sebagai anggota", "Saat memasang gig"]
    description = shown.message.embed["description"]
    assert f"{sandbox.mention('intro set')} · Tulis atau perbarui perkenalanmu" in description


def section_of(reply, line_start: str) -> str | None:
    """The section whose lines include one starting with `line_start`."""
    section = None
    for line in reply.message.embed["description"].splitlines():
        if line.startswith("**"):
            section = line.strip("*")
        elif line.startswith(line_start):
            return section
    return None


async def test_help_lists_the_reputation_commands_where_each_reader_finds_them(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    member = hub.add_member("ani")
    sari = hub.add_member("sari", locale="id")
    moderator = hub.add_member("maya", roles=["Moderators"])
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        as_member = await sandbox.slash(member, "help")
        as_sari = await sandbox.slash(sari, "help")
        as_moderator = await sandbox.slash(moderator, "help")

    for name, described in (
        ("intro testimonial", "Write a testimonial for a member you did confirmed work with"),
        ("intro testimonials", "See the testimonials written for you, and show or hide each"),
        ("intro export", "Get your profile and confirmed work as a JSON Resume file"),
    ):
        assert section_of(as_member, f"{sandbox.mention(name)} · {described}") == "As a member"
    assert section_of(as_sari, f"{sandbox.mention('intro export')} · Dapatkan profil") == (
        "Sebagai anggota"
    )
    removing = f"{sandbox.mention('gigmod testimonial remove')} · Remove a testimonial for good"
    assert section_of(as_moderator, removing) == "As a moderator"
    assert section_of(as_member, sandbox.mention("gigmod testimonial remove")) is None
