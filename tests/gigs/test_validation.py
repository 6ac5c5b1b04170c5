from datetime import date

import pytest

from bot.errors import Refusal
from bot.gigs.model import GigKind, LocationType, PayPeriod
from bot.gigs.validation import check_before_form, check_draft, end_of_day

from .factories import NOW, context, draft


def refusal_key(gig_draft) -> str:
    with pytest.raises(Refusal) as refused:
        check_draft(gig_draft, context())
    return refused.value.key


def test_a_complete_draft_becomes_terms_with_canonical_skills_and_the_usual_period():
    terms = check_draft(draft(engagement="hourly", pay="100rb-150rb"), context())
    assert terms.kind is GigKind.HIRING
    assert terms.skills == ("graphic-design", "figma")
    assert terms.compensation.period is PayPeriod.HOUR
    assert terms.compensation.currency == "IDR"
    assert terms.apply_by is None and terms.apply_url is None


def test_markdown_is_kept_as_typed_only_the_ends_are_trimmed():
    typed = "  **Logo** baru\n\n- kemasan\n- _stiker_  "
    assert check_draft(draft(description=typed), context()).description == typed.strip()


def test_apply_field_takes_a_date_and_an_https_link_in_any_order():
    terms = check_draft(draft(apply="https://kopi.example/lamar 30/11/2026"), context())
    assert terms.apply_by == date(2026, 11, 30)
    assert terms.apply_url == "https://kopi.example/lamar"
    assert check_draft(draft(apply="2026-12-01"), context()).apply_by == date(2026, 12, 1)


def test_an_apply_by_date_in_the_past_is_refused_today_in_jakarta_is_fine():
    assert refusal_key(draft(apply="2026-11-01")) == "gigs.apply_by_past"
    # 09:00 UTC is 16:00 in Jakarta: the 2nd is still today there.
    assert check_draft(draft(apply="2026-11-02"), context()).apply_by == date(2026, 11, 2)


@pytest.mark.parametrize(
    "changes",
    [
        {"apply": "http://kopi.example/lamar"},
        {"description": "Portofolio di http://kopi.example ya"},
        {"title": "Lihat ftp://kopi.example"},
    ],
)
def test_links_must_be_https_wherever_they_are(changes):
    assert refusal_key(draft(**changes)) == "gigs.link_not_https"


def test_the_refusal_for_an_http_link_names_the_link():
    with pytest.raises(Refusal) as refused:
        check_draft(draft(description="lihat [ini](http://kopi.example/a)"), context())
    assert refused.value.params == {"link": "http://kopi.example/a"}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": "  "}, "gigs.title_missing"),
        ({"title": "x" * 101}, "gigs.title_too_long"),
        ({"description": ""}, "gigs.description_missing"),
        ({"description": "x" * 2001}, "gigs.description_too_long"),
        ({"apply": "besok"}, "gigs.apply_unreadable"),
        ({"apply": "2026-12-01 2026-12-02"}, "gigs.apply_unreadable"),
        ({"pay": "8jt-5jt"}, "gigs.pay_min_above_max"),
        ({"location": "onsite"}, "gigs.city_needed"),
        ({"kind": "offering"}, "gigs.delivery_needed"),
        ({"kind": "offering", "delivery_days": 400}, "gigs.delivery_out_of_range"),
        ({"skills": "juggling"}, "skills.unknown"),
    ],
)
def test_each_problem_is_refused_with_its_own_message(changes, key):
    assert refusal_key(draft(**changes)) == key


def test_on_site_needs_a_city_and_offerings_a_delivery_time_before_the_form_opens():
    with pytest.raises(Refusal):
        check_before_form(draft(location="hybrid"))
    with pytest.raises(Refusal):
        check_before_form(draft(kind="offering"))
    check_before_form(draft(location="onsite", city="Bandung", kind="offering", delivery_days=7))


def test_an_offering_keeps_its_delivery_time_a_hiring_gig_drops_it():
    offering = check_draft(draft(kind="offering", delivery_days=5), context())
    assert offering.delivery_days == 5
    assert check_draft(draft(delivery_days=5), context()).delivery_days is None


def test_city_is_kept_for_on_site_gigs():
    terms = check_draft(draft(location="onsite", city=" Yogyakarta "), context())
    assert (terms.location, terms.city) == (LocationType.ONSITE, "Yogyakarta")


def test_an_apply_by_day_ends_at_midnight_in_the_hubs_timezone():
    assert end_of_day(date(2026, 11, 2), "Asia/Jakarta").isoformat() == "2026-11-03T00:00:00+07:00"
    assert end_of_day(date(2026, 11, 2), "Asia/Jakarta") > NOW
