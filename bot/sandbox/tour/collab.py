"""A collaboration request, from the post to a thread of its own."""

from __future__ import annotations

from bot.i18n import t
from bot.sandbox.channels import ChannelType
from bot.sandbox.tour._stage import Stage

# The request is posted in the hub's language (Indonesian here); DMs in the reader's.
ANSWER = t("id", "collab.answer_button")

A_REQUEST = {
    "title": "Developer for a bilingual newsletter site",
    "description": "I write the newsletter; I need someone to build the sign-up site and archive.",
    "skills": "web development, Python",
    "commitment": "5",
}


async def collaboration(stage: Stage) -> None:
    """A collaboration request finds its partner"""
    collab = stage.channel("collab")

    stage.step(stage.claire, "/collab request kind:project_partner compensation:paid")
    opened = await stage.discord.slash(
        stage.claire, "collab request", kind="project_partner", compensation="paid"
    )
    stage.show_reply(opened)
    posted = await stage.answer(await stage.discord.submit_modal(stage.claire, opened, A_REQUEST))
    stage.expect("Budi" in posted.text and posted.pings.nobody, "Budi is suggested, unpinged")

    [post_thread] = stage.discord.threads(collab)[-1:]  # after the forum's pinned guide
    post = stage.discord.messages(post_thread)[0]
    stage.show_message(post, "the #collab forum shows everyone")

    stage.step(stage.budi, f"clicks {ANSWER} (I'm in)")
    await stage.answer(await stage.discord.click(stage.budi, post, ANSWER))
    notice = stage.discord.dms(stage.claire)[-1]
    stage.show_message(notice, "Claire's DMs")

    stage.step(stage.claire, "clicks Accept")
    accepted = await stage.discord.click(stage.claire, notice, "Accept")
    # The DM is updated at once; the thread is opened and announced in a follow-up.
    await stage.discord.wait_until(lambda: bool(accepted.followups))
    stage.show_message(accepted.followups[0], "Mozaik answers (only she sees it)")
    [pair] = stage.discord.threads(stage.channel("partners"))
    opening = stage.discord.messages(pair)[0]
    stage.show_message(opening, f"a private thread in #partners, {pair.name}, shows")
    stage.expect(
        pair.type == ChannelType.PRIVATE_THREAD
        and set(pair.thread_members) == {stage.claire.id, stage.budi.id, stage.hub.me.id},
        "Claire and Budi meet in a private thread, only the two of them (and Mozaik)",
    )
    stage.expect(pair.mention in accepted.followups[0].content, "Claire is told where it is")
    stage.show_message(post, "the request now shows")
    stage.expect(not post.components, "the request is matched: no more buttons")
