from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.collab.model import Status
from bot.errors import Refusal
from bot.reputation import model
from bot.reputation.model import (
    NAMED_MAX,
    TESTIMONIAL_WINDOW,
    Answer,
    Engagement,
    EngagementKind,
)
from bot.reputation.model import (
    TestimonialStatus as Status_,
)
from bot.reputation.rules import (
    asks_if_worked_together,
    check_may_answer,
    check_may_decide,
    check_may_endorse,
    check_may_remove,
    check_may_write,
    is_confirmed_after,
    members_to_name,
    skills_to_endorse,
)
from bot.reputation.rules import (
    testimonial_text as typed_testimonial,
)
from tests.collab.factories import a_request

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
POSTER, BUDI, CITRA = 1, 2, 3


def engagement(**changes):
    named = Engagement(1, 10, EngagementKind.GIG, 7, POSTER, BUDI, NOW, asker_yes_at=NOW)
    return replace(named, **changes)


def test_the_poster_names_members_of_the_hub_once_each_never_themselves():
    named = members_to_name(POSTER, [BUDI, POSTER, BUDI, 99, CITRA], in_hub=[POSTER, BUDI, CITRA])
    assert named == [BUDI, CITRA]


def test_naming_nobody_but_yourself_or_strangers_is_refused():
    with pytest.raises(Refusal) as refused:
        members_to_name(POSTER, [POSTER, 99], in_hub=[POSTER])
    assert refused.value.key == "reputation.name_nobody"


def test_naming_more_than_the_limit_is_refused():
    many = list(range(10, 11 + NAMED_MAX))
    with pytest.raises(Refusal) as refused:
        members_to_name(POSTER, many, in_hub=many)
    assert refused.value.key == "reputation.name_too_many"


def test_only_the_two_members_of_an_engagement_answer_for_it():
    assert check_may_answer(engagement(), BUDI).member_id == BUDI
    for refused_id in (CITRA, 99):
        with pytest.raises(Refusal) as refused:
            check_may_answer(engagement(), refused_id)
        assert refused.value.key == "reputation.not_yours"
    with pytest.raises(Refusal):
        check_may_answer(None, BUDI)


def test_a_side_answers_once_and_an_ended_engagement_takes_no_answer():
    with pytest.raises(Refusal) as refused:
        check_may_answer(engagement(), POSTER)  # naming was the poster's yes
    assert refused.value.key == "reputation.already_answered"
    with pytest.raises(Refusal) as refused:
        check_may_answer(engagement(declined_at=NOW), BUDI)
    assert refused.value.key == "reputation.already_declined"
    with pytest.raises(Refusal):
        check_may_answer(engagement(member_yes_at=NOW, confirmed_at=NOW), BUDI)


def test_it_is_confirmed_by_a_yes_from_both_sides_and_never_by_a_no():
    assert is_confirmed_after(engagement(), BUDI, Answer.YES)
    assert not is_confirmed_after(engagement(), BUDI, Answer.NO)
    asked = engagement(asker_yes_at=None)  # a collaboration: nobody said yes yet
    assert not is_confirmed_after(asked, BUDI, Answer.YES)
    assert is_confirmed_after(replace(asked, member_yes_at=NOW), POSTER, Answer.YES)


@pytest.mark.parametrize(
    ("status", "partners", "past_its_time", "asked"),
    [
        (Status.MATCHED, 1, False, False),  # still running: not over yet
        (Status.MATCHED, 1, True, True),
        (Status.CLOSED, 1, False, True),  # closed with a partner found
        (Status.EXPIRED, 1, False, True),
        (Status.CLOSED, 0, False, False),  # nobody to ask
        (Status.OPEN, 1, True, False),
    ],
)
def test_a_collaboration_asks_its_pairs_once_it_is_over(status, partners, past_its_time, asked):
    request = a_request(status=status, partners_found=partners)
    now = request.expires_at + (timedelta(hours=1) if past_its_time else -timedelta(hours=1))
    assert asks_if_worked_together(request, now) is asked


def confirmed(**changes):
    return engagement(member_yes_at=NOW, confirmed_at=NOW, **changes)


def test_a_testimonial_needs_confirmed_work_between_exactly_those_two():
    assert check_may_write(confirmed(), POSTER, BUDI, NOW).id == 1
    assert check_may_write(confirmed(), BUDI, POSTER, NOW).id == 1
    for given, author, receiver in (
        (None, POSTER, BUDI),
        (engagement(), POSTER, BUDI),  # named, not confirmed yet
        (confirmed(), CITRA, BUDI),  # a stranger
        (confirmed(), POSTER, CITRA),  # for someone else
        (confirmed(), BUDI, BUDI),
    ):
        with pytest.raises(Refusal) as refused:
            check_may_write(given, author, receiver, NOW)
        assert refused.value.key == "reputation.no_shared_work"


def test_a_testimonial_is_written_within_sixty_days_of_the_confirmation():
    check_may_write(confirmed(), POSTER, BUDI, NOW + TESTIMONIAL_WINDOW)
    with pytest.raises(Refusal) as refused:
        check_may_write(confirmed(), POSTER, BUDI, NOW + TESTIMONIAL_WINDOW + timedelta(seconds=1))
    assert refused.value.key == "reputation.too_late"


@pytest.mark.parametrize(
    ("typed", "key"),
    [("   ", "reputation.testimonial_empty"), ("x" * 501, "reputation.testimonial_too_long")],
)
def test_a_testimonial_has_words_and_fits_500_characters(typed, key):
    assert typed_testimonial("  Great work. ") == "Great work."
    assert typed_testimonial("x" * 500) == "x" * 500
    with pytest.raises(Refusal) as refused:
        typed_testimonial(typed)
    assert refused.value.key == key


def a_testimonial(status):
    return model.Testimonial(1, 10, 1, POSTER, BUDI, "Great", NOW, status)


def test_only_the_receiver_shows_or_hides_and_a_removed_one_stays_removed():
    waiting = a_testimonial(Status_.WAITING)
    assert check_may_decide(waiting, BUDI, Status_.SHOWN) is waiting
    assert check_may_decide(a_testimonial(Status_.SHOWN), BUDI, Status_.HIDDEN)
    assert check_may_decide(a_testimonial(Status_.HIDDEN), BUDI, Status_.SHOWN)
    with pytest.raises(Refusal) as refused:
        check_may_decide(waiting, POSTER, Status_.SHOWN)  # its author
    assert refused.value.key == "reputation.not_your_testimonial"
    with pytest.raises(Refusal) as refused:
        check_may_decide(a_testimonial(Status_.REMOVED), BUDI, Status_.SHOWN)
    assert refused.value.key == "reputation.testimonial_removed"
    with pytest.raises(Refusal) as refused:
        check_may_remove(a_testimonial(Status_.REMOVED), 10, 1)
    assert refused.value.key == "reputation.testimonial_removed"
    with pytest.raises(Refusal) as refused:
        check_may_remove(waiting, 11, 1)  # another hub's
    assert refused.value.key == "reputation.testimonial_not_found"


def test_endorsing_needs_confirmed_work_with_that_member():
    assert check_may_endorse(confirmed(), BUDI).id == 1
    for given, who in ((engagement(), BUDI), (confirmed(), CITRA), (None, BUDI)):
        with pytest.raises(Refusal) as refused:
            check_may_endorse(given, who)
        assert refused.value.key == "reputation.no_shared_work"


def test_an_endorser_adds_skills_of_the_profile_once_each_three_at_most():
    theirs = ("python", "seo", "sql", "css")
    assert skills_to_endorse(["python", "python", "rust"], theirs, []) == ["python"]
    assert skills_to_endorse(["seo", "sql"], theirs, ["python"]) == ["seo", "sql"]
    with pytest.raises(Refusal) as refused:
        skills_to_endorse(["python", "rust"], theirs, ["python"])
    assert refused.value.key == "reputation.endorse_nothing"
    with pytest.raises(Refusal) as refused:
        skills_to_endorse(["sql", "css"], theirs, ["python", "seo"])
    assert refused.value.key == "reputation.endorse_too_many"
