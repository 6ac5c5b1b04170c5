"""A digest part sent but not recorded is recognised among a channel's messages by its mark."""

from bot.digest.compose import Digest, DigestMessage, marked
from bot.digest.recognition import PostedMessage, find_posted
from bot.links import jump_link

HEADER = {"title": "Weekly digest · week of Nov 2, 2026", "color": 1}
SECTION = {"title": "🆕 New gigs (30)", "description": "• Gig 1"}
DIGEST = Digest((DigestMessage((HEADER,)), DigestMessage((SECTION, SECTION))))


def as_posted(message_id, message, *, by_mozaik=True):
    return PostedMessage(message_id, by_mozaik, message.embeds)


def test_each_part_is_found_by_its_week_and_number_in_the_footer():
    week = marked(DIGEST, "en", "2026-W46")
    first, second = week.messages
    assert first.embeds[-1]["footer"]["text"] == "Mozaik digest · week of Nov 9, 2026 · 1/2"
    assert second.embeds[-1]["footer"]["text"] == "Mozaik digest · week of Nov 9, 2026 · 2/2"
    history = [PostedMessage(1, False, ()), as_posted(2, first), as_posted(3, second)]
    assert find_posted(history, first) == 2
    assert find_posted(history, second) == 3


def test_another_weeks_digest_or_a_member_quoting_the_mark_is_not_taken_for_it():
    expected = marked(DIGEST, "en", "2026-W46").messages[0]
    last_week = marked(DIGEST, "en", "2026-W45").messages[0]
    assert find_posted([as_posted(1, last_week)], expected) is None
    assert find_posted([as_posted(2, expected, by_mozaik=False)], expected) is None
    assert find_posted([], expected) is None


def test_an_unmarked_message_is_never_matched():
    """A digest posted on a moderator's request carries no mark: nothing can be recognised."""
    unmarked = DIGEST.messages[0]
    assert find_posted([as_posted(1, unmarked)], unmarked) is None


def test_a_members_message_is_told_apart_from_another_hubs_of_the_same_week():
    footer = {"text": "You get this because you ran /digest subscribe."}
    personal = Digest((DigestMessage(({"title": "Your matches", "footer": footer},)),))
    ours = marked(personal, "en", "2026-W46", link=jump_link(111)).messages[0]
    theirs = marked(personal, "en", "2026-W46", link=jump_link(222)).messages[0]
    mark = "Mozaik digest · week of Nov 9, 2026 · 1/1"
    assert ours.embeds[0]["footer"]["text"] == f"{footer['text']}\n{mark}"
    assert find_posted([as_posted(1, theirs), as_posted(2, ours)], ours) == 2


def test_a_part_read_back_from_json_is_still_recognised():
    """The channel's digest is stored as JSON when the run starts and sent from there."""
    stored = Digest.from_json(marked(DIGEST, "id", "2026-W46").to_json())
    footer = stored.messages[1].embeds[-1]["footer"]["text"]
    assert footer == "Ringkasan Mozaik · pekan mulai 9 Nov 2026 · 2/2"
    assert find_posted([as_posted(7, stored.messages[1])], stored.messages[1]) == 7
