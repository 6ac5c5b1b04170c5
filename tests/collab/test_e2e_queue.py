"""A hub that reviews requests first: they wait in the moderation queue until approved."""

from bot.sandbox import Guild, Sandbox
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, labels, show
from tests.support.replies import click, finished

from .e2e import request


async def review_requests_first(sandbox: Sandbox, hub: Guild) -> None:
    """The admin asks for requests to be approved by moderators first."""
    saved = await sandbox.slash(hub.owner, "hub setup", **{"collab-review": True})
    assert "approved by moderators first" in saved.message.text


async def test_a_queued_request_is_published_once_a_moderator_approves_it(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice, bob = hub.add_member("alice"), hub.add_member("bob")
    mona = hub.add_member("mona", roles=["Moderators"])
    collab, queue = hub.channel("collab"), hub.channel("queue")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await review_requests_first(sandbox, hub)

        waiting = await request(sandbox, alice)
        assert waiting.text.startswith("Thanks! Your request #1 is waiting for a moderator.")
        assert sandbox.messages(collab) == []
        [review] = sandbox.messages(queue)
        show("moderators in #queue", review)
        assert labels(review) == ["Approve", "Reject"]
        assert fields(review)["Status"] == "Waiting for review"

        refused = await sandbox.click(bob, review, "Approve")
        assert refused.content.startswith(
            "Only the hub's moderators can approve or reject collaboration requests."
        )
        assert sandbox.messages(collab) == []

        approved = await click(sandbox, mona, review, "Approve")
        assert approved.text == "Request #1 is published."
        [post] = sandbox.messages(collab)
        assert labels(post) == ["I'm in"]
        assert review.content == "Approved by Mona." and labels(review) == []
        [published] = sandbox.dms(alice)
        show("alice (DM)", published)
        assert published.content.startswith('Your collaboration request #1 "Developer for')

        again = await sandbox.slash(alice, "collab list")
        assert "Developer for a bakery's new website" in again.message.text


async def test_a_rejected_request_tells_its_author_why(sandbox: Sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    mona = hub.add_member("mona", roles=["Moderators"])
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await review_requests_first(sandbox, hub)
        await request(sandbox, alice)
        [review] = sandbox.messages(queue)

        form = await sandbox.click(mona, review, "Reject")
        assert form.modal is not None
        reason = "Please say what the budget is. @everyone"
        done = await finished(await sandbox.submit_modal(mona, form, {"reason": reason}))
        assert done.text == "Request #1 is rejected and the member was told why."
        assert review.content.startswith("Rejected by Mona: Please say what the budget is.")
        assert review.pings.nobody and labels(review) == []
        [letter] = sandbox.dms(alice)
        show("alice (DM)", letter)
        assert letter.content.endswith(
            "The moderators said: Please say what the budget is. @\u200beveryone"
        )
        assert letter.pings.nobody
        assert sandbox.messages(hub.channel("collab")) == []
        mine = await sandbox.slash(alice, "collab mine")
        assert "Not approved" in mine.message.text


async def test_a_hub_that_reviews_requests_needs_a_queue_before_the_form_opens(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings):
        await sandbox.slash(hub.owner, "hub setup", collab=hub.channel("collab"), language="en")
        await review_requests_first(sandbox, hub)
        refused = await sandbox.slash(alice, "collab request", kind="mentor", compensation="unpaid")
        assert refused.modal is None
        assert refused.content.startswith(
            "This hub reviews requests first but has no moderation queue channel."
        )
