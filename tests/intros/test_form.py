from decimal import Decimal

import pytest

from bot.errors import Refusal
from bot.gigs.model import PayPeriod
from bot.intros.form import IntroForm, check_form, details_template, form_for
from bot.intros.model import Availability
from bot.skills import Taxonomy
from bot.skills.vocabulary import HUB_SLUG_PREFIX

SHIPPED = Taxonomy.shipped()


def a_form(**changes) -> IntroForm:
    fields = {
        "headline": "Brand designer for small businesses",
        "about": "Ten years of logos, packaging and social media kits.",
        "skills": "Graphic Design, Copywriting",
        "links": "https://behance.net/sari\nhttps://sari.design",
        "details": "Rate: 150rb/jam\nLocation: Bandung (UTC+7)\nLanguages: Indonesian, English",
        "availability": Availability.OPEN_TO_WORK,
    }
    fields.update(changes)
    return IntroForm(**fields)


def check(form: IntroForm, *, allow_new: bool = False, locale: str = "en"):
    return check_form(form, SHIPPED, allow_new_skills=allow_new, currency="IDR", locale=locale)


def refusal(form: IntroForm, **kwargs) -> Refusal:
    with pytest.raises(Refusal) as caught:
        check(form, **kwargs)
    return caught.value


def test_a_complete_form_becomes_a_tidy_profile():
    content = check(a_form(headline="  Brand   designer  ")).content
    assert content.headline == "Brand designer"
    assert content.skills == ("graphic-design", "copywriting")
    assert content.links == ("https://behance.net/sari", "https://sari.design")
    assert content.rate is not None
    assert (content.rate.currency, content.rate.minimum, content.rate.period) == (
        "IDR",
        Decimal(150_000),
        PayPeriod.HOUR,
    )
    assert content.location == "Bandung (UTC+7)"
    assert content.languages == ("Indonesian", "English")


def test_indonesian_labels_and_aliases_are_understood_whatever_language_the_form_was_in():
    form = a_form(
        skills="desain grafis, penulisan iklan",
        details="Tarif: 5jt/bulan\nLokasi: Jakarta\nBahasa: Indonesia; Inggris; indonesia",
    )
    content = check(form, locale="en").content
    assert content.skills[0] == "graphic-design"
    assert content.rate is not None and content.rate.period is PayPeriod.MONTH
    assert content.location == "Jakarta"
    assert content.languages == ("Indonesia", "Inggris")


def test_details_are_optional_and_a_bare_label_leaves_its_detail_unset():
    content = check(a_form(links="", details=details_template("id"))).content
    assert (content.rate, content.location, content.languages, content.links) == (
        None,
        None,
        (),
        (),
    )


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"headline": "   "}, "intros.headline_missing"),
        ({"headline": "x" * 101}, "intros.headline_too_long"),
        ({"about": "x" * 1001}, "intros.about_too_long"),
        ({"links": "http://sari.design"}, "intros.link_not_https"),
        ({"links": "ftp://sari.design"}, "intros.link_invalid"),
        ({"links": "not-a-link"}, "intros.link_invalid"),
        ({"links": f"https://{'x' * 200}.com"}, "intros.link_too_long"),
        ({"links": "\n".join(f"https://site{n}.com" for n in range(6))}, "intros.too_many_links"),
        ({"details": "Jakarta"}, "intros.details_unreadable"),
        ({"details": "Rate: 1\nTarif: 2"}, "intros.detail_repeated"),
        ({"details": "Rate: whenever"}, "intros.rate_unreadable"),
        ({"details": "Languages: a, b, c, d, e, f"}, "intros.too_many_languages"),
        ({"skills": ""}, "skills.none"),
    ],
)
def test_each_mistake_gets_its_own_message(changes, key):
    assert refusal(a_form(**changes)).key == key


def test_sixteen_skills_are_refused_and_fifteen_are_fine():
    names = [skill.name_en for skill in SHIPPED.skills[:16]]
    assert refusal(a_form(skills=", ".join(names))).key == "skills.too_many"
    assert len(check(a_form(skills=", ".join(names[:15]))).content.skills) == 15


def test_an_unknown_skill_is_refused_with_suggestions_unless_the_hub_allows_new_ones():
    refused = refusal(a_form(skills="Pyhton, Kopi Roasting"))
    assert refused.key == "skills.unknown"
    assert "Python" in str(refused.params["unknown"])
    allowed = check(a_form(skills="Python, Kopi Roasting"), allow_new=True)
    assert allowed.content.skills[1].startswith(HUB_SLUG_PREFIX)
    assert [skill.name for skill in allowed.new_skills] == ["Kopi Roasting"]


def test_a_bare_domain_is_taken_as_https():
    assert check(a_form(links="sari.design")).content.links == ("https://sari.design",)


@pytest.mark.parametrize("locale", ["en", "id"])
def test_a_saved_profile_fills_the_form_so_that_saving_it_again_changes_nothing(locale):
    content = check(a_form()).content
    names = [SHIPPED.get(slug).name(locale) for slug in content.skills]
    again = check(form_for(content, locale, names), locale=locale).content
    assert again == content


def test_a_draft_survives_its_trip_through_the_store_as_json():
    form = a_form(availability=Availability.NOT_AVAILABLE, about="Ümlaut and emoji ✨")
    assert IntroForm.from_json(form.to_json()) == form
