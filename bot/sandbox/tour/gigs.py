"""A gig's life: posted, curated, published, answered and closed."""

from __future__ import annotations

from bot.i18n import t
from bot.sandbox import Member, Message
from bot.sandbox.tour._stage import Stage

# Posts and the queue speak the hub's language (Indonesian here); buttons are found by their label.
APPROVE = t("id", "gigmod.button_approve")
INTERESTED = t("id", "gigs.button_interested")
# Ani's DMs are in her language, Indonesian.
SHORTLIST = t("id", "gigs.applicant_shortlist_button")
DECLINE = t("id", "gigs.applicant_decline_button")
BUDIS_NOTE = (
    "Halo Kak Ani! Aku sudah bikin website untuk 3 kedai kopi di Bandung, "
    "contohnya https://budi.dev/kopi. Pekan depan aku bisa mulai."
)
CLAIRES_NOTE = "I can write the menu and the About page in English and Indonesian."

A_GIG = {
    "title": "Website untuk kedai kopi",
    "description": (
        "Kedai kopi kami di Yogyakarta butuh website sederhana: menu, lokasi, dan pesan antar.\n"
        "- desain sudah ada (dari saya)\n- target selesai dalam 3 minggu"
    ),
    "skills": "web development, JavaScript",
    "pay": "5jt-8jt",
    "apply": "",
}
CHOICES = {"kind": "hiring", "work_type": "project", "location": "remote", "level": "mid"}


def buttons(message: Message) -> dict[str, bool]:
    return {
        str(component.get("label")): not component.get("disabled", False)
        for row in message.components
        for component in row.get("components", [])
    }


async def gig_board(stage: Stage) -> None:
    """A gig is posted, curated, published, answered and closed"""
    queue, gigs = stage.channel("gig-queue"), stage.channel("gigs")

    stage.step(stage.ani, "/gig post kind:hiring work_type:project location:remote level:mid")
    opened = await stage.discord.slash(stage.ani, "gig post", **CHOICES)
    stage.show_reply(opened)
    await stage.answer(await stage.discord.submit_modal(stage.ani, opened, A_GIG))
    waiting = stage.discord.messages(queue)[-1]
    stage.show_message(waiting, "#gig-queue shows the moderators")
    stage.expect(APPROVE in buttons(waiting), "the gig waits in the moderators' queue")

    stage.step(stage.budi, f"clicks {APPROVE} (Approve) in the queue; he is not a moderator")
    refused = await stage.answer(await stage.discord.click(stage.budi, waiting, APPROVE))
    stage.expect(refused.ephemeral and stage.posts(gigs) == [], "Budi is refused")
    stage.expect(
        stage.discord.mention("hub role") in refused.content,
        "the refusal says who may, a click away",
    )

    stage.step(stage.moderator, f"clicks {APPROVE} (Approve)")
    await stage.answer(await stage.discord.click(stage.moderator, waiting, APPROVE))
    stage.expect(not any(buttons(waiting).values()), "the queue message shows the decision")
    post = stage.discord.messages(gigs)[-1]
    stage.show_message(post, "#gigs shows everyone")
    stage.expect(post.pings.nobody and INTERESTED in buttons(post), "the gig is published")

    await interest_with_a_note(stage, post)

    stage.step(stage.claire, "/gig search query:KOPI")
    found = await stage.answer(await stage.discord.slash(stage.claire, "gig search", query="KOPI"))
    stage.expect(A_GIG["title"] in found.text, "search finds it whatever the case")

    stage.step(stage.ani, "/gig close number:1 reason:filled")
    question = await stage.answer(
        await stage.discord.slash(stage.ani, "gig close", number=1, reason="filled")
    )
    labels = list(buttons(question))
    if labels:
        stage.step(stage.ani, f"answers: {labels[0]}")
        await stage.answer(await stage.discord.click(stage.ani, question, labels[0]))
    stage.show_message(post, "#gigs now shows")
    stage.expect(not any(buttons(post).values()), "the closed gig's buttons are disabled")


async def interest_with_a_note(stage: Stage, post: Message) -> None:
    """Budi and Claire answer with a note; Ani shortlists one and declines the other, and each
    hears it in their own language."""
    for member, note in ((stage.budi, BUDIS_NOTE), (stage.claire, CLAIRES_NOTE)):
        stage.step(member, f"clicks {INTERESTED} (I'm interested) and writes a note")
        opened = await stage.discord.click(member, post, INTERESTED)
        stage.show_reply(opened)
        await stage.answer(await stage.discord.submit_modal(member, opened, {"note": note}))
    about_budi, about_claire = stage.discord.dms(stage.ani)[-2:]
    stage.show_message(about_budi, "Ani's DMs")
    stage.expect(
        stage.budi.mention in about_budi.text and "bisa mulai" in about_budi.text,
        "Ani gets Budi's card and note",
    )
    stage.expect(
        list(buttons(about_budi)) == [SHORTLIST, DECLINE] and about_budi.pings.nobody,
        "with Shortlist and Decline, pinging nobody",
    )

    await decide(stage, about_budi, (SHORTLIST, "Shortlist"), stage.budi, "daftar pendek")
    await decide(stage, about_claire, (DECLINE, "Decline"), stage.claire, "someone else")


async def decide(
    stage: Stage, card: Message, button: tuple[str, str], member: Member, words: str
) -> None:
    """Ani decides under a member's card; the member hears it in their own language."""
    label, meaning = button
    stage.step(stage.ani, f"clicks {label} ({meaning}) under {member.name}'s card")
    await stage.discord.click(stage.ani, card, label)
    await stage.discord.wait_until(lambda: bool(stage.discord.dms(member)))
    heard = stage.discord.dms(member)[-1]
    stage.show_message(heard, f"{member.name}'s DMs")
    stage.expect(words in heard.text, f"{member.name} hears it, in their own language")
