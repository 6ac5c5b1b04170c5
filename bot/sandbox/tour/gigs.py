"""A gig's life: posted, curated, published, answered and closed."""

from __future__ import annotations

from bot.i18n import t
from bot.sandbox import Message
from bot.sandbox.tour._stage import Stage

# Posts and the queue speak the hub's language (Indonesian here); buttons are found by their label.
APPROVE = t("id", "gigmod.button_approve")
INTERESTED = t("id", "gigs.button_interested")

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
    stage.expect(refused.ephemeral and stage.discord.messages(gigs) == [], "Budi is refused")

    stage.step(stage.moderator, f"clicks {APPROVE} (Approve)")
    await stage.answer(await stage.discord.click(stage.moderator, waiting, APPROVE))
    stage.expect(not any(buttons(waiting).values()), "the queue message shows the decision")
    post = stage.discord.messages(gigs)[-1]
    stage.show_message(post, "#gigs shows everyone")
    stage.expect(post.pings.nobody and INTERESTED in buttons(post), "the gig is published")

    stage.step(stage.budi, f"clicks {INTERESTED} (I'm interested)")
    await stage.answer(await stage.discord.click(stage.budi, post, INTERESTED))
    told = stage.discord.dms(stage.ani)[-1]
    stage.show_message(told, "Ani's DMs")
    stage.expect(stage.budi.mention in told.text, "Ani hears that Budi is interested")

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
