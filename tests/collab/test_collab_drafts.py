import pytest

from bot.collab.drafts import checked_draft, hours_per_week
from bot.collab.model import Compensation, Kind
from bot.errors import Refusal


def form(**changes):
    values = {
        "title": "  Brand site\nfor a bakery ",
        "description": "  A bakery wants a site.\n\nI design; you build.  ",
        "skills": ["web-development"],
        "kind": "project_partner",
        "commitment": " 5 ",
        "compensation": "revenue_share",
        "partners_wanted": 1,
    }
    return {**values, **changes}


def refusal_of(**changes) -> Refusal:
    with pytest.raises(Refusal) as caught:
        checked_draft(**form(**changes))
    return caught.value


def test_a_filled_form_becomes_a_tidy_draft():
    draft = checked_draft(**form())
    assert draft.title == "Brand site for a bakery"
    assert draft.description == "A bakery wants a site.\n\nI design; you build."
    assert draft.commitment == "5"
    assert draft.kind is Kind.PROJECT_PARTNER
    assert draft.compensation is Compensation.REVENUE_SHARE
    assert draft.skills == ("web-development",)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": "   "}, "collab.title_empty"),
        ({"title": "x" * 101}, "collab.title_too_long"),
        ({"description": ""}, "collab.description_empty"),
        ({"description": "x" * 1501}, "collab.description_too_long"),
        ({"commitment": " "}, "collab.commitment_empty"),
        ({"commitment": "x" * 101}, "collab.commitment_too_long"),
        ({"commitment": "0"}, "collab.hours_out_of_range"),
        ({"commitment": "200"}, "collab.hours_out_of_range"),
        ({"skills": []}, "collab.skills_count"),
        ({"skills": [f"s{n}" for n in range(9)]}, "collab.skills_count"),
        ({"kind": "spouse"}, "collab.bad_kind"),
        ({"compensation": "exposure"}, "collab.bad_compensation"),
        ({"partners_wanted": 0}, "collab.partners_out_of_range"),
        ({"partners_wanted": 11}, "collab.partners_out_of_range"),
    ],
)
def test_a_form_out_of_bounds_is_refused_with_a_reason(changes, key):
    assert refusal_of(**changes).key == key


def test_a_too_long_title_says_how_long_it_is_and_may_be():
    assert refusal_of(title="x" * 130).params == {"maximum": 100, "length": 130}


def test_limits_themselves_are_accepted():
    draft = checked_draft(
        **form(title="x" * 100, description="y" * 1500, commitment="168", partners_wanted=10)
    )
    assert (len(draft.title), len(draft.description), draft.partners_wanted) == (100, 1500, 10)


def test_commitment_is_hours_only_when_it_is_a_bare_number():
    assert hours_per_week("10") == 10
    assert hours_per_week("a few evenings a week") is None
    assert hours_per_week("10 hours") is None
